"""Excel import of 10,000 achievements: time to read, validate and create (target <= 20 s).

Self-contained: points DATABASE_URL at a throw-away SQLite file (or the database given with
--database-url, which must be empty: it is migrated and written to), migrates it, seeds a
city, one district, its units and workers through the org services, writes a valid
10,000-row import file in memory and imports it as a district admin would, through
innovation.achievements.importer. Prints the seconds of each phase. See bench/README.md.

    .venv/bin/python bench/bench_import.py [--rows 10000] [--units 40] [--workers 25]
"""

import argparse
import datetime
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_url: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
    # Keys for a machine without `make .env`: throw-away values, the data is thrown away too.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "Sm1uZ3pob3UtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2Q=")
    os.environ.setdefault("PII_HASH_KEY", "bench-only-pii-hash-key")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def seed(units: int, workers_per_unit: int, rng: random.Random):
    """A city union, one district, `units` units with their workers, a district admin, a campaign."""
    from django.utils import timezone

    from innovation.accounts import services as account_services
    from innovation.accounts.roles import Role
    from innovation.achievements import services as achievement_services
    from innovation.achievements.models import Field, Kind
    from innovation.org import services as org
    from innovation.org.demo_data import id_number
    from innovation.org.models import Region, TradeUnion

    city_region = Region.objects.create(code="210700", name="锦州市", level=Region.Level.CITY)
    county = Region.objects.create(code="210727", name="义县", level=Region.Level.COUNTY, parent=city_region)
    city = org.union_create(
        actor=None, name="锦州市总工会", kind=TradeUnion.Kind.CITY, parent=None, region=city_region
    )
    district = org.union_create(
        actor=None, name="义县总工会", kind=TradeUnion.Kind.DISTRICT, parent=city, region=county
    )
    enterprises, workers = [], []
    for u in range(units):
        enterprise = org.enterprise_create(
            actor=None,
            parent_union=district,
            name=f"义县第{u + 1:03d}机械有限公司",
            size="small",
            industry="C",
            region=county,
        )
        enterprises.append(enterprise)
        for w in range(workers_per_unit):
            workers.append(
                org.worker_create(
                    actor=None,
                    enterprise=enterprise,
                    name=f"职工{u + 1:03d}{w + 1:03d}",
                    post=rng.choice(("车工", "钳工", "焊工", "电工", "质检员")),
                    id_number=id_number(rng, "210727"),
                )
            )
    user, _password = account_services.user_create(
        actor=None, username="bench_import", password="Kq7#vLp2-Xw9zR"
    )
    account_services.grant_role(actor=None, user=user, role=Role.DISTRICT_ADMIN, node=district)
    now = timezone.now()
    year = timezone.localdate().year
    opens = max(now - datetime.timedelta(days=1), timezone.make_aware(datetime.datetime(year, 1, 1, 0, 1)))
    campaign = achievement_services.campaign_create(
        actor=None,
        union=city,
        year=year,
        title=f"{year}年职工“五小”创新成果征集活动",
        opens_at=opens,
        closes_at=now + datetime.timedelta(days=30),
        kinds=list(Kind.values),
        fields=list(Field.values),
        grades=[{"code": "first", "prize_fen": 500000, "quota": 1}],
        criteria=[{"name": "创新性", "weight": 100, "max_score": 100}],
    )
    return user, campaign, enterprises, workers


