"""Form II.06a at scale: the report for a whole province for a quarter (target < 2 s) and for one commune
(target < 50 ms) over 1,000,000 dossiers on PostgreSQL, each beside its reference: a bare count(*) of the same
dossiers with the report's own filter (target: the province report at most twice that).

Unlike the other benchmarks this one KEEPS its database, `motcua_bench_reports` (or --database-url), so that the
1,000,000 dossiers are seeded once and the dashboards can be timed on the same data: the first run creates,
migrates and seeds it (the demo, then the 126 communes of Hà Nội each with a People's Committee and a service centre
from benchmarks/bench_dossiers.communes, then N dossiers over the last two years), later runs reuse it.

The dossiers are bulk rows (COPY, then CLUSTERed in arrival order as a real table fills), not lifecycle actions —
a million dossiers one action at a time would take hours:
received on working days in office hours, online for a growing share (30 % → 60 %), by post for a few, due instants
N working days later on the working calendar, states by age (open, supplement requested, decided early / on time /
late, some extended with an apology letter, refused, withdrawn, closed unsupplemented, and a share left open past
the due instant). Withdrawals and closures get their end event (the report reads their instant from it), and
extensions their Mẫu 04 event; other history is not seeded. What is timed is the real `motcua.reports.ii06a.build`.

Run: .venv/bin/python benchmarks/bench_reports.py [--dossiers 1000000] [--repeat 5] [--explain]
     [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench_reports] [--reseed]
A province's quarter (issue 17: 5 million dossiers a year, 1.25 million a quarter, all in the quarter timed):
     .venv/bin/python benchmarks/bench_reports.py --quarter --dossiers 1250000 \
         --database-url postgres://postgres@127.0.0.1:5432/motcua_bench_reports_quarter
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from timing import samples_ms

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_reports"
YEARS = 2
BATCH = 20_000
# Procedures resolved by a commune People's Committee, by frequency (as in bench_dossiers).
PROCEDURES = {
    "1.001193": 18,
    "1.000656": 5,
    "2.000908": 8,
    "1.004837": 3,
    "1.002211": 2,
    "1.013225": 6,
    "1.013227": 2,
    "1.012753": 8,
    "1.012812": 2,
    "1.014632": 2,
    "2.000986": 4,
    "1.011607": 3,
    "1.005280": 1,
}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN = ("Văn An", "Thị Bình", "Đức Cường", "Thu Hà", "Minh Khôi", "Ngọc Lan", "Quang Long", "Thị Mai", "Hữu Nam")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("MOTCUA_BENCH_REPORTS_URL", DEFAULT_URL))
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each report")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the province query")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--quarter",
        action="store_true",
        help="seed every dossier in the last complete quarter (the one timed): --dossiers 1250000 is a province's"
        " quarter (issue 17); use its own --database-url",
    )
    args = parser.parse_args()
    os.environ["MOTCUA_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_ENV", "development")  # production is the default
    sys.path.insert(0, str(Path(__file__).parent))
    prepare_database(args)
    report(args)


# -- the database ---------------------------------------------------------------------------------------------------


def prepare_database(args) -> None:
    import django
    import psycopg

    name = args.database_url.rsplit("/", 1)[1]
    server = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.reseed:
            admin.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command

    from motcua.dossiers.models import Dossier

    call_command("migrate", verbosity=0)
    have = Dossier.objects.count()
    if have >= args.dossiers:
        print(f"reusing {name}: {have:,} dossiers")
        return
    if have:
        sys.exit(f"{name} holds {have:,} dossiers, fewer than asked; run with --reseed")
    began = time.perf_counter()
    seed(args)
    print(f"seeded {name} with {Dossier.objects.count():,} dossiers in {time.perf_counter() - began:.0f} s")


def seed(args) -> None:
    from bench_dossiers import communes, insert_rows, methods_by_channel, working_days
    from django.db import connection
    from django.utils import timezone

    from motcua.demo.seed import seed as seed_demo
    from motcua.dossiers.models import CodeSequence, Dossier
    from motcua.workcal.calendars import engine_calendar

    rng = random.Random(args.seed)
    now = timezone.now()
    seed_demo()
    pairs = communes(rng)
    calendar = engine_calendar()
    if args.quarter:  # a province's quarter: every dossier in the quarter the report is timed on
        first, last = quarter_before(timezone.localdate(now))
    else:
        first, last = timezone.localdate(now) - datetime.timedelta(days=365 * YEARS), timezone.localdate(now)
    days = working_days(calendar, first, last)
    methods = methods_by_channel(PROCEDURES)
    codes = [code for code in PROCEDURES if "direct" in methods.get(code, {})]
    weights = [PROCEDURES[code] for code in codes]
    sizes = [rng.uniform(0.5, 1.5) for _ in pairs]
    per_agency = [int(args.dossiers * size / sum(sizes)) for size in sizes]
    per_agency[0] += args.dossiers - sum(per_agency)
    due_cache: dict[tuple, datetime.datetime] = {}

    def due_of(method, moment):
        key = (method.pk, moment)
        if key not in due_cache:
            due_cache[key] = calendar.add(moment, method.duration).due_at
        return due_cache[key]

    def later(start, end, low, high):
        return start + (end - start) * rng.uniform(low, high)

    rows, counters = [], []
    for (committee, centre), share in zip(pairs, per_agency, strict=True):
        day_numbers: dict[datetime.date, int] = {}
        for _ in range(share):
            day_index = rng.randrange(len(days))
            day, periods = days[day_index]
            start, end = rng.choice(periods)
            minute = rng.randrange(start.hour * 60 + start.minute, end.hour * 60 + end.minute) // 15 * 15
            received = datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60), tzinfo=VN)
            if received >= now:
                received -= datetime.timedelta(days=7)
            age = day_index / len(days)  # 0 two years ago … 1 today: online grows with it
            code = rng.choices(codes, weights)[0]
            roll = rng.random()
            channel = "online" if roll < 0.3 + 0.3 * age else "postal" if roll > 0.97 else "direct"
            method = methods[code].get(channel) or methods[code]["direct"]
            row = {
                "version_id": method.version_id,
                "method_id": method.pk,
                "channel": method.channel,
                "receiving_agency_id": centre.pk,
                "competent_agency_id": committee.pk,
                "applicant_kind": "person",
                "applicant_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                "applicant_id_number": f"0010{rng.randint(60, 99)}{rng.randrange(10**6):06d}",
                "request_summary": method.version.name,
                "submitted_at": received,
            }
            rows.append(row)
            if rng.random() < 0.02:  # refused or returned at intake: never received
                row["state"] = "intake_refused" if rng.random() < 0.4 else "intake_supplement"
                continue
            number = day_numbers[day] = day_numbers.get(day, 0) + 1
            due = due_of(method, received)
            row.update(
                code=f"{committee.electronic_id}-{day:%y%m%d}-{number:04d}",
                received_at=received,
                due_at=due,
                revision=5,
            )
            fate = rng.random()
            if due > now and fate < 0.6:
                row["state"] = rng.choices(
                    ["received", "processing", "consulting", "awaiting_signature"], [3, 70, 7, 20]
                )[0]
                if rng.random() < 0.05:
                    row.update(state="supplement_requested", due_at=None)
            elif due <= now and (((now - due).days < 60 and fate < 0.06) or fate < 0.003):
                row["state"] = rng.choice(["processing", "consulting", "awaiting_signature"])  # overdue, open
            elif fate > 0.975:
                row.update(state="stopped", outcome="withdrawn", due_at=None)
            elif fate > 0.96:
                row.update(state="closed", outcome="closed", due_at=None)
            else:
                if rng.random() < 0.03:  # apology letter and a few more working days
                    row["extended_due_at"] = row["due_at"] = due = due + datetime.timedelta(days=3)
                late = rng.random() < 0.07
                resolved = due + datetime.timedelta(hours=rng.randint(2, 96)) if late else later(received, due, 0.2, 1)
                resolved = min(resolved, now - datetime.timedelta(minutes=5))
                returned = min(resolved + datetime.timedelta(hours=rng.randint(1, 48)), now)
                row.update(
                    state="returned",
                    outcome="refused" if rng.random() < 0.04 else "granted",
                    resolved_at=resolved,
                    returned_at=returned,
                )
        counters += [{"agency_id": committee.pk, "day": d, "last_number": n} for d, n in day_numbers.items()]
        if len(rows) >= BATCH:
            insert_rows(Dossier, rows)
            rows = []
    insert_rows(Dossier, rows)
    insert_rows(CodeSequence, counters)
    end_events()
    with connection.cursor() as cursor:
        # The rows were made commune by commune; a real table fills in arrival order, which is what the heap
        # layout (and so the cost of every range scan) depends on.
        cursor.execute("CREATE INDEX bench_arrival_tmp ON dossiers_dossier (received_at)")
        cursor.execute("CLUSTER dossiers_dossier USING bench_arrival_tmp")
        cursor.execute("DROP INDEX bench_arrival_tmp")
        cursor.execute("ANALYZE")


def end_events() -> None:
    """The events the report reads: the stop (Mẫu 05) or the closing of withdrawn and closed dossiers, a few days
    after the receipt, and the apology letter (Mẫu 04) of the extended ones."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO dossiers_dossierevent (dossier_id, at, kind, from_state, to_state, note, form, details)
            SELECT id, LEAST(received_at + (1 + id % 9) * interval '1 day', now()), 'stopped', 'processing',
                   'stopped', 'Người yêu cầu rút hồ sơ', '05', '{}'::jsonb
            FROM dossiers_dossier WHERE state = 'stopped'
            UNION ALL
            SELECT id, LEAST(received_at + (17 + id % 5) * interval '1 day', now()), 'closed', 'supplement_requested',
                   'closed', 'Quá 15 ngày không bổ sung', '', '{}'::jsonb
            FROM dossiers_dossier WHERE state = 'closed'
            UNION ALL
            SELECT id, received_at + interval '1 day', 'extended', 'processing', '', 'Cần thêm thời gian xác minh',
                   '04', '{}'::jsonb
            FROM dossiers_dossier WHERE extended_due_at IS NOT NULL
            """
        )


# -- the timings ----------------------------------------------------------------------------------------------------


def timed(function, repeat: int) -> tuple[float, float]:
    """(median, best) in milliseconds, after one warm-up run."""
    samples = samples_ms(function, repeat)
    return statistics.median(samples), samples[0]


def quarter_before(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last complete quarter."""
    first_month = (today.month - 1) // 3 * 3 + 1
    end = datetime.date(today.year, first_month, 1) - datetime.timedelta(days=1)
    return datetime.date(end.year, end.month - 2, 1), end


