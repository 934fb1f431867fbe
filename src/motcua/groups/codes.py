"""The group's reference (mã tra cứu nhóm): `LT` + yymmdd + `-` + 6 random characters, e.g. `LT261207-K7QX4M`.

The same unambiguous alphabet and length as a dossier's reference (motcua.dossiers.codes), with its own prefix
("liên thông"), so the two are never confused and neither can be guessed from a neighbour's.
"""

import datetime
import secrets

from django.utils import timezone

from motcua.dossiers.codes import REFERENCE_ALPHABET, REFERENCE_ATTEMPTS, REFERENCE_RANDOM
from motcua.groups.models import DossierGroup

PREFIX = "LT"


def allocate_group_reference(at: datetime.datetime) -> str:
    day = timezone.localdate(at)
    for _attempt in range(REFERENCE_ATTEMPTS):
        tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_RANDOM))
        candidate = f"{PREFIX}{day:%y%m%d}-{tail}"
        if not DossierGroup.objects.filter(reference=candidate).exists():
            return candidate
    raise RuntimeError("no free group reference after several draws")  # pragma: no cover - 1 in 10^40


def normalise_group_reference(text: str) -> str:
    """What an applicant typed, as stored: upper case, spaces dropped, the hyphen restored when left out."""
    text = "".join((text or "").split()).upper()
    if len(text) == len(PREFIX) + 6 + REFERENCE_RANDOM and text.startswith(PREFIX):
        text = f"{text[:8]}-{text[8:]}"
    return text
