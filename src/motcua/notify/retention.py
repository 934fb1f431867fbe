"""The outbox's retention (thời hạn lưu giữ thông báo): a sent or failed notice names its recipient and their
dossier, and is kept RETENTION_OUTBOX_DAYS after it was made, as the record that the applicant was told; pending
notices are never purged (motcua.core.retention)."""

import datetime

from motcua.notify.models import Notification


def purge_outbox(cutoff: datetime.datetime) -> int:
    done = (Notification.Status.SENT, Notification.Status.FAILED)
    _, deleted = Notification.objects.filter(status__in=done, created_at__lt=cutoff).delete()
    return deleted.get(Notification._meta.label, 0)
