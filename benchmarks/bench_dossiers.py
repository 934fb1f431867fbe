"""Dossiers at scale: intakes per second through the lifecycle service, and the overdue work-queue page at N dossiers
(default 1,000,000).

In a throw-away test database on the configured server (MOTCUA_DATABASE_URL; SQLite by default, in a temporary
file): the demo data, then one People's Committee and one service centre for each of Hà Nội's 126 communes, each
with its own electronic identifier, and N dossiers spread over those communes and over the years since 2021.

The N dossiers are seeded with bulk inserts of realistic rows (codes numbered per agency and day with their day
counters, real deadline clocks and due instants on the calendar, states by age: most returned on time or late,
some withdrawn, refused or closed, the recent ones still open and a share of them overdue) — NOT through the
service: a million dossiers one action at a time would take hours. Their histories (events, steps) are not
seeded. What is measured goes through the real code:

(a) intakes per second THROUGH THE SERVICE: lifecycle.accept() with an Intake, one transaction each, as the desk
    does it (code allocation, deadline, internal-process steps, fees, history, the applicant notice's task), on a
    sample (--service-sample) taken after the bulk seeding, so it runs against the full tables: from one desk, and
    with --workers desks of different communes at once (one process each, as a province's desks are served by
    several web processes; PostgreSQL only). Target >= 200/s for the service, i.e. with the desks at once. The
    notices themselves (channels, texts, outbox rows) are made afterwards by the task worker, as their sending was
    already: docs/notifications.md.
(b) p50/p95 of the overdue work-queue page of an agency: the staff page /can-bo/ho-so/?hang-doi=overdue rendered
    through the Django test client for logged-in leaders of different communes (and a desk officer), and, as a
    second figure, the queue itself as the page loads it (queues.page(queues.for_rows(queue(user, "overdue")), 1));
    with the number of SQL queries per page. Target p95 < 100 ms at 1,000,000.

(c) beside (a) with several desks, the reference: pgbench replaying the very statements one intake of each desk
    issues (captured here, benchmarks/pgbench_reference.py) with as many clients, interleaved with the service's
    runs; printed with the ratio service ÷ pgbench (target >= 0.5) and the Python CPU per intake (target <= 6 ms).

Run: .venv/bin/python benchmarks/bench_dossiers.py [--dossiers 1000000] [--service-sample 3000] [--workers 4]
         [--pages 300] [--explain] [--reference-rounds 2] [--reference-seconds 15]
     MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_dossiers \\
         .venv/bin/python benchmarks/bench_dossiers.py --explain
"""

import argparse
import datetime
import logging
import os
import random
import statistics
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bulk_rows import insert_rows
from scratch_db import scratch_database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = datetime.date(2021, 1, 4)
BATCH = 5000
# Procedures resolved by a commune People's Committee (direct channel, structured time limits), by frequency.
PROCEDURES = {
    "1.001193": 18,  # khai sinh (trong ngày)
    "1.000656": 5,  # khai tử
    "2.000908": 8,  # bản sao từ sổ gốc
    "1.004837": 3,  # giám hộ
    "1.002211": 2,  # công nhận hòa giải viên
    "1.013225": 6,  # giấy phép xây dựng
    "1.013227": 2,
    "1.012753": 8,  # đăng ký đất đai
    "1.012812": 2,  # hòa giải tranh chấp đất đai
    "1.014632": 2,
    "2.000986": 4,  # liên thông khai sinh – thường trú – BHYT
    "1.011607": 3,
    "1.005280": 1,
}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN = ("Văn An", "Thị Bình", "Đức Cường", "Thu Hà", "Minh Khôi", "Ngọc Lan", "Quang Long", "Thị Mai", "Hữu Nam")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers seeded in bulk (default 1,000,000)")
    parser.add_argument("--service-sample", type=int, default=3000, help="intakes timed through lifecycle.accept")
    parser.add_argument("--workers", type=int, default=4, help="desks taking intakes at once (PostgreSQL)")
    parser.add_argument("--reference-rounds", type=int, default=2, help="service and pgbench runs, interleaved")
    parser.add_argument("--reference-seconds", type=int, default=15, help="length of each pgbench run")
    parser.add_argument("--pages", type=int, default=300, help="overdue pages timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the overdue queue query")
    args = parser.parse_args()
    with scratch_database() as vendor:
        run(args, vendor)


