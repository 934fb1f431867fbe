"""Dossier codes (mã số hồ sơ, Decree 118/2025 Art. 28; string of Circular 01/2018 Art. 19):
`<electronic identifier of the competent agency>-YYMMDD-NNNN`, numbered from 0001 each day for each agency.

The number is taken by an UPDATE of the day's counter row inside the intake transaction: the row stays locked
until that transaction ends, so two intakes at once get consecutive numbers, and a rolled-back intake gives its
number back — the sequence has no gaps and no duplicates.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from motcua.dossiers.models import CodeSequence
from motcua.orgs.models import Agency


def allocate_code(agency: Agency, received_at: datetime.datetime) -> str:
    """The next code of `agency` on the local date of `received_at`; call inside the intake transaction."""
    if not agency.electronic_id:
        raise ValidationError(
            gettext("Cơ quan %(agency)s chưa có mã định danh điện tử nên chưa cấp được mã hồ sơ.") % {"agency": agency}
        )
    day = timezone.localdate(received_at)
    counter = CodeSequence.objects.filter(agency=agency, day=day)
    if not counter.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():  # a savepoint: another intake may create the day's row first
                CodeSequence.objects.create(agency=agency, day=day, last_number=1)
        except IntegrityError:
            counter.update(last_number=F("last_number") + 1)
    number = counter.values_list("last_number", flat=True).get()
    return f"{agency.electronic_id}-{day:%y%m%d}-{number:04d}"
