"""Work queues (danh sách hồ sơ cần xử lý) for the desk, specialists and leaders.

Each queue is a filter over motcua.dossiers.permissions.visible_dossiers, so nobody sees past their scope; the
filters are range scans on the stored deadlines (the partial indexes on agency, state, due_at that hold only the
dossiers in WORK_STATES, so a queue reads the open work and never the closed history), and the pages use
`page()` which fetches one row more than it shows instead of counting the whole table.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.db.models import Case, F, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.accounts.scope import role_agency_ids
from motcua.dossiers.models import (
    OPEN_STATES,
    WORK_STATES,
    Consultation,
    Dossier,
    DossierEvent,
    DossierStep,
    State,
)
from motcua.dossiers.permissions import dossiers_of_agencies, opinion_agency_ids, visible_dossiers
from motcua.orgs.models import Agency
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.durations import Duration

DUE_SOON = Duration.working_days(1)
DESK_STATES = (State.SUBMITTED, State.RECEIVED, State.SUPPLEMENT_REQUESTED, State.RESULT_ISSUED, State.READY_FOR_RETURN)


@dataclass(frozen=True)
class QueueSpec:
    name: str
    label: str


QUEUES = (
    QueueSpec("mine", _("Việc của tôi")),
    QueueSpec("unassigned", _("Chờ phân công")),
    QueueSpec("agency", _("Của cơ quan")),
    QueueSpec("due_soon", _("Sắp đến hạn")),
    QueueSpec("overdue", _("Quá hạn")),
    QueueSpec("intake", _("Chờ tiếp nhận trực tuyến")),
    QueueSpec("supplement", _("Chờ bổ sung")),
    QueueSpec("signature", _("Chờ ký")),
    QueueSpec("ready", _("Chờ trả kết quả")),
    QueueSpec("consultation", _("Được hỏi ý kiến")),
    QueueSpec("all", _("Tất cả")),
)
QUEUE_NAMES = tuple(spec.name for spec in QUEUES)


def _mine(user) -> Q:
    desk = role_agency_ids(user, [Role.RECEIVING_OFFICER])
    leading = role_agency_ids(user, [Role.LEADER])
    return (
        Q(assignee=user, state__in=[State.PROCESSING, State.CORRECTION])
        | Q(receiving_agency__in=desk, state__in=DESK_STATES)
        | Q(competent_agency__in=leading, state__in=[State.TRANSFERRED, State.AWAITING_SIGNATURE])
    )


def running_deadline() -> Case:
    """The instant each dossier is held to now, as a column (the same rule as due_status.running_due): the correction
    deadline while correcting, the desk's online check while submitted, the supplement wait while paused without
    a due date, else the resolution due date."""
    return Case(
        When(state=State.CORRECTION, then=F("correction_due_at")),
        When(state=State.SUBMITTED, then=F("intake_due_at")),
        When(state=State.SUPPLEMENT_REQUESTED, due_at__isnull=True, then=F("supplement_due_at")),
        default=F("due_at"),
    )


def most_urgent_first(dossiers: QuerySet, now: datetime.datetime) -> QuerySet:
    """Khẩn nhất trước: the overdue dossiers first, then the others, each part by the instant it is held to,
    soonest first; those held to none last. Sorting on `due_at` alone put a correction two days late (its
    `due_at` still the original, later one) below dossiers with days left."""
    return dossiers.alias(
        _late=Case(When(overdue_condition(now), then=Value(0)), default=Value(1)),
        _held_to=running_deadline(),
    ).order_by("_late", F("_held_to").asc(nulls_last=True), "pk")


def _active_step_due() -> Subquery:
    active = DossierStep.objects.filter(dossier=OuterRef("pk"), status=DossierStep.Status.ACTIVE, due_at__isnull=False)
    return Subquery(active.order_by("due_at").values("due_at")[:1])


def step_due_times(dossier_ids: Iterable[int]) -> dict[int, datetime.datetime]:
    """When each of these dossiers' current step is due (the earliest of its active steps), in one query."""
    ids = list(dossier_ids)
    if not ids:
        return {}
    rows = (
        DossierStep.objects.filter(dossier_id__in=ids, status=DossierStep.Status.ACTIVE, due_at__isnull=False)
        .values("dossier_id")
        .annotate(first=Min("due_at"))
    )
    return {row["dossier_id"]: row["first"] for row in rows}


