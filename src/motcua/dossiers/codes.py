"""Dossier codes (mã số hồ sơ, Decree 118/2025 Art. 28; string of Circular 01/2018 Art. 19):
`<electronic identifier of the competent agency>-YYMMDD-NNNN`, numbered from 0001 each day for each agency.

The number is taken by one upsert of the day's counter row inside the intake transaction (INSERT … ON CONFLICT DO
UPDATE … RETURNING, which PostgreSQL and SQLite both speak): the row stays locked until that transaction ends, so
two intakes at once get consecutive numbers, and a rolled-back intake gives its number back — the sequence has no
gaps and no duplicates.

The tracking reference (mã tra cứu, `allocate_reference`) is another thing: given to every dossier the moment it
exists (online submission or the desk's first decision), random rather than numbered, for the applicant to follow
the dossier before it has a legal code (docs/dossiers.md).
"""

import datetime
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from motcua.dossiers.models import CodeSequence, Dossier
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


# -- the reference given at submission (mã tra cứu) ----------------------------------------------------------------

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a reference read over the phone or typed from a photo of the receipt survives.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
REFERENCE_PREFIX = "TN"  # "tra cứu nộp": never confused with a legal code, which starts with an agency identifier
REFERENCE_RANDOM = 6
REFERENCE_ATTEMPTS = 8


def _reference_candidate(day: datetime.date) -> str:
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_RANDOM))
    return f"{REFERENCE_PREFIX}{day:%y%m%d}-{tail}"


def allocate_reference(at: datetime.datetime) -> str:
    """A fresh tracking reference (mã tra cứu) for a dossier submitted at `at`: `TN` + yymmdd + `-` + 6 random
    characters of an unambiguous alphabet, e.g. `TN261207-K7QX4M`.

    Given at once, online or at the desk, so an applicant can follow a dossier before (or without) its legal code.
    It holds no personal data and no counter: 25⁶ ≈ 244 million possibilities a day, so it cannot be guessed from
    a neighbour's. Unique: a candidate already taken (about one chance in 17,000 with 14,000 dossiers a day) is
    drawn again; the column's unique constraint is the last word if two intakes drew the same one at once.
    """
    day = timezone.localdate(at)
    for _attempt in range(REFERENCE_ATTEMPTS):
        candidate = _reference_candidate(day)
        if not Dossier.objects.filter(reference=candidate).exists():
            return candidate
    raise RuntimeError("no free dossier reference after several draws")  # pragma: no cover - 1 in 10^40


def normalise_reference(text: str) -> str:
    """What an applicant typed, as stored: upper case, spaces dropped, the hyphen restored when left out."""
    text = "".join((text or "").split()).upper()
    if len(text) == len(REFERENCE_PREFIX) + 6 + REFERENCE_RANDOM and text.startswith(REFERENCE_PREFIX):
        text = f"{text[:8]}-{text[8:]}"
    return text


def looks_like_reference(text: str) -> bool:
    """Whether a normalised text has the shape of a reference (for a search box that takes codes too)."""
    return bool(_REFERENCE_SHAPE.fullmatch(text or ""))


_REFERENCE_SHAPE = re.compile(rf"{REFERENCE_PREFIX}\d{{6}}-[{REFERENCE_ALPHABET}]{{{REFERENCE_RANDOM}}}")