# -- seeding --------------------------------------------------------------------------------------------------------


def communes(rng: random.Random) -> list[tuple]:
    """(People's Committee, service centre) of every current commune of Hà Nội; the demo's own for Hồng Vân."""
    from motcua.catalog.models import AgencyOffering, Procedure
    from motcua.orgs.models import AdministrativeUnit, Agency

    current, level = AdministrativeUnit.Scheme.CURRENT, AdministrativeUnit.Level
    hanoi = AdministrativeUnit.objects.get(scheme=current, level=level.PROVINCE, code="01")
    province = Agency.objects.get(electronic_id="000.00.00.H26")
    units = AdministrativeUnit.objects.filter(scheme=current, level=level.COMMUNE, parent=hanoi)
    pairs = []
    for index, unit in enumerate(units.order_by("code")):
        committee = Agency.objects.filter(unit=unit, kind=Agency.Kind.PEOPLES_COMMITTEE).first()
        if committee is None:
            committee = Agency.objects.create(
                name=f"Ủy ban nhân dân {unit.name}",
                kind=Agency.Kind.PEOPLES_COMMITTEE,
                unit=unit,
                parent=province,
                # Illustrative identifiers in the QĐ 20/2020 format, distinct from the demo's.
                electronic_id=f"000.{10 + index // 99:02d}.{1 + index % 99:02d}.H26",
            )
        centre = Agency.objects.filter(unit=unit, kind=Agency.Kind.SERVICE_CENTRE).first()
        if centre is None:
            centre = Agency.objects.create(
                name=f"Trung tâm Phục vụ hành chính công {unit.name}",
                kind=Agency.Kind.SERVICE_CENTRE,
                unit=unit,
                parent=committee,
            )
        pairs.append((committee, centre))
    procedures = list(Procedure.objects.filter(code__in=PROCEDURES))
    existing = set(AgencyOffering.objects.values_list("procedure_id", "agency_id"))
    offerings = []
    for committee, centre in pairs:
        for procedure in procedures:
            if (procedure.pk, centre.pk) not in existing:
                offerings.append(AgencyOffering(procedure=procedure, agency=centre, receives=True, channels=["direct"]))
            if (procedure.pk, committee.pk) not in existing:
                offerings.append(AgencyOffering(procedure=procedure, agency=committee, resolves=True))
    AgencyOffering.objects.bulk_create(offerings)
    return pairs


def methods_by_channel(codes) -> dict:
    """The published methods with a structured time limit of the procedures `codes`: {code: {channel: method}}."""
    from motcua.catalog.models import ProcedureMethod

    methods: dict[str, dict] = {}
    published = ProcedureMethod.objects.filter(
        version__procedure__code__in=codes, version__status="published"
    ).select_related("version__procedure")
    for method in published:
        if method.duration is not None:
            methods.setdefault(method.version.procedure.code, {}).setdefault(method.channel, method)
    return methods


def working_days(calendar, first: datetime.date, last: datetime.date) -> list[tuple]:
    """(date, working periods) of every working day from `first` to `last` on the calendar."""
    days, day = [], first
    while day <= last:
        info = calendar.day_info(day)
        if info.periods:
            days.append((day, info.periods))
        day += datetime.timedelta(days=1)
    return days


def working_moments(rng: random.Random, days: list[tuple], count: int, before: datetime.datetime) -> list:
    """`count` sorted random moments in the office hours of `days`, all before `before`."""
    moments = []
    while len(moments) < count:
        day, periods = rng.choice(days)
        start, end = rng.choice(periods)
        minute = rng.randrange(start.hour * 60 + start.minute, end.hour * 60 + end.minute)
        moment = datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60), tzinfo=VN)
        if moment < before:
            moments.append(moment)
    return sorted(moments)


