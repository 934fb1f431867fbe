"""The demo dossiers (`motcua demo`): every branch of the lifecycle, made through the service, with a consistent
history on the real calendar.

Seeding the 300 dossiers takes about twenty seconds, so one test checks the seeded set, in two parts (branches,
histories)."""

import datetime
import io
import re
from collections import Counter, defaultdict

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from motcua.accounts.models import User
from motcua.demo.catalog_seed import PROCESSES
from motcua.demo.dossier_seed import HISTORY_DAYS, PROCESSING_PHASES, SCENARIOS, seed_dossiers
from motcua.dossiers import lifecycle, queues
from motcua.dossiers.models import OPEN_STATES, Dossier, DossierEvent, Outcome, State
from motcua.orgs.models import Agency
from motcua.workcal.calendars import engine_calendar

Kind = DossierEvent.Kind
INTAKE_KINDS = {Kind.ACCEPTED, Kind.SUBMITTED, Kind.INTAKE_REFUSED, Kind.INTAKE_SUPPLEMENT}


def test_the_demo_fixture_itself_has_no_dossiers(demo):
    """The dossiers are seeded separately (demo_dossiers), so tests that only need the demo stay fast."""
    assert not Dossier.objects.exists()


def test_demo_command_lists_the_police_logins(demo):
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert re.search(r"chuyenvien\.congan\.hongvan\s+Chuyên viên xử lý – Công an xã Hồng Vân", out.getvalue())
    assert re.search(r"lanhdao\.congan\.hongvan\s+Lãnh đạo \(người ký\) – Công an xã Hồng Vân", out.getvalue())
    assert not Dossier.objects.exists()  # --if-empty on a database with users does nothing


def test_demo_dossiers(demo_dossiers):
    check_every_branch_is_there(demo_dossiers)
    check_histories_are_consistent()
    # Seeding again adds nothing (`motcua demo` run twice).
    count = Dossier.objects.count()
    assert seed_dossiers().count == 0
    assert Dossier.objects.count() == count


