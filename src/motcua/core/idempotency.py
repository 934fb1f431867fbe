"""Writes that can be retried (khóa chống lặp, the `Idempotency-Key` of an API write): the store.

A caller that lost the answer to a write (a timeout, a restart of the database between the commit and the response)
sends it again with the same key and must not create a second dossier or document. The first answer is saved with
the key in the SAME transaction as the write: if the write is rolled back, so is the key, and the retry does the
work; if it committed, the retry gets the saved answer. `claim()` inserts the key first, so a concurrent retry with
the same key waits on the unique constraint until the first one ends (PostgreSQL), then reads its answer.

Keys expire after settings.IDEMPOTENCY_KEY_HOURS; the periodic job purge_idempotency_keys deletes them.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from motcua.core.models import IdempotencyRecord

# The status of a claimed key whose answer is not saved yet; only its own (uncommitted) transaction ever sees it.
PENDING = 0


def caller_id(identity: str) -> str:
    """A keyed hash of who sends the key (a user, an API key): the table holds no credential in clear."""
    return salted_hmac("motcua.core.idempotency", identity, algorithm="sha256").hexdigest()


def fingerprint(parts: Iterable[bytes]) -> str:
    """A hash of a request's parts (method, path, body…), each length-prefixed so that no two splits collide."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def claim(caller: str, key: str, request_hash: str) -> tuple[IdempotencyRecord, bool]:
    """Within the write's transaction: (the record of the key, True) when this request is the first to use it, or
    (the record saved by the earlier request, False). An expired key counts as unused."""
    now = timezone.now()
    IdempotencyRecord.objects.filter(caller=caller, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                caller=caller,
                key=key,
                fingerprint=request_hash,
                status=PENDING,
                content_type="",
                body=b"",
                expires_at=now + lifetime(),
            )
    except IntegrityError:
        return IdempotencyRecord.objects.get(caller=caller, key=key), False
    return record, True


def save_answer(record: IdempotencyRecord, status: int, content_type: str, body: bytes) -> None:
    record.status, record.content_type, record.body = status, content_type, body
    record.save(update_fields=["status", "content_type", "body"])


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete the keys past their lifetime; how many."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
