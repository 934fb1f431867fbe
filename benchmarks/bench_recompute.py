"""Recomputing stored deadlines after a calendar change: N open dossiers (default 100,000), one new day off.

In a throw-away test database on the configured server (MOTCUA_DATABASE_URL; SQLite by default, in a temporary
file): the demo data, then N dossiers seeded directly (bulk rows with real clocks; seeding is not what is
measured), received in the six days before the day off, so that every one of them is still counting on it. A
national day off is added through the calendar service, and the registered recomputer (motcua.dossiers.deadlines)
is timed as the background task runs it. Target: under 60 s for 100,000 on PostgreSQL.

Run: .venv/bin/python benchmarks/bench_recompute.py [--dossiers 100000]
     MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua .venv/bin/python benchmarks/bench_recompute.py
"""

import argparse
import datetime
import time
from zoneinfo import ZoneInfo

from scratch_db import scratch_database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_OFF = datetime.date(2026, 3, 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=100_000)
    args = parser.parse_args()
    with scratch_database() as vendor:
        run(args.dossiers, vendor)


def seed(count: int) -> None:
    from motcua.accounts.models import User
    from motcua.catalog.models import ProcedureMethod
    from motcua.demo.seed import seed as seed_demo
    from motcua.dossiers.deadlines import due_at
    from motcua.dossiers.models import Dossier, State
    from motcua.orgs.models import Agency
    from motcua.workcal.clock import DeadlineClock

    seed_demo()
    officer = User.objects.get(username="tiepnhan.hongvan")
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")
    ubnd = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    first = datetime.datetime.combine(DAY_OFF - datetime.timedelta(days=6), datetime.time(8), tzinfo=VN)
    rows = []
    for number in range(count):
        received = first + datetime.timedelta(minutes=(number * 17) % (6 * 24 * 60))
        clock = DeadlineClock.started(method.duration, received)
        rows.append(
            Dossier(
                code=f"BENCH-{number:07d}",
                version=method.version,
                method=method,
                channel="direct",
                receiving_agency=centre,
                competent_agency=ubnd,
                applicant_kind="person",
                applicant_name="Người nộp thử",
                applicant_id_number="001090012345",
                state=State.RECEIVED,
                submitted_at=received,
                received_at=received,
                due_at=due_at(clock, ubnd),
                clock=clock.to_data(),
                received_by=officer,
            )
        )
        if len(rows) == 5000:
            Dossier.objects.bulk_create(rows)
            rows = []
    Dossier.objects.bulk_create(rows)


def run(count: int, vendor: str) -> None:
    from django.db import connection

    from motcua.accounts.models import User
    from motcua.dossiers.deadlines import recompute_after_calendar_change
    from motcua.workcal.calendars import engine_calendar
    from motcua.workcal.recompute import CalendarChange

    began = time.perf_counter()
    seed(count)
    print(f"{vendor}: seeded {count:,} open dossiers in {time.perf_counter() - began:.1f} s")
    from motcua.workcal import services

    admin = User.objects.get(username="quantri.hethong")
    services.add_override(
        admin, None, date=DAY_OFF, kind="day_off", reason="Nghỉ (đo hiệu năng)", legal_reference="benchmark"
    )
    engine_calendar()  # the calendar build is shared by every request; not part of the replay
    change = CalendarChange(agency_ids=None, changed_dates=(DAY_OFF,), description="Ngày nghỉ mới (đo hiệu năng)")
    began = time.perf_counter()
    moved = recompute_after_calendar_change(change)
    elapsed = time.perf_counter() - began
    print(
        f"{vendor}: recomputed after one new day off: {moved:,} due instants moved in {elapsed:.1f} s "
        f"({moved / elapsed:,.0f}/s); target < 60 s for 100,000"
    )
    connection.close()


if __name__ == "__main__":
    main()
