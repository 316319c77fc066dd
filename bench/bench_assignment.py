"""Expert assignment for 1,300 achievements and 60 experts, 3 experts each (target: solver <= 10 s).

Two figures:
1. the solver alone (innovation.experts.assignment, no database) on a generated city: 300 units
   (a tenth of them in enterprise groups), 1,300 items with weighted fields and 1-3 worker
   authors, 60 experts (two thirds employed in the city, a few of them registered workers who
   author items), each with 1-3 fields and 0-2 declared units and people to avoid;
2. with --db (the default; --no-db skips it): the same instance written to a throw-away SQLite
   file (or the empty database of --database-url) and `services.auto_assign` run on it as the
   city admin — loading, solving, 3,900 inserts with their audit rows and 1,300 workflow steps
   to under_review in one transaction.

    .venv/bin/python bench/bench_assignment.py [--items 1300] [--experts 60] [--n 3] [--no-db]
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = (
    ("efficiency", 30),
    ("safety", 20),
    ("quality", 20),
    ("technology", 15),
    ("energy", 10),
    ("other", 5),
)


def setup_django(database_url: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "Sm1uZ3pob3UtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2Q=")
    os.environ.setdefault("PII_HASH_KEY", "bench-only-pii-hash-key")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings

    # Setup only: 60 expert logins need no slow password hashing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def field_choice(rng: random.Random) -> str:
    names, weights = zip(*FIELDS, strict=True)
    return rng.choices(names, weights)[0]


def generate(rng: random.Random, n_items: int, n_experts: int, n_units: int = 300, per_unit: int = 5) -> dict:
    """A plain description of the city: units (with group), workers, items, experts."""
    units = list(range(1, n_units + 1))
    group = {u: u for u in units}
    heads = units[: n_units // 50]  # a few groups of five units each
    for i, head in enumerate(heads):
        for member in units[len(heads) + i * 5 : len(heads) + i * 5 + 5]:
            group[member] = head
    workers = {u: [u * 100 + k for k in range(per_unit)] for u in units}
    size = {u: rng.choice((1, 1, 1, 2, 3, 8)) for u in units}  # a few big units file most
    items = []
    for i in range(1, n_items + 1):
        unit = rng.choices(units, [size[u] for u in units])[0]
        items.append(
            {
                "id": i,
                "field": field_choice(rng),
                "unit": unit,
                "authors": rng.sample(workers[unit], rng.randint(1, 3)),
            }
        )
    experts = []
    for e in range(1, n_experts + 1):
        employed = e <= n_experts * 2 // 3
        unit = rng.choice(units) if employed else None
        fields = {field_choice(rng) for _ in range(rng.randint(1, 3))}
        conflict_units = rng.sample(units, rng.randint(0, 2))
        conflict_people = [rng.choice(workers[rng.choice(units)]) for _ in range(rng.randint(0, 2))]
        experts.append(
            {
                "id": e,
                "fields": sorted(fields),
                "unit": unit,
                "worker": workers[unit][0] if employed and e % 8 == 0 else None,
                "conflict_units": conflict_units,
                "conflict_people": conflict_people,
            }
        )
    return {"units": units, "group": group, "workers": workers, "items": items, "experts": experts}


def solver_instance(city: dict):
    from innovation.experts import assignment as solver

    group = city["group"]
    items = [
        solver.Item(
            id=i["id"],
            field=i["field"],
            unit_id=i["unit"],
            group_id=group[i["unit"]],
            author_worker_ids=frozenset(i["authors"]),
        )
        for i in city["items"]
    ]
    experts = [
        solver.Expert(
            id=e["id"],
            fields=frozenset(e["fields"]),
            unit_id=e["unit"],
            group_id=group[e["unit"]] if e["unit"] else None,
            conflict_unit_ids=frozenset(e["conflict_units"]),
            conflict_group_ids=frozenset(group[u] for u in e["conflict_units"]),
            conflict_worker_ids=frozenset(e["conflict_people"]),
            worker_id=e["worker"],
        )
        for e in city["experts"]
    ]
    return items, experts


def run_solver(city: dict, n: int) -> float:
    import math

    from innovation.experts import assignment as solver

    items, experts = solver_instance(city)
    started = time.perf_counter()
    target = math.ceil(len(items) * n / len(experts))
    cap = solver.smallest_sufficient_cap(items, experts, n=n, target=target)
    capped = time.perf_counter()
    solution = solver.solve(items, experts, n=n, default_cap=cap)
    done = time.perf_counter()
    loads = sorted(solution.loads.values())
    print(
        f"solver: {len(items):,} items x {n} = {solution.demand:,} places, {len(experts)} experts; "
        f"cap {cap} (even share {target})"
    )
    print(f"  cap search    {capped - started:6.2f} s")
    print(f"  min-cost flow {done - capped:6.2f} s")
    print(f"  total         {done - started:6.2f} s")
    print(
        f"  assigned {solution.assigned:,}; items short {len(solution.shortfalls)}; "
        f"loads min {loads[0]} / median {loads[len(loads) // 2]} / max {loads[-1]}"
    )
    for reason in sorted({s.reason for s in solution.shortfalls}):
        print(f"  short for {reason}: {sum(1 for s in solution.shortfalls if s.reason == reason)}")
    return done - started


def seed_database(city: dict, rng: random.Random, n: int):
    """The same city in the database, written in bulk (setup, not measured)."""
    from django.utils import timezone

    from innovation.accounts import services as account_services
    from innovation.accounts.roles import Role
    from innovation.achievements import services as achievement_services
    from innovation.achievements.models import Achievement, Author, Field, Kind, State
    from innovation.core import pii
    from innovation.experts import services
    from innovation.experts.models import Conflict
    from innovation.org import services as org
    from innovation.org.demo_data import id_number
    from innovation.org.models import Enterprise, Region, TradeUnion, Worker

    region = Region.objects.create(code="210700", name="锦州市", level=Region.Level.CITY)
    county = Region.objects.create(code="210727", name="义县", level=Region.Level.COUNTY, parent=region)
    union = org.union_create(
        actor=None, name="锦州市总工会", kind=TradeUnion.Kind.CITY, parent=None, region=region
    )
    district = org.union_create(
        actor=None, name="义县总工会", kind=TradeUnion.Kind.DISTRICT, parent=union, region=county
    )
    unit_of = {}
    for u in city["units"]:
        unit_of[u] = org.enterprise_create(
            actor=None,
            parent_union=district,
            name=f"第{u:03d}机械有限公司",
            size="small",
            industry="C",
            region=county,
        )
    for u, head in city["group"].items():
        if head != u:
            Enterprise.objects.filter(pk=unit_of[u].pk).update(group=unit_of[head])
    rows = []
    for u, ids in city["workers"].items():
        for w in ids:
            number = id_number(rng, "210727")
            rows.append(
                Worker(
                    name=f"职工{w}",
                    gender="M",
                    birth_year=1985,
                    enterprise=unit_of[u],
                    post="钳工",
                    id_number=number,
                    id_number_hash=pii.keyed_hash(number),
                    id_number_masked=pii.mask_id_number(number),
                    scope_path=unit_of[u].scope_path,
                )
            )
    created = Worker.objects.bulk_create(rows, batch_size=1000)
    worker_of = dict(zip((w for ids in city["workers"].values() for w in ids), created, strict=True))
    admin, _password = account_services.user_create(
        actor=None, username="bench_city", password="Kq7#vLp2-Xw9zR"
    )
    account_services.grant_role(actor=None, user=admin, role=Role.CITY_ADMIN, node=union)
    now = timezone.now()
    year = timezone.localdate().year
    opens = max(now - datetime.timedelta(days=60), timezone.make_aware(datetime.datetime(year, 1, 1, 0, 1)))
    campaign = achievement_services.campaign_create(
        actor=None,
        union=union,
        year=year,
        title=f"{year}年职工“五小”创新成果征集活动",
        opens_at=opens,
        closes_at=now + datetime.timedelta(days=1),
        kinds=list(Kind.values),
        fields=list(Field.values),
        grades=[{"code": "first", "prize_fen": 500000, "quota": 1}],
        criteria=[{"name": "创新性", "weight": 100, "max_score": 100}],
    )
    achievements = Achievement.objects.bulk_create(
        [
            Achievement(
                campaign=campaign,
                enterprise=unit_of[i["unit"]],
                post="钳工",
                title=f"成果{i['id']:04d}",
                kind=Kind.RENOVATION,
                field=i["field"],
                state=State.READY_FOR_REVIEW,  # bench setup: as if checked by the city
                submitted_at=now,
                scope_path=unit_of[i["unit"]].scope_path,
            )
            for i in city["items"]
        ],
        batch_size=1000,
    )
    Author.objects.bulk_create(
        [
            Author(achievement=a, order=k, worker=worker_of[w], share=100 if k == 1 else 1)
            for a, i in zip(achievements, city["items"], strict=True)
            for k, w in enumerate(i["authors"], start=1)
        ],
        batch_size=2000,
    )
    conflicts = []
    for e in city["experts"]:
        worker = worker_of[e["worker"]] if e["worker"] else None
        expert, _pw = services.expert_create(
            actor=None,
            union=union,
            username=f"bench_expert_{e['id']:02d}",
            name=f"专家{e['id']:02d}",
            fields=e["fields"],
            employer=unit_of[e["unit"]] if e["unit"] else None,
            employer_outside="" if e["unit"] else "外地高校",
            worker=worker,
        )
        conflicts += [
            Conflict(expert=expert, enterprise=unit_of[u], reason="申报回避") for u in e["conflict_units"]
        ]
        conflicts += [
            Conflict(expert=expert, worker=worker_of[w], reason="申报回避") for w in e["conflict_people"]
        ]
    Conflict.objects.bulk_create(conflicts)
    type(campaign).objects.filter(pk=campaign.pk).update(experts_per_item=n)
    campaign.refresh_from_db()
    return admin, campaign


def run_database(city: dict, rng: random.Random, n: int) -> float:
    from django.conf import settings
    from django.core.management import call_command

    from innovation.audit.context import acting_as
    from innovation.experts import services
    from innovation.experts.models import Assignment

    db = settings.DATABASES["default"]
    print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    admin, campaign = seed_database(city, rng, n)
    print(f"  setup (migrate + seed)  {time.perf_counter() - started:6.1f} s")
    started = time.perf_counter()
    cpu = time.process_time()
    with acting_as(admin):
        report = services.auto_assign(campaign=campaign, actor=admin)
    elapsed = time.perf_counter() - started
    print(f"  auto_assign             {elapsed:6.2f} s  ({time.process_time() - cpu:.2f} CPU)")
    print(
        f"  assigned {report.assigned:,} ({Assignment.objects.count():,} rows); items moved to under_review "
        f"{report.moved:,}; short {len(report.shortfalls)}; cap {report.cap} (even share {report.cap_target})"
    )
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1300)
    parser.add_argument("--experts", type=int, default=60)
    parser.add_argument("--n", type=int, default=3, help="experts per item")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--target", type=float, default=10.0, help="seconds allowed for the solver")
    parser.add_argument("--no-db", action="store_true", help="time the solver only")
    parser.add_argument(
        "--database-url", default="", help="an empty database instead of a temporary SQLite file"
    )
    args = parser.parse_args(argv)

    tmpdir = tempfile.TemporaryDirectory(prefix="bench-assign-")
    setup_django(args.database_url or f"sqlite:///{Path(tmpdir.name) / 'bench.sqlite3'}")
    rng = random.Random(args.seed)
    city = generate(rng, args.items, args.experts)
    seconds = run_solver(city, args.n)
    if not args.no_db:
        run_database(city, rng, args.n)
    ok = seconds <= args.target
    print(f"solver {'within' if ok else 'MISSED'} the target of {args.target:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
