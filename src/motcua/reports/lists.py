"""The inspection lists (danh sách phục vụ kiểm tra): dossiers overdue now, dossiers decided late in a period with
the apology letter (Mẫu 04) if one was sent, and dossiers returned for supplement or refused, with the reasons.

Each list is one query over the agencies of the report (the same attribution as form II.06a: the dossier's
competent or receiving agency); the pages and the exports page or stream it, nothing loops over all dossiers.
"""

import datetime
from collections.abc import Collection

from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone

from motcua.dossiers import apology
from motcua.dossiers.models import OPEN_STATES, Dossier, DossierEvent, State
from motcua.dossiers.queues import overdue_condition
from motcua.reports import ii06a

# Sent back to the applicant: for completion (at intake, or after appraisal) or refused (at intake, or after it).
RETURN_KINDS = (
    DossierEvent.Kind.INTAKE_SUPPLEMENT,
    DossierEvent.Kind.SUPPLEMENT_REQUESTED,
    DossierEvent.Kind.INTAKE_REFUSED,
    DossierEvent.Kind.REFUSED,
)
RELATED = ("version__procedure", "competent_agency", "receiving_agency")


def overdue_condition_by_legal_due(now: datetime.datetime) -> Q:
    """Overdue at `now` for an inspection, over dossiers annotated with `legal_due` (ii06a.legal_due): the desk's
    check of an online submission and a correction as the work queues judge them (queues.overdue_condition), and an
    accepted, undecided dossier past its LEGAL due instant — before any extension, as column 13 of form II.06a judges
    it; never one waiting for a supplement (ii06a.WAITING_FOR_SUPPLEMENT_WITHIN_TIME).

    The desk's own overdue queue keeps the current due date (an extended dossier is worked to its new appointment);
    this list is what an inspector counts, so it follows the form (docs/reports.md)."""
    resolving = Q(state__in=OPEN_STATES)
    return (overdue_condition(now) & ~resolving) | (resolving & Q(legal_due__lt=now))


def overdue_now(agency_ids: Collection[int], now: datetime.datetime | None = None) -> QuerySet:
    """Dossiers overdue at `now` (overdue_condition_by_legal_due), the longest overdue first, each with `missed_at`:
    the deadline it missed (the desk's check, the correction, or the legal due instant of the resolution), and the
    apology annotations of `resolved_late`."""
    now = now or timezone.now()
    missed = Case(
        When(state=State.SUBMITTED, then="intake_due_at"),
        When(state=State.CORRECTION, then="correction_due_at"),
        default="legal_due",
    )
    dossiers = Dossier.objects.filter(ii06a.of_agencies(agency_ids)).annotate(legal_due=ii06a.legal_due())
    return (
        apology.annotate(dossiers)
        .filter(overdue_condition_by_legal_due(now))
        .annotate(missed_at=missed)
        .select_related(*RELATED)
        .order_by("missed_at", "pk")
    )


def resolved_late(
    agency_ids: Collection[int], start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None
) -> QuerySet:
    """Dossiers decided late in the period (column 10 of II.06a), each with `apology_at`: when the apology letter and
    new appointment (Mẫu 04) was issued, or None, and `apology_late`: issued after the day Decree 118 Art. 19.6
    allows. `apology.standing(d.apology_at, d.apology_late)` tells the three cases apart (motcua.dossiers.apology)."""
    return (
        apology.annotate(ii06a.dossiers_for("resolved_late", agency_ids, start, end, now=now))
        .select_related(*RELATED)
        .order_by("resolved_at", "pk")
    )


def returns(agency_ids: Collection[int], start: datetime.date, end: datetime.date) -> QuerySet:
    """The events that sent a dossier back in the period (for supplement, or refused), with their dossiers."""
    period = ii06a.Period.of(start, end)
    return (
        DossierEvent.objects.filter(
            kind__in=RETURN_KINDS,
            at__gte=period.start_at,
            at__lt=period.end_at,
            dossier__in=Dossier.objects.filter(ii06a.of_agencies(agency_ids)),
        )
        .select_related(*(f"dossier__{name}" for name in RELATED), "actor")
        .order_by("at", "pk")
    )


def reason_of(event: DossierEvent) -> str:
    """What the applicant was told: the missing items and the reason of Mẫu 02, or the reason of Mẫu 03."""
    details = event.details or {}
    parts = []
    if details.get("items"):
        parts.append("; ".join(details["items"]))
    if details.get("reason"):
        parts.append(details["reason"])
    return " – ".join(parts) or event.note
