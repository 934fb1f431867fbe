"""One-time codes and other secrets never reach a log or the stored outbox (issue 16 item 1).

A password-reset code read from the application log once took over an account. The first line of defence: the SMS
log gateway of development masks the codes it is handed and the outbox keeps code messages masked; the second: a
filter on every log handler blanks code-like secrets out (motcua.core.log_redaction). Production refuses a gateway
that delivers nothing (docs/security.md, "Secrets")."""

import io
import logging
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import import_string

from motcua.accounts.models import User
from motcua.core.log_redaction import MASK, redact
from motcua.notify import channels, codes
from motcua.notify.models import Notification, Topic
from motcua.notify.tasks import send_notification

PASSWORD = "cay-lua-xanh-2026"
LOGGING_SMS = "motcua.notify.channels.LoggingSMS"


@pytest.fixture
def sent_codes(monkeypatch):
    """The codes the site generated and handed to the channels, recorded on their way (the test must know them
    to look for them)."""
    seen: list[str] = []
    real = codes.send_code

    def recording(*args, code, **kwargs):
        seen.append(code)
        return real(*args, code=code, **kwargs)

    monkeypatch.setattr(codes, "send_code", recording)
    return seen


@pytest.fixture
def logging_sms(settings):
    """Development's gateway, whatever the test run chose: it is the one that logs."""
    settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "sms": LOGGING_SMS}


def everything_logged(caplog) -> str:
    return "\n".join(f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records)


def outbox_text() -> str:
    return "\n".join(
        f"{n.subject} {n.body} {n.last_error}" for n in Notification.objects.filter(topic=Topic.ACCOUNT_CODE)
    )


@pytest.mark.django_db
def test_a_phone_sign_up_logs_and_stores_no_code(client, caplog, sent_codes, logging_sms):
    caplog.set_level(logging.DEBUG)
    form = {"account_type": "citizen", "full_name": "Lê Thị Hoa", "contact": "0912000333"}
    response = client.post(
        reverse("accounts:signup"), {**form, "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}
    )
    assert response.url == reverse("accounts:signup_verify")
    [code] = sent_codes
    texted = [r.getMessage() for r in caplog.records if r.name == "motcua.sms"]
    assert len(texted) == 1 and MASK in texted[0]  # the gateway ran and wrote the text, masked
    assert code not in everything_logged(caplog)
    assert code not in outbox_text() and MASK in outbox_text()
    # The code was real: it opens the account.
    client.post(reverse("accounts:signup_verify"), {"code": code})
    assert User.objects.get(phone="0912000333").phone_verified_at is not None


@pytest.mark.django_db
def test_a_phone_password_reset_logs_and_stores_no_code(client, caplog, sent_codes, logging_sms):
    User.objects.create_user("an", phone="0912000666", password="mat-khau-cu-2026", account_type="citizen")
    caplog.set_level(logging.DEBUG)
    assert client.post(reverse("accounts:phone_reset"), {"phone": "0912000666"}).status_code == 302
    [code] = sent_codes
    assert code not in everything_logged(caplog)
    assert code not in outbox_text()
    assert client.post(reverse("accounts:phone_reset_verify"), {"code": code}).url == reverse(
        "accounts:phone_reset_password"
    )


@pytest.mark.django_db
def test_an_email_password_reset_leaves_its_token_in_no_log(client, caplog, mailoutbox):
    User.objects.create_user("canbo", email="an@example.vn", password="mat-khau-cu-2026", account_type="staff")
    caplog.set_level(logging.DEBUG)
    client.post(reverse("accounts:password_reset"), {"email": "an@example.vn"})
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.get(link).status_code == 302
    assert token not in everything_logged(caplog)
    # What an access log line of that request would show is blanked out by the filter.
    assert token not in redact(f'"GET {link} HTTP/1.1" 302 0')


@pytest.mark.django_db
def test_a_gateway_error_quoting_the_text_is_masked(caplog):
    class Echoing(channels.Channel):
        def send(self, message):
            raise ConnectionError(f"gateway refused: {message.body}")

    caplog.set_level(logging.DEBUG)
    channels.register_channel("sms", Echoing())
    try:
        assert not codes.send_code("sms", "0912000777", code="246810", purpose="Đăng ký", minutes=10)
    finally:
        channels.unregister_channel("sms")
    notice = Notification.objects.get(topic=Topic.ACCOUNT_CODE)
    assert notice.status == Notification.Status.FAILED and "gateway refused" in notice.last_error
    assert "246810" not in notice.last_error and "246810" not in everything_logged(caplog)
    assert "0912000777" not in everything_logged(caplog)  # the address is personal data: not in the log line


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("SMS #4 to 0912000333: MotCua: mã xác minh 482913 (Đăng ký tài khoản), hiệu lực 10 phút.", "482913"),
        ("Mã xác minh của ông/bà (Đặt lại mật khẩu) là: 550123", "550123"),
        ("OTP code: 907311", "907311"),
        ("Authorization: Bearer mc_0a1b2c3d4e_Zk3vQ9-xY_longsecretpart", "longsecretpart"),
        ("created key mc_0a1b2c3d4e_Zk3vQ9xYlongsecretpart", "Zk3vQ9xYlongsecretpart"),
        ("connect password=hunter2-very-secret host=db", "hunter2-very-secret"),
        ("MOTCUA_SIGNING_PASSPHRASE='p@ss phrase'", "p@ss phrase"),
        ('{"username": "an", "password": "mat khau"}', "mat khau"),
        ("vnp_HashSecret: s3cr3tvalue", "s3cr3tvalue"),
    ],
)
def test_the_filter_blanks_out_code_like_secrets(line, secret):
    assert secret not in redact(line)
    assert MASK in redact(line)


