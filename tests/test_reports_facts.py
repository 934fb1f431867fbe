"""The stored monthly facts of the dashboards (motcua.reports.facts): which months are stored and when, computing
them once, marking them stale from every source of change, and — the point of it all — measures.collect giving
exactly what counting everything live gives, before and after changes to stored months."""

import datetime
import threading
import time
from dataclasses import replace

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import PositiveIntegerField
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossier_helpers import CENTRE, PERSON, UBND, at, intake, processing, user
from motcua.dossiers import deadlines, lifecycle
from motcua.dossiers.models import DossierFee
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency
from motcua.payments.models import Payment
from motcua.reports import facts, flows, measures, tasks
from motcua.reports.models import MonthFacts, StaleMonth, StoredMonth
from motcua.workcal import services
from motcua.workcal.recompute import CalendarChange
from reports_scenario import NOW, build_scenario

PDF = weasyprint.HTML(string="<p>Quyết định</p>").write_pdf()

D = datetime.date
FEBRUARY, MARCH, APRIL = D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(name: str = "tep.pdf") -> Upload:
    # A complete PDF: a result file is signed on upload, and a truncated one is refused.
    return Upload(SimpleUploadedFile(name, PDF, "application/pdf"))


def _ids() -> list[int]:
    return list(Agency.objects.filter(name__in=[CENTRE, UBND, "Công an xã Hồng Vân"]).values_list("pk", flat=True))


def _sorted(grains: list[measures.Grain]) -> list[measures.Grain]:
    return sorted(grains, key=lambda g: (g.month or D.min, g.agency_id, g.field_id))


def _stale() -> set[D]:
    return set(StaleMonth.objects.values_list("month", flat=True))


def _stored_rows(month: D) -> list[tuple]:
    return sorted(
        MonthFacts.objects.filter(month=month).values_list(
            "competent_agency_id", "receiving_agency_id", "version_id", *facts.COUNTS
        )
    )


class _Lines:
    """A command's output, line by line."""

    def __init__(self):
        self.lines = []

    def write(self, text: str) -> None:
        self.lines += [line for line in text.splitlines() if line]

    def flush(self) -> None:
        pass


def _reports_sql(queries) -> list[str]:
    return [q["sql"] for q in queries if "reports_" in q["sql"]]


# -- which months are stored --------------------------------------------------------------------------------------


def test_a_month_is_storable_one_day_after_it_ends_and_only_when_wholly_inside_the_period():
    march = (MARCH, D(2026, 3, 31))
    assert facts.storable_months(*march, now=at(2026, 4, 1, 23, 59)) == []
    assert facts.storable_months(*march, now=at(2026, 4, 2, 0, 0)) == [MARCH]  # the month's end + GRACE
    # Partial months at either end are never stored; the months after `now` (less GRACE) neither.
    assert facts.storable_months(D(2026, 2, 15), D(2026, 5, 10), now=at(2026, 6, 1, 9)) == [MARCH, APRIL]
    assert facts.storable_months(D(2026, 2, 1), D(2026, 5, 31), now=at(2026, 5, 1, 12)) == [FEBRUARY, MARCH]
    # Nor a month that is not over for real, whatever `now` says.
    this_month = timezone.localdate().replace(day=1)
    assert not facts.is_storable(this_month, now=at(2100, 1, 1, 0))
    assert facts.storable_months(this_month, facts.next_month(this_month), now=at(2100, 1, 1, 0)) == []


def test_live_ranges_are_what_the_stored_months_leave():
    assert measures.live_ranges(D(2026, 2, 15), D(2026, 5, 10), []) == [(D(2026, 2, 15), D(2026, 5, 10))]
    assert measures.live_ranges(D(2026, 2, 15), D(2026, 5, 10), [MARCH, APRIL]) == [
        (D(2026, 2, 15), D(2026, 2, 28)),
        (D(2026, 5, 1), D(2026, 5, 10)),
    ]
    assert measures.live_ranges(MARCH, D(2026, 4, 30), [MARCH, APRIL]) == []


