"""Sending the outbox (django.tasks): one task per notice, retried with backoff, ending sent or visibly failed.

Retry policy: an attempt that raises is tried again after NOTIFY_RETRY_SECONDS × 4^(n−1) (1, 4, 16, 64, 256
minutes with the defaults), up to NOTIFY_MAX_ATTEMPTS attempts; then the notice is `failed` with its last error.
A `PermanentDeliveryError` fails it at once. While an attempt runs the notice is leased (next_attempt_at moves
LEASE ahead), so a crashed worker's notice is found again by `requeue_stalled` (run by `motcua run_periodic`) and
sent later rather than lost; a duplicate task finds the notice sent, failed or not yet due and does nothing.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from motcua.notify.channels import Message, PermanentDeliveryError, get_channel
from motcua.notify.models import Notification
from motcua.notify.services import enqueue

logger = logging.getLogger(__name__)

Status = Notification.Status
LEASE = datetime.timedelta(minutes=15)
# A pending notice this late past its due attempt has lost its task (a crash between commit and enqueue).
STALLED_AFTER = datetime.timedelta(minutes=15)
ERROR_LIMIT = 2000


def backoff(attempt: int) -> datetime.timedelta:
    """The wait after failed attempt number `attempt` (1-based)."""
    return datetime.timedelta(seconds=settings.NOTIFY_RETRY_SECONDS * 4 ** (attempt - 1))


def _claim(notification_id: int, now: datetime.datetime) -> Notification | None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Status.PENDING:
            return None  # already sent or failed: a duplicate task
        if notification.next_attempt_at and notification.next_attempt_at > now:
            return None  # an early duplicate: the retry scheduled for later will run it
        notification.attempts += 1
        notification.next_attempt_at = now + LEASE
        notification.save(update_fields=["attempts", "next_attempt_at"])
    return notification


@task
def send_notification(notification_id: int) -> str:
    now = timezone.now()
    notification = _claim(notification_id, now)
    if notification is None:
        return "skipped"
    message = Message(notification.pk, notification.address, notification.subject, notification.body)
    try:
        get_channel(notification.channel).send(message)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
        final = isinstance(exc, PermanentDeliveryError) or notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        with transaction.atomic():
            notification.last_error = error
            if final:
                notification.status, notification.next_attempt_at = Status.FAILED, None
            else:
                notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
                retry_at = notification.next_attempt_at
                transaction.on_commit(lambda: enqueue(notification.pk, run_after=retry_at))
            notification.save(update_fields=["status", "last_error", "next_attempt_at"])
        if final:
            # The outbox row holds the address; the log line names the row only (no personal data in logs).
            logger.error(
                "Notification %s (%s) failed after %s attempt(s): %s",
                notification.pk,
                notification.channel,
                notification.attempts,
                error,
            )
            return "failed"
        logger.warning("Notification %s attempt %s failed, retrying: %s", notification.pk, notification.attempts, error)
        return "retrying"
    notification.status, notification.sent_at, notification.next_attempt_at = Status.SENT, timezone.now(), None
    notification.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return "sent"


def requeue_stalled(now: datetime.datetime | None = None) -> int:
    """Enqueue again the pending notices whose attempt is long overdue (their task was lost)."""
    now = now or timezone.now()
    stalled = Notification.objects.filter(status=Status.PENDING, next_attempt_at__lt=now - STALLED_AFTER)
    count = 0
    for pk in stalled.values_list("pk", flat=True).iterator():
        enqueue(pk)
        count += 1
    if count:
        logger.warning("Enqueued %s stalled notification(s) again.", count)
    return count


@task
def requeue_stalled_notifications() -> int:
    return requeue_stalled()


def retry_failed(ids: list[int] | None = None) -> int:
    """Give failed notices a fresh round of attempts (after fixing an address or the gateway)."""
    failed = Notification.objects.filter(status=Status.FAILED)
    if ids:
        failed = failed.filter(pk__in=ids)
    now = timezone.now()
    pks = list(failed.values_list("pk", flat=True))
    with transaction.atomic():
        Notification.objects.filter(pk__in=pks).update(status=Status.PENDING, attempts=0, next_attempt_at=now)
        for pk in pks:
            transaction.on_commit(lambda pk=pk: enqueue(pk))
    return len(pks)
