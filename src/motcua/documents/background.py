"""Heavy documents made in the background (tài liệu tạo trong nền), with their progress.

Laying out a long document takes longer than a page may (a commune's 157-page posting sheet: tens of seconds cold;
a tracking book of many months: more). So a view asks `request(...)` for it, which records a BackgroundDocument and
enqueues `produce` (django.tasks, run by `motcua db_worker`); the view redirects to a status page that shows the
steps done and, once the file is stored, the download link. Each kind of document registers a Producer: how many
steps it takes, how to make the file (reporting each step) and who may download it — the same rule as the page
that offered it.

Requests for the same file share one row while it is waiting, running, or finished and fresh (`reuse_seconds`), so
repeated clicks, or many visitors of a public page, never make the worker lay it out again. The files are deleted
after settings.BACKGROUND_DOCUMENT_HOURS (`remove_expired`, a periodic job).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.documents.models import BackgroundDocument

Status = BackgroundDocument.Status
Progress = Callable[[int, str], None]  # (steps done, what is being done now)


@dataclass(frozen=True)
class Made:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class Producer:
    kind: str
    steps: Callable[[dict], int]
    make: Callable[[dict, Progress], Made]
    # May `user` (None when anonymous) download a document made with these parameters?
    may_download: Callable[[object, dict], bool]
    personal: bool = True
    reuse_seconds: int = 0


_producers: dict[str, Producer] = {}

# Unfinished documents one user may have at once: more waits for the first ones (a staff member cannot fill the
# worker's queue on their own).
MAX_UNFINISHED_PER_USER = 3


class TooManyRequests(Exception):
    pass


def register(producer: Producer) -> None:
    _producers[producer.kind] = producer


def producer_of(document: BackgroundDocument) -> Producer:
    return _producers[document.kind]


def request(kind: str, params: dict, *, title: str, user=None, reuse_key: str = "") -> BackgroundDocument:
    """The document of `kind` for `params`: a matching one still waiting, running, or done and fresh, else a new one
    queued for the worker. Raises TooManyRequests when `user` already waits for MAX_UNFINISHED_PER_USER others."""
    producer = _producers[kind]
    user = user if user is not None and user.is_authenticated else None
    reuse_key = f"{kind}:{reuse_key}:{user.pk if producer.personal and user else ''}"
    candidates = BackgroundDocument.objects.filter(reuse_key=reuse_key, params=params).order_by("-created_at")
    fresh_after = timezone.now() - datetime.timedelta(seconds=producer.reuse_seconds)
    for found in candidates[:5]:
        if found.status in (Status.PENDING, Status.RUNNING):
            return found
        if found.status == Status.DONE and found.file and found.finished_at >= fresh_after:
            return found
    if user is not None:
        unfinished = BackgroundDocument.objects.filter(requested_by=user, status__in=[Status.PENDING, Status.RUNNING])
        if unfinished.count() >= MAX_UNFINISHED_PER_USER:
            raise TooManyRequests(
                gettext("Bạn đang chờ %(count)s tài liệu; hãy đợi chúng xong rồi yêu cầu thêm.")
                % {"count": MAX_UNFINISHED_PER_USER}
            )
    document = BackgroundDocument.objects.create(
        kind=kind,
        params=params,
        reuse_key=reuse_key,
        title=title,
        requested_by=user,
        personal=producer.personal,
        steps_total=producer.steps(params),
        step_label=gettext("Đang chờ đến lượt"),
    )
    from motcua.documents.tasks import produce

    transaction.on_commit(lambda: produce.enqueue(document.pk))
    return document


def run(document_id: int) -> None:
    """Make the document (called by the task): each step is saved as it is reached, so the status page shows it."""
    document = BackgroundDocument.objects.filter(pk=document_id, status=Status.PENDING).first()
    if document is None:  # already made, or deleted
        return
    producer = producer_of(document)
    document.status = Status.RUNNING
    document.save(update_fields=["status"])

    def progress(done: int, label: str) -> None:
        document.steps_done, document.step_label = min(done, document.steps_total), label
        document.save(update_fields=["steps_done", "step_label"])

    try:
        made = producer.make(document.params, progress)
    except Exception as error:
        document.status, document.error, document.finished_at = Status.FAILED, str(error)[:2000], timezone.now()
        document.step_label = ""
        document.save(update_fields=["status", "error", "finished_at", "step_label"])
        raise
    document.file.save(made.filename, ContentFile(made.content), save=False)
    document.filename, document.content_type = made.filename, made.content_type
    document.status, document.steps_done, document.step_label = Status.DONE, document.steps_total, ""
    document.finished_at = timezone.now()
    document.save()


def may_see(document: BackgroundDocument, user) -> bool:
    """A personal document only to its requester, and only while the original page's rule still lets them."""
    user = user if user is not None and user.is_authenticated else None
    if document.personal and (user is None or document.requested_by_id != user.pk):
        return False
    return producer_of(document).may_download(user, document.params)


def expiry() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.BACKGROUND_DOCUMENT_HOURS)


def remove_expired(now: datetime.datetime | None = None) -> int:
    """Delete the documents (rows and files) older than the retention period; how many."""
    old = BackgroundDocument.objects.filter(created_at__lt=(now or timezone.now()) - expiry())
    count = 0
    for document in old.iterator():
        if document.file:
            document.file.delete(save=False)
        document.delete()
        count += 1
    return count