def build_file(rows: int, workers, rng: random.Random) -> bytes:
    """A valid import file: first authors by ID number or by name, co-authors, patents."""
    from openpyxl import Workbook

    from innovation.achievements.importer import COLUMNS

    kinds = ("小发明", "小创造", "小革新", "小设计", "小建议")
    fields = ("安全生产", "提高效率", "提升质量", "创新技术", "节能减排", "其他")
    by_unit: dict[int, list] = {}
    for worker in workers:
        by_unit.setdefault(worker.enterprise_id, []).append(worker)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("成果")
    ws.append([str(c.header) for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    for i in range(rows):
        first = workers[i % len(workers)]
        colleague = rng.choice([w for w in by_unit[first.enterprise_id][:5] if w.pk != first.pk])
        data = {
            "title": f"{first.enterprise.name[2:6]}技术革新成果{i + 1:05d}",
            "kind": kinds[i % 5],
            "field": fields[i % 6],
            "unit": first.enterprise.name,
            "post": first.post,
            "first_name": first.name,
            "first_id": first.id_number,
            "problem": "设备故障率高，人工巡检耗时长，数据记录误差大。" * 2,
            "solution": "研制在线监测与自动记录装置，实时采集运行参数并自动报警。" * 2,
            "effect": "故障率下降40%，巡检时间缩短一半。",
            "started_on": datetime.date(2025, 1 + i % 6, 1),
            "completed_on": datetime.date(2025, 7 + i % 3, 15),
            "benefit_type": "节约" if i % 2 else "创造",
            "benefit_claimed": 10000 + (i * 37) % 500000,
            "benefit_basis": "按年节约人工和维修费用测算。",
        }
        if i % 5 == 1:  # by name within the unit (names are unique here)
            data["first_id"] = None
        if i % 5 == 2:  # a colleague by ID and an outside expert
            data.update(
                first_share=60, others=f"{colleague.name}:{colleague.id_number}:30;赵工:锦州市机械研究所:10"
            )
        if i % 5 == 3:  # a colleague by name
            data.update(first_share=70, others=f"{colleague.name}:30")
        if i % 10 == 4:
            data.update(patent_type="实用新型", patent_number=f"ZL2025{i:08d}.1", patent_status="已授权")
        ws.append([data.get(k) for k in keys])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--workers", type=int, default=25, help="workers per unit")
    parser.add_argument(
        "--target", type=float, default=20.0, help="seconds allowed for read + validate + create"
    )
    parser.add_argument(
        "--database-url", default="", help="an empty database to use instead of a temporary SQLite file"
    )
    args = parser.parse_args(argv)

    tmpdir = tempfile.TemporaryDirectory(prefix="bench-import-")
    setup_django(args.database_url or f"sqlite:///{Path(tmpdir.name) / 'bench.sqlite3'}")

    from django.conf import settings
    from django.core.management import call_command

    from innovation.achievements import importer
    from innovation.achievements.models import Achievement, Author, ImportBatch, Patent
    from innovation.audit.context import acting_as
    from innovation.audit.models import AuditEntry

    db = settings.DATABASES["default"]
    print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(2026)
    user, campaign, enterprises, workers = seed(args.units, args.workers, rng)
    print(
        f"setup: migrate + {len(enterprises)} units, {len(workers)} workers in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    content = build_file(args.rows, workers, rng)
    print(
        f"file: {args.rows:,} rows, {len(content) / 1048576:.1f} MB, written in {time.perf_counter() - started:.1f} s"
    )

    batch = ImportBatch.objects.create(
        campaign=campaign,
        original_name="bench.xlsx",
        sha256="0" * 64,
        created_by=user,
        status=ImportBatch.Status.RUNNING,
    )
    user = type(user).objects.get(pk=user.pk)
    cpu = []
    with acting_as(user):
        cpu.append(time.process_time())
        t0 = time.perf_counter()
        sheet = importer.read_workbook(io.BytesIO(content))
        t1 = time.perf_counter()
        cpu.append(time.process_time())
        imp = importer.AchievementImporter(campaign=campaign, actor=user, batch=batch)
        prepared = imp.validate(sheet)
        t2 = time.perf_counter()
        cpu.append(time.process_time())
        if imp.errors:
            for error in imp.errors[:10]:
                print("error:", error)
            raise SystemExit(f"{len(imp.errors)} validation errors: the generated file should be valid")
        imp.create(prepared)
        t3 = time.perf_counter()
        cpu.append(time.process_time())

    created = Achievement.objects.count()
    assert created == args.rows, created
    total = t3 - t0
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; seconds elapsed (CPU seconds of this process)"
    )
    print(f"read workbook   {t1 - t0:6.2f} s  ({cpu[1] - cpu[0]:.2f})")
    print(f"validate        {t2 - t1:6.2f} s  ({cpu[2] - cpu[1]:.2f})")
    print(f"validation      {t2 - t0:6.2f} s  ({cpu[2] - cpu[0]:.2f})  read + validate")
    print(
        f"creation        {t3 - t2:6.2f} s  ({cpu[3] - cpu[2]:.2f})  {created:,} achievements, {Author.objects.count():,} authors, "
        f"{Patent.objects.count():,} patents, "
        f"{AuditEntry.objects.filter(object_type='achievements.achievement').count():,} audit rows"
    )
    print(
        f"total           {total:6.2f} s  ({cpu[3] - cpu[0]:.2f})  target <= {args.target:.0f} s: {'ok' if total <= args.target else 'SLOW'}"
    )
    tmpdir.cleanup()
    return 0 if total <= args.target else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