def seed_dossiers(count: int, rng: random.Random, now: datetime.datetime) -> dict:
    """Bulk rows; returns counts by state. States follow age: a dossier still within its time limit is open (or
    already returned early); an older one is finished — returned (7 % of them late), withdrawn or closed — except a
    share left open past its due instant: overdue."""
    from motcua.catalog.models import ProcedureMethod
    from motcua.dossiers.models import CodeSequence, Dossier, Outcome, State
    from motcua.workcal.calendars import engine_calendar
    from motcua.workcal.clock import DeadlineClock
    from motcua.workcal.durations import Duration

    calendar = engine_calendar()
    pairs = communes(rng)
    methods = {
        m.version.procedure.code: m
        for m in ProcedureMethod.objects.filter(
            version__procedure__code__in=PROCEDURES, version__status="published", channel="direct"
        ).select_related("version__procedure")
        if m.duration is not None
    }
    codes, weights = zip(*[(code, w) for code, w in PROCEDURES.items() if code in methods], strict=True)
    open_states = [State.RECEIVED, State.TRANSFERRED, State.PROCESSING, State.CONSULTING, State.AWAITING_SIGNATURE]
    open_weights = [3, 5, 60, 7, 25]
    days = working_days(calendar, FIRST_DAY, timezone_date(now))
    tally: dict[str, int] = {}

    def moment_within(start: datetime.datetime, end: datetime.datetime, low: float, high: float):
        minutes = calendar.between(start, end).total_seconds() / 60 * rng.uniform(low, high)
        return calendar.add(start, Duration.working_minutes(max(int(minutes), 1))).due_at

    # Busier communes receive more: each commune's share varies between half and one and a half of the mean.
    sizes = [rng.uniform(0.5, 1.5) for _ in pairs]
    per_agency = [int(count * size / sum(sizes)) for size in sizes]
    per_agency[0] += count - sum(per_agency)
    for (committee, centre), share in zip(pairs, per_agency, strict=True):
        rows, day_numbers = [], {}
        for received in working_moments(rng, days, share, now - datetime.timedelta(hours=1)):
            method = methods[rng.choices(codes, weights)[0]]
            clock = DeadlineClock.started(method.duration, received, note="tiếp nhận")
            due = clock.deadline(calendar).due_at
            row = {
                "version_id": method.version_id,
                "method_id": method.pk,
                "channel": "direct",
                "receiving_agency_id": centre.pk,
                "competent_agency_id": committee.pk,
                "applicant_kind": "person",
                "applicant_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                "applicant_id_number": f"0010{rng.randint(60, 99)}{rng.randrange(10**6):06d}",
                "applicant_phone": f"09{rng.randrange(10**8):08d}",
                "request_summary": method.version.name,
                "submitted_at": received,
            }
            roll = rng.random()
            if roll < 0.025:  # refused or sent back for completion at the desk: no code, no clock
                row["state"] = State.INTAKE_REFUSED if roll < 0.01 else State.INTAKE_SUPPLEMENT
            else:
                day = received.date()
                number = day_numbers[day] = day_numbers.get(day, 0) + 1
                row.update(
                    code=f"{committee.electronic_id}-{day:%y%m%d}-{number:04d}",
                    received_at=received,
                    due_at=due,
                    clock=clock.to_data(),
                    revision=1,
                )
                ending = rng.random()
                if due > now and ending < 0.7:
                    row["state"] = rng.choices(open_states, open_weights)[0]
                elif due > now:  # already done, early
                    row.update(state=State.RETURNED, outcome=Outcome.GRANTED)
                    row["resolved_at"] = moment_within(received, now, 0.3, 0.8)
                    row["returned_at"] = moment_within(row["resolved_at"], now, 0.1, 0.9)
                elif (now - due < datetime.timedelta(days=90) and ending < 0.08) or ending < 0.004:
                    row["state"] = rng.choices(open_states, open_weights)[0]  # overdue, still open
                elif ending < 0.03:
                    row.update(state=State.STOPPED, outcome=Outcome.WITHDRAWN, due_at=None)
                elif ending < 0.05:
                    row.update(state=State.CLOSED, outcome=Outcome.CLOSED, due_at=None)
                else:
                    late = rng.random() < 0.07
                    resolved = (
                        calendar.add(due, Duration.working_minutes(rng.randint(30, 5 * 480))).due_at
                        if late
                        else moment_within(received, due, 0.2, 1.0)
                    )
                    row.update(state=State.RETURNED, outcome=Outcome.REFUSED if ending < 0.07 else Outcome.GRANTED)
                    row["resolved_at"] = min(resolved, now)
                    returned = calendar.add(resolved, Duration.working_minutes(rng.randint(10, 3 * 480))).due_at
                    row["returned_at"] = min(returned, now)
            tally[row["state"]] = tally.get(row["state"], 0) + 1
            rows.append(row)
        insert_rows(Dossier, rows)
        counters = [{"agency_id": committee.pk, "day": day, "last_number": n} for day, n in day_numbers.items()]
        insert_rows(CodeSequence, counters)
    return tally


