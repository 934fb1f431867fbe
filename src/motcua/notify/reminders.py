"""Deadline reminders (nhắc hạn, báo quá hạn): periodic tasks (django.tasks) that `motcua run_periodic` enqueues
every 15 minutes (registered in NotifyConfig.ready):

- `warn_due_soon`: a step or a dossier that falls due within DUE_WARNING_WORKING_HOURS working hours (on the
  competent agency's calendar) is warned about once to the staff responsible for it;
- `warn_intake_due_soon`: an online submission still waiting for the desk's check whose 8 working hours
  (Decree 118 Art. 17.2, Dossier.intake_due_at) end within INTAKE_WARNING_WORKING_HOURS working hours (on the
  receiving agency's calendar) is warned about once to that desk's receiving officers;
- `notify_overdue`: a dossier whose due instant has passed without a decision is told once to its applicant and
  its staff.

"Once" is per step or dossier *and due instant*: a deadline that moves (calendar change, supplement, extension)
is warned about again. The queries select in the database only what qualifies and has not been told yet (an
anti-join on the outbox); Python only loops over those few rows.

While a dossier waits for the applicant's supplement its clock is paused, so it is neither warned about nor
overdue. Each task takes an optional `at` (ISO 8601) instead of now, for replays and tests.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.tasks import task

from motcua.accounts.models import Role, User
from motcua.core.periodic import moment
from motcua.dossiers.models import OPEN_STATES, Dossier, DossierStep, State
from motcua.notify import notices
from motcua.notify.models import Notification, Topic
from motcua.orgs.models import Agency
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.durations import Duration
from motcua.workcal.models import WorkCalendar

logger = logging.getLogger(__name__)

# Open and with a running clock: a dossier waiting for a supplement has its period paused (Art. 19.5).
CLOCK_RUNNING_STATES = tuple(state for state in OPEN_STATES if state != State.SUPPLEMENT_REQUESTED)


def _staff(role: str, agency_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, roles__role=role, roles__agency_id=agency_id).distinct())


def step_staff(step: DossierStep) -> list[User]:
    """Who answers for a step: its assignee; else the leaders of its agency (specialist and leader steps); else
    the receiving officers of the dossier's desk."""
    if step.assignee_id and step.assignee.is_active:
        return [step.assignee]
    if step.role in (Role.SPECIALIST, Role.LEADER) and (leaders := _staff(Role.LEADER, step.agency_id)):
        return leaders
    return _staff(Role.RECEIVING_OFFICER, step.dossier.receiving_agency_id)


def dossier_staff(dossier: Dossier) -> list[User]:
    """Who answers for a dossier now: the desk before the transfer; the leaders while it waits for a signature;
    otherwise the assigned specialist, or the leaders while nobody is assigned; the desk when there are none."""
    if dossier.state == State.RECEIVED:
        return _staff(Role.RECEIVING_OFFICER, dossier.receiving_agency_id)
    if dossier.state != State.AWAITING_SIGNATURE and dossier.assignee_id and dossier.assignee.is_active:
        return [dossier.assignee]
    return _staff(Role.LEADER, dossier.competent_agency_id) or _staff(
        Role.RECEIVING_OFFICER, dossier.receiving_agency_id
    )


def _threshold(calendar, now: datetime.datetime, window: Duration) -> datetime.datetime:
    return calendar.add(now, window).due_at


def _horizon(now: datetime.datetime, window: Duration) -> datetime.datetime:
    """The latest instant any agency's warning window reaches: the window counted on every configured calendar
    (national default, each province's, each agency's own). Only rows due before it can qualify."""
    calendars = [engine_calendar()]
    for configured in WorkCalendar.objects.select_related("agency", "province"):
        calendars.append(
            engine_calendar(agency=configured.agency)
            if configured.agency_id
            else engine_calendar(province=configured.province)
        )
    return max(_threshold(calendar, now, window) for calendar in calendars)


def _thresholds(agency_ids, now: datetime.datetime, window: Duration) -> dict[datetime.datetime, list[int]]:
    """Each agency's end of the warning window, grouped: agencies sharing a calendar share a threshold."""
    groups = defaultdict(list)
    for agency in Agency.objects.filter(pk__in=set(agency_ids)).select_related("unit"):
        groups[_threshold(engine_calendar(agency=agency), now, window)].append(agency.pk)
    return groups


def _within(groups: dict[datetime.datetime, list[int]], field: str, due: str = "due_at") -> Q:
    """`due` within the window of the agency named by `field` (the agency whose calendar counts), as one
    condition."""
    condition = Q(pk__in=[])
    for threshold, ids in groups.items():
        condition |= Q(**{f"{field}__in": ids, f"{due}__lte": threshold})
    return condition


def _not_told(topic: str, link: str, due: str = "due_at") -> Exists:
    """This step's (or this dossier's own, not one of its steps') notice about its current `due` instant exists."""
    told = Notification.objects.filter(**{link: OuterRef("pk")}, topic=topic, about_due_at=OuterRef(due))
    return Exists(told if link == "step" else told.filter(step__isnull=True))