# -- computing ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_compute_stores_a_month_once_and_again_only_when_stale(demo):
    build_scenario()
    assert facts.compute(MARCH) is True
    stored = _stored_rows(MARCH)
    assert stored and StoredMonth.objects.get(month=MARCH).computed_at is not None
    assert facts.fresh_months([FEBRUARY, MARCH]) == {MARCH}
    with CaptureQueriesContext(connection) as queries:
        assert facts.compute(MARCH) is False  # fresh: nothing counted, no fact written
    assert not any("dossiers_dossier" in q["sql"] or "reports_monthfacts" in q["sql"] for q in queries.captured_queries)
    facts.mark_stale(at(2026, 3, 15, 9))
    assert facts.fresh_months([MARCH]) == set()
    assert facts.compute(MARCH) is True
    assert _stored_rows(MARCH) == stored  # the same data, the same facts
    assert MARCH not in _stale()  # (the scenario's backdated actions marked February and April too)
    assert facts.compute(MARCH, force=True) is True and _stored_rows(MARCH) == stored
    with pytest.raises(ValueError):
        facts.compute(timezone.localdate().replace(day=1))  # the current month is never stored
    with pytest.raises(ValueError):
        facts.compute(D(2026, 3, 2))


@pytest.mark.django_db
def test_stored_facts_are_the_flows_of_the_month(demo):
    """Each stored month holds the received family of the dossiers received in it and the decided family of those
    decided in it (one count field per name), and nothing of the pending snapshot."""
    build_scenario()
    facts.compute(MARCH)
    rows = _stored_rows(MARCH)
    totals = {name: sum(row[3 + i] for row in rows) for i, name in enumerate(facts.COUNTS)}
    live = measures.group(measures.collect(_ids(), MARCH, D(2026, 3, 31), stored=False), measures.By.MONTH)[MARCH]
    assert totals == {name: getattr(live, name) for name in facts.COUNTS}
    assert totals["received_online"] + totals["received_direct"] > 0 and totals["resolved_late"] > 0
    counts = {f.name for f in MonthFacts._meta.get_fields() if isinstance(f, PositiveIntegerField)}
    assert counts == set(flows.RECEIVED + flows.DECIDED) == set(facts.COUNTS)


# -- the same figures as counting live ----------------------------------------------------------------------------

PERIODS = [
    (D(2026, 2, 1), D(2026, 4, 30), None),  # three stored months, the snapshot counted on its own
    (D(2026, 2, 15), D(2026, 4, 10), NOW),  # live head, March stored, live tail up to `now`
    (MARCH, D(2026, 3, 31), NOW),  # one stored month
    (D(2026, 3, 5), D(2026, 3, 20), None),  # nothing stored
    (D(2026, 2, 10), D(2026, 3, 31), None),  # live head, then a stored month at the end
    (D(2026, 1, 1), None, None),  # to today: every month since January stored, this month live
]


def _check_same_as_live() -> dict:
    """collect over each period equals the all-live count; returns the grains of the first period."""
    ids, found = _ids(), {}
    for start, end, now in PERIODS:
        end = end or timezone.localdate()
        stored = _sorted(measures.collect(ids, start, end, now=now))
        assert stored == _sorted(measures.collect(ids, start, end, now=now, stored=False)), (start, end, now)
        found.setdefault("first", stored)
    return found["first"]


@pytest.mark.django_db
def test_collect_equals_the_live_count_before_and_after_changes_to_stored_months(demo):
    d = build_scenario()
    # A fee on a March dossier (so that its online payment counts) and a gateway payment still pending.
    DossierFee.objects.create(dossier=d["E"], kind="fee", name="Lệ phí", amount_vnd=30_000)
    payment = Payment.objects.create(
        dossier=d["E"], amount_vnd=30_000, method="gateway", status="pending", reference="TTFACTS1", created_at=NOW
    )
    before = _check_same_as_live()
    assert set(StoredMonth.objects.values_list("month", flat=True)) >= {FEBRUARY, MARCH, APRIL}
    assert MonthFacts.objects.filter(month=MARCH).exists()
    assert _stale() == set()

    # Changes to stored months, each made the way the application makes it.
    payment.status, payment.paid_at = "paid", timezone.now()  # a late online payment (today) of a March dossier
    payment.save()
    assert _stale() == {MARCH}
    police = (user("chuyenvien.congan.hongvan"), user("lanhdao.congan.hongvan"))
    dossier = lifecycle.submit_for_signature(police[0], d["D"], at=at(2026, 3, 20, 9))
    lifecycle.sign(police[1], dossier, at=at(2026, 3, 20, 10))  # a decision backdated into March
    desk = user("tiepnhan.hongvan")
    lifecycle.receive_supplement(desk, d["J"], documents=[_pdf()])  # today: J was received in March
    lifecycle.add_documents(user("chuyenvien.hongvan"), d["B"], documents=[_pdf("kq.pdf")], stage="result")
    assert _stale() == {FEBRUARY, MARCH}  # B was received in February and decided in March

    after = _check_same_as_live()
    assert after != before  # the changes show
    assert _stale() == set() and facts.fresh_months([FEBRUARY, MARCH, APRIL]) == {FEBRUARY, MARCH, APRIL}
    march = measures.group(after, measures.By.MONTH)[MARCH]
    assert march.paid_online == 1 and march.electronic_results >= 1


