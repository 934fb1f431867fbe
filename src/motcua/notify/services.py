"""Making notices: who gets them, by which channel, with which words; each one a row of the outbox, sent by a task.

Channels: an applicant is told on every channel the dossier (or, failing that, the applicant's account) has an
address for — e-mail and SMS; a staff member by e-mail, or by SMS when the account has no e-mail. An account's
ChannelPreference, when it has one, decides instead (only the channels it keeps, and only where an address exists).
Nobody with no usable address is notified; that is logged.

The texts are Django templates (templates/notify/email/*.txt and templates/notify/sms/*.txt), rendered in the
site's language (Vietnamese) whatever language the acting user's page is in.
"""

import contextlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks_db import DatabaseBackend

from motcua.notify.models import ChannelPreference, Notification

logger = logging.getLogger(__name__)

Channel = Notification.Channel
TRACKING_PATH = "/cong-dan/tra-cuu/"  # public tracking by dossier code (issue 6); the receipt's QR code leads here

_state = threading.local()


@contextlib.contextmanager
def muted():
    """No notices are made inside this block in this thread (loading demo or historical dossiers)."""
    _state.muted = getattr(_state, "muted", 0) + 1
    try:
        yield
    finally:
        _state.muted -= 1


def is_muted() -> bool:
    return getattr(_state, "muted", 0) > 0


@dataclass(frozen=True)
class Recipient:
    kind: str
    name: str
    email: str = ""
    phone: str = ""
    user: object = None


def applicant_of(dossier) -> Recipient:
    user = dossier.applicant_user
    return Recipient(
        kind=Notification.RecipientKind.APPLICANT,
        name=dossier.applicant_name,
        email=dossier.applicant_email or (user.email if user else ""),
        phone=dossier.applicant_phone or (user.phone if user else ""),
        user=user,
    )


def staff(user) -> Recipient:
    return Recipient(
        kind=Notification.RecipientKind.STAFF,
        name=user.get_full_name(),
        email=user.email,
        phone=user.phone,
        user=user,
    )


def channels_for(recipient: Recipient) -> list[tuple[str, str]]:
    """(channel, address) pairs the recipient is told through."""
    available = [(Channel.EMAIL, recipient.email.strip()), (Channel.SMS, recipient.phone.strip())]
    available = [(channel, address) for channel, address in available if address]
    preference = None
    if recipient.user is not None and recipient.user.pk is not None:
        preference = ChannelPreference.objects.filter(user=recipient.user).first()
    if preference is not None:
        wanted = {Channel.EMAIL: preference.email, Channel.SMS: preference.sms}
        return [(channel, address) for channel, address in available if wanted[channel]]
    if recipient.kind == Notification.RecipientKind.STAFF:
        return available[:1]
    return available


def local(moment) -> str:
    """A moment as people read it in Vietnam: 10:00 09/03/2026."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def local_date(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""


def tracking_url(dossier) -> str:
    if not dossier.code:
        return ""
    return f"{settings.SITE_URL}{TRACKING_PATH}?{urlencode({'ma': dossier.code})}"


def render(template: str, channel: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notify/{channel}/{template}.txt", context)
    # Templates are laid out for reading; the message keeps single blank lines between paragraphs.
    lines = [line.rstrip() for line in text.strip().splitlines()]
    compact: list[str] = []
    for line in lines:
        if line or (compact and compact[-1]):
            compact.append(line)
    return "\n".join(compact) if channel == Channel.EMAIL else " ".join(line for line in compact if line)


def notify(
    recipient: Recipient,
    *,
    template: str,
    subject: str,
    context: dict,
    topic: str,
    dossier=None,
    event=None,
    step=None,
    about_due_at=None,
    dedupe: str = "",
    new_key: bool = False,
) -> list[Notification]:
    """Put one notice per channel of the recipient in the outbox and have it sent once this transaction commits.

    `subject` is a (lazy) translatable text with %(name)s placeholders filled from `context`. With `dedupe`, a
    notice whose key (dedupe + channel) already exists is not made again; `new_key` says the key cannot exist yet
    (it names a row made in this very transaction), which spares the savepoint that a duplicate would need."""
    pairs = channels_for(recipient)
    if not pairs:
        # The kind of recipient, not the name: a log line carries no personal data.
        logger.info("No address to notify the %s about %s (dossier %s).", recipient.kind, topic, dossier)
        return []
    context = {"recipient": recipient, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject_text = str(subject) % context
    now = timezone.now()
    notices = [
        Notification(
            recipient_kind=recipient.kind,
            user=recipient.user if getattr(recipient.user, "pk", None) else None,
            dossier=dossier,
            event=event,
            step=step,
            topic=topic,
            about_due_at=about_due_at,
            channel=channel,
            address=address,
            subject=subject_text[:255],
            body=render(template, channel, {**context, "subject": subject_text}),
            next_attempt_at=now,
            dedupe_key=f"{dedupe}:{channel}" if dedupe else "",
        )
        for channel, address in pairs
    ]
    # All channels in one INSERT; a duplicate is refused by the unique dedupe_key (without a SELECT before every
    # insert), and only then is each notice tried on its own, in a savepoint, so the others are still made.
    try:
        with transaction.atomic(savepoint=not new_key):
            Notification.objects.bulk_create(notices)
    except IntegrityError:
        notices = [notice for notice in notices if _insert_unless_made(notice)]
    if notices:
        pks = [notice.pk for notice in notices]
        if tasks_in_database():
            # A send task is then a row of this same database: written now, it commits or rolls back with its
            # notice, in one commit rather than two.
            enqueue_all(pks)
        else:
            # Only the delivery waits for the commit. Should the enqueue fail (or the process stop first), the
            # pending notice is still in the outbox and requeue_stalled enqueues it later; the action stands.
            transaction.on_commit(lambda: enqueue_all(pks), robust=True)
    return notices


def tasks_in_database() -> bool:
    """Whether the send tasks are stored in the database (django-tasks-db, the default) rather than elsewhere."""
    from motcua.notify.tasks import send_notification

    return isinstance(send_notification.get_backend(), DatabaseBackend)


def _insert_unless_made(notice: Notification) -> bool:
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        if notice.dedupe_key and Notification.objects.filter(dedupe_key=notice.dedupe_key).exists():
            return False  # made before, or meanwhile by another process
        raise
    return True


def enqueue(notification_id: int, run_after=None) -> None:
    from motcua.notify.tasks import send_notification

    task = send_notification.using(run_after=run_after) if run_after else send_notification
    task.enqueue(notification_id)


def enqueue_all(notification_ids: list[int]) -> None:
    """One send task per notice, written in one transaction (one commit for all the notices of an action); inside
    the caller's transaction when there is one (no savepoint)."""
    with transaction.atomic(savepoint=False):
        for pk in notification_ids:
            enqueue(pk)


def notify_staff(users: Iterable, **kwargs) -> list[Notification]:
    made = []
    for user in users:
        dedupe = kwargs.get("dedupe", "")
        made += notify(staff(user), **{**kwargs, "dedupe": f"{dedupe}:u{user.pk}" if dedupe else ""})
    return made
