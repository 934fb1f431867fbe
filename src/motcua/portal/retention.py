"""Retention of online drafts (hồ sơ nháp): a draft not saved for RETENTION_DRAFT_DAYS is deleted with its files
(motcua.core.retention); the applicant was never told it was filed, so nothing of it is a record."""

import datetime

from motcua.portal.drafts import discard
from motcua.portal.models import Draft


def purge_drafts(cutoff: datetime.datetime) -> int:
    stale = list(Draft.objects.filter(updated_at__lt=cutoff))
    for draft in stale:
        discard(draft)
    return len(stale)