@pytest.mark.django_db
def test_a_change_that_marks_nothing_shows_only_after_a_rebuild(demo):
    """The marks are what keeps the stored facts right: a change made behind the services' back (an UPDATE, as a
    bulk import would) is not seen until `motcua refresh_report_facts`."""
    d = build_scenario()
    DossierFee.objects.create(dossier=d["E"], kind="fee", name="Lệ phí", amount_vnd=30_000)
    ids, period = _ids(), (FEBRUARY, D(2026, 4, 30))
    measures.collect(ids, *period)
    Payment.objects.bulk_create(
        [Payment(dossier=d["E"], amount_vnd=30_000, method="gateway", status="paid", reference="TTFACTS2",
                 created_at=NOW, paid_at=NOW)]
    )  # fmt: skip
    assert _stale() == set()
    live = _sorted(measures.collect(ids, *period, stored=False))
    assert _sorted(measures.collect(ids, *period)) != live
    out = _Lines()
    call_command("refresh_report_facts", stdout=out)
    assert _sorted(measures.collect(ids, *period)) == live
    assert any(line.startswith("03/2026: ") for line in out.lines) and out.lines[-1].startswith("Đã tính lại")


@pytest.mark.django_db
def test_refresh_command_months(demo):
    processing(at(2026, 9, 1, 9))
    out = _Lines()
    call_command("refresh_report_facts", "--from", "2026-08", stdout=out)
    last = timezone.localdate().replace(day=1)
    expected = facts.months_to_store(D(2026, 8, 1))
    assert expected[0] == D(2026, 8, 1) and expected[-1] < last
    assert [line[:7] for line in out.lines[:-1]] == [f"{first:%m/%Y}" for first in expected]
    assert set(StoredMonth.objects.values_list("month", flat=True)) == set(expected)
    assert facts.months_to_store() == facts.months_to_store(D(2026, 9, 1))  # --all: from the first dossier
    with pytest.raises(CommandError):
        call_command("refresh_report_facts", "--from", "2026-13", stdout=_Lines())


# -- marking -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_marking_a_month_that_cannot_be_stored_costs_no_statement(monkeypatch, django_assert_num_queries):
    with django_assert_num_queries(0):
        facts.mark_stale(timezone.now(), None)  # this month
        facts.mark_stale(timezone.now() + datetime.timedelta(days=90))  # a future month
    # Within GRACE of the end of last month, last month is not stored yet either.
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 4, 1, 20))
    with django_assert_num_queries(0):
        facts.mark_stale(at(2026, 3, 31, 23, 59), at(2026, 4, 1, 9))
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 4, 2, 0, 0))
    facts.mark_stale(at(2026, 3, 31, 23, 59), at(2026, 3, 2, 9), at(2026, 4, 1, 9))
    facts.mark_stale(at(2026, 3, 15))
    assert list(StaleMonth.objects.values_list("month", flat=True)) == [MARCH]


@pytest.mark.django_db
def test_an_action_of_this_month_on_a_dossier_of_this_month_touches_no_report_table(demo):
    desk, leader = user("tiepnhan.hongvan"), user("lanhdao.hongvan")
    with CaptureQueriesContext(connection) as queries:
        dossier = lifecycle.accept(desk, intake())
        dossier = lifecycle.transfer(desk, dossier)
        dossier = lifecycle.assign(leader, dossier, specialist=user("chuyenvien.hongvan"))
        lifecycle.add_documents(desk, dossier, documents=[_pdf()])
    assert _reports_sql(queries.captured_queries) == []
    assert _stale() == set()