def timezone_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(VN).date()


def leaders(pairs_count: int) -> list:
    """A leader for each of the first communes with dossiers (the demo's own leader for Hồng Vân)."""
    from motcua.accounts.models import Role, RoleAssignment, User
    from motcua.orgs.models import Agency

    users = [User.objects.get(username="lanhdao.hongvan")]
    # The communes' People's Committees this benchmark created (their identifiers start 000.1x).
    committees = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, electronic_id__startswith="000.1").order_by(
        "pk"
    )[: pairs_count - 1]
    for index, committee in enumerate(committees):
        user = User.objects.create(
            username=f"lanhdao.bench{index}",
            full_name=f"Lãnh đạo {committee.name}",
            account_type=User.AccountType.STAFF,
        )
        RoleAssignment.objects.create(user=user, role=Role.LEADER, agency=committee, title="Chủ tịch UBND")
        users.append(user)
    return users


# -- measuring ------------------------------------------------------------------------------------------------------


def desks(count: int) -> list[tuple]:
    """(receiving officer, centre, People's Committee) of `count` communes: Hồng Vân's demo desk, then desks made
    here, so that concurrent intakes are at different communes (one commune's codes are taken one at a time)."""
    from motcua.accounts.models import Role, RoleAssignment, User
    from motcua.orgs.models import Agency

    result = [
        (
            User.objects.get(username="tiepnhan.hongvan"),
            Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
            Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        )
    ]
    committees = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, electronic_id__startswith="000.1")
    for index, committee in enumerate(committees.order_by("-pk")[: count - 1]):
        centre = committee.children.get(kind=Agency.Kind.SERVICE_CENTRE)
        officer = User.objects.create(
            username=f"tiepnhan.bench{index}", full_name="Cán bộ tiếp nhận", account_type=User.AccountType.STAFF
        )
        RoleAssignment.objects.create(user=officer, role=Role.RECEIVING_OFFICER, agency=centre)
        result.append((officer, centre, committee))
    return result


def intakes_for(desk: tuple, count: int, rng: random.Random) -> list:
    """`count` intakes at a desk: various procedures and applicants, each received when it is accepted (now), as at
    a desk (a backdated intake would also mark a stored month of the report facts stale, which a desk never does)."""
    from motcua.catalog.models import ProcedureMethod
    from motcua.dossiers import lifecycle

    _officer, centre, committee = desk
    methods = [
        m
        for m in ProcedureMethod.objects.filter(
            version__procedure__code__in=PROCEDURES, version__status="published", channel="direct"
        ).select_related("version")
        if m.duration is not None
    ]
    return [
        lifecycle.Intake(
            method=rng.choice(methods),
            receiving_agency=centre,
            competent_agency=committee,
            applicant=lifecycle.Applicant(
                kind="person",
                name=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                id_number=f"0010{rng.randint(60, 99)}{rng.randrange(10**6):06d}",
                phone=f"09{rng.randrange(10**8):08d}",
                address=f"{committee.unit}, Thành phố Hà Nội",
            ),
        )
        for _ in range(count)
    ]


def accept_all(officer, intakes: list) -> None:
    from motcua.dossiers import lifecycle

    for intake in intakes:
        lifecycle.accept(officer, intake)  # its own transaction, committed before the next