def queue(user, name: str, *, now: datetime.datetime | None = None, agency_id: int | None = None) -> QuerySet:
    """The dossiers of queue `name` the user may see, most urgent first. Unknown names raise KeyError."""
    now = now or timezone.now()
    # The consultation queue and "all" reach dossiers the user's agency is consulted on; the others are the
    # agencies' own work, a plain range scan on the queue indexes.
    dossiers = visible_dossiers(user) if name in ("consultation", "all") else dossiers_of_agencies(user)
    if name != "all":
        # Every other queue's states lie inside WORK_STATES; saying so at the top lets the database prove that the
        # partial queue indexes (Dossier.Meta) cover the query whatever the queue's own state conditions (an OR
        # in "overdue" and "mine"), so it reads only the open work, not the agencies' closed history.
        dossiers = dossiers.filter(state__in=WORK_STATES)
    if agency_id is not None:
        dossiers = dossiers.filter(Q(competent_agency_id=agency_id) | Q(receiving_agency_id=agency_id))
    if name == "mine":
        dossiers = dossiers.filter(_mine(user))
    elif name == "unassigned":
        # Chờ phân công: at the competent agency, no specialist named yet; the leader's step clock runs (a same-day
        # procedure gives it two hours), so the soonest step deadline comes first.
        leading = role_agency_ids(user, [Role.LEADER])
        dossiers = dossiers.filter(state=State.TRANSFERRED, assignee__isnull=True)
        if leading:
            dossiers = dossiers.filter(competent_agency__in=leading)
        return dossiers.alias(_step_due=_active_step_due()).order_by(
            F("_step_due").asc(nulls_last=True), "due_at", "pk"
        )
    elif name == "agency":
        dossiers = dossiers.filter(
            state__in=[*OPEN_STATES, State.SUBMITTED, State.RESULT_ISSUED, State.READY_FOR_RETURN, State.CORRECTION]
        )
    elif name == "due_soon":
        # One working day on the chosen agency's calendar, else the national one (local days off rarely matter here).
        calendar = engine_calendar(agency=Agency.objects.get(pk=agency_id)) if agency_id else engine_calendar()
        horizon = calendar.add(now, DUE_SOON).due_at
        dossiers = dossiers.filter(state__in=OPEN_STATES, due_at__gte=now, due_at__lte=horizon)
    elif name == "overdue":
        dossiers = dossiers.filter(overdue_condition(now))
    elif name == "intake":
        return dossiers.filter(state=State.SUBMITTED).order_by("intake_due_at", "pk")
    elif name == "supplement":
        return dossiers.filter(state=State.SUPPLEMENT_REQUESTED).order_by("supplement_due_at", "pk")
    elif name == "signature":
        dossiers = dossiers.filter(state=State.AWAITING_SIGNATURE)
    elif name == "ready":
        return dossiers.filter(state__in=[State.RESULT_ISSUED, State.READY_FOR_RETURN]).order_by("resolved_at", "pk")
    elif name == "consultation":
        agencies = opinion_agency_ids(user)
        asked = Consultation.objects.filter(agency__in=agencies, sent_at__isnull=False, answered_at__isnull=True)
        dossiers = dossiers.filter(state=State.CONSULTING, pk__in=asked.values("dossier"))
    elif name == "all":
        return dossiers.order_by("-submitted_at", "-pk")
    else:
        raise KeyError(name)
    return most_urgent_first(dossiers, now)


def for_list(dossiers: QuerySet) -> QuerySet:
    """What a list row shows, in one query."""
    return dossiers.select_related("version__procedure", "competent_agency", "receiving_agency", "assignee")


