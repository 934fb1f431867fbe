"""Password reset by e-mail (quên mật khẩu) and password change for a logged-in user."""

import re

import pytest
from django.urls import reverse

from motcua.accounts.models import User

OLD = "mat-khau-cu-2026"
NEW = "Mat-khau-moi-rat-dai-2026"


@pytest.fixture
def officer(db):
    return User.objects.create_user(
        "canbo.an", email="an@example.vn", password=OLD, full_name="Nguyễn Văn An", account_type=User.AccountType.STAFF
    )


def can_log_in(client, username, password) -> bool:
    client.logout()
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def reset_link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_reset_by_email_in_vietnamese(client, officer, mailoutbox, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "motcua.accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}}
    ]
    response = client.post(reverse("accounts:password_reset"), {"email": "AN@example.vn"})
    assert response.url == reverse("accounts:password_reset_done")
    assert "Hãy kiểm tra hộp thư" in client.get(response.url).content.decode()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["an@example.vn"]
    assert message.subject == "Đặt lại mật khẩu tài khoản MotCua"
    assert "Xin chào Nguyễn Văn An" in message.body
    assert "Tên đăng nhập của bạn: canbo.an" in message.body

    # Django moves the token into the session and redirects to a URL without it.
    form_page = client.get(reset_link(message), follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    assert set_url.endswith("/dat-mat-khau-moi/")

    too_short = client.post(set_url, {"new_password1": "ngan", "new_password2": "ngan"})
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in too_short.content.decode()
    mismatch = client.post(set_url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert "Hai trường mật khẩu không giống nhau" in mismatch.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("accounts:password_reset_complete")

    assert can_log_in(client, "canbo.an", NEW)
    assert not can_log_in(client, "canbo.an", OLD)


def test_reset_link_works_only_once(client, officer, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": "an@example.vn"})
    link = reset_link(mailoutbox[0])
    set_url = client.get(link).url
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    again = client.get(link, follow=True).content.decode()
    assert "Đường dẫn đặt lại mật khẩu không hợp lệ" in again


def test_unknown_address_gets_the_same_answer_and_no_mail(client, officer, mailoutbox):
    known = client.post(reverse("accounts:password_reset"), {"email": "an@example.vn"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "khongco@example.vn"})
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mailoutbox) == 1


def test_invalid_address_is_explained(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "khong-phai-email"})
    assert "Hãy nhập một địa chỉ thư điện tử hợp lệ" in response.content.decode()


def test_login_page_links_to_reset(client, db):
    assert reverse("accounts:password_reset") in client.get(reverse("accounts:login")).content.decode()


def test_change_password(client, officer):
    client.force_login(officer)
    url = reverse("accounts:password_change")
    wrong_old = client.post(url, {"old_password": "sai", "new_password1": NEW, "new_password2": NEW})
    assert "Mật khẩu cũ không chính xác" in wrong_old.content.decode()

    done = client.post(url, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:security")
    assert "Đã đổi mật khẩu" in done.content.decode()
    # The session survives the change.
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert can_log_in(client, "an@example.vn", NEW)


def test_change_password_needs_login(client, db):
    assert client.get(reverse("accounts:password_change")).url.startswith(reverse("accounts:login"))
