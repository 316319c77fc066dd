"""Competition results through the database: 2,000 contestants x 30 aspects x 3 judges
(180,000 marks). Targets: recomputing all results (`services.results_compute`: the marks read,
scored, standardised, ranked, 2,000 result rows written with the run and its audit entry) in
<= 2 s, and a judge's sheet staying instant (<= 0.2 s): one page of it opened and saved as the
judge's browser does (29 contestants x the judge's 30 aspects, through the view), and one mark
entered; the chief judge's summary under the sheet (marks missing, flagged cells; loaded after the
sheet) in <= 0.5 s.

Self-contained: points DATABASE_URL at a throw-away SQLite file (or the empty database given with
--database-url), migrates it, and sets the contest up through the services (the event, the
scheme of 30 aspects in 5 sections, the panel, the steps); the 2,000 confirmed registrations,
their 180,000 marks and theory scores are written in bulk (what the services would write, without
2,000 x 90 audited calls). Prints the seconds of each phase; exit status 1 when a target is missed.

    .venv/bin/python bench/competition_results.py [--contestants 2000] [--aspects 30] [--judges 3]
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = 5
UNITS = 100


def setup_django(database_url: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "Sm1uZ3pob3UtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2Q=")
    os.environ.setdefault("PII_HASH_KEY", "bench-only-pii-hash-key")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def timed_median(label: str, call, runs: int = 5):
    """The median of `runs` calls (a page is served many times; one sample is noise on 2 cores)."""
    seconds, value = [], None
    for n in range(runs):
        started = time.perf_counter()
        value = call(n)
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    print(f"  {label:44} {median:7.3f} s  (median of {runs}, max {max(seconds):.3f})")
    return value, median


def timed(label: str, call):
    started = time.perf_counter()
    value = call()
    seconds = time.perf_counter() - started
    print(f"  {label:44} {seconds:7.3f} s")
    return value, seconds


def scheme(n_aspects: int) -> list[dict]:
    descriptors = {"0": "未完成", "1": "基本完成", "2": "完成良好", "3": "完成出色"}
    per = max(1, n_aspects // SECTIONS)
    sections = []
    for s in range(SECTIONS):
        codes = range(s * per, n_aspects if s == SECTIONS - 1 else (s + 1) * per)
        sections.append(
            {
                "code": f"S{s + 1}",
                "title": f"模块{s + 1}",
                "weight": 100 // SECTIONS,
                "aspects": [
                    {
                        "code": f"A{i + 1:02d}",
                        "title": f"评分项{i + 1}",
                        "kind": "judgement" if i % 2 else "measurement",
                        "max_points": (5, 10, 15)[i % 3],
                        **({"descriptors": descriptors} if i % 2 else {}),
                    }
                    for i in codes
                ],
            }
        )
    return sections


def seed(args, rng: random.Random):
    """The organisation, the panel and the contest up to its start, through the services."""
    from innovation.accounts import services as account_services
    from innovation.accounts.roles import Role
    from innovation.competitions import services
    from innovation.competitions.models import Aspect
    from innovation.experts.models import ExpertProfile
    from innovation.org import services as org
    from innovation.org.demo_data import id_number
    from innovation.org.models import Region, TradeUnion, Worker

    city_region = Region.objects.create(code="210700", name="锦州市", level=Region.Level.CITY)
    county = Region.objects.create(code="210727", name="义县", level=Region.Level.COUNTY, parent=city_region)
    city = org.union_create(
        actor=None, name="锦州市总工会", kind=TradeUnion.Kind.CITY, parent=None, region=city_region
    )
    district = org.union_create(
        actor=None, name="义县总工会", kind=TradeUnion.Kind.DISTRICT, parent=city, region=county
    )
    admin, _pw = account_services.user_create(actor=None, username="bench_city", password="Kq7#vLp2-Xw9zR")
    account_services.grant_role(actor=None, user=admin, role=Role.CITY_ADMIN, node=city)
    enterprises = [
        org.enterprise_create(
            actor=None,
            parent_union=district,
            name=f"义县第{u + 1:03d}机械有限公司",
            size="small",
            industry="C",
            region=county,
        )
        for u in range(UNITS)
    ]
    per_unit = -(-args.contestants // UNITS)
    drawn: set[str] = set()

    def unique_id_number() -> str:
        while (number := id_number(rng, "210727")) in drawn:
            pass
        drawn.add(number)
        return number

    for enterprise in enterprises:
        for w in range(per_unit):
            org.worker_create(
                actor=None,
                enterprise=enterprise,
                name=f"选手{enterprise.pk:03d}{w + 1:02d}",
                post="叉车司机",
                id_number=unique_id_number(),
            )
    today = datetime.date.today()
    competition = services.competition_create(
        actor=admin,
        union=city,
        year=today.year,
        title="规模测试技能大赛",
        starts_on=today + datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=2),
        registration_opens_on=today - datetime.timedelta(days=10),
        registration_closes_on=today,
    )
    occupation = services.occupation_create(
        actor=admin,
        competition=competition,
        code="BM",
        title="叉车司机",
        quota_per_unit=per_unit,
        standardise=True,
        tie_break=["practical", "theory", "time"],
    )
    services.scheme_set(actor=admin, occupation=occupation, sections=scheme(args.aspects))
    aspects = list(Aspect.objects.filter(occupation=occupation).order_by("code"))
    judges = []
    for j in range(args.judges):
        user, _pw = account_services.user_create(
            actor=None, username=f"bench_judge{j}", password="Kq7#vLp2-Xw9zR"
        )
        account_services.grant_role(actor=None, user=user, role=Role.EXPERT, node=None)
        expert = ExpertProfile.objects.create(user=user, name=f"裁判{j + 1}", union=city, fields=[])
        judges.append(
            services.judge_assign(
                actor=admin, occupation=occupation, expert=expert, aspects=aspects, chief=(j == 0)
            )
        )
    workers = list(Worker.objects.select_related("enterprise").order_by("pk")[: args.contestants])
    return admin, competition, occupation, aspects, judges, workers


def bulk(args, rng, admin, occupation, aspects, judges, workers):
    """The confirmed registrations, every judge's mark of every aspect, the theory scores."""
    from django.utils import timezone

    from innovation.competitions.models import Mark, Registration, RegistrationState, TheoryScore

    now = timezone.now()
    regs = Registration.objects.bulk_create(
        [
            Registration(
                occupation=occupation,
                worker=w,
                enterprise=w.enterprise,
                registered_by=admin,
                state=RegistrationState.CONFIRMED,
                card_number=f"{occupation.competition.year}BM{i + 1:04d}",
                anonymous_number=f"{1000 + i}",
                confirmed_at=now,
                scope_path=w.enterprise.scope_path,
            )
            for i, w in enumerate(workers)
        ],
        batch_size=1000,
    )
    regs = list(Registration.objects.filter(occupation=occupation).order_by("pk"))
    marks = []
    for reg in regs:
        skill = rng.random()
        for aspect in aspects:
            for judge in judges:
                if aspect.kind == "judgement":
                    value = Decimal(min(3, max(0, round(skill * 3 + rng.choice((-1, 0, 0, 1))))))
                else:
                    value = (
                        aspect.max_points * Decimal(str(round(skill * 0.8 + rng.random() * 0.2, 2)))
                    ).quantize(Decimal("0.01"))
                marks.append(
                    Mark(
                        registration=reg,
                        aspect=aspect,
                        judge=judge.judge,
                        value=value,
                        time_taken=rng.randint(300, 900),
                        entered_at=now,
                        entered_by=judge.judge,
                    )
                )
    Mark.objects.bulk_create(marks, batch_size=5000)
    TheoryScore.objects.bulk_create(
        [
            TheoryScore(
                registration=reg,
                score=Decimal(rng.randint(4000, 10000)) / 100,
                entered_at=now,
                entered_by=admin,
            )
            for reg in regs
        ],
        batch_size=1000,
    )
    return regs, len(marks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contestants", type=int, default=2000)
    parser.add_argument("--aspects", type=int, default=30)
    parser.add_argument("--judges", type=int, default=3)
    parser.add_argument("--target", type=float, default=2.0, help="seconds for results_compute")
    parser.add_argument("--sheet-target", type=float, default=0.2, help="seconds for a sheet / a mark")
    parser.add_argument(
        "--summary-target",
        type=float,
        default=0.5,
        help="seconds for the chief judge's summary (loaded after the sheet)",
    )
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-competition-")
    setup_django(args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}")

    from django.conf import settings
    from django.core.management import call_command

    from innovation.competitions import services
    from innovation.competitions.models import Result

    db = settings.DATABASES["default"]
    print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    rng = random.Random(2026)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    admin, competition, occupation, aspects, judges, workers = seed(args, rng)
    for step in ("open_registration", "close_registration", "start"):
        services.competition_step(actor=admin, competition=competition, step=step)
    regs, n_marks = bulk(args, rng, admin, occupation, aspects, judges, workers)
    print(
        f"setup: {len(regs):,} contestants x {len(aspects)} aspects x {len(judges)} judges = "
        f"{n_marks:,} marks in {time.perf_counter() - started:.1f} s"
    )
    judge = judges[1].judge

    from django.test import Client
    from django.test.utils import override_settings

    from innovation.competitions.selectors import sheet_page_size

    # Static files by name (no collectstatic before a bench): the page's cost is its data and template.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    per_page = sheet_page_size(len(aspects))
    browser = Client()
    browser.force_login(judge)
    url = f"/competitions/occupations/{occupation.pk}/sheet/"
    browser.get(url)  # templates compiled, caches warm: what a judge's second page costs
    page, sheet_s = timed_median(
        f"a judge's sheet page ({per_page} contestants, GET)", lambda _n: browser.get(url)
    )
    # The form as the browser posts it back: every cell of the page, one changed.
    cells = dict(re.findall(r'name="(m-\d+-\d+)" id="[^"]*" value="([^"]*)"', page.content.decode()))
    assert page.status_code == 200 and len(cells) == min(per_page, len(regs)) * len(aspects), len(cells)
    assert all(cells.values())
    measured = next(a for a in aspects if a.kind == "measurement")
    changed = next(name for name in cells if name.endswith(f"-{measured.pk}"))
    form = {**cells, changed: str(measured.max_points)}

    def save(n: int):
        form[changed] = str(measured.max_points - n)  # a different value each time: one mark saved
        return browser.post(url, form)

    saved, save_s = timed_median("the page saved (POST, one cell changed)", save)
    assert saved.status_code == 302, saved.status_code
    chief = Client()
    chief.force_login(judges[0].judge)
    panel_url = f"/competitions/occupations/{occupation.pk}/chief/"
    chief.get(panel_url)
    chief_page, chief_s = timed_median(
        "the chief judge's summary (missing, flags)", lambda _n: chief.get(panel_url), runs=3
    )
    assert chief_page.status_code == 200 and 'id="sign-off"' in chief_page.content.decode()
    _done, sign_s = timed(
        "chief judge's sign-off (missing-mark check)",
        lambda: services.marks_sign_off(actor=judges[0].judge, occupation=occupation),
    )
    run, first_s = timed(
        "results_compute, first run", lambda: services.results_compute(actor=admin, occupation=occupation)
    )
    assert Result.objects.filter(occupation=occupation).count() == len(regs) == run.contestants
    _mark, mark_s = timed(
        "one correction after the lock (mark_enter)",
        lambda: services.mark_enter(
            actor=judge,
            registration=regs[0],
            aspect=aspects[0],
            value=aspects[0].max_points,
            reason="复核更正",
        ),
    )
    run2, again_s = timed(
        "results_compute, recomputed after it",
        lambda: services.results_compute(actor=admin, occupation=occupation),
    )
    print(f"run {run2.number}: {len(run2.changes)} contestants moved; reason: {run2.reason}")
    missed = []
    if max(first_s, again_s) > args.target:
        missed.append(f"results_compute {max(first_s, again_s):.2f} s > {args.target} s")
    if max(sheet_s, save_s, mark_s) > args.sheet_target:
        missed.append(f"sheet/mark {max(sheet_s, save_s, mark_s):.3f} s > {args.sheet_target} s")
    if chief_s > args.summary_target:
        missed.append(f"chief's summary {chief_s:.3f} s > {args.summary_target} s")
    print("target missed: " + "; ".join(missed) if missed else "targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
