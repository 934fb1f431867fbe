"""Login by password: a Vietnamese message for every failure, lockout by django-axes, and the audit trail."""

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.core.models import AuditEntry

PASSWORD = "mat-khau-dung-2026"
WRONG = "mat-khau-sai-9999"


@pytest.fixture
def officer(db):
    user = User.objects.create_user(
        "canbo.an",
        email="an@example.vn",
        phone="0912345678",
        password=PASSWORD,
        full_name="Nguyễn Văn An",
        account_type=User.AccountType.STAFF,
    )
    return user


@pytest.fixture
def other(db):
    return User.objects.create_user("canbo.binh", password=PASSWORD, account_type=User.AccountType.STAFF)


def post_login(client, username, password, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("identifier", ["canbo.an", "CANBO.AN", "an@example.vn", "0912 345 678", "+84912345678"])
def test_login_with_any_identifier(client, officer, identifier):
    response = post_login(client, identifier, PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(officer.pk)


def test_wrong_password_gives_vietnamese_message(client, officer):
    response = post_login(client, "canbo.an", WRONG)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert logged_in_as(client) is None


def test_empty_fields_are_named(client, db):
    page = post_login(client, "", "").content.decode()
    assert "Hãy nhập tên đăng nhập, thư điện tử hoặc số điện thoại." in page
    assert "Hãy nhập mật khẩu." in page


def test_inactive_account_is_told_only_with_the_right_password(client, officer):
    officer.is_active = False
    officer.save()
    right = post_login(client, "an@example.vn", PASSWORD).content.decode()
    assert "Tài khoản này đã bị ngừng sử dụng" in right
    # A wrong password must not reveal that the account exists but is disabled.
    wrong = post_login(client, "an@example.vn", WRONG).content.decode()
    assert "ngừng sử dụng" not in wrong
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong
    assert logged_in_as(client) is None


def test_repeated_failures_lock_the_account_from_that_address(client, officer, other, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert post_login(client, "canbo.an", WRONG).status_code == 200
    locked = post_login(client, "canbo.an", WRONG)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert f"Hãy thử lại sau {settings.AXES_COOLOFF_TIME * 60:.0f} phút" in page

    # The right password is refused while locked.
    refused = post_login(client, "canbo.an", PASSWORD)
    assert refused.status_code == 429
    assert logged_in_as(client) is None

    # Another account from the same address, and the same account from another address, are not locked.
    assert post_login(client, "canbo.binh", PASSWORD).status_code == 302
    client.logout()
    assert post_login(client, "canbo.an", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_lockout_page_without_cool_off_says_an_administrator_unlocks(client, officer, settings):
    settings.AXES_COOLOFF_TIME = None
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "canbo.an", WRONG)
    assert response.status_code == 429
    assert "cho đến khi quản trị mở khóa" in response.content.decode()


def test_spellings_of_one_account_share_the_failure_count(client, officer, settings):
    settings.AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.lockout_username"
    spellings = ["canbo.an", "AN@example.vn", "0912 345 678", "+84912345678", "Canbo.An"]
    responses = [post_login(client, spellings[i % len(spellings)], WRONG) for i in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    assert post_login(client, "0912345678", PASSWORD).status_code == 429
    assert logged_in_as(client) is None


def test_failed_login_is_audited_with_address_and_without_password(client, officer):
    post_login(client, "canbo.an", WRONG, REMOTE_ADDR="203.0.113.7")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.object_label == "canbo.an"
    assert entry.ip_address == "203.0.113.7"
    assert entry.actor is None
    stored = " ".join(str(value) for value in entry.__dict__.values())
    assert WRONG not in stored


def test_login_and_logout_are_audited(client, officer):
    post_login(client, "canbo.an", PASSWORD, REMOTE_ADDR="203.0.113.8")
    login = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert login.actor == officer
    assert login.ip_address == "203.0.113.8"
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, actor=officer).count() == 1
    assert logged_in_as(client) is None
