"""The admin site is reached only through MotCua's login, so the second step cannot be skipped."""

import time

import pytest
from django.urls import path, reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.admin_site import MotCuaAdminSite
from motcua.accounts.models import User
from motcua.urls import urlpatterns as site_urlpatterns

PASSWORD = "mat-khau-dung-2026"
secured = MotCuaAdminSite(name="secured_admin")
urlpatterns = [*site_urlpatterns, path("quan-tri-an-toan/", secured.urls)]
pytestmark = pytest.mark.urls(__name__)
INDEX = "/quan-tri-an-toan/"


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("quantri", password=PASSWORD, account_type=User.AccountType.STAFF)


def current_code(device: TOTPDevice) -> str:
    now = int(time.time() - device.t0) // device.step + device.drift
    return f"{hotp(device.bin_key, now, device.digits):06d}"


def test_admin_login_is_the_site_login(client, admin_user):
    response = client.get(INDEX, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next={INDEX}"


def test_password_only_is_enough_without_device(client, admin_user):
    client.post(reverse("accounts:login"), {"username": "quantri", "password": PASSWORD})
    assert client.get(INDEX).status_code == 200


def test_enrolled_admin_needs_the_code(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    client.force_login(admin_user)  # e.g. a session opened before the device was added
    response = client.get(INDEX, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_verify"))
    client.post(reverse("accounts:otp_verify"), {"code": current_code(device), "next": INDEX})
    assert client.get(INDEX).status_code == 200


def test_staff_without_admin_rights_is_refused(client, db):
    officer = User.objects.create_user("canbo", password=PASSWORD, account_type=User.AccountType.STAFF)
    client.force_login(officer)
    assert client.get(INDEX, follow=True).status_code == 403
