"""Rate limits that hold under concurrency (giới hạn số lần): "count this hit in this window, atomically".

Every limit of the site (public tracking per client address, one-time codes per address, …) calls `hit()`. The
count must be atomic across processes and servers: a file or local-memory cache's `incr()` is a read then a write,
so parallel requests read the same count and all pass (60 parallel lookups got 25 answers against a limit of 10).

By default the counter is a row of the database (core.RateCounter) moved by one statement,
INSERT … ON CONFLICT DO UPDATE … RETURNING: PostgreSQL locks the row and SQLite writes one statement at a time, so
each hit gets its own number. The window opens at the first hit and lasts `window`; the hit after it opens a new
one. With MOTCUA_REDIS_URL set (settings.RATE_LIMIT_CACHE names the cache), counters live in Redis through Django's
RedisCache: add() then incr(), both atomic on the Redis server.

Who is counted (an address, a phone number) is kept only as a keyed hash, never in clear.
"""

import contextlib
import datetime
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from motcua.core.models import RateCounter

# SQLite lets one writer in at a time. Between processes on the database file the busy timeout makes the others wait;
# an in-memory shared-cache database (the tests') answers "table is locked" at once instead, so the threads of one
# process take turns here first.
_sqlite_writer = threading.Lock()


def _bucket(scope: str, who: str) -> str:
    return salted_hmac("motcua.core.rate_limit", f"{scope}\n{who}", algorithm="sha256").hexdigest()


def _count_in_database(bucket: str, window: datetime.timedelta) -> int:
    now = timezone.now()
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    # Every right-hand side reads the row as it was before this statement, so both CASEs test the same window.
    sql = (
        f"INSERT INTO {table} (bucket, hits, resets_at) VALUES (%s, 1, %s) "
        f"ON CONFLICT (bucket) DO UPDATE SET "
        f"hits = CASE WHEN {table}.resets_at <= %s THEN 1 ELSE {table}.hits + 1 END, "
        f"resets_at = CASE WHEN {table}.resets_at <= %s THEN excluded.resets_at ELSE {table}.resets_at END "
        f"RETURNING hits"
    )
    turn = _sqlite_writer if connection.vendor == "sqlite" else contextlib.nullcontext()
    with turn, connection.cursor() as cursor:
        cursor.execute(sql, [bucket, adapt(now + window), adapt(now), adapt(now)])
        return cursor.fetchone()[0]


def _count_in_cache(alias: str, bucket: str, window: datetime.timedelta) -> int:
    cache = caches[alias]
    seconds = max(int(window.total_seconds()), 1)
    if cache.add(bucket, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(bucket)
    except ValueError:  # the window ended between add() and incr(): this hit opens the next one
        cache.add(bucket, 1, timeout=seconds)
        return 1


def count(scope: str, who: str, *, window: datetime.timedelta) -> int:
    """Count one hit of `who` for the limit `scope`; returns its number within the current window (1 for the
    first)."""
    bucket = _bucket(scope, who)
    if settings.RATE_LIMIT_CACHE:
        return _count_in_cache(settings.RATE_LIMIT_CACHE, bucket, window)
    return _count_in_database(bucket, window)


def hit(scope: str, who: str, *, limit: int, window: datetime.timedelta) -> bool:
    """Count one hit; True while `who` has made at most `limit` hits in the window, False past it."""
    return count(scope, who, window=window) <= limit


def forget_expired(now: datetime.datetime | None = None) -> int:
    """Delete the counters whose window is over (run_periodic): they would restart at 1 anyway."""
    deleted, _ = RateCounter.objects.filter(resets_at__lte=now or timezone.now()).delete()
    return deleted
