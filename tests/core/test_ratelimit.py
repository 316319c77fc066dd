"""The public pages' rate limits count in the cache every process shares (issue 8, defect 13):
the database cache by default (its table made by the migrations), Redis with REDIS_URL.
The served demo's two gunicorn workers are tested in tests/demo_site/test_verify_rate_limit.py."""

import threading
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import RequestFactory

from config import settings as project_settings
from innovation.core import ratelimit

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "django_cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}


def request_from(address: str):
    return RequestFactory().get("/verify/ABCDEFGHJKMN/", REMOTE_ADDR=address)


def test_without_redis_the_default_cache_is_the_database_cache_every_process_shares():
    if project_settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: the cache is Redis")
    assert project_settings.CACHES["default"] == DATABASE_CACHE


def test_the_limits_are_the_settings(settings):
    assert (settings.VERIFY_RATE_LIMIT, settings.OBJECTION_RATE_LIMIT) == (30, 5)
    assert ratelimit.LIMITS == {
        "verify": ("VERIFY_RATE_LIMIT", 600),
        "objection": ("OBJECTION_RATE_LIMIT", 3600),
    }


@pytest.mark.django_db
def test_the_migrations_made_the_cache_table_and_it_counts(settings):
    settings.CACHES = {"default": DATABASE_CACHE}
    assert isinstance(caches["default"], DatabaseCache)
    assert "django_cache" in connection.introspection.table_names()

    results = [ratelimit.over_limit(request_from("10.0.0.1"), "verify") for _ in range(31)]

    assert results == [False] * 30 + [True]
    assert ratelimit.over_limit(request_from("10.0.0.2"), "verify") is False  # another address
    assert ratelimit.over_limit(request_from("10.0.0.1"), "objection") is False  # another purpose


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["database", "in-process"])
def test_the_window_is_fixed_from_the_first_hit(settings, monkeypatch, backend):
    if backend == "database":
        settings.CACHES = {"default": DATABASE_CACHE}
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    assert [ratelimit.hit("rate:t:1", window=600) for _ in range(3)] == [1, 2, 3]

    monkeypatch.setattr(time, "time", lambda: start + 599)  # hits do not push the window on
    assert ratelimit.hit("rate:t:1", window=600) == 4
    if backend == "database":  # the in-process cache's expiry follows the real clock
        monkeypatch.setattr(time, "time", lambda: start + 601)
        assert ratelimit.hit("rate:t:1", window=600) == 1


@pytest.mark.django_db
def test_reset_forgets_an_address(settings):
    settings.CACHES = {"default": DATABASE_CACHE}
    for _ in range(31):
        ratelimit.over_limit(request_from("10.0.0.3"), "verify")

    ratelimit.reset(scope="verify", address="10.0.0.3")

    assert ratelimit.over_limit(request_from("10.0.0.3"), "verify") is False


@pytest.mark.django_db(transaction=True)
def test_hits_counted_at_once_by_several_connections_are_all_counted(settings):
    """Four threads, each on its own database connection (as four gunicorn workers), count 25
    hits each at the same time: the count is 100, none lost between a read and a write."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: the counting cannot interleave")
    settings.CACHES = {"default": DATABASE_CACHE}
    caches["default"].delete("rate:race:1")  # the flush between tests leaves the cache table alone
    barrier = threading.Barrier(4)
    errors = []

    def count():
        from django.db import connections

        try:
            barrier.wait()
            for _ in range(25):
                ratelimit.hit("rate:race:1", window=600)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert ratelimit.hit("rate:race:1", window=600) == 101
