"""Two-step verification for staff: enrolment with a QR code, the code step at login, turning it off."""

import time
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.core.models import AuditEntry

PASSWORD = "mat-khau-dung-2026"


def valid_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current time step, or the next one if that was just used."""
    device.refresh_from_db()
    now = int(time.time() - device.t0) // device.step + device.drift
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), device.digits):0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    now = int(time.time() - device.t0) // device.step + device.drift
    accepted = {hotp(device.bin_key, t, device.digits) for t in range(now - 2, now + 3)}
    return f"{next(n for n in range(10**6) if n not in accepted):06d}"


@pytest.fixture
def officer(db):
    return User.objects.create_user("canbo.an", password=PASSWORD, account_type=User.AccountType.STAFF)


@pytest.fixture
def enrolled(officer):
    return TOTPDevice.objects.create(user=officer, name="Ứng dụng xác thực", confirmed=True)


@pytest.fixture
def citizen(db):
    return User.objects.create_user("congdan.ba", password=PASSWORD, account_type=User.AccountType.CITIZEN)


def post_login(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def verify(client, code, next_url=""):
    return client.post(reverse("accounts:otp_verify"), {"code": code, "next": next_url})


def test_enrolment_shows_qr_and_key_and_needs_a_right_code(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:otp_enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    html = page.content.decode()
    assert '<svg width="' in html and 'class="otp-qr"' in html
    key = b32encode(device.bin_key).decode()
    assert key[:4] + " " + key[4:8] in html
    # Reloading keeps the same secret, so a scanned code stays valid.
    client.get(reverse("accounts:otp_enrol"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    refused = client.post(reverse("accounts:otp_enrol"), {"code": wrong_code(device)})
    assert "Mã xác thực không đúng hoặc đã hết hạn" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    accepted = client.post(reverse("accounts:otp_enrol"), {"code": valid_code(device)})
    assert accepted.url == reverse("accounts:security")
    device.refresh_from_db()
    assert device.confirmed
    assert "Đang bật" in client.get(reverse("accounts:security")).content.decode()
    entry = AuditEntry.objects.get(object_type="otp_totp.TOTPDevice", action=AuditEntry.Action.CREATE)
    assert entry.actor == officer
    assert device.key not in str(entry.changes) + entry.object_label


def test_code_format_is_explained(client, officer):
    client.force_login(officer)
    client.get(reverse("accounts:otp_enrol"))
    response = client.post(reverse("accounts:otp_enrol"), {"code": "12ab"})
    assert "Mã xác thực gồm đúng 6 chữ số" in response.content.decode()


def test_applicants_cannot_enrol(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:otp_enrol")).status_code == 403
    assert not TOTPDevice.objects.filter(user=citizen).exists()
    # The security page still offers the password change, without the two-step section.
    page = client.get(reverse("accounts:security")).content.decode()
    assert reverse("accounts:password_change") in page
    assert reverse("accounts:otp_enrol") not in page


def test_without_device_the_password_is_enough(client, officer):
    response = post_login(client, "canbo.an")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert client.get(reverse("accounts:otp_enrol")).status_code == 200


def test_login_with_device_needs_the_code_before_any_staff_page(client, enrolled):
    target = reverse("accounts:otp_disable")
    response = post_login(client, "canbo.an", next_url=target)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_verify"))
    # The password alone does not log in: staff pages still send the visitor to the login page.
    assert "_auth_user_id" not in client.session
    assert client.get(target).url.startswith(reverse("accounts:login"))
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).count() == 0

    step = client.get(response.url)
    assert "Mật khẩu đã đúng" in step.content.decode()

    done = verify(client, valid_code(enrolled), next_url=target)
    assert done.url == target
    assert client.session["_auth_user_id"] == str(enrolled.user_id)
    assert client.get(target).status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=enrolled.user).count() == 1


def test_wrong_code_is_refused_audited_and_throttled(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a long wait, so the test does not depend on timing
    post_login(client, "canbo.an")
    refused = verify(client, wrong_code(enrolled))
    assert refused.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 1
    failed = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert failed.object_label == "canbo.an"
    assert failed.changes == {"step": "otp"}

    # Even the right code waits until the throttle delay is over.
    throttled = verify(client, valid_code(enrolled))
    assert "Bạn đã nhập sai mã nhiều lần. Hãy đợi" in throttled.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_step_without_password_step_goes_to_login(client, enrolled):
    response = client.get(reverse("accounts:otp_verify"))
    assert response.url == reverse("accounts:login")


def test_password_step_expires(client, enrolled):
    post_login(client, "canbo.an")
    session = client.session
    session["accounts_pending_login"]["started"] -= 10 * 60
    session.save()
    response = verify(client, valid_code(enrolled))
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_next_cannot_point_to_another_site(client, enrolled):
    post_login(client, "canbo.an")
    response = verify(client, valid_code(enrolled), next_url="https://evil.example/")
    assert response.url == reverse("home")


def test_session_opened_before_enrolment_must_verify(client, enrolled):
    client.force_login(enrolled.user)
    page = reverse("accounts:otp_disable")
    response = client.get(page)
    assert response.url == f"{reverse('accounts:otp_verify')}?next={page.replace('/', '%2F')}"
    assert client.get(reverse("accounts:security")).url.startswith(reverse("accounts:otp_verify"))
    assert verify(client, valid_code(enrolled), next_url=page).url == page
    assert client.get(page).status_code == 200


def test_staff_pages_refuse_anonymous_and_applicants(client, citizen):
    page = reverse("accounts:otp_disable")
    assert client.get(page).url.startswith(reverse("accounts:login"))
    client.force_login(citizen)
    assert client.get(page).status_code == 403


def test_superuser_applicant_account_counts_as_staff(client, db):
    admin = User.objects.create_superuser("quantri", password=PASSWORD, account_type=User.AccountType.CITIZEN)
    client.force_login(admin)
    assert client.get(reverse("accounts:otp_enrol")).status_code == 200


def login_verified(client, device):
    post_login(client, device.user.username)
    verify(client, valid_code(device))
    assert client.session["_auth_user_id"] == str(device.user_id)


def test_disable_needs_confirmation_and_a_current_code(client, enrolled):
    login_verified(client, enrolled)
    url = reverse("accounts:otp_disable")
    unconfirmed = client.post(url, {"code": valid_code(enrolled)})
    assert "Hãy đánh dấu ô xác nhận" in unconfirmed.content.decode()
    wrong = client.post(url, {"code": wrong_code(enrolled), "confirm": "on"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=enrolled.user, confirmed=True).exists()

    enrolled.throttle_reset()
    done = client.post(url, {"code": valid_code(enrolled), "confirm": "on"})
    assert done.url == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    assert AuditEntry.objects.filter(object_type="otp_totp.TOTPDevice", action=AuditEntry.Action.DELETE).count() == 1
    # Back to password-only login.
    client.logout()
    assert post_login(client, "canbo.an").url == reverse("home")
    assert client.session["_auth_user_id"] == str(enrolled.user_id)
