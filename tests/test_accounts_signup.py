"""Sign-up of citizens and organisations with a one-time code sent through the notification channels (e-mail
through Django's mail, SMS through the logging gateway), then login by that e-mail address or phone number."""

import datetime
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import verification
from motcua.accounts.models import User, VerificationCode
from motcua.notify.models import Notification, Topic

PASSWORD = "cay-lua-xanh-2026"
SIGNUP = reverse("accounts:signup")
VERIFY = reverse("accounts:signup_verify")
RESEND = reverse("accounts:signup_resend")


def form(**extra) -> dict:
    return {
        "account_type": "citizen",
        "full_name": "  Lê   Thị Hoa ",
        "contact": "hoa@example.vn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        **extra,
    }


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def sms_texts(smsoutbox) -> list[str]:
    return [f"SMS to {message.address}: {message.body}" for message in smsoutbox]


@pytest.mark.django_db
def test_signup_by_email_sends_a_code_and_makes_a_verified_account(client, mailoutbox):
    response = client.post(SIGNUP, form())
    assert response.status_code == 302 and response.url == VERIFY
    assert not User.objects.filter(email="hoa@example.vn").exists()  # no account before the code comes back
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["hoa@example.vn"] and "Đăng ký tài khoản" in mail.subject
    code = code_in(mail.body)

    row = VerificationCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert PASSWORD not in str(row.payload) and check_password(PASSWORD, row.payload["password_hash"])
    # The outbox keeps a record of the message, but never the usable code.
    notice = Notification.objects.get(topic=Topic.ACCOUNT_CODE)
    assert notice.status == Notification.Status.SENT and notice.address == "hoa@example.vn"
    assert code not in notice.body and "••••••" in notice.body

    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    user = User.objects.get(email="hoa@example.vn")
    assert user.full_name == "Lê Thị Hoa" and user.account_type == "citizen" and user.is_applicant
    assert user.email_verified_at is not None and user.phone_verified_at is None
    assert user.check_password(PASSWORD)
    assert client.get(reverse("accounts:profile")).context["user"] == user

    # The code works once; the account then logs in by its e-mail address.
    client.logout()
    assert client.post(VERIFY, {"code": code}).url == SIGNUP
    response = client.post(reverse("accounts:login"), {"username": "HOA@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_by_phone_texts_the_code_and_logs_in_by_any_spelling(client, smsoutbox):
    client.post(SIGNUP, form(contact="+84 912 000 333", account_type="organisation", full_name="Phạm Văn Tổ"))
    [text] = sms_texts(smsoutbox)
    assert "0912000333" in text
    client.post(VERIFY, {"code": code_in(text.split(":", 1)[1])})
    user = User.objects.get(phone="0912000333")
    assert user.account_type == "organisation" and user.phone_verified_at and not user.email
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "0912 000 333", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_errors_are_in_vietnamese_next_to_fields_and_keep_what_was_typed(client, mailoutbox):
    response = client.post(SIGNUP, form(contact="0123", password2="khac-hoan-toan-99"))
    assert response.status_code == 200 and mailoutbox == []
    errors = response.context["form"].errors
    assert "Số điện thoại di động không hợp lệ" in errors["contact"][0]
    assert errors["password2"] == ["Hai lần nhập mật khẩu không giống nhau."]
    html = response.content.decode()
    assert 'value="  Lê   Thị Hoa "' in html or 'value="Lê Thị Hoa"' in html
    assert 'value="0123"' in html
    assert f'value="{PASSWORD}"' in html  # the accepted password is not lost

    response = client.post(SIGNUP, form(password1="12345678", password2="12345678"))
    errors = response.context["form"].errors["password1"]
    assert any("quá ngắn" in e for e in errors)
    assert 'value="12345678"' not in response.content.decode()  # a refused password is typed again

    response = client.post(SIGNUP, form(contact="hoa@example"))
    assert response.context["form"].errors["contact"] == ["Thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn."]


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_too_many_spend_it(client, mailoutbox):
    client.post(SIGNUP, form())
    code = code_in(mailoutbox[0].body)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(verification.MAX_ATTEMPTS - 1):
        response = client.post(VERIFY, {"code": wrong})
        assert response.context["form"].errors["code"] == ["Mã xác minh không đúng. Hãy kiểm tra và nhập lại."]
    response = client.post(VERIFY, {"code": wrong})
    assert "đã nhập sai quá nhiều lần" in response.context["form"].errors["code"][0]
    # Even the right code no longer works: a new one must be sent.
    response = client.post(VERIFY, {"code": code})
    assert "Gửi lại mã" in response.context["form"].errors["code"][0]
    assert not User.objects.filter(email="hoa@example.vn").exists()
    assert client.post(VERIFY, {"code": "12a"}).context["form"].errors["code"] == [
        "Mã xác minh gồm đúng 6 chữ số. Hãy nhập lại."
    ]


@pytest.mark.django_db
def test_an_expired_code_is_refused(client, mailoutbox):
    client.post(SIGNUP, form())
    VerificationCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(VERIFY, {"code": code_in(mailoutbox[0].body)})
    assert "hết hạn" in response.context["form"].errors["code"][0]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_resend_waits_for_the_cool_down_and_replaces_the_code(client, mailoutbox):
    client.post(SIGNUP, form())
    first = code_in(mailoutbox[0].body)
    response = client.post(RESEND, follow=True)
    assert len(mailoutbox) == 1  # too early
    assert "Hãy đợi" in response.content.decode()
    VerificationCode.objects.update(
        last_sent_at=timezone.now() - datetime.timedelta(seconds=verification.RESEND_SECONDS)
    )
    client.post(RESEND)
    assert len(mailoutbox) == 2
    second = code_in(mailoutbox[1].body)
    if second != first:  # one chance in a million that the new code repeats the old one
        assert "không đúng" in client.post(VERIFY, {"code": first}).context["form"].errors["code"][0]
    assert client.post(VERIFY, {"code": second}).status_code == 302
    assert User.objects.filter(email="hoa@example.vn").exists()


@pytest.mark.django_db
def test_resends_are_limited(client, mailoutbox):
    client.post(SIGNUP, form())
    row = VerificationCode.objects.get()
    for _ in range(verification.MAX_SENDS - 1):
        VerificationCode.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=5))
        client.post(RESEND)
    assert len(mailoutbox) == verification.MAX_SENDS
    VerificationCode.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.post(RESEND, follow=True)
    assert len(mailoutbox) == verification.MAX_SENDS
    assert "quá số lần cho phép" in response.content.decode()
    assert verification.resend_wait(VerificationCode.objects.get(pk=row.pk)) == -1


