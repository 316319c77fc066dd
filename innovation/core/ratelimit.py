"""Rate limits for the public pages: the certificate and plaque checks and the public objection
form. One fixed window per client address and purpose, counted in the default cache.

The default cache is shared by every process (config/settings.py: Django's database cache,
its table made by a migration, or Redis when REDIS_URL is set). A cache of each process's own
would let every gunicorn worker count for itself and multiply the limit by the number of
workers.

Counting must not lose a hit when two workers count at once. Redis (and the in-process cache
of the unit tests) increment atomically and keep the key's expiry. Django's database cache does
neither (its `incr` is a read and a write, and resets the expiry), so there the count is read and
written under a lock: the row is locked with SELECT … FOR UPDATE where the database has it
(PostgreSQL); SQLite runs one write transaction at a time (transaction_mode IMMEDIATE).
"""

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

from innovation.audit.middleware import client_ip

# What is limited → the setting that holds its limit per client address, and the window (seconds).
LIMITS = {
    # Certificate (/verify/) and studio plaque (/studios/verify/) look-ups share one count:
    # plenty for people, far too few to enumerate codes.
    "verify": ("VERIFY_RATE_LIMIT", 600),
    # Objections sent from the public notice without signing in.
    "objection": ("OBJECTION_RATE_LIMIT", 3600),
}


def _key(scope: str, address: str | None) -> str:
    return f"rate:{scope}:{address or '-'}"


def over_limit(request, scope: str) -> bool:
    """Count this request for `scope` (a key of LIMITS) from its client address; True once
    more than the limit were counted in the window (which starts with the first of them)."""
    setting, window = LIMITS[scope]
    return hit(_key(scope, client_ip(request)), window=window) > getattr(settings, setting)


def reset(*, scope: str, address: str) -> None:
    """Forget the count of one address (an administrator lifting a limit; tests)."""
    caches["default"].delete(_key(scope, address))


def hit(key: str, *, window: int) -> int:
    """Count one hit of `key`; the number of hits in the current window, this one included."""
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        return _hit_under_lock(cache, key, window)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, window)
        return 1


def _hit_under_lock(cache: DatabaseCache, key: str, window: int) -> int:
    alias = router.db_for_write(cache.cache_model_class)
    connection = connections[alias]
    now = time.time()
    with transaction.atomic(using=alias):
        cache.add(key, (now, 0), window)  # the row exists from here on
        if connection.features.has_select_for_update:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT cache_key FROM {connection.ops.quote_name(cache._table)} "  # noqa: S608 (a table name)
                    "WHERE cache_key = %s FOR UPDATE",
                    [cache.make_and_validate_key(key)],
                )
        value = cache.get(key)
        started, count = value if isinstance(value, tuple) and len(value) == 2 else (now, 0)
        if started + window <= now:
            started, count = now, 0
        count += 1
        cache.set(key, (started, count), max(1, math.ceil(started + window - now)))
    return count
