"""Retention of one-time codes (mã xác minh): a code's row names the address it was sent to and, until used, the
sign-up's name; it is kept RETENTION_VERIFICATION_CODE_DAYS after it expired, long enough to count the requests of
an address against its hourly limit and to answer "I never got a code" (motcua.core.retention)."""

import datetime

from motcua.accounts.models import VerificationCode


def purge_codes(cutoff: datetime.datetime) -> int:
    _, deleted = VerificationCode.objects.filter(expires_at__lt=cutoff).delete()
    return deleted.get(VerificationCode._meta.label, 0)