# The columns a work-queue row shows or words (state, the deadlines behind "Còn …"/"Quá hạn …"), and the joins.
ROW_COLUMNS = (
    "code",
    "state",
    "applicant_name",
    "received_at",
    "due_at",
    "intake_due_at",
    "supplement_due_at",
    "correction_due_at",
    "version__name",
    "version__procedure__code",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__full_name",
)


def for_rows(dossiers: QuerySet) -> QuerySet:
    """What a work-queue row shows and nothing more (not the procedure's published texts, not the clock)."""
    return dossiers.select_related("version__procedure", "assignee").only(*ROW_COLUMNS)


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page(dossiers: QuerySet, number: int, size: int = 50) -> Page:
    """One page without COUNT(*): fetch one row more than shown to know whether a next page exists.

    Two small queries instead of one: the page's ids first (the filter, sort and limit run on the dossier rows
    and their indexes alone), then those rows by primary key with the caller's joins (select_related) and
    column choice. In one query the database joins every matching row — thousands in a busy agency's overdue
    queue — before it sorts and cuts the page."""
    number = max(number, 1)
    start = (number - 1) * size
    ids = list(dossiers.values_list("pk", flat=True)[start : start + size + 1])
    shown = ids[:size]
    rows = dossiers.model._base_manager.filter(pk__in=shown).prefetch_related(*dossiers._prefetch_related_lookups)
    rows.query.select_related = dossiers.query.select_related
    rows.query.deferred_loading = dossiers.query.deferred_loading
    by_id = {row.pk: row for row in rows} if shown else {}
    # A row deleted between the two queries is left out; one that changed keeps its place on this page.
    return Page([by_id[pk] for pk in shown if pk in by_id], number, len(ids) > size)


def overdue_condition(now: datetime.datetime) -> Q:
    """Overdue as a filter (the same rule as is_overdue): accepted and undecided past its due instant, a correction
    past its 3 working days, or an online submission past the desk's 8-working-hour check."""
    return (
        Q(state__in=OPEN_STATES, due_at__lt=now)
        | Q(state=State.CORRECTION, correction_due_at__lt=now)
        | Q(state=State.SUBMITTED, intake_due_at__lt=now)
    )


def is_overdue(dossier: Dossier, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if dossier.state == State.CORRECTION:
        return bool(dossier.correction_due_at and dossier.correction_due_at < now)
    if dossier.state == State.SUBMITTED:  # the desk's 8 working hours to check an online submission
        return bool(dossier.intake_due_at and dossier.intake_due_at < now)
    return dossier.state in OPEN_STATES and dossier.due_at is not None and dossier.due_at < now


def supplement_sent_online(events: Iterable[DossierEvent]) -> bool:
    """Whether, in these events of one dossier (in time order), the applicant sent a supplement from "my dossiers"
    (lifecycle.send_supplement) after the last request for one: the desk has only to check it and confirm it
    (receive_supplement)."""
    sent = False
    for event in events:
        if event.kind == DossierEvent.Kind.SUPPLEMENT_REQUESTED:
            sent = False
        elif event.kind == DossierEvent.Kind.DOCUMENT_ADDED and (event.details or {}).get("supplement"):
            sent = True
    return sent


def supplements_sent_online(dossiers: Iterable[Dossier]) -> set[int]:
    """The ids of those of these dossiers (a queue page) that wait for a supplement the applicant has sent online:
    one query over the events of the waiting ones, none when the page has none."""
    waiting = [dossier.pk for dossier in dossiers if dossier.state == State.SUPPLEMENT_REQUESTED]
    if not waiting:
        return set()
    events = (
        DossierEvent.objects.filter(
            dossier_id__in=waiting, kind__in=[DossierEvent.Kind.SUPPLEMENT_REQUESTED, DossierEvent.Kind.DOCUMENT_ADDED]
        )
        .only("dossier_id", "kind", "details")
        .order_by("dossier_id", "at", "pk")
    )
    return {
        dossier_id
        for dossier_id, of_one in groupby(events, key=attrgetter("dossier_id"))
        if supplement_sent_online(of_one)
    }
