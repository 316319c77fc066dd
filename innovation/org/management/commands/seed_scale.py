"""Generate a province-sized organisation for load tests (PostgreSQL only).

    manage.py seed_scale [--cities 15] [--districts-per-city 10] [--units 100000] [--workers 2000000]

Builds, under a new province root union "辽宁省总工会（规模测试）", the cities, the districts,
the units (an Enterprise with its own base union of kind "unit" under a district) and
the workers, plus three benchmark accounts (bench_city, bench_district, bench_unit).

The root, city and district unions (a few hundred rows) go through org.services like any
other union, so they are audited as usual. Units and workers are bulk data: their ids are
reserved from the sequences up front, their materialised paths are computed here exactly
as services.union_create / enterprise_create / worker_create would write them
("/<root>/<city>/<district>/<unit union>/", scope_path = the unit union's path), and the
rows are streamed with COPY; like the demo's generated workers they are not audited.
Personal data is stored the way the services store it: pii.encrypt ciphertext, pii.keyed_hash
and the masked copy. The Fernet encryption runs in a process pool.

Cities come one after another (each city's units and workers take one consecutive id
range, as when a province rolls the platform out city by city); within a city, units
register in random order. The worker table's secondary indexes and constraints are
dropped for the load and rebuilt after it (so the table is locked until the command commits:
seed a benchmark database, not one in use).

Everything is written in one transaction (all or nothing); VACUUM (ANALYZE) follows, so
the planner has statistics and index-only scans work at once, as they would after
autovacuum has visited a bulk-loaded table. Refuses to run if the root already exists.
"""

import multiprocessing
import os
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from psycopg import sql

from innovation.accounts import services as account_services
from innovation.accounts.models import User
from innovation.accounts.roles import Role
from innovation.org import services
from innovation.org.demo_data import UNIT_CORES, UNIT_KINDS
from innovation.org.models import Enterprise, Region, TradeUnion, Worker
from innovation.org.scale import (
    ENTERPRISE_COLUMNS,
    MAX_PER_DISTRICT,
    UNION_COLUMNS,
    WORKER_COLUMNS,
    copy_statement,
    suspend_indexes,
    uscc,
    worker_block,
)

ROOT_NAME = "辽宁省总工会（规模测试）"
PROVINCE_CODE = "210000"
BENCH_USERS = ("bench_city", "bench_district", "bench_unit")
SEED = 20250501

# Division codes of the generated cities/districts: 21 + (20 + city no.) + district no.
# (2121xx and up), clear of the real Liaoning cities (2101..2114) the Jinzhou demo uses, so
# generated ID numbers and credit codes can never collide with the demo's.
CITY_CODE_OFFSET = 20
MAX_CITIES = 99 - CITY_CODE_OFFSET
MAX_DISTRICTS = 99


# (size, share of units, workers weight range): a few very large employers, many small ones.
UNIT_SIZES = (
    ("large", 0.002, (1500, 4000)),
    ("large", 0.048, (150, 400)),
    ("medium", 0.20, (40, 100)),
    ("small", 0.45, (10, 30)),
    ("micro", 0.30, (2, 8)),
)
WORKERS_PER_TASK = 20_000
REGISTRATION_DAYS = 730  # workers' created_at spread over two years, in id order