def _desk_worker(desk, count, seed, barrier) -> None:
    from django.db import connection

    items = intakes_for(desk, count, random.Random(seed))
    barrier.wait()
    accept_all(desk[0], items)
    connection.close()


def statements_per_intake(desk: tuple, seed: int) -> int:
    """SQL statements of one intake with its notice (after a first one, which builds the calendar)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = intakes_for(desk, 2, random.Random(seed))
    accept_all(desk[0], [first])
    with CaptureQueriesContext(connection) as captured:
        accept_all(desk[0], [second])
    return len(captured.captured_queries)


@dataclass
class IntakeRate:
    per_second: float
    cpu_ms: float  # CPU of the Python processes per intake (user + system), the database's not included


def measure_intakes(desk_list: list[tuple], sample: int, seed: int) -> IntakeRate:
    """Intakes per second through lifecycle.accept: one desk after another in this process, or with several
    desks at once, one process each (PostgreSQL), counting the wall time of the whole sample."""
    import multiprocessing

    from django.db import connections

    if len(desk_list) == 1:
        items = intakes_for(desk_list[0], sample, random.Random(seed))
        cpu, began = _own_cpu(), time.perf_counter()
        accept_all(desk_list[0][0], items)
        return IntakeRate(sample / (time.perf_counter() - began), 1000 * (_own_cpu() - cpu) / sample)
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(desk_list) + 1)
    shares = [sample // len(desk_list) + (i < sample % len(desk_list)) for i in range(len(desk_list))]
    workers = [
        context.Process(target=_desk_worker, args=(desk, share, seed + i, barrier))
        for i, (desk, share) in enumerate(zip(desk_list, shares, strict=True))
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    cpu, began = _children_cpu(), time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if any(worker.exitcode for worker in workers):
        raise RuntimeError("an intake process failed")
    # The children's CPU counts once they are reaped (joined); their set-up before the barrier is in it too, a few
    # milliseconds beside the sample.
    return IntakeRate(sample / elapsed, 1000 * (_children_cpu() - cpu) / sample)


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def pgbench_reference(desk_list: list[tuple], seed: int, seconds: int) -> float:
    """pgbench's rate for the statements one intake of each desk issues, one client per desk (pgbench_reference)."""
    from pgbench_reference import capture, pgbench_script, run_pgbench

    from motcua.dossiers import lifecycle

    captures = []
    for index, desk in enumerate(desk_list):
        item = intakes_for(desk, 1, random.Random(seed + index))[0]
        captures.append(capture(lambda desk=desk, item=item: lifecycle.accept(desk[0], item)))
    return run_pgbench(pgbench_script(captures), clients=len(desk_list), seconds=seconds).tps


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return statistics.median(samples), cuts[94]


def measure_queue(users: list, pages: int) -> tuple[float, float, int, int]:
    """The overdue queue's first page as the service gives it: (p50 ms, p95 ms, queries, rows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers import queues

    def one(user):
        return queues.page(queues.for_rows(queues.queue(user, "overdue")), 1)

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        first = one(users[0])
    queries = len(captured.captured_queries)
    timings = []
    for index in range(pages):
        began = time.perf_counter()
        one(users[index % len(users)])
        timings.append((time.perf_counter() - began) * 1000)
    return (*percentiles(timings), queries, len(first.items))


def measure_page(users: list, pages: int) -> tuple[float, float, int, list[str]] | str:
    """The staff page /can-bo/ho-so/?hang-doi=overdue through the test client: (p50 ms, p95 ms, queries, SQL)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("desk:dossiers") + "?hang-doi=overdue"
    except NoReverseMatch:
        return "the staff queue page does not exist yet"
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        response = client.get(url)
        if response.status_code != 200:
            return f"{url} answered {response.status_code} for {user.username}"
        clients.append(client)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        clients[0].get(url)
    statements = [query["sql"] for query in captured.captured_queries]  # now: each request clears the log
    timings = []
    for index in range(pages):
        began = time.perf_counter()
        clients[index % len(clients)].get(url)
        timings.append((time.perf_counter() - began) * 1000)
    return (*percentiles(timings), len(statements), statements)


