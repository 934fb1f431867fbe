"""The second factor where power is (issue 16 item 6): system and agency administrators and the leaders who sign
must log in with an authenticator app (MOTCUA_TWO_FACTOR_ROLES); without one they add it at login, before being
logged in, and can do nothing else until then."""

import runpy
from base64 import b32encode

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua import settings as settings_module
from motcua.accounts.models import User
from motcua.core.models import AuditEntry
from test_accounts_otp import valid_code, wrong_code

PRODUCTION_ROLES = ["system_admin", "agency_admin", "leader"]
# One demo account per role (motcua.demo.seed); quantri.hethong is also a superuser.
ACCOUNT_OF_ROLE = {
    "system_admin": "quantri.hethong",
    "agency_admin": "quantri.hongvan",
    "leader": "lanhdao.hongvan",
    "receiving_officer": "tiepnhan.hongvan",
    "specialist": "chuyenvien.hongvan",
    "inspector": "thanhtra.hanoi",
}
DESK = "/can-bo/"


@pytest.fixture
def production_roles(settings):
    settings.TWO_FACTOR_ROLES = PRODUCTION_ROLES


def post_login(client, username, password, next_url=DESK):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, "next": next_url})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def manual_key(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def settings_of(monkeypatch, **env) -> dict:
    """The settings module as a fresh process would read it with these environment variables."""
    monkeypatch.delenv("MOTCUA_TWO_FACTOR_ROLES", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(settings_module.__file__)


def test_production_requires_the_three_roles_and_development_none_unless_set(monkeypatch, tmp_path):
    production = settings_of(
        monkeypatch,
        MOTCUA_ENV="production",
        MOTCUA_SECRET_KEY="x" * 50,
        MOTCUA_ALLOWED_HOSTS="motcua.example.vn",
        MOTCUA_VAR_DIR=str(tmp_path),
    )
    assert production["TWO_FACTOR_ROLES"] == PRODUCTION_ROLES
    assert settings_of(monkeypatch, MOTCUA_ENV="development", MOTCUA_VAR_DIR=str(tmp_path))["TWO_FACTOR_ROLES"] == []
    chosen = settings_of(
        monkeypatch, MOTCUA_ENV="development", MOTCUA_VAR_DIR=str(tmp_path), MOTCUA_TWO_FACTOR_ROLES="leader"
    )
    assert chosen["TWO_FACTOR_ROLES"] == ["leader"]


@pytest.mark.parametrize(("role", "username"), ACCOUNT_OF_ROLE.items())
def test_each_role_in_or_out_of_the_setting(client, demo, demo_password, production_roles, role, username):
    response = post_login(client, username, demo_password)
    assert response.status_code == 302
    if role in PRODUCTION_ROLES:
        assert response.url.startswith(reverse("accounts:otp_login_enrol"))
        assert not logged_in(client)
        # Nothing else opens: the desk sends the visitor to the login page.
        assert client.get(DESK).url.startswith(reverse("accounts:login"))
    else:
        assert response.url == DESK
        assert logged_in(client)
        assert client.get(DESK).status_code == 200


@pytest.mark.parametrize("role", PRODUCTION_ROLES)
def test_a_role_left_out_of_the_setting_logs_in_with_the_password(client, demo, demo_password, settings, role):
    settings.TWO_FACTOR_ROLES = [other for other in PRODUCTION_ROLES if other != role]
    response = post_login(client, ACCOUNT_OF_ROLE[role], demo_password)
    assert response.url == DESK
    assert logged_in(client)


def test_development_default_keeps_the_demo_logins_on_the_password(client, demo, demo_password, settings):
    settings.TWO_FACTOR_ROLES = []
    for username in ACCOUNT_OF_ROLE.values():
        assert post_login(Client(), username, demo_password).url == DESK


def test_a_superuser_counts_as_a_system_administrator(client, db, settings):
    settings.TWO_FACTOR_ROLES = ["system_admin"]
    User.objects.create_user("root", password="mat-khau-dai-2026", account_type="staff", is_superuser=True)
    response = post_login(client, "root", "mat-khau-dai-2026")
    assert response.url.startswith(reverse("accounts:otp_login_enrol"))
    assert not logged_in(client)


def test_enrolment_at_login_logs_in_only_after_a_right_code(client, demo, demo_password, production_roles):
    leader = User.objects.get(username="lanhdao.hongvan")
    step = client.get(post_login(client, "lanhdao.hongvan", demo_password).url)
    page = step.content.decode()
    assert step.status_code == 200
    assert "no-store" in step["Cache-Control"]
    assert "Lãnh đạo (người ký) bắt buộc dùng xác thực hai bước" in page
    assert "Để sau" not in page
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert manual_key(device) in page

    refused = client.post(reverse("accounts:otp_login_enrol"), {"code": wrong_code(device), "next": DESK})
    assert "Mã xác thực không đúng hoặc đã hết hạn" in refused.content.decode()
    assert not logged_in(client)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, changes__step="otp_enrol").exists()

    device.throttle_reset()
    done = client.post(reverse("accounts:otp_login_enrol"), {"code": valid_code(device), "next": DESK})
    assert done.url == DESK
    assert client.session["_auth_user_id"] == str(leader.pk)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(DESK).status_code == 200

    # Next time the code step is required.
    other = Client()
    assert post_login(other, "lanhdao.hongvan", demo_password).url.startswith(reverse("accounts:otp_verify"))
    assert not logged_in(other)


def test_each_login_shows_a_new_secret(demo, demo_password, production_roles):
    """A secret seen by somebody who once typed the password is not the one the owner confirms later."""
    intruder, owner = Client(), Client()
    intruder.get(post_login(intruder, "quantri.hongvan", demo_password).url)
    seen = TOTPDevice.objects.get(user__username="quantri.hongvan")
    owner.get(post_login(owner, "quantri.hongvan", demo_password).url)
    confirmed = TOTPDevice.objects.get(user__username="quantri.hongvan")
    assert confirmed.pk != seen.pk and confirmed.bin_key != seen.bin_key
    # The intruder's page no longer holds a device, so its code cannot finish the enrolment.
    intruder.post(reverse("accounts:otp_login_enrol"), {"code": valid_code(confirmed), "next": DESK})
    assert not TOTPDevice.objects.filter(user__username="quantri.hongvan", confirmed=True).exists()
    assert not logged_in(intruder)


def test_the_enrolment_step_needs_the_password_step(client, demo, production_roles):
    response = client.get(reverse("accounts:otp_login_enrol"))
    assert response.url == reverse("accounts:login")
    assert not TOTPDevice.objects.exists()


def test_a_session_opened_before_the_rule_must_enrol_before_anything(client, demo, production_roles):
    admin = User.objects.get(username="quantri.hongvan")
    client.force_login(admin)
    desk = client.get(DESK)
    assert desk.url.startswith(reverse("accounts:otp_enrol"))
    assert client.get(reverse("accounts:security")).url.startswith(reverse("accounts:otp_enrol"))
    assert client.get(reverse("accounts:otp_verify")).url.startswith(reverse("accounts:otp_enrol"))
    assert client.get("/api/v1/agencies").status_code == 401

    page = client.get(desk.url).content.decode()
    assert "Quản trị cơ quan bắt buộc dùng xác thực hai bước" in page
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    done = client.post(desk.url, {"code": valid_code(device), "next": DESK})
    assert done.url == DESK
    assert client.get(DESK).status_code == 200
    assert client.get("/api/v1/agencies").status_code == 200


def test_the_admin_site_of_a_system_administrator_waits_for_enrolment(client, demo, production_roles):
    client.force_login(User.objects.get(username="quantri.hethong"))
    response = client.get("/quan-tri/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_enrol"))


def test_a_required_second_factor_cannot_be_turned_off(client, demo, production_roles):
    leader = User.objects.get(username="lanhdao.hongvan")
    device = TOTPDevice.objects.create(user=leader, name="app", confirmed=True)
    client.force_login(leader)
    client.post(reverse("accounts:otp_verify"), {"code": valid_code(device), "next": DESK})
    security = client.get(reverse("accounts:security")).content.decode()
    assert reverse("accounts:otp_disable") not in security
    response = client.post(reverse("accounts:otp_disable"), {"code": valid_code(device), "confirm": "on"}, follow=True)
    assert "bắt buộc dùng xác thực hai bước, nên không tắt được" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_a_misspelt_role_stops_the_start(db, settings):
    settings.TWO_FACTOR_ROLES = ["leader", "lanhdao"]
    with pytest.raises(SystemCheckError, match="unknown roles: lanhdao"):
        call_command("check")
