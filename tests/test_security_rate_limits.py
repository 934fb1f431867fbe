"""Rate limits that hold under parallel requests (issue 16 item 7): one atomic counter, motcua.core.rate_limit.

Public tracking allowed 25 answers out of 60 parallel lookups against a limit of 10 on the file cache, whose incr()
reads then writes. The database counter is bumped by one INSERT … ON CONFLICT DO UPDATE … RETURNING statement; with
MOTCUA_REDIS_URL set, Redis counts (add() then incr(), both atomic on the server)."""

import datetime
import os
import runpy
import threading
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils import timezone

import motcua.settings as settings_module
from motcua.core import rate_limit
from motcua.core.models import RateCounter
from motcua.portal import tracking_service

WINDOW = datetime.timedelta(minutes=10)
PARALLEL = 60


def in_parallel(action, count: int) -> list:
    """Run `action` in `count` threads released together, each with its own database connection."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_sixty_parallel_lookups_get_exactly_the_limits_answers(settings, tmp_path):
    # The site's own cache (a file cache, shared by worker processes), where the old counter lost hits.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }

    def look_up():
        response = Client().post(
            "/cong-dan/tra-cuu/", {"code": "000.00.00.H26-260101-0001", "secret": "0900000000"}, REMOTE_ADDR="192.0.2.7"
        )
        return response.status_code

    statuses = in_parallel(look_up, PARALLEL)
    assert statuses.count(200) == tracking_service.THROTTLE_LIMIT, statuses
    assert statuses.count(429) == PARALLEL - tracking_service.THROTTLE_LIMIT
    # Another address still has all its tries.
    assert Client().post("/cong-dan/tra-cuu/", {"code": "x", "secret": "y"}, REMOTE_ADDR="192.0.2.8").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_are_numbered_one_to_n_without_gaps_or_repeats():
    numbers = in_parallel(lambda: rate_limit.count("test", "client", window=WINDOW), PARALLEL)
    assert sorted(numbers) == list(range(1, PARALLEL + 1))


@pytest.mark.django_db
def test_the_window_opens_at_the_first_hit_and_a_new_one_after_it_ends():
    assert [rate_limit.hit("test", "a", limit=2, window=WINDOW) for _ in range(3)] == [True, True, False]
    counter = RateCounter.objects.get()
    opened = timezone.now()
    assert opened < counter.resets_at <= opened + WINDOW
    # Still inside the window: refused. Once it has ended, the next hit opens a new one with a count of 1.
    assert not rate_limit.hit("test", "a", limit=2, window=WINDOW)
    RateCounter.objects.update(resets_at=timezone.now() - datetime.timedelta(seconds=1))
    assert rate_limit.count("test", "a", window=WINDOW) == 1
    assert RateCounter.objects.get().resets_at > timezone.now()


@pytest.mark.django_db
def test_limits_and_clients_are_counted_apart_and_never_in_clear():
    rate_limit.count("tracking", "192.0.2.7", window=WINDOW)
    rate_limit.count("tracking", "192.0.2.7", window=WINDOW)
    assert rate_limit.count("code-requests", "192.0.2.7", window=WINDOW) == 1
    assert rate_limit.count("tracking", "0912345678", window=WINDOW) == 1
    buckets = list(RateCounter.objects.values_list("bucket", flat=True))
    assert len(buckets) == 3
    assert not any("192.0.2.7" in bucket or "0912345678" in bucket for bucket in buckets)


@pytest.mark.django_db
def test_ended_windows_are_forgotten():
    rate_limit.count("test", "old", window=WINDOW)
    rate_limit.count("test", "new", window=WINDOW)
    RateCounter.objects.filter(pk=rate_limit._bucket("test", "old")).update(resets_at=timezone.now())
    assert rate_limit.forget_expired() == 1
    assert RateCounter.objects.get().pk == rate_limit._bucket("test", "new")


def redis_url() -> str:
    """The Redis server the Redis case counts on (MOTCUA_TEST_REDIS_URL, else the local one); skips when none
    answers, saying why."""
    url = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    redis = pytest.importorskip("redis", reason="the redis package is not installed (pip install 'motcua[redis]')")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"no Redis server answers at {url}: {error}")
    return url


@pytest.mark.django_db(transaction=True)
def test_redis_counts_sixty_parallel_hits_to_exactly_the_limit(settings):
    """MOTCUA_REDIS_URL names a cache (settings.RATE_LIMIT_CACHE): the counters live on the real Redis server, whose
    add() and incr() are atomic, so 60 parallel hits against a limit of 10 let exactly 10 through."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # A key prefix of this run's own: other runs on the same server never share its counters.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": f"motcua-test-{uuid.uuid4().hex}",
        },
    }
    settings.RATE_LIMIT_CACHE = "ratelimit"
    limit = 10
    try:
        passed = in_parallel(lambda: rate_limit.hit("test", "client", limit=limit, window=WINDOW), PARALLEL)
        assert passed.count(True) == limit, passed
        assert passed.count(False) == PARALLEL - limit
        # The next hit is the 61st of the window; another client starts at 1; nothing was counted in the database.
        assert rate_limit.count("test", "client", window=WINDOW) == PARALLEL + 1
        assert rate_limit.count("test", "other", window=WINDOW) == 1
        assert not RateCounter.objects.exists()
    finally:
        # Only this test's counters: clear() would empty the whole Redis database.
        caches["ratelimit"].delete_many([rate_limit._bucket("test", "client"), rate_limit._bucket("test", "other")])


def test_the_redis_cache_is_configured_from_the_environment(monkeypatch, tmp_path):
    """Settings read MOTCUA_REDIS_URL into Django's own RedisCache (the settings file run as a fresh process would)."""
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("MOTCUA_REDIS_URL", "redis://127.0.0.1:6379/3")
    configured = runpy.run_path(settings_module.__file__)
    assert configured["CACHES"]["ratelimit"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    }
    assert configured["RATE_LIMIT_CACHE"] == "ratelimit"
    monkeypatch.delenv("MOTCUA_REDIS_URL")
    assert runpy.run_path(settings_module.__file__)["RATE_LIMIT_CACHE"] == ""