def explain(user) -> str:
    from motcua.dossiers import queues

    query = queues.queue(user, "overdue").values_list("pk", flat=True)[:51]  # the page's first query
    return query.explain(analyze=True, buffers=True)


def run(args, vendor: str) -> None:
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.demo.seed import seed as seed_demo
    from motcua.dossiers.models import OPEN_STATES, Dossier
    from motcua.notify.services import muted

    # As in production: DEBUG off (no query log); the test client's host name allowed; e-mail kept in memory.
    setup_test_environment(debug=False)
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per test-client login otherwise
    rng = random.Random(args.seed)
    now = timezone.now()
    began = time.perf_counter()
    seed_demo()
    tally = seed_dossiers(args.dossiers, rng, now)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would have done after such a load
    seeded = time.perf_counter() - began
    open_now = sum(tally.get(state, 0) for state in OPEN_STATES)
    overdue = Dossier.objects.filter(state__in=OPEN_STATES, due_at__lt=now).count()
    print(
        f"{vendor}: seeded {args.dossiers:,} dossiers in bulk in {seeded:.0f} s "
        f"({open_now:,} open, {overdue:,} of them overdue; 127 communes, {FIRST_DAY:%Y}–{now:%Y})"
    )

    desk_list = desks(max(args.workers, 1))
    statements = statements_per_intake(desk_list[0], args.seed - 1)
    rate = measure_intakes(desk_list[:1], args.service_sample, args.seed)
    print(
        f"{vendor}: intakes through the service (lifecycle.accept with an Intake, one transaction each, as at the "
        f"desk, with the applicant's notice; {statements} SQL statements each; measured on "
        f"{args.service_sample:,}): {rate.per_second:,.0f}/s from one desk, {rate.cpu_ms:.1f} ms of Python CPU each"
    )
    with muted():
        rate = measure_intakes(desk_list[:1], args.service_sample, args.seed + 1)
    print(f"{vendor}:   the same without the notices (notify muted): {rate.per_second:,.0f}/s")
    if args.workers > 1 and vendor == "postgresql":
        # Interleaved with pgbench replaying the same statements with as many clients (the reference, issue 17):
        # a busy moment of the machine slows both, the ratio much less than either.
        for round_number in range(args.reference_rounds):
            rate = measure_intakes(desk_list, args.service_sample, args.seed + 2 + round_number)
            reference = pgbench_reference(desk_list, args.seed + 100 * round_number, args.reference_seconds)
            print(
                f"{vendor}:   with {args.workers} desks at once (one process each, with notices): "
                f"{rate.per_second:,.0f}/s in all, {rate.cpu_ms:.1f} ms of Python CPU per intake (target <= 6); "
                f"pgbench, the same statements with {args.workers} clients: {reference:,.0f}/s; ratio "
                f"{rate.per_second / reference:.2f} (target >= 0.5)"
            )

    users = leaders(20)
    desk = User.objects.get(username="tiepnhan.hongvan")
    page = measure_page(users, args.pages)
    if isinstance(page, str):
        print(f"{vendor}: overdue page not timed: {page}")
    else:
        p50, p95, queries, statements = page
        counts = [sql for sql in statements if "COUNT(" in sql.upper() and "dossiers_dossier" in sql]
        print(
            f"{vendor}: overdue work-queue page /can-bo/ho-so/?hang-doi=overdue, {len(users)} leaders: "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} SQL queries per page"
            f"{f', {len(counts)} of them COUNT over dossiers' if counts else ''}; target p95 < 100 ms"
        )
        desk_page = measure_page([desk], max(args.pages // 3, 20))
        if not isinstance(desk_page, str):
            print(f"{vendor}:   same page for the desk officer: p50 {desk_page[0]:.1f} ms, p95 {desk_page[1]:.1f} ms")
    p50, p95, queries, rows = measure_queue(users, args.pages)
    print(
        f"{vendor}: overdue queue (queues.page(for_rows(queue(user, 'overdue')), 1)), {rows} rows on the first "
        f"page: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} SQL queries"
    )
    if args.explain:
        plan = explain(users[1])
        print("\n".join(line for line in plan.splitlines() if "(never executed)" not in line))
    connection.close()


if __name__ == "__main__":
    main()
