"""Inter-agency work (giải quyết liên thông, Decree 118/2025 Art. 20.2): the rules of the parts (phần việc) the lead
agency (cơ quan chủ trì — the dossier's competent agency) gives to participating agencies (cơ quan phối hợp).

Art. 20.2.a (paper): the agencies work one after another, each handed its part with a «Phiếu chuyển xử lý» that
names its task and its own deadline — a sequential batch here. Art. 20.2.b (electronic): the dossier goes to all of
them at once, each with its task and deadline — a parallel batch. Either way each part is its own record: a code
(the dossier's code and `-LTnn`), a deadline counted in working time from the instant it is sent on the
participating agency's own calendar, a receipt, a result file or a refusal, and lines of its own on the control
slip (Mẫu 06). The lead cannot submit the combined result for signature while a part is open.

This module holds the rules; motcua.dossiers.lifecycle does the actions (one transaction on the locked lead
dossier, an event in its history for each happening) and calls these helpers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from motcua.accounts import scope
from motcua.dossiers import permissions
from motcua.dossiers.models import Dossier, InteragencyPart
from motcua.orgs.models import Agency
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.durations import Duration

Status = InteragencyPart.Status
OPEN = (Status.WAITING, Status.SENT, Status.RECEIVED)
ACTIVE = (Status.SENT, Status.RECEIVED)  # handed over and not answered: what the participating agency works on


@dataclass(frozen=True)
class PartRequest:
    """One part to give: the participating agency, its task and its time in working minutes."""

    agency: Agency
    task: str
    minutes: int


def code(dossier: Dossier, number: int) -> str:
    """The part's own code: the lead dossier's (Art. 28, one code per dossier) with `-LT` and its number."""
    return f"{dossier.code}-LT{number:02d}"


def next_numbers(dossier: Dossier) -> tuple[int, int]:
    """The next batch number and the number of parts given so far (for the codes)."""
    batches = list(dossier.parts.values_list("batch", flat=True))
    return (max(batches, default=0) + 1, len(batches))


def due_at(part: InteragencyPart, sent_at: datetime.datetime) -> datetime.datetime:
    """Its working time, from the instant it is sent, on the participating agency's calendar (its own days off)."""
    calendar = engine_calendar(agency=part.agency)
    return calendar.add(sent_at, Duration.working_minutes(part.allotted_minutes)).due_at


def send(part: InteragencyPart, at: datetime.datetime) -> None:
    """Hand the part over now (giao): its clock starts."""
    part.status, part.sent_at, part.due_at = Status.SENT, at, due_at(part, at)


def following(part: InteragencyPart) -> InteragencyPart | None:
    """In a sequential batch, the part that waits for this one (the next agency in the order set by the lead)."""
    if part.parallel:
        return None
    return (
        part.dossier.parts.filter(batch=part.batch, status=Status.WAITING, order__gt=part.order)
        .order_by("order")
        .first()
    )


def open_parts(dossier: Dossier) -> QuerySet[InteragencyPart]:
    return dossier.parts.filter(status__in=OPEN)


def has_open_part(dossier: Dossier) -> bool:
    return open_parts(dossier).exists()


def part_agencies(user) -> set[int]:
    """The agencies at which the user works on parts (a specialist or a leader there)."""
    return permissions.opinion_agency_ids(user)


def works_on(user, part: InteragencyPart) -> bool:
    """Whether the user is staff of the participating agency that the part was given to."""
    return part.agency_id in part_agencies(user)


def queue(user) -> QuerySet[InteragencyPart]:
    """«Phần việc liên thông được giao»: the parts given to the user's agencies, those still to do first by due
    instant, then the answered ones (most recent first)."""
    ids = part_agencies(user)
    parts = InteragencyPart.objects.filter(agency_id__in=ids).exclude(status__in=[Status.WAITING, Status.CANCELLED])
    return parts.select_related("dossier__version", "dossier__competent_agency", "agency")


def visible_parts(user) -> QuerySet[InteragencyPart]:
    """The parts a user may open: those given to an agency they see (its staff, inspectors of its territory), and
    those of a dossier they see (the lead's staff). A participating agency sees its part and the files sent with it,
    never the rest of the dossier (motcua.dossiers.permissions does not open the dossier to it)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active) or user.is_applicant:
        return InteragencyPart.objects.none()
    ids = scope.visible_agency_ids(user)
    if ids is None:
        return InteragencyPart.objects.all()
    return InteragencyPart.objects.filter(Q(agency_id__in=ids) | Q(dossier__in=permissions.visible_dossiers(user)))


def handed_over() -> Exists:
    """Whether the dossier (OuterRef "pk") had a part handed to any participating agency: the dossiers that
    given_to may add to an agency's reports, kept apart in the stored monthly facts (motcua.reports.facts)."""
    return Exists(InteragencyPart.objects.filter(dossier=OuterRef("pk"), sent_at__isnull=False))


def participants_among(dossier_ids, agency_ids) -> dict[int, int]:
    """For each of these dossiers, the one of these agencies a part was handed to (the lowest id when several): the
    agency whose figures a dossier counted only for its part goes to (motcua.reports)."""
    parts = InteragencyPart.objects.filter(
        dossier_id__in=list(dossier_ids), agency_id__in=list(agency_ids), sent_at__isnull=False
    )
    rows = parts.order_by().values("dossier_id").annotate(first=Min("agency_id"))
    return {row["dossier_id"]: row["first"] for row in rows}


def dossier_ids_given_to(agency_ids, *, open_at: datetime.datetime, at_most: int) -> list[int] | None:
    """given_to as a list of dossier ids, leaving out the dossiers decided before `open_at` (for a report's period:
    none of those is in it; reports.ii06a.of_agencies_in_period), or None when there are more than `at_most` (a
    list that long is no faster than the EXISTS test, and SQLite bounds a statement's parameters). A part handed
    at any time counts, as in given_to: one handed after the period still makes the dossier the agency's."""
    handed = InteragencyPart.objects.filter(agency_id__in=list(agency_ids), sent_at__isnull=False).exclude(
        dossier__resolved_at__lt=open_at
    )
    found = list(handed.order_by().values_list("dossier_id", flat=True).distinct()[: at_most + 1])
    return found if len(found) <= at_most else None


def given_to(agency_ids) -> Q:
    """The dossiers with a part handed to one of these agencies — each dossier once, however many parts it had
    (what a participating agency's own reports count besides the dossiers it received or resolved)."""
    handed = InteragencyPart.objects.filter(
        dossier=OuterRef("pk"), agency_id__in=list(agency_ids), sent_at__isnull=False
    )
    return Q(Exists(handed))
