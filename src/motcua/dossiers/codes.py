"""Dossier codes (mã số hồ sơ, Decree 118/2025 Art. 28; string of Circular 01/2018 Art. 19):
`<electronic identifier of the competent agency>-YYMMDD-NNNN`, numbered from 0001 each day for each agency.

The number is taken by one upsert of the day's counter row inside the intake transaction (INSERT … ON CONFLICT DO
UPDATE … RETURNING, which PostgreSQL and SQLite both speak): the row stays locked until that transaction ends, so
two intakes at once get consecutive numbers, and a rolled-back intake gives its number back — the sequence has no
gaps and no duplicates.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from motcua.dossiers.models import CodeSequence
from motcua.orgs.models import Agency


def _next_number_sql() -> str:
    """The statement, from the model's own table and column names (nothing in it comes from input)."""
    meta, quote = CodeSequence._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    agency, day, last = (quote(meta.get_field(name).column) for name in ("agency", "day", "last_number"))
    # The conflict target is the (agency, day) unique constraint; the UPDATE branch takes the row lock that a
    # concurrent intake of the same agency and day waits on.
    return (
        f"INSERT INTO {table} ({agency}, {day}, {last}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({agency}, {day}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )


def allocate_code(agency: Agency, received_at: datetime.datetime) -> str:
    """The next code of `agency` on the local date of `received_at`; call inside the intake transaction."""
    if not agency.electronic_id:
        raise ValidationError(
            gettext("Cơ quan %(agency)s chưa có mã định danh điện tử nên chưa cấp được mã hồ sơ.") % {"agency": agency}
        )
    day = timezone.localdate(received_at)
    with connection.cursor() as cursor:
        cursor.execute(_next_number_sql(), [agency.pk, connection.ops.adapt_datefield_value(day)])
        (number,) = cursor.fetchone()
    return f"{agency.electronic_id}-{day:%y%m%d}-{number:04d}"
