"""Password reset by a code texted to the phone number (the SMS channel's in-memory gateway in tests): only for
applicant accounts, answered the same for unknown numbers, limited like every code."""

import re

import pytest
from django.urls import reverse

from motcua.accounts import verification
from motcua.accounts.models import User
from motcua.notify.models import Notification

START = reverse("accounts:phone_reset")
VERIFY = reverse("accounts:phone_reset_verify")
NEW_PASSWORD = reverse("accounts:phone_reset_password")
NEW = "mat-khau-moi-2026"


def texts(smsoutbox) -> list[str]:
    return [f"SMS to {message.address}: {message.body}" for message in smsoutbox]


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text.split(":", 1)[1]).group(1)


@pytest.fixture
def citizen(db):
    return User.objects.create_user("an", phone="0912000666", password="mat-khau-cu-2026", account_type="citizen")


def test_a_citizen_sets_a_new_password_with_the_texted_code(client, citizen, smsoutbox):
    assert client.post(START, {"phone": "+84 912 000 666"}).url == VERIFY
    [text] = texts(smsoutbox)
    assert "0912000666" in text and "Đặt lại mật khẩu" in text
    # The new-password page opens only after the right code.
    assert client.get(NEW_PASSWORD).url == START
    assert client.post(VERIFY, {"code": code_in(text)}).url == NEW_PASSWORD

    response = client.post(NEW_PASSWORD, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(NEW_PASSWORD, {"new_password1": NEW, "new_password2": NEW})
    assert response.url == reverse("accounts:login")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)
    # The permission is used up with the new password.
    assert client.get(NEW_PASSWORD).url == START
    assert client.post(reverse("accounts:login"), {"username": "0912000666", "password": NEW}).status_code == 302


@pytest.mark.parametrize("account_type", ["staff", None])
def test_unknown_numbers_and_staff_get_the_same_answer_and_no_text(client, db, smsoutbox, account_type):
    if account_type:
        User.objects.create_user("canbo", phone="0912000666", password="x", account_type=account_type)
    response = client.post(START, {"phone": "0912000666"})
    assert response.url == VERIFY
    page = client.get(VERIFY).content.decode()
    assert "0912***666" in page
    assert texts(smsoutbox) == [] and not Notification.objects.exists()
    for code in ("000000", "123456"):
        assert "không đúng" in client.post(VERIFY, {"code": code}).context["form"].errors["code"][0]


def test_requests_for_one_number_are_limited_whether_or_not_it_has_an_account(client, db):
    for _ in range(verification.MAX_REQUESTS_PER_HOUR):
        assert client.post(START, {"phone": "0912000999"}).status_code == 302
    response = client.post(START, {"phone": "0912000999"})
    assert "quá nhiều mã" in response.context["form"].errors["phone"][0]


def test_a_malformed_number_is_said_in_vietnamese(client, db):
    response = client.post(START, {"phone": "12ab"})
    assert response.context["form"].errors["phone"][0].startswith("Số điện thoại di động không hợp lệ")
    assert 'value="12ab"' in response.content.decode()