@pytest.mark.django_db
def test_one_address_gets_a_limited_number_of_requests_an_hour(client, mailoutbox):
    for _ in range(verification.MAX_REQUESTS_PER_HOUR):
        assert client.post(SIGNUP, form()).status_code == 302
    response = client.post(SIGNUP, form())
    assert response.status_code == 200
    assert "quá nhiều mã" in response.context["form"].errors["contact"][0]
    assert len(mailoutbox) == verification.MAX_REQUESTS_PER_HOUR


@pytest.mark.django_db
def test_an_address_with_an_account_is_told_so_only_after_the_code(client, mailoutbox):
    User.objects.create_user("cu", email="hoa@example.vn", password="x")
    # The sign-up page answers as for any address: it does not reveal who has an account.
    assert client.post(SIGNUP, form()).url == VERIFY
    response = client.post(VERIFY, {"code": code_in(mailoutbox[0].body)})
    assert "đã có tài khoản" in response.context["form"].errors["code"][0]
    assert User.objects.filter(email="hoa@example.vn").count() == 1


@pytest.mark.django_db
def test_a_failing_channel_is_said_on_the_page_and_recorded(client, settings):
    settings.ACCOUNT_CODE_SENDER = "motcua.notify.codes.send_code"
    from motcua.notify.channels import Channel, register_channel, unregister_channel

    class Down(Channel):
        def send(self, message):
            raise ConnectionError("gateway down")

    register_channel("sms", Down())
    try:
        response = client.post(SIGNUP, form(contact="0912000444"))
    finally:
        unregister_channel("sms")
    assert response.status_code == 200
    assert "Chưa gửi được mã xác minh" in response.context["form"].errors["contact"][0]
    notice = Notification.objects.get(topic=Topic.ACCOUNT_CODE)
    assert notice.status == Notification.Status.FAILED and "gateway down" in notice.last_error


@pytest.mark.django_db
def test_the_verify_page_needs_a_pending_signup(client):
    response = client.get(VERIFY)
    assert response.status_code == 302 and response.url == SIGNUP


def test_logged_in_people_are_not_offered_a_signup(login_as):
    client = login_as("congdan")
    assert client.get(SIGNUP).status_code == 302