@pytest.mark.django_db
def test_each_source_of_change_marks_the_months_it_changes(demo):
    desk, specialist, leader = user("tiepnhan.hongvan"), user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    # A backdated receipt and decision: their own months.
    dossier = processing(at(2026, 3, 30, 9))
    assert _stale() == {MARCH}
    StaleMonth.objects.all().delete()
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 4, 2, 9))
    dossier = lifecycle.sign(leader, dossier, at=at(2026, 4, 2, 10))
    assert _stale() == {APRIL}
    StaleMonth.objects.all().delete()
    # Today's actions that change earlier months: a result file (the decided month, and the received one).
    lifecycle.add_documents(specialist, dossier, documents=[_pdf()], stage="result")
    assert _stale() == {MARCH, APRIL}
    StaleMonth.objects.all().delete()
    # Returning the result today changes nothing stored.
    lifecycle.return_result(desk, lifecycle.mark_ready(desk, dossier))
    assert _stale() == set()
    # A supplement sent online by the applicant today, and one received at the desk.
    citizen = user("congdan")
    applicant = replace(PERSON, user=citizen)
    online = lifecycle.submit_online(citizen, intake(channel="online", applicant=applicant), at=at(2026, 2, 2, 8))
    online = lifecycle.transfer(desk, lifecycle.accept(desk, online, at=at(2026, 2, 2, 9)), at=at(2026, 2, 2, 10))
    online = lifecycle.assign(leader, online, specialist=specialist, at=at(2026, 2, 2, 11))
    online = lifecycle.request_supplement(specialist, online, items=["Bản sao"], at=at(2026, 2, 3, 9))
    StaleMonth.objects.all().delete()
    lifecycle.send_supplement(citizen, online, documents=[_pdf()])
    assert _stale() == {FEBRUARY}
    StaleMonth.objects.all().delete()
    lifecycle.receive_supplement(desk, online)
    assert _stale() == {FEBRUARY}
    StaleMonth.objects.all().delete()
    # Payments: only an online one that is paid, or was.
    fee = DossierFee.objects.create(dossier=online, kind="fee", name="Lệ phí", amount_vnd=20_000)  # one by one
    assert _stale() == {FEBRUARY}
    StaleMonth.objects.all().delete()
    cash = Payment.objects.create(
        dossier=fee.dossier, amount_vnd=10_000, method="cash", status="paid", reference="TM1", created_at=NOW,
        paid_at=NOW,
    )  # fmt: skip
    pending = Payment.objects.create(
        dossier_id=fee.dossier_id, amount_vnd=10_000, method="gateway", status="pending", reference="TT1",
        created_at=NOW,
    )  # fmt: skip
    assert _stale() == set() and cash.pk
    pending = Payment.objects.get(pk=pending.pk)  # as the gateway callback reads it: without its dossier
    pending.status, pending.paid_at = "paid", timezone.now()
    pending.save()
    assert _stale() == {FEBRUARY}
    StaleMonth.objects.all().delete()
    pending.status = "cancelled"  # leaving paid (no service does it, but the facts would follow)
    pending.save()
    assert _stale() == {FEBRUARY}


@pytest.mark.django_db
def test_a_calendar_change_moves_no_decided_dossier(demo):
    """Why the deadline recompute marks nothing: it replays open dossiers only, so the due instant of a decided one
    (early / on time / late) never moves."""
    specialist, leader = user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    decided = processing(at(2026, 3, 2, 9))
    decided = lifecycle.sign(leader, lifecycle.submit_for_signature(specialist, decided, at=at(2026, 3, 3, 9)))
    still_open = processing(at(2026, 3, 2, 10))
    due = (decided.due_at, still_open.due_at)
    services.add_override(
        user("quantri.hethong"), None, date=D(2026, 3, 4), kind="day_off", reason="Nghỉ", legal_reference="Kiểm thử"
    )
    StaleMonth.objects.all().delete()
    change = CalendarChange(agency_ids=None, changed_dates=(D(2026, 3, 4),), description="Nghỉ 04/03/2026")
    assert deadlines.recompute_after_calendar_change(change) == 1
    decided.refresh_from_db()
    still_open.refresh_from_db()
    assert decided.due_at == due[0] and still_open.due_at > due[1]
    assert _stale() == set()


