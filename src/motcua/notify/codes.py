"""One-time codes for accounts (mã xác minh), sent at once through the same channels as every notice.

A code is useful for minutes only, so it is not queued for a background retry: the person waiting on the page is told
at once when a channel fails, and asks for a new code. The outbox still gets its row (who, where, when, sent or
failed and why) but with the code blanked out, so the outbox never holds a usable secret; the channel gets the code
as the message's secret, so a gateway that logs (development's) masks it too.

Accounts reach this function through settings.ACCOUNT_CODE_SENDER (accounts sits below notify and does not import it).
"""

import logging

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from motcua.notify.channels import MASK, Message, get_channel
from motcua.notify.models import Notification, Topic
from motcua.notify.services import render

logger = logging.getLogger(__name__)


def send_code(channel: str, address: str, *, code: str, purpose: str, minutes: int, user=None) -> bool:
    """Send `code` to `address` on `channel` ("email" or "sms"); True when the channel accepted it.

    `purpose` is what the code is for, in words (e.g. "Đăng ký tài khoản"); `minutes` how long it stays valid."""
    context = {"code": code, "purpose": purpose, "minutes": minutes}
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Mã xác minh tài khoản MotCua: %(purpose)s") % {"purpose": purpose}
        body = render("account_code", channel, context)
        masked = render("account_code", channel, {**context, "code": MASK})
    notification = Notification.objects.create(
        recipient_kind=Notification.RecipientKind.APPLICANT,
        user=user if getattr(user, "pk", None) else None,
        topic=Topic.ACCOUNT_CODE,
        channel=channel,
        address=address,
        subject=subject[:255],
        body=masked,
        attempts=1,
    )
    try:
        get_channel(channel).send(Message(notification.pk, address, notification.subject, body, secrets=(code,)))
    except Exception as exc:
        # A gateway's error may quote the text it refused: the code is masked there too. The outbox row names the
        # address; the log line does not (personal data).
        error = f"{type(exc).__name__}: {exc}".replace(code, MASK)
        logger.warning("Account code %s by %s failed: %s", notification.pk, channel, error)
        notification.status, notification.last_error = Notification.Status.FAILED, error
        notification.save(update_fields=["status", "last_error"])
        return False
    notification.status, notification.sent_at = Notification.Status.SENT, timezone.now()
    notification.save(update_fields=["status", "sent_at"])
    return True
