"""Password spraying (issue 16 item 6): one password tried once on each of many accounts never trips the
per-account lock of django-axes, so failed logins are also counted per different account — from one address, and
with one password from any address — and past the limit logins from there, or with that password, pause."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from motcua.accounts.models import LoginBlock, User
from motcua.core.models import AuditEntry, RateCounter

SPRAYED = "Mua-Xuan-2026"
ADDRESS_PAUSED = "từ địa chỉ mạng của bạn, nên việc đăng nhập từ đây tạm dừng"
PASSWORD_PAUSED = "Mật khẩu này vừa bị thử trên nhiều tài khoản khác nhau"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_SPRAY_ACCOUNTS_PER_ADDRESS = 4
    settings.LOGIN_SPRAY_ACCOUNTS_PER_PASSWORD = 3
    settings.LOGIN_SPRAY_WINDOW_MINUTES = 60
    settings.AXES_FAILURE_LIMIT = 50  # far away: these tests are about spraying, not one account's lock


@pytest.fixture
def staff(db):
    """Eight staff accounts, canbo1 … canbo8, each with its own password matkhau-riêng-N."""
    return [
        User.objects.create_user(f"canbo{n}", password=f"matkhau-rieng-{n}", account_type=User.AccountType.STAFF)
        for n in range(1, 9)
    ]


def login(username, password, address="198.51.100.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


def test_one_address_trying_many_accounts_is_paused(staff, settings):
    settings.LOGIN_SPRAY_ACCOUNTS_PER_PASSWORD = 100  # only the address limit here: a different password each time
    for n in range(1, 5):
        response, _ = login(f"canbo{n}", f"doan-sai-{n}")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    # Past 4 accounts: even the right password of a fifth account is refused from that address, before it is checked.
    paused, logged_in = login("canbo5", "matkhau-rieng-5")
    assert (paused.status_code, logged_in) == (429, False)
    assert ADDRESS_PAUSED in paused.content.decode()
    assert "Hãy thử lại sau 60 phút" in paused.content.decode()
    # Another address is not concerned.
    assert login("canbo5", "matkhau-rieng-5", address="203.0.113.9")[1]


def test_one_password_sprayed_from_many_addresses_is_paused_everywhere(staff):
    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    for n, address in zip(range(1, 4), addresses, strict=True):
        assert login(f"canbo{n}", SPRAYED, address=address)[0].status_code == 200
    # canbo6's password is the sprayed one: after 3 accounts it is refused even there, from a new address.
    victim = User.objects.get(username="canbo6")
    victim.set_password(SPRAYED)
    victim.save()
    paused, logged_in = login("canbo6", SPRAYED, address="192.0.2.99")
    assert (paused.status_code, logged_in) == (429, False)
    assert PASSWORD_PAUSED in paused.content.decode()
    # The owners of the addresses and accounts still log in with their own passwords.
    assert login("canbo1", "matkhau-rieng-1", address="192.0.2.1")[1]
    assert login("canbo7", "matkhau-rieng-7", address="192.0.2.2")[1]


def test_failures_on_one_account_count_once(staff):
    """Many wrong passwords on one account are django-axes' business (locked per account and address)."""
    for _attempt in range(10):
        assert login("canbo1", SPRAYED)[0].status_code == 200
    assert login("canbo2", SPRAYED)[0].status_code == 200
    assert not LoginBlock.objects.exists()
    assert login("canbo3", "matkhau-rieng-3")[1]


def test_the_pause_ends_with_the_window(staff):
    for n in range(1, 4):
        login(f"canbo{n}", SPRAYED)
    victim = User.objects.get(username="canbo6")
    victim.set_password(SPRAYED)
    victim.save()
    assert login("canbo6", SPRAYED)[0].status_code == 429
    LoginBlock.objects.update(until=timezone.now())
    assert login("canbo6", SPRAYED)[1]
    # The next pause clears the ended one.
    for n in range(1, 4):
        login(f"canbo{n}", "another-common-guess", address="192.0.2.50")
    assert list(LoginBlock.objects.values_list("kind", flat=True)) == ["password"]
    assert LoginBlock.objects.get().until > timezone.now()


def test_neither_password_nor_address_nor_account_is_stored(staff):
    address = "198.51.100.23"
    for n in range(1, 4):
        login(f"canbo{n}", SPRAYED, address=address)
    login("canbo4", "another-guess", address=address)  # the fourth account pauses the address as well
    # The audit log names the account and address of every login attempt by design; the pause's own rows do not.
    pauses = AuditEntry.objects.filter(object_type="accounts.LoginBlock").values_list("object_label", "changes")
    stored = " ".join(
        [str(row) for row in LoginBlock.objects.values_list("key_hash", "kind")]
        + [str(row) for row in RateCounter.objects.values_list("bucket", flat=True)]
        + [str(row) for row in pauses]
    )
    assert pauses.count() == 2  # the address and the password
    unsalted = [hashlib.new(name, SPRAYED.encode()).hexdigest() for name in ("md5", "sha1", "sha256")]
    for secret in [SPRAYED, *unsalted]:
        assert secret not in stored + str(list(AuditEntry.objects.values()))
    for secret in [address, "canbo1"]:
        assert secret not in stored
    # The pause is keyed by an HMAC of the password with the secret key.
    keyed = salted_hmac("motcua.accounts.spraying.password", SPRAYED, algorithm="sha256").hexdigest()
    assert LoginBlock.objects.filter(kind="password", key_hash=keyed).exists()


def test_each_pause_is_audited(staff):
    for n in range(1, 4):
        login(f"canbo{n}", SPRAYED)
    entry = AuditEntry.objects.get(object_type="accounts.LoginBlock")
    assert entry.action == AuditEntry.Action.LOGIN_FAILED
    assert entry.changes["kind"] == "password"
    assert "Tạm dừng đăng nhập vì dò mật khẩu" in entry.object_label


def test_empty_fields_and_inactive_accounts_do_not_count(staff):
    for n in range(1, 9):
        Client().post(reverse("accounts:login"), {"username": f"canbo{n}", "password": ""})
    inactive = User.objects.get(username="canbo8")
    inactive.is_active = False
    inactive.save()
    login("canbo8", "matkhau-rieng-8")
    assert not LoginBlock.objects.exists()
