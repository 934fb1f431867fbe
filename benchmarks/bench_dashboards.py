"""The dashboards and the Decision 766 index at scale: a whole province over 1,000,000 dossiers on PostgreSQL
(target < 1 s each).

Uses the kept database of benchmarks/bench_reports.py (`motcua_bench_reports`: Hà Nội's 126 communes, 1,000,000
dossiers over two years); run that benchmark first to seed it. It writes nothing but the stored monthly facts of the
dashboards (motcua.reports.facts; it applies pending migrations, which add read indexes and the facts tables).

Cold first: the stored facts are cleared and the first dashboard of the province for six months is timed, which
computes its complete months (five, or six on the first day of a month). Then warm, each after one warm-up run: the
dashboard of the province for a quarter and for six months (the totals, by month, by commune, by field:
`motcua.reports.dashboard.build`), the 766 index for the quarter, its monthly trend, the ranking of the communes, the
first page behind a figure, and the public statistics of one commune (cache cleared each run).

Run: .venv/bin/python benchmarks/bench_dashboards.py [--repeat 5] [--database-url postgres://…/motcua_bench_reports]
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time

from timing import samples_ms

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_reports"


def timed(function, repeat: int) -> tuple[float, float]:
    """(median, best) in milliseconds, after one warm-up run."""
    samples = samples_ms(function, repeat)
    return statistics.median(samples), samples[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("MOTCUA_BENCH_REPORTS_URL", DEFAULT_URL))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["MOTCUA_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_ENV", "development")  # production is the default
    # A cache of its own: the public-statistics timing clears it every run.
    os.environ["MOTCUA_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-dashboards-cache-")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.orgs.models import AdministrativeUnit, Agency
    from motcua.reports import dashboard, facts, index766, public_stats
    from motcua.reports.areas import agency_ids_of_area
    from motcua.reports.models import MonthFacts, StaleMonth, StoredMonth

    call_command("migrate", verbosity=0)
    total = Dossier.objects.count()
    if total < 100_000:
        sys.exit(f"{total:,} dossiers: seed the database with benchmarks/bench_reports.py first")
    unit = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    area = dashboard.Area(unit.name, tuple(agency_ids_of_area(unit)), unit=unit)
    today = timezone.localdate()
    first = today.replace(day=1)
    quarter_start = (first - datetime.timedelta(days=62)).replace(day=1)
    half_start = (first - datetime.timedelta(days=155)).replace(day=1)
    print(f"{total:,} dossiers; province {area.label}: {len(area.agency_ids)} agencies")
    print(f"load before timing: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # Cold: no month stored, so the first dashboard computes the facts of every complete month of its period.
    MonthFacts.objects.all().delete()
    StoredMonth.objects.all().delete()
    StaleMonth.objects.all().delete()
    months = facts.storable_months(half_start, today)
    began = time.perf_counter()
    dashboard.build(area, half_start, today)
    cold, rows = (time.perf_counter() - began) * 1000, MonthFacts.objects.count()
    print(f"  dashboard.build province six months, COLD ({len(months)} months stored, {rows:,} rows): {cold:.0f} ms")

    for label, start in (("quarter", quarter_start), ("six months", half_start)):
        board = dashboard.build(area, start, today)
        print(
            f"dashboard {label} {start:%d/%m/%Y}–{today:%d/%m/%Y}: received {board.total.received:,}, decided "
            f"{board.total.resolved:,}, on time {board.total.on_time.percent:.1f} %, overdue at end "
            f"{board.total.pending_overdue:,}; {len(board.by_unit)} units, {len(board.by_field)} fields"
        )
        median, best = timed(lambda start=start: dashboard.build(area, start, today), args.repeat)
        print(f"  dashboard.build province {label}: median {median:.0f} ms, best {best:.0f} ms (target < 1000 ms)")

    median, best = timed(lambda: index766.index(area.agency_ids, quarter_start, today), args.repeat)
    result = index766.index(area.agency_ids, quarter_start, today)
    print(f"  766 index province quarter (total {result.total:.2f}): median {median:.0f} ms, best {best:.0f} ms")
    median, best = timed(lambda: index766.trend(area.agency_ids, half_start, today), args.repeat)
    print(f"  766 trend province six months: median {median:.0f} ms, best {best:.0f} ms")
    units = dashboard.visible_subunits(area)
    median, best = timed(lambda: index766.ranking(units, quarter_start, today), args.repeat)
    print(f"  766 ranking of {len(units)} subordinate units, quarter: median {median:.0f} ms, best {best:.0f} ms")
    listing = dashboard.measure_dossiers("overdue", area.agency_ids, quarter_start, today).order_by("-received_at")
    median, best = timed(lambda: list(listing.values_list("pk", flat=True)[:51]), args.repeat)
    print(f"  first page behind 'overdue at end', province quarter: median {median:.0f} ms")
    commune = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")

    def public_page():
        cache.clear()
        return public_stats.monthly(commune)

    median, best = timed(public_page, args.repeat)
    print(f"  public statistics of one commune, 12 months, uncached: median {median:.0f} ms")
    print(f"load after timing: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
