import pytest
from django.core.cache import caches

from motcua.accounts.models import User
from motcua.demo.dossier_seed import seed_dossiers
from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.notify.channels import MemorySMS


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.

    tests/test_password_hashing.py checks the real configuration."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets an empty in-memory cache instead of the shared file cache under var/."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Every LocMemCache of one location shares one store in the process: empty it, or a test meets the last one's.
    caches["default"].clear()


@pytest.fixture
def smsoutbox(settings):
    """The texts sent during the test, codes included, kept in memory: no log ever holds a code."""
    settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "sms": "motcua.notify.channels.MemorySMS"}
    MemorySMS.outbox.clear()
    return MemorySMS.outbox


@pytest.fixture
def demo(db):
    """The demo data set: Hà Nội's units, xã Hồng Vân's agencies and one user per role."""
    seed()


@pytest.fixture
def demo_dossiers(demo):
    """About 300 dossiers at Hồng Vân over the last four months, made through the lifecycle (`motcua demo`'s set)."""
    return seed_dossiers()


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD


@pytest.fixture
def login_as(client, demo):
    """Log the test client in as a demo user and return it."""

    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login