def test_the_filter_keeps_what_is_not_a_secret():
    # Phone numbers, dossier codes and tracking references, amounts and dates stay readable in the logs.
    line = "Dossier 000.00.23.H26-260512-0001 (mã tra cứu TN261207-K7QX4M) for 0912345678: 150000 VND on 07/12/2026"
    assert redact(line) == line
    assert redact("API key mc_0a1b2c3d4e_secret revoked").startswith("API key mc_0a1b2c3d4e_")


def test_a_real_reset_token_is_recognised(db):
    user = User.objects.create_user("canbo", password="x")
    token = default_token_generator.make_token(user)
    assert token not in redact(f"GET /tai-khoan/dat-lai-mat-khau/MQ/{token}/")


def test_every_configured_handler_filters_what_it_writes():
    """The handlers of settings.LOGGING, built as configured, write the line with the code blanked out."""
    config = django_settings.LOGGING
    for name, handler_config in config["handlers"].items():
        assert "redact_secrets" in handler_config.get("filters", []), name
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    for name in config["handlers"]["console"]["filters"]:
        handler.addFilter(import_string(config["filters"][name]["()"])())
    logger = logging.getLogger("motcua.test_security_secrets")
    logger.addHandler(handler)
    try:
        logger.warning("Gửi lại mã xác minh %s cho %s", "731904", "tài khoản")
        try:
            raise ValueError("token=abcdef0123456789")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "731904" not in written and "abcdef0123456789" not in written
    assert "Gửi lại mã xác minh" in written and "ValueError" in written


def test_production_refuses_a_gateway_that_delivers_nothing(settings):
    settings.PRODUCTION = True
    for path in (LOGGING_SMS, "motcua.notify.channels.MemorySMS"):
        settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "sms": path}
        with pytest.raises(ImproperlyConfigured, match="MOTCUA_SMS_BACKEND"):
            channels.check_production_gateway()
    settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "sms": "motcua.notify.channels.NoSMS"}
    channels.check_production_gateway()
    settings.PRODUCTION = False
    settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "sms": LOGGING_SMS}
    channels.check_production_gateway()  # development keeps its log gateway


@pytest.mark.django_db
def test_without_a_gateway_a_code_fails_visibly_at_once(settings):
    settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "sms": "motcua.notify.channels.NoSMS"}
    assert not codes.send_code("sms", "0912000888", code="135790", purpose="Đăng ký", minutes=10)
    notice = Notification.objects.get(topic=Topic.ACCOUNT_CODE)
    assert notice.status == Notification.Status.FAILED and "PermanentDeliveryError" in notice.last_error


@pytest.mark.django_db
def test_a_failed_notice_is_logged_without_its_address(caplog):
    """The outbox row keeps the address for the staff who retry it; the log line names the row only."""
    caplog.set_level(logging.DEBUG)
    notice = Notification.objects.create(
        recipient_kind=Notification.RecipientKind.APPLICANT,
        topic=Topic.OVERDUE,
        channel=Notification.Channel.SMS,
        address="0912000999",
        subject="Hồ sơ quá hạn",
        body="Hồ sơ của ông/bà đã quá hạn.",
    )

    class Refusing(channels.Channel):
        def send(self, message):
            raise channels.PermanentDeliveryError("number refused")

    channels.register_channel("sms", Refusing())
    try:
        assert send_notification.call(notice.pk) == "failed"
    finally:
        channels.unregister_channel("sms")
    assert any(f"Notification {notice.pk}" in record.getMessage() for record in caplog.records)
    assert "0912000999" not in everything_logged(caplog)


def test_the_error_page_hides_every_signing_secret(settings):
    """Django's debug page and error reports list the settings: the token's PIN and the per-agency PINs and
    passphrases are never among what they show (motcua.core.debug_filter)."""
    from django.views.debug import get_exception_reporter_filter

    settings.SIGNING_PKCS11_PIN = "246810"
    settings.SIGNING_PASSPHRASE = "mat-khau-p12"
    settings.SIGNING_AGENCIES = {
        "000.00.87.H26": {"pkcs11": "pkcs11:token=UBND;object=ky-so", "pin": "135790"},
        "000.01.87.H26": {"pkcs12": "/etc/motcua/ca.p12", "passphrase": "mat-khau-ca"},
    }
    shown = repr(get_exception_reporter_filter(None).get_safe_settings())
    for secret in ("246810", "mat-khau-p12", "135790", "mat-khau-ca"):
        assert secret not in shown
    assert "/etc/motcua/ca.p12" in shown  # a path is not a secret: the page still helps