def check_every_branch_is_there(demo_dossiers):
    assert demo_dossiers.count == sum(SCENARIOS.values()) == Dossier.objects.count() == 300
    states = Counter(Dossier.objects.values_list("state", flat=True))
    outcomes = Counter(Dossier.objects.values_list("outcome", flat=True))
    kinds = Counter(DossierEvent.objects.values_list("kind", flat=True))

    # Branches that end in one state each: exactly as many as planned.
    assert states[State.INTAKE_REFUSED] == SCENARIOS["refused_at_intake"]
    assert states[State.INTAKE_SUPPLEMENT] == SCENARIOS["intake_supplement"]
    assert states[State.SUBMITTED] == SCENARIOS["awaiting_intake"]
    assert states[State.SUPPLEMENT_REQUESTED] == SCENARIOS["awaiting_supplement"]
    assert states[State.CLOSED] == outcomes[Outcome.CLOSED] == SCENARIOS["closed_unsupplemented"]
    assert states[State.STOPPED] == outcomes[Outcome.WITHDRAWN] == SCENARIOS["withdrawn"]
    assert states[State.CONSULTING] == SCENARIOS["consulting"]
    assert outcomes[Outcome.REFUSED] == kinds[Kind.REFUSED] == SCENARIOS["refused"]
    assert kinds[Kind.EXTENDED] == SCENARIOS["extended_returned"] + SCENARIOS["extended_open"]
    assert kinds[Kind.CORRECTED] == SCENARIOS["corrected"]
    assert kinds[Kind.SUPPLEMENT_RECEIVED] == SCENARIOS["supplemented_returned"]
    consultations = SCENARIOS["consulted_returned"] + SCENARIOS["consulting"]
    assert kinds[Kind.CONSULTATION_SENT] == consultations
    assert kinds[Kind.CONSULTATION_ANSWERED] == SCENARIOS["consulted_returned"]
    assert kinds[Kind.STEP_COMPLETED] > 0 and kinds[Kind.SENT_BACK] > 0
    # Still being handled, in several states.
    for state in (State.TRANSFERRED, State.PROCESSING, State.AWAITING_SIGNATURE, State.READY_FOR_RETURN):
        assert states[state] >= PROCESSING_PHASES[state], state

    # Returned granted results: early, on time, and late (signed after the due instant).
    granted = Dossier.objects.filter(state=State.RETURNED, outcome=Outcome.GRANTED)
    late = granted.filter(resolved_at__gt=F("due_at"))
    assert late.count() >= SCENARIOS["returned_late"]
    assert granted.filter(resolved_at__lte=F("due_at")).count() >= SCENARIOS["returned_on_time"]
    calendar = engine_calendar(agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"))
    early = [
        d
        for d in granted
        if calendar.between(d.received_at, d.resolved_at) < calendar.between(d.received_at, d.due_at) / 2
    ]
    assert len(early) >= SCENARIOS["returned_early"] * 3 // 4
    assert Dossier.objects.filter(state=State.RETURNED, outcome=Outcome.REFUSED).count() == SCENARIOS["refused"]

    # Overdue now, in the leaders' overdue queues; and a share still in time.
    now = timezone.now()
    overdue = Dossier.objects.filter(state__in=OPEN_STATES, due_at__lt=now)
    assert overdue.count() >= SCENARIOS["overdue"]
    leader = User.objects.get(username="lanhdao.hongvan")
    listed = list(queues.queue(leader, "overdue"))
    assert listed and all(queues.is_overdue(d, now) for d in listed)
    assert Dossier.objects.filter(state__in=OPEN_STATES, due_at__gt=now).count() >= SCENARIOS["processing"] // 2

    # Both competent agencies, several procedures, among them those with an internal process.
    by_agency = Counter(Dossier.objects.values_list("competent_agency__name", flat=True))
    assert by_agency["Ủy ban nhân dân xã Hồng Vân"] > 100 and by_agency["Công an xã Hồng Vân"] > 50
    codes = set(Dossier.objects.values_list("version__procedure__code", flat=True))
    assert len(codes) >= 12
    assert len(codes & set(PROCESSES)) >= 5
    # Inter-agency: each agency consulted the other, and the consulted agency's staff answered.
    consulted = set(
        Dossier.objects.filter(consultations__isnull=False).values_list("competent_agency__name", flat=True)
    )
    assert consulted == {"Ủy ban nhân dân xã Hồng Vân", "Công an xã Hồng Vân"}
    for event in DossierEvent.objects.filter(kind=Kind.CONSULTATION_ANSWERED).select_related("dossier", "actor"):
        assert event.actor_agency != event.dossier.competent_agency
        assert event.actor.roles.filter(agency=event.actor_agency).exists()
    # Online submissions by the demo citizen, who sees them on the portal.
    assert Dossier.objects.filter(applicant_user__username="congdan", channel="online").count() >= 4


def check_histories_are_consistent():
    now = timezone.now()
    calendars = {agency.pk: engine_calendar(agency=agency) for agency in Agency.objects.all()}
    events = defaultdict(list)
    for event in DossierEvent.objects.order_by("dossier", "pk"):
        events[event.dossier_id].append(event)
    dossiers = list(Dossier.objects.select_related("competent_agency"))
    assert len(events) == len(dossiers)
    oldest = now - datetime.timedelta(days=HISTORY_DAYS + 1)
    for dossier in dossiers:
        history = events[dossier.pk]
        first = history[0]
        assert first.kind in INTAKE_KINDS, dossier
        assert first.at == dossier.submitted_at >= oldest
        if dossier.code:
            accepted = next(e for e in history if e.kind == Kind.ACCEPTED)
            assert accepted.at == dossier.received_at
        # Appended in the order things happened, none in the future.
        assert [e.at for e in history] == sorted(e.at for e in history)
        assert history[-1].at <= now
        calendar = calendars[dossier.competent_agency_id]
        for event in history:
            if event.kind == Kind.CLOSED:
                assert event.actor is None  # the automatic task
                assert event.at > datetime.datetime.fromisoformat(history[-2].details["supplement_due_at"])
            else:
                assert event.actor_id is not None, (dossier, event.kind)
                assert calendar.is_working_time(event.at), (dossier, event.kind, timezone.localtime(event.at))
            if event.kind == Kind.EXTENDED:  # at least one day before the due date it extends
                previous = datetime.datetime.fromisoformat(event.details["previous_due_at"])
                assert timezone.localdate(event.at) < timezone.localdate(previous)
            if event.kind == Kind.SUPPLEMENT_REQUESTED:  # within 3 working days of receipt
                limit = calendar.add(dossier.received_at, lifecycle.SUPPLEMENT_REQUEST_LIMIT).due_at
                assert event.at <= limit

    # Codes: unique, gap-free per agency and local day, dated on the day of receipt.
    coded = [d for d in dossiers if d.code]
    assert len({d.code for d in coded}) == len(coded) == Dossier.objects.filter(received_at__isnull=False).count()
    numbers = defaultdict(list)
    for dossier in coded:
        prefix, day, number = dossier.code.rsplit("-", 2)
        assert prefix == dossier.competent_agency.electronic_id
        assert day == f"{timezone.localdate(dossier.received_at):%y%m%d}"
        numbers[prefix, day].append(int(number))
    for key, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), key