def warn_due_soon_now(now: datetime.datetime) -> int:
    hours = settings.DUE_WARNING_WORKING_HOURS
    if hours <= 0:
        return 0
    window = Duration.working_hours(hours)
    horizon = _horizon(now, window)
    steps = DossierStep.objects.filter(status=DossierStep.Status.ACTIVE, due_at__gt=now, due_at__lte=horizon).exclude(
        dossier__state=State.SUPPLEMENT_REQUESTED
    )
    dossiers = Dossier.objects.filter(state__in=CLOCK_RUNNING_STATES, due_at__gt=now, due_at__lte=horizon)
    step_agencies = steps.order_by().values_list("dossier__competent_agency", flat=True).distinct()
    dossier_agencies = dossiers.order_by().values_list("competent_agency", flat=True).distinct()
    agencies = set(step_agencies) | set(dossier_agencies)
    if not agencies:
        return 0
    groups = _thresholds(agencies, now, window)
    made = 0
    due_steps = (
        steps.filter(_within(groups, "dossier__competent_agency"))
        .exclude(_not_told(Topic.DUE_SOON, "step"))
        .select_related("assignee", "dossier__receiving_agency", "dossier__competent_agency", "dossier__version")
        .order_by("due_at", "pk")
    )
    for step in due_steps:
        with transaction.atomic():
            made += len(notices.warn_staff_step_due(step, step_staff(step)))
    due_dossiers = (
        dossiers.filter(_within(groups, "competent_agency"))
        .exclude(_not_told(Topic.DUE_SOON, "dossier"))
        .select_related("assignee", "receiving_agency", "competent_agency", "version")
        .order_by("due_at", "pk")
    )
    for dossier in due_dossiers:
        with transaction.atomic():
            made += len(notices.warn_staff_dossier_due(dossier, dossier_staff(dossier)))
    return made


def warn_intake_due_soon_now(now: datetime.datetime) -> int:
    """Art. 17.2: an online submission still waiting for the desk's check (state «Chờ tiếp nhận») whose 8 working
    hours (Dossier.intake_due_at) end within INTAKE_WARNING_WORKING_HOURS working hours, on the receiving agency's
    calendar, is told once to that desk's receiving officers. A decided dossier (accepted, sent back for a
    supplement, refused) has left the state and is not warned; a forwarded one gets a new instant at its new desk
    and is warned there. `warn_due_soon` does not cover it: before acceptance a dossier has no due_at."""
    hours = settings.INTAKE_WARNING_WORKING_HOURS
    if hours <= 0:
        return 0
    window = Duration.working_hours(hours)
    waiting = Dossier.objects.filter(
        state=State.SUBMITTED, intake_due_at__gt=now, intake_due_at__lte=_horizon(now, window)
    )
    agencies = set(waiting.order_by().values_list("receiving_agency", flat=True).distinct())
    if not agencies:
        return 0
    due = (
        waiting.filter(_within(_thresholds(agencies, now, window), "receiving_agency", "intake_due_at"))
        .exclude(_not_told(Topic.INTAKE_DUE_SOON, "dossier", "intake_due_at"))
        .select_related("receiving_agency", "competent_agency", "version")
        .order_by("intake_due_at", "pk")
    )
    made = 0
    for dossier in due:
        with transaction.atomic():
            made += len(
                notices.warn_desk_intake_due(dossier, _staff(Role.RECEIVING_OFFICER, dossier.receiving_agency_id))
            )
    return made


def notify_overdue_now(now: datetime.datetime) -> int:
    overdue = (
        Dossier.objects.filter(state__in=CLOCK_RUNNING_STATES, due_at__lt=now)
        .exclude(_not_told(Topic.OVERDUE, "dossier"))
        .select_related("assignee", "receiving_agency", "competent_agency", "version", "applicant_user")
        .order_by("due_at", "pk")
    )
    made = 0
    for dossier in overdue:
        staff = dossier_staff(dossier)
        staff += [leader for leader in _staff(Role.LEADER, dossier.competent_agency_id) if leader not in staff]
        with transaction.atomic():
            made += len(notices.tell_applicant_overdue(dossier))
            made += len(notices.tell_staff_overdue(dossier, staff))
    return made


@task
def warn_due_soon(at: str | None = None) -> int:
    """Warn the responsible staff about the steps and dossiers falling due soon; returns the notices made."""
    return warn_due_soon_now(moment(at))


@task
def warn_intake_due_soon(at: str | None = None) -> int:
    """Warn the receiving desk about online submissions whose 8-working-hour check (Art. 17.2) ends soon."""
    return warn_intake_due_soon_now(moment(at))


@task
def notify_overdue(at: str | None = None) -> int:
    """Tell the applicant and the staff, once, that a dossier is overdue; returns the notices made."""
    return notify_overdue_now(moment(at))