class Command(BaseCommand):
    help = "Generate a province-sized organisation (PostgreSQL only) for load tests and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=15)
        parser.add_argument("--districts-per-city", type=int, default=10)
        parser.add_argument("--units", type=int, default=100_000)
        parser.add_argument("--workers", type=int, default=2_000_000)
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="processes encrypting personal data"
        )
        parser.add_argument(
            "--password", default="", help="password of the bench_* accounts (generated when omitted)"
        )

    # -- helpers -------------------------------------------------------------------------

    def log(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:7.1f}s] {message}")
        self.stdout.flush()

    def reserve_ids(self, cursor, model, n: int) -> int:
        """Reserve n consecutive ids of `model` and return the first.

        The sequence is moved past the block at once (setval), so rows inserted meanwhile by
        anyone else get ids after it; explicit ids already above the sequence are skipped.
        """
        if n <= 0:
            return 0
        table = model._meta.db_table
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [sql.Identifier(table).as_string(cursor)])
        sequence = cursor.fetchone()[0]
        cursor.execute(
            sql.SQL(
                "SELECT setval(%(seq)s, GREATEST(nextval(%(seq)s), (SELECT COALESCE(MAX(id), 0) + 1 FROM {}))"
                " + %(n)s - 1)"
            ).format(sql.Identifier(table)),
            {"seq": sequence, "n": n},
        )
        return cursor.fetchone()[0] - n + 1

    # -- the command ---------------------------------------------------------------------

    def handle(self, *args, **opts):
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale needs PostgreSQL (it streams rows with COPY); set DATABASE_URL to a "
                f"PostgreSQL database. The current database is {connection.vendor}."
            )
        cities, per_city = opts["cities"], opts["districts_per_city"]
        n_units, n_workers, jobs = opts["units"], opts["workers"], max(1, opts["jobs"])
        if not 1 <= cities <= MAX_CITIES or not 1 <= per_city <= MAX_DISTRICTS:
            raise CommandError(
                f"--cities must be 1..{MAX_CITIES} and --districts-per-city 1..{MAX_DISTRICTS}."
            )
        n_districts = cities * per_city
        if n_units < n_districts:
            raise CommandError(f"--units must be at least the number of districts ({n_districts}).")
        if n_workers < 0:
            raise CommandError("--workers must not be negative.")
        if TradeUnion.objects.filter(name=ROOT_NAME, parent__isnull=True).exists():
            raise CommandError(
                f"The scale-test root union “{ROOT_NAME}” already exists: nothing to do. "
                "Seed into a fresh database to generate it again."
            )
        taken = list(User.objects.filter(username__in=BENCH_USERS).values_list("username", flat=True))
        if taken:
            raise CommandError(
                f"Benchmark accounts already exist without the scale root: {', '.join(taken)}."
            )
        password = opts["password"] or account_services.generate_password()

        self.started = time.monotonic()
        # The pool forks before this process holds a database connection.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(jobs)
        try:
            with transaction.atomic():
                summary = self.seed(cities, per_city, n_units, n_workers, pool, password)
        finally:
            pool.terminate()  # every task has finished, unless the seeding failed
            pool.join()
        self.log("VACUUM (ANALYZE) …")
        with connection.cursor() as cursor:
            for model in (TradeUnion, Enterprise, Worker, Region):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
        elapsed = time.monotonic() - self.started
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_scale done in {elapsed:.1f}s ({elapsed / 60:.1f} min): 1 province, {cities} cities, "
                f"{n_districts} districts, {n_units} units, {n_workers} workers."
            )
        )
        self.stdout.write(f"Benchmark accounts (password for all three: {password}):")
        for username, node in summary:
            self.stdout.write(f"  {username:15} {node}")

    def plan(self, cities: int, per_city: int, n_units: int, n_workers: int, rng: random.Random):
        """Which district each unit is in (in id order), its size and its worker count.

        Units are spread evenly over the districts. The province is rolled out city by city,
        so each city's units (and their workers) take one consecutive id range, oldest city
        first; within a city its units register in random order, so its districts' ids
        interleave. Worker counts follow the unit sizes and sum exactly to n_workers.
        """
        n_districts = cities * per_city
        unit_district = []
        for c in range(cities):
            block = [i % n_districts for i in range(n_units) if (i % n_districts) // per_city == c]
            rng.shuffle(block)
            unit_district += block
        sizes, weights = [], []
        for _ in range(n_units):
            roll, acc = rng.random(), 0.0
            for size, share, (low, high) in UNIT_SIZES:  # noqa: B007 (the last one is the fallback)
                acc += share
                if roll < acc:
                    break
            sizes.append(size)
            weights.append(rng.randint(low, high))
        total_weight, acc, previous, counts = sum(weights), 0, 0, []
        for w in weights:
            acc += w
            bound = acc * n_workers // total_weight
            counts.append(bound - previous)
            previous = bound
        per_district = [0] * n_districts
        for d, count in zip(unit_district, counts, strict=True):
            per_district[d] += count
        if max(per_district) >= MAX_PER_DISTRICT:
            raise CommandError(
                f"Too many workers per district for unique ID numbers (max {MAX_PER_DISTRICT}); "
                "use more districts or fewer workers."
            )
        return unit_district, sizes, counts

    def seed(self, cities, per_city, n_units, n_workers, pool, password):
        rng = random.Random(SEED)
        now = timezone.now()
        unit_district, sizes, counts = self.plan(cities, per_city, n_units, n_workers, rng)

        # 1. Regions and the root / city / district unions, through the ORM and the services.
        province_region, _ = Region.objects.get_or_create(
            code=PROVINCE_CODE, defaults={"name": "辽宁省", "level": Region.Level.PROVINCE}
        )
        root = services.union_create(
            actor=None, name=ROOT_NAME, kind=TradeUnion.Kind.PROVINCE, parent=None, region=province_region
        )
        districts = []  # (union, region, division code, salt)
        city_unions = []
        for c in range(1, cities + 1):
            city_code = f"21{CITY_CODE_OFFSET + c:02d}00"
            city_region, _ = Region.objects.get_or_create(
                code=city_code,
                defaults={"name": f"规模测试{c}市", "level": Region.Level.CITY, "parent": province_region},
            )
            city = services.union_create(
                actor=None,
                name=f"规模测试{c}市总工会",
                kind=TradeUnion.Kind.CITY,
                parent=root,
                region=city_region,
                sort=c,
            )
            city_unions.append(city)
            for d in range(1, per_city + 1):
                code = f"21{CITY_CODE_OFFSET + c:02d}{d:02d}"
                region, _ = Region.objects.get_or_create(
                    code=code,
                    defaults={
                        "name": f"规模测试{c}市{d}区",
                        "level": Region.Level.COUNTY,
                        "parent": city_region,
                        "sort": d,
                    },
                )
                union = services.union_create(
                    actor=None,
                    name=f"规模测试{c}市{d}区总工会",
                    kind=TradeUnion.Kind.DISTRICT,
                    parent=city,
                    region=region,
                    sort=d,
                )
                districts.append((union, region, code, len(districts) * 1237))
        self.log(f"root {root.path}, {len(city_unions)} cities, {len(districts)} districts")

        # 2. Units (base union + enterprise), in the order of plan(), with reserved ids.
        raw = connection.connection  # the psycopg connection, inside Django's transaction
        with raw.cursor() as cursor:
            union_start = self.reserve_ids(cursor, TradeUnion, n_units)
            enterprise_start = self.reserve_ids(cursor, Enterprise, n_units)
            worker_start = self.reserve_ids(cursor, Worker, n_workers)
            # Before any COPY: dropping a foreign key is refused while its table has pending checks.
            restore = suspend_indexes(cursor, Worker)

            units = []  # (enterprise id, path, code, salt, industry, count)
            with cursor.copy(copy_statement(TradeUnion, UNION_COLUMNS)) as union_copy:
                union_rows = []
                for i, district_index in enumerate(unit_district):
                    district, region, code, salt = districts[district_index]
                    suffix, industry, _posts = UNIT_KINDS[rng.randrange(len(UNIT_KINDS))]
                    name = f"{rng.choice(UNIT_CORES)}{suffix}（测{i + 1:06d}）"
                    union_id = union_start + i
                    path = f"{district.path}{union_id}/"
                    union_copy.write_row(
                        (union_id, f"{name}工会", TradeUnion.Kind.UNIT.value, district.pk, region.pk)
                        + (path, district.depth + 1, 0, now, now)
                    )
                    union_rows.append((name, industry, region, code, union_id, path))
                    units.append((enterprise_start + i, path, code, salt, industry, counts[i]))
            self.log(f"{n_units} unit unions copied")
            with cursor.copy(copy_statement(Enterprise, ENTERPRISE_COLUMNS)) as enterprise_copy:
                for i, (name, industry, region, code, union_id, path) in enumerate(union_rows):
                    enterprise_copy.write_row(
                        (enterprise_start + i, name, uscc(code, i), sizes[i], industry, region.pk, union_id)
                        + (None, f"辽宁省{region.name}", True, path, now, now)
                    )
            del union_rows
            self.log(f"{n_units} units copied")

            # 3. Workers: unit by unit in registration order, built and encrypted by the pool.
            # Registered over the last REGISTRATION_DAYS, in id order, the last one just now.
            step = REGISTRATION_DAYS * 86400 / max(n_workers, 1)
            clock = (now.timestamp() - (worker_start + n_workers - 1) * step, step)
            tasks, batch, batch_size, next_id = [], [], 0, worker_start
            district_seen = [0] * len(districts)
            for i, (enterprise_id, path, code, salt, industry, count) in enumerate(units):
                if not count:
                    continue
                d = unit_district[i]
                batch.append((enterprise_id, path, code, salt, industry, count, next_id, district_seen[d]))
                district_seen[d] += count
                next_id += count
                batch_size += count
                if batch_size >= WORKERS_PER_TASK:
                    tasks.append((SEED + len(tasks), clock, batch))
                    batch, batch_size = [], 0
            if batch:
                tasks.append((SEED + len(tasks), clock, batch))
            done, step = 0, max(n_workers // 20, 1)
            with cursor.copy(copy_statement(Worker, WORKER_COLUMNS)) as worker_copy:
                for rows, block in pool.imap_unordered(worker_block, tasks):
                    worker_copy.write(block)
                    if (done + rows) // step > done // step:
                        rate = (done + rows) / (time.monotonic() - self.started)
                        self.log(f"workers {done + rows:>9}/{n_workers} ({rate:,.0f}/s overall)")
                    done += rows
            self.log(f"{done} workers copied; rebuilding {len(restore)} indexes and constraints …")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in restore:
                cursor.execute(statement)
            self.log("worker indexes and constraints restored")

        # 4. Benchmark accounts, through the account services.
        city = city_unions[0]
        district = districts[0][0]
        biggest = max((i for i, d in enumerate(unit_district) if d == 0), key=lambda i: counts[i])
        unit_union = TradeUnion.objects.get(pk=union_start + biggest)
        summary = []
        for username, role, node, label in (
            ("bench_city", Role.CITY_ADMIN, city, "市级管理员"),
            ("bench_district", Role.DISTRICT_ADMIN, district, "区级管理员"),
            ("bench_unit", Role.UNIT_ADMIN, unit_union, "基层管理员"),
        ):
            user, _ = account_services.user_create(
                actor=None, username=username, display_name=f"规模测试{label}", password=password
            )
            account_services.grant_role(actor=None, user=user, role=role, node=node)
            summary.append((username, f"{role.label} @ {node.name} {node.path}"))
        summary[-1] = (summary[-1][0], summary[-1][1] + f" ({counts[biggest]} workers)")
        self.log("benchmark accounts created; committing …")
        return summary
