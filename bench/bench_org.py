"""Response times of the scoped worker list, its API twin and /api/v1/stats at province scale.

Runs in-process with django.test.Client against the database in DATABASE_URL, which must
be PostgreSQL loaded by `manage.py seed_scale` (it creates bench_city, bench_district and
bench_unit). For each account: warm-up requests, then timed requests of each endpoint;
prints p50/p95 and exits non-zero when a p95 misses the target. See bench/README.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = ("bench_city", "bench_district", "bench_unit")
ENDPOINTS = (
    ("worker list page", "/org/workers/"),
    ("worker list API", "/api/v1/workers"),
    ("stats API", "/api/v1/stats"),
)


def setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    if "testserver" not in hosts:
        os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    # Keep one database connection for the whole run, as a long-lived app server would.
    os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
    import django

    django.setup()


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class SQLTimer:
    """Counts the queries of a request and the time spent in them (an execute wrapper)."""

    def __init__(self):
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started


def measure(client, url: str, warmup: int, iterations: int) -> dict:
    from django.db import connection

    response = None
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; is the scale data loaded?")
    in_scope = None
    if response is not None and response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        in_scope = data.get("count", data.get("workers"))
    samples, sql_ms, queries = [], [], 0
    for _ in range(iterations):
        timer = SQLTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        sql_ms.append(timer.seconds * 1000)
        queries = timer.queries
        assert response.status_code == 200, (url, response.status_code)
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 95),
        "max": max(samples),
        "sql_p50": statistics.median(sql_ms),
        "queries": queries,
        "in_scope": in_scope,
    }


def run(iterations: int, warmup: int, target: float) -> bool:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from innovation.accounts.models import User
    from innovation.org.models import Worker

    if connection.vendor != "postgresql":
        raise SystemExit(
            "The benchmark needs the PostgreSQL database loaded by `manage.py seed_scale`: "
            "set DATABASE_URL (see bench/README.md)."
        )
    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    missing = [name for name in USERS if name not in users]
    if missing:
        raise SystemExit(f"Missing accounts {', '.join(missing)}: run `manage.py seed_scale` first.")
    print(
        f"database {settings.DATABASES['default']['NAME']} on {settings.DATABASES['default'].get('HOST')}:"
        f"{settings.DATABASES['default'].get('PORT')}, ~{_estimated_rows(Worker):,} workers; "
        f"{warmup} warm-up + {iterations} timed requests each; target p95 <= {target:.0f} ms; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    header = (
        f"{'account':16}{'endpoint':18}{'in scope':>10}{'queries':>8}{'SQL p50':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for username in USERS:
        client = Client()
        client.force_login(users[username], backend="django.contrib.auth.backends.ModelBackend")
        for label, url in ENDPOINTS:
            result = measure(client, url, warmup, iterations)
            passed = result["p95"] <= target
            ok &= passed
            in_scope = "" if result["in_scope"] is None else f"{result['in_scope']:,}"
            print(
                f"{username:16}{label:18}{in_scope:>10}{result['queries']:>8}{result['sql_p50']:>9.1f}"
                f"{result['p50']:>9.1f}{result['p95']:>9.1f}{result['max']:>9.1f}"
                f"  {'ok' if passed else 'SLOW'}"
            )
    return ok


def _estimated_rows(model) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return max(cursor.fetchone()[0], 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=40, help="timed requests per endpoint and account")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument("--target", type=float, default=150.0, help="p95 target in milliseconds")
    args = parser.parse_args(argv)
    setup_django()
    ok = run(args.iterations, args.warmup, args.target)
    print("all p95 within target" if ok else "some p95 above target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