def count_reference(agency_ids, start: datetime.date, end: datetime.date) -> int:
    """The reference beside the report (issue 17): a bare count(*) of the report's dossiers with the report's own
    filter, part by part (ii06a.period_parts), with jit off as the report runs — what the database needs just to find
    the rows the report counts into its cells."""
    from django.db import connection, transaction

    from motcua.reports import ii06a

    period = ii06a.Period.of(start, end)
    with transaction.atomic():
        connection.cursor().execute("SET LOCAL jit = off")
        parts = ii06a.period_parts(period, agency_ids).values()
        return sum(ii06a.annotated_dossiers(agency_ids, period, part).count() for part in parts)


def report(args) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.orgs.models import AdministrativeUnit, Agency
    from motcua.reports import ii06a
    from motcua.reports.areas import agency_ids_of_area

    province_unit = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    province = agency_ids_of_area(province_unit)
    commune = agency_ids_of_area(Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân").unit)
    start, end = quarter_before(timezone.localdate())
    print(f"load before timing: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    whole = ii06a.build(province, start, end)
    print(
        f"province of Hà Nội, {start:%d/%m/%Y}–{end:%d/%m/%Y}: {len(province)} agencies, {len(whole.rows)} rows; "
        f"received {whole.total.received_total:,} (online {whole.total.received_online:,}, carried over "
        f"{whole.total.carried_over:,}), decided {whole.total.resolved_total:,} (late {whole.total.resolved_late:,}), "
        f"pending {whole.total.pending_total:,} (overdue {whole.total.pending_overdue:,}); "
        f"invariants broken: {whole.total.broken_invariants() or 'none'}"
    )
    median, best = timed(lambda: ii06a.build(province, start, end), args.repeat)
    counted = count_reference(province, start, end)
    reference, _ = timed(lambda: count_reference(province, start, end), args.repeat)
    print(
        f"  II.06a province quarter: median {median:.0f} ms, best {best:.0f} ms (target < 2000 ms); count(*) of its "
        f"{counted:,} dossiers with the same filter: median {reference:.0f} ms; ratio {median / reference:.1f} "
        "(target <= 2)"
    )
    small = ii06a.build(commune, start, end)
    print(f"commune Hồng Vân: {len(commune)} agencies, received {small.total.received_total:,}")
    median, best = timed(lambda: ii06a.build(commune, start, end), args.repeat * 4)
    reference, _ = timed(lambda: count_reference(commune, start, end), args.repeat * 4)
    print(
        f"  II.06a commune quarter: median {median:.1f} ms, best {best:.1f} ms (target < 50 ms); count(*) with the "
        f"same filter: median {reference:.1f} ms; ratio {median / reference:.1f}"
    )
    year = ii06a.build(province, start.replace(month=1), end)
    median, best = timed(lambda: ii06a.build(province, start.replace(month=1), end), max(args.repeat // 2, 1))
    print(f"  II.06a province year to date ({year.total.received_total:,} dossiers): median {median:.0f} ms")
    first_page = ii06a.dossiers_for("pending_overdue", province, start, end).order_by("due_at", "pk")[:50]
    median, best = timed(lambda: list(first_page.values_list("pk", flat=True)), args.repeat)
    print(f"  first page of the province's overdue-at-end list: median {median:.0f} ms")
    print(f"load after timing: {os.getloadavg()[0]:.2f}")
    if args.explain:
        with transaction.atomic():
            connection.cursor().execute("SET LOCAL jit = off")  # as ii06a.build does
            for query in ii06a.aggregate_queries(province, ii06a.Period.of(start, end)):
                print(query.explain(analyze=True))
    connection.close()


if __name__ == "__main__":
    main()
