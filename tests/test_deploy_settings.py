"""Configuration for several machines (issue 18 item 1), read from MOTCUA_* variables in a fresh process each time:
the cache (a file cache per server by default, one Redis cache when configured), the read-replica alias, and that
two servers configured with the same Redis URL really share one cache."""

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest

PRINT_SETTINGS = (
    "import json, motcua.settings as s; "
    "print(json.dumps({'caches': s.CACHES, 'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS}, default=str))"
)


def environment(tmp_path, **variables) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("MOTCUA_", "DJANGO_"))}
    env.update(MOTCUA_ENV="development", MOTCUA_VAR_DIR=str(tmp_path), **variables)
    return env


def run(code: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def read_settings(tmp_path, **variables) -> dict:
    result = run(PRINT_SETTINGS, environment(tmp_path, **variables), tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_each_server_keeps_a_file_cache_and_there_is_no_replica(tmp_path):
    configured = read_settings(tmp_path)
    assert configured["caches"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    assert list(configured["databases"]) == ["default"]
    assert configured["routers"] == ["motcua.core.replica.ReplicaRouter"]


def test_a_cache_url_or_the_redis_url_makes_the_cache_redis(tmp_path):
    by_cache_url = read_settings(tmp_path, MOTCUA_CACHE_URL="redis://cache.internal:6379/1")
    assert by_cache_url["caches"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/1",
        }
    }
    by_redis_url = read_settings(tmp_path, MOTCUA_REDIS_URL="redis://redis.internal:6379/0")
    assert by_redis_url["caches"]["default"]["LOCATION"] == "redis://redis.internal:6379/0"
    assert by_redis_url["caches"]["ratelimit"]["LOCATION"] == "redis://redis.internal:6379/0"


def test_a_cache_url_that_is_not_redis_is_refused_without_repeating_it(tmp_path):
    result = run(PRINT_SETTINGS, environment(tmp_path, MOTCUA_CACHE_URL="memcached://u:hemmelig@h/"), tmp_path)
    assert result.returncode != 0 and "MOTCUA_CACHE_URL must be a Redis URL" in result.stderr
    assert "hemmelig" not in result.stderr


def test_a_replica_url_adds_the_replica_alias_as_a_test_mirror(tmp_path):
    configured = read_settings(
        tmp_path,
        MOTCUA_DATABASE_URL="postgres://motcua@db-primary:5432/motcua",
        MOTCUA_DATABASE_REPLICA_URL="postgres://motcua@db-replica:5432/motcua",
    )
    standby = configured["databases"]["replica"]
    assert (standby["HOST"], standby["NAME"], standby["TEST"]["MIRROR"]) == ("db-replica", "motcua", "default")
    # The same session settings as the primary: the report aggregates need JIT off there too.
    assert standby["OPTIONS"]["options"] == "-c jit=off"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis server answers on 127.0.0.1:6379")
def test_two_servers_with_the_same_redis_url_share_one_cache(tmp_path):
    key = f"motcua-test-{uuid.uuid4().hex}"
    setup = "import django; django.setup(); from django.core.cache import cache; "
    first, second = tmp_path / "a", tmp_path / "b"  # two servers: no folder in common
    first.mkdir()
    second.mkdir()
    redis = {"MOTCUA_CACHE_URL": "redis://127.0.0.1:6379/15", "DJANGO_SETTINGS_MODULE": "motcua.settings"}
    wrote = run(setup + f"cache.set({key!r}, 'Hồng Vân', 60)", environment(first, **redis), first)
    assert wrote.returncode == 0, wrote.stderr
    read = run(setup + f"print(cache.get({key!r})); cache.delete({key!r})", environment(second, **redis), second)
    assert read.returncode == 0 and read.stdout.strip() == "Hồng Vân", read.stderr
