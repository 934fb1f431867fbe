"""One-time codes (mã xác minh) that prove a person receives mail or texts at an address.

Rules: six random digits; only a keyed hash is stored; valid for CODE_MINUTES; MAX_ATTEMPTS wrong tries spend the
code; a new code for the same request may be sent after RESEND_SECONDS, at most MAX_SENDS times; one address gets at
most MAX_REQUESTS_PER_HOUR new requests an hour (counted atomically by motcua.core.rate_limit, so parallel requests
cannot slip past). Delivery goes
through the notification channels (settings.ACCOUNT_CODE_SENDER, motcua.notify.codes.send_code), named by path
because notify sits above accounts.
"""

import datetime
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from motcua.accounts.models import VerificationCode
from motcua.core import rate_limit

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
MAX_SENDS = 5
# New requests for one address within an hour: keeps a stranger from flooding somebody's phone or mailbox.
MAX_REQUESTS_PER_HOUR = 5


class DeliveryFailed(Exception):
    """The channel did not accept the message; the person may ask again."""


class TooManyRequests(Exception):
    """This address was sent too many codes in the last hour."""


@dataclass(frozen=True)
class CheckResult:
    accepted: bool
    spent: bool = False  # expired, used, or too many wrong tries: a new code is needed


def _hash(row_id: int, code: str) -> str:
    return salted_hmac("motcua.accounts.verification", f"{row_id}:{code}", algorithm="sha256").hexdigest()


def _deliver(row: VerificationCode, code: str) -> None:
    send = import_string(settings.ACCOUNT_CODE_SENDER)
    purpose = str(VerificationCode.Purpose(row.purpose).label)
    if not send(row.channel, row.address, code=code, purpose=purpose, minutes=CODE_MINUTES, user=row.user):
        raise DeliveryFailed(row.address)


def _new_code(row: VerificationCode) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    row.code_hash = _hash(row.pk, code)
    return code


def issue(
    purpose: str, channel: str, address: str, *, user=None, payload: dict | None = None, send: bool = True
) -> VerificationCode:
    """Make a code for `address` and send it. Raises DeliveryFailed (the row stays, spent) when sending fails, and
    TooManyRequests when the address had its share for the hour.

    With send=False the request is counted and answered like any other but nothing goes out: for an address with no
    account, so that neither the page nor the hourly limit tells a stranger whether the account exists."""
    now = timezone.now()
    if not rate_limit.hit("code-requests", address, limit=MAX_REQUESTS_PER_HOUR, window=datetime.timedelta(hours=1)):
        raise TooManyRequests(address)
    with transaction.atomic():
        row = VerificationCode.objects.create(
            purpose=purpose,
            channel=channel,
            address=address,
            user=user,
            payload={**(payload or {}), **({} if send else {"silent": True})},
            code_hash="",
            expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
            last_sent_at=now,
        )
        code = _new_code(row)
        row.save(update_fields=["code_hash"])
    if not send:
        return row
    try:
        _deliver(row, code)
    except DeliveryFailed:
        VerificationCode.objects.filter(pk=row.pk).update(used_at=now)
        raise
    return row


def resend_wait(row: VerificationCode, now: datetime.datetime | None = None) -> int:
    """Seconds before another code may be sent for this request (0: now); -1 when no more may be sent."""
    if row.sends >= MAX_SENDS or row.used_at is not None:
        return -1
    elapsed = ((now or timezone.now()) - row.last_sent_at).total_seconds()
    return max(0, int(RESEND_SECONDS - elapsed + 0.999))


def resend(row: VerificationCode) -> VerificationCode:
    """A fresh code for the same request (the old one stops working), once the cool-down is over."""
    with transaction.atomic():
        row = VerificationCode.objects.select_for_update().get(pk=row.pk)
        now = timezone.now()
        if resend_wait(row, now) != 0:
            return row
        code = _new_code(row)
        row.attempts, row.sends, row.last_sent_at = 0, row.sends + 1, now
        row.expires_at = now + datetime.timedelta(minutes=CODE_MINUTES)
        row.save(update_fields=["code_hash", "attempts", "sends", "last_sent_at", "expires_at"])
    if not row.payload.get("silent"):
        _deliver(row, code)
    return row


def check(row: VerificationCode, code: str) -> CheckResult:
    """Compare a typed code; a right one is marked used, so it works once."""
    with transaction.atomic():
        row = VerificationCode.objects.select_for_update().get(pk=row.pk)
        now = timezone.now()
        if row.used_at is not None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
            return CheckResult(False, spent=True)
        if hmac.compare_digest(row.code_hash, _hash(row.pk, code)):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return CheckResult(True)
        row.attempts += 1
        row.save(update_fields=["attempts"])
        return CheckResult(False, spent=row.attempts >= MAX_ATTEMPTS)