# -- concurrency (PostgreSQL) ---------------------------------------------------------------------------------------

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")


def _in_thread(function, done: threading.Event | None = None):
    outcome = {}

    def run():
        try:
            connection.ensure_connection()
            outcome["pid"] = connection.connection.info.backend_pid
            outcome["value"] = function()
        except Exception as error:  # reported to the test
            outcome["error"] = error
        finally:
            connection.close()
            if done is not None:
                done.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_processes_computing_one_month_compute_it_once(demo):
    processing(at(2026, 3, 2, 9))
    barrier = threading.Barrier(2)

    def compute():
        barrier.wait()
        return facts.compute(MARCH)

    runs = [_in_thread(compute) for _ in range(2)]
    for thread, _ in runs:
        thread.join()
    assert sorted(outcome.get("value") for _, outcome in runs) == [False, True]
    assert StoredMonth.objects.filter(month=MARCH).count() == 1


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_change_in_flight_while_its_month_is_computed_is_not_lost(demo):
    """The month is already stale. A payment's transaction marks it again — the mark is there, so its insert does
    nothing — and has not committed when a computation starts: the computation must wait for it (the lock of
    mark_stale) and count it, or the month would be stored fresh without the payment."""
    dossier = processing(at(2026, 3, 2, 9))
    DossierFee.objects.create(dossier=dossier, kind="fee", name="Lệ phí", amount_vnd=20_000)
    facts.compute(MARCH)
    facts.mark_stale(at(2026, 3, 10))
    assert _stale() == {MARCH}
    marked, release = threading.Event(), threading.Event()

    def pay():
        with transaction.atomic():
            Payment.objects.create(
                dossier=dossier, amount_vnd=20_000, method="gateway", status="paid", reference="TTRACE",
                created_at=NOW, paid_at=NOW,
            )  # fmt: skip
            marked.set()
            assert release.wait(30), "the test never released the payment"
        return True

    payer, paid = _in_thread(pay)
    assert marked.wait(30)
    computed = threading.Event()
    computer, outcome = _in_thread(lambda: facts.compute(MARCH), done=computed)
    # Let the payment commit once the computation either waits on a lock or has finished without waiting.
    deadline = time.monotonic() + 30
    while not computed.is_set() and not ("pid" in outcome and _waiting_on_a_lock(outcome["pid"])):
        assert time.monotonic() < deadline, "the computation neither waited nor finished"
        computed.wait(0.01)
    release.set()
    payer.join()
    computer.join()
    assert "error" not in paid and "error" not in outcome
    paid_online = sum(MonthFacts.objects.filter(month=MARCH).values_list("paid_online", flat=True))
    assert paid_online == 1 or _stale() == {MARCH}, "the payment is neither counted nor marked"
    assert outcome["value"] is True


@pytest.mark.django_db
def test_the_periodic_task_computes_the_recent_months_missing_or_stale(demo):
    build_scenario()
    recent = tasks.recent_months()
    assert len(recent) == tasks.RECENT_MONTHS and recent[-1] < timezone.localdate().replace(day=1)
    older = (recent[0] - datetime.timedelta(days=1)).replace(day=1)
    assert tasks.store_recent_months.call() == len(recent)  # nothing was stored
    assert facts.fresh_months(recent) == set(recent)
    assert not StoredMonth.objects.filter(month=older).exists()  # older months wait for a reader
    assert tasks.store_recent_months.call() == 0  # all fresh
    facts.mark_stale(datetime.datetime.combine(recent[0], datetime.time(9), tzinfo=facts.VN))
    assert tasks.store_recent_months.call() == 1


def test_the_demo_stores_its_complete_months_so_the_first_dashboard_counts_none(db, client):
    """`motcua demo` leaves the facts a running server's periodic job would have stored: without them the first
    dashboard opened after seeding counted every month and took over 2 s at the demo's scale."""
    import io

    from django.urls import reverse

    from motcua.accounts.models import User

    call_command("demo", stdout=io.StringIO())
    months = facts.months_to_store()
    assert months, "the demo's dossiers span at least one complete month"
    assert facts.fresh_months(months) == set(months)
    client.force_login(User.objects.get(username="lanhdao.hongvan"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("desk:dashboard"))
    assert page.status_code == 200
    assert not [query for query in queries if "INSERT" in query["sql"] and "reports_monthfacts" in query["sql"]]
