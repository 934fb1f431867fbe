"""Notification channels behind one interface, chosen by name from settings.NOTIFY_CHANNELS.

A channel delivers one message or raises: `PermanentDeliveryError` when retrying cannot help (no such mailbox,
a malformed number), any other exception when it may (server down, timeout); the send task retries the latter
with backoff. E-mail goes through Django's mail API (the MAILERS setting). SMS is a plugin: subclass `SMSGateway`,
implement `send_sms`, and name the class in MOTCUA_SMS_BACKEND (docs/notifications.md). The default gateway,
`LoggingSMS`, only writes each message to the `motcua.sms` logger.

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


class PermanentDeliveryError(Exception):
    """The message can never be delivered as addressed: the notice fails at once, without retries."""


@dataclass(frozen=True)
class Message:
    notification_id: int  # lets a gateway drop a message it has already accepted (idempotency key)
    address: str
    subject: str
    body: str


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

    `url` is MOTCUA_SMS_URL (the gateway's address with its credentials, as the plugin documents it)."""

    def __init__(self, url: str = ""):
        self.url = url

    def send(self, message: Message) -> None:
        self.send_sms(message.address, message.body, reference=str(message.notification_id))

    def send_sms(self, phone: str, text: str, *, reference: str) -> None:
        raise NotImplementedError


class LoggingSMS(SMSGateway):
    """Writes the message to the `motcua.sms` log instead of sending it (development, or no gateway yet)."""

    def send_sms(self, phone: str, text: str, *, reference: str) -> None:
        sms_log.info("SMS #%s to %s: %s", reference, phone, text)


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
