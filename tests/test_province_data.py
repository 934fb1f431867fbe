"""The province data set of the benchmarks (benchmarks/province_data.py, issue 17) at a small size, checked against
the rows it wrote: the mix of a province's dossiers, each one's steps and events with their hash chains intact,
form II.06a for the province counting what was seeded (compared with counts made here from the rows), and the
stored monthly facts of the dashboards.
"""

import datetime
import importlib
import random
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.dossiers.models import (
    OPEN_STATES,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    InteragencyPart,
    Outcome,
    State,
)
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.reports import facts, ii06a
from motcua.reports.areas import agency_ids_of_area
from motcua.reports.models import MonthFacts

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the province data set is loaded with COPY, on PostgreSQL only"
)

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SIZE = 4000


def test_the_province_data_set(demo, monkeypatch, settings, tmp_path):
    """Seeded once (a few seconds), then each property in turn."""
    settings.MEDIA_ROOT = tmp_path  # the few shared files of the document rows
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    province_data = importlib.import_module("province_data")
    now = timezone.now()
    figures = province_data.seed(SIZE, 1, random.Random(17), now)
    check_the_mix(figures, now)
    check_steps_events_and_documents()
    check_the_event_chains()
    check_form_ii06a(figures, now)
    check_the_stored_facts(figures)


def check_the_mix(figures: dict, now: datetime.datetime) -> None:
    dossiers = Dossier.objects.all()
    states = Counter(dict(dossiers.values_list("state").annotate(n=Count("pk")).order_by()))
    assert sum(states.values()) == SIZE
    assert states == Counter(figures["states"])
    assert states[State.RETURNED] > SIZE * 0.8  # most are done
    for state in (State.STOPPED, State.CLOSED, State.INTAKE_REFUSED, State.INTAKE_SUPPLEMENT):
        assert states[state] > 0, state
    assert sum(states[state] for state in OPEN_STATES) > 0
    assert dossiers.filter(state__in=OPEN_STATES, due_at__lt=now).exists()  # overdue, still open
    assert dossiers.filter(state=State.RETURNED, outcome=Outcome.REFUSED).exists()
    assert dossiers.filter(resolved_at__gt=F("due_at")).exists()  # decided late
    assert dossiers.filter(extended_due_at__isnull=False, original_due_at__isnull=False).exists()  # Mẫu 04
    channels = Counter(dossiers.values_list("channel", flat=True))
    assert channels["online"] > SIZE * 0.3 and channels["direct"] > SIZE * 0.3
    online = dossiers.filter(channel="online", received_at__isnull=False)
    assert not online.filter(submitted_at__gte=F("received_at")).exists()  # submitted, then checked and accepted
    kinds = set(DossierEvent.objects.values_list("kind", flat=True))
    assert {"supplement_requested", "supplement_received", "closed", "part_sent", "part_done", "extended"} <= kinds
    assert InteragencyPart.objects.filter(sent_at__isnull=False).values("dossier").distinct().count() > SIZE * 0.01
    competent = Agency.objects.filter(pk__in=dossiers.values("competent_agency"))
    assert competent.filter(kind=Agency.Kind.SPECIALISED).exists()  # the province's departments
    assert competent.filter(kind=Agency.Kind.PEOPLES_COMMITTEE).count() > 100  # the communes


def check_steps_events_and_documents() -> None:
    accepted = Dossier.objects.filter(received_at__isnull=False)
    steps = Counter(DossierStep.objects.values_list("dossier_id", flat=True))
    assert {steps[pk] for pk in accepted.values_list("pk", flat=True)} == {4}  # the default four-step process
    assert not DossierStep.objects.filter(dossier__received_at__isnull=True).exists()
    assert not Dossier.objects.filter(events__isnull=True).exists()
    firsts = {}
    for dossier_id, kind in DossierEvent.objects.order_by("dossier_id", "pk").values_list("dossier_id", "kind"):
        firsts.setdefault(dossier_id, kind)
    channels = dict(Dossier.objects.values_list("pk", "channel"))
    assert [
        pk for pk, kind in firsts.items() if kind != ("submitted" if channels[pk] == "online" else "accepted")
    ] == []
    # The last event of each dossier left it in its state.
    newest = DossierEvent.objects.values("dossier").annotate(last=Max("pk")).values("last")
    last_state = dict(DossierEvent.objects.filter(pk__in=newest).values_list("dossier_id", "to_state"))
    assert last_state == dict(Dossier.objects.values_list("pk", "state"))
    returned = Dossier.objects.filter(state=State.RETURNED)
    assert not returned.filter(Q(steps__status__in=["waiting", "active"])).exists()
    assert DossierDocument.objects.filter(stage="intake").values("dossier").distinct().count() > SIZE * 0.5
    assert DossierDocument.objects.filter(stage="result").exists()
    assert DossierDocument.objects.filter(stage="supplement").exists()
    assert DossierDocument.objects.values("file").distinct().count() <= 3  # a few shared files, not one per row


def check_the_event_chains() -> None:
    out = StringIO()
    call_command("verify_history", stdout=out)  # CommandError (a failure here) at the first broken entry
    assert "history intact" in out.getvalue()
    assert not DossierEvent.objects.filter(hash="").exists()


def check_form_ii06a(figures: dict, now: datetime.datetime) -> None:
    start, end = figures["first_day"], timezone.localdate(now)
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    report = ii06a.build(agency_ids_of_area(hanoi), start, end, now=now)
    # Counted here from the rows, without the report's code: accepted in the period, decided (a decision, a stop or
    # a closing), decided after the legal due instant, still open and past it.
    received = Dossier.objects.filter(received_at__isnull=False)
    ended = received.filter(Q(resolved_at__isnull=False) | Q(state__in=[State.STOPPED, State.CLOSED]))
    legal_due = Coalesce("original_due_at", "due_at")
    late = received.filter(outcome=Outcome.GRANTED).annotate(legal=legal_due).filter(resolved_at__gt=F("legal"))
    pending = received.exclude(pk__in=ended.values("pk"))
    overdue = pending.exclude(state=State.SUPPLEMENT_REQUESTED).annotate(legal=legal_due).filter(legal__lt=now)
    total = report.total
    assert total.received_total == received.count() > SIZE * 0.9
    assert total.received_online == received.filter(channel="online").count()
    assert total.received_direct == received.exclude(channel="online").count()
    assert total.carried_over == 0  # nothing before the first day seeded
    assert total.resolved_total == ended.count()
    assert total.resolved_late == late.count() > 0
    assert total.pending_total == pending.count() > 0
    assert total.pending_overdue == overdue.count() > 0
    assert total.broken_invariants() == []


def check_the_stored_facts(figures: dict) -> None:
    months = facts.months_to_store()
    assert len(months) == figures["months"] >= 11
    assert facts.fresh_months(months) == set(months)
    for first in months:
        stored = MonthFacts.objects.filter(month=first).aggregate(
            online=Sum("received_online"), direct=Sum("received_direct")
        )
        end = facts.month_end_at(first)
        start = datetime.datetime.combine(first, datetime.time(), tzinfo=facts.VN)
        received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
        # A dossier with an inter-agency part is stored on a row of its own, still once: the sum is every dossier.
        assert (stored["online"] or 0) + (stored["direct"] or 0) == received.count() > 0, first
