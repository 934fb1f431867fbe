"""Notification channels behind one interface, chosen by name from settings.NOTIFY_CHANNELS.

A channel delivers one message or raises: `PermanentDeliveryError` when retrying cannot help (no such mailbox,
a malformed number), any other exception when it may (server down, timeout); the send task retries the latter
with backoff. E-mail goes through Django's mail API (the MAILERS setting). SMS is a plugin: subclass `SMSGateway`,
implement `send_sms`, and name the class in MOTCUA_SMS_BACKEND (docs/notifications.md). Development's gateway,
`LoggingSMS`, only writes each message to the `motcua.sms` logger, its secrets (one-time codes) masked; tests read
texts from `MemorySMS`; `NoSMS` is for a deployment without a gateway. A gateway that delivers nothing
(`delivers = False`) is refused in production (`check_production_gateway`, run at start by motcua.notify.apps).

`register_channel` replaces a channel at run time (a plugin, or a test's own channel); otherwise the class named in
the settings is built once per process.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

sms_log = logging.getLogger("motcua.sms")

MASK = "••••••"


class PermanentDeliveryError(Exception):
    """The message can never be delivered as addressed: the notice fails at once, without retries."""


@dataclass(frozen=True)
class Message:
    notification_id: int  # lets a gateway drop a message it has already accepted (idempotency key)
    address: str
    subject: str
    body: str
    # Parts of the body that must reach the person and nobody else (a one-time code): never logged or stored.
    secrets: tuple[str, ...] = ()

    def masked(self, text: str) -> str:
        """`text` with each of this message's secrets replaced by a mask."""
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


class Channel:
    """One way to reach a person. Subclasses implement `send`; it returns when the message is accepted."""

    def send(self, message: Message) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    """E-mail through Django's default mailer (SMTP in production, the console in development)."""

    mailer = "default"

    def send(self, message: Message) -> None:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            headers={"X-MotCua-Notification": str(message.notification_id)},
        )
        email.send(using=self.mailer)


class SMSGateway(Channel):
    """The SMS plugin interface: one text to one Vietnamese mobile number.

    `url` is MOTCUA_SMS_URL (the gateway's address with its credentials, as the plugin documents it).
    `delivers` is False for a gateway that only pretends (a log, memory): production refuses to start with it."""

    delivers = True

    def __init__(self, url: str = ""):
        self.url = url

    def send(self, message: Message) -> None:
        self.send_sms(message.address, message.body, reference=str(message.notification_id))

    def send_sms(self, phone: str, text: str, *, reference: str) -> None:
        raise NotImplementedError


class LoggingSMS(SMSGateway):
    """Writes the message to the `motcua.sms` log instead of sending it, secrets masked (development only).

    A code read from a log once took over an account: a log is read by more people than the phone's owner."""

    delivers = False

    def send(self, message: Message) -> None:
        self.send_sms(message.address, message.masked(message.body), reference=str(message.notification_id))

    def send_sms(self, phone: str, text: str, *, reference: str) -> None:
        sms_log.info("SMS #%s to %s: %s", reference, phone, text)


class MemorySMS(SMSGateway):
    """Keeps every message, whole, in `MemorySMS.outbox` of this process: the tests' gateway (like Django's
    in-memory mail outbox), so a test can read a texted code without any log holding it."""

    delivers = False
    outbox: list[Message] = []

    def send(self, message: Message) -> None:
        self.outbox.append(message)


class NoSMS(SMSGateway):
    """For a deployment without an SMS gateway: every text fails at once, visibly (outbox, `motcua notifications
    --failed`), and a person waiting for a code is told it could not be sent."""

    def send_sms(self, phone: str, text: str, *, reference: str) -> None:
        raise PermanentDeliveryError("Chưa cấu hình cổng gửi tin nhắn SMS (MOTCUA_SMS_BACKEND).")


def check_production_gateway() -> None:
    """Refuse to start in production with an SMS gateway that delivers nothing (docs/security.md, "Secrets"):
    texts, codes included, would never reach anybody, and a log-only gateway was the way codes leaked."""
    if not settings.PRODUCTION:
        return
    path = settings.NOTIFY_CHANNELS.get("sms", "")
    if path and not getattr(import_string(path), "delivers", True):
        raise ImproperlyConfigured(
            f"MOTCUA_SMS_BACKEND={path} does not deliver texts and is refused when MOTCUA_ENV=production: "
            "name your SMS gateway's class, or motcua.notify.channels.NoSMS where there is none."
        )


_registered: dict[str, Channel] = {}
_built: dict[tuple[str, str], Channel] = {}


def register_channel(name: str, channel: Channel) -> None:
    """Use `channel` for `name` in this process, instead of the class named in the settings."""
    _registered[name] = channel


def unregister_channel(name: str) -> None:
    _registered.pop(name, None)


def get_channel(name: str) -> Channel:
    if name in _registered:
        return _registered[name]
    path = settings.NOTIFY_CHANNELS.get(name)
    if not path:
        raise ImproperlyConfigured(f"No notification channel is configured under the name {name!r}.")
    key = (name, path)
    if key not in _built:
        cls = import_string(path)
        _built[key] = cls(url=settings.SMS_URL) if issubclass(cls, SMSGateway) else cls()
    return _built[key]
