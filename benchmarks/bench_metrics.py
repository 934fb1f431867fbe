"""The Prometheus scrape at scale: what one GET /metrics costs with N dossiers (default 300,000), beside references
from the same run.

In a throw-away test database on the configured server (MOTCUA_DATABASE_URL; SQLite by default, in a temporary
file): the demo data and N dossiers of Hà Nội's 126 communes seeded in bulk by benchmarks/bench_dossiers.py's
seeding (states by age, a share of the open ones overdue, today's receipts up to an hour ago). Timed, each after one
warm-up, as the median and the 95th percentile of --repeat runs:

- the whole scrape, GET /metrics with the bearer token through the Django test client (single-process mode: the
  request histogram, the process figures, and the figures read from the database);
- the database part alone (motcua.ops.metrics.ClusterCollector: queue, notifications, heartbeat, received today and
  overdue per agency);
- references: GET /healthz (a request that does nothing), and Dossier.objects.count() — what a gauge that counted
  every dossier would cost; the scrape's queries are meant to stay bounded by what they count, not by N.

Run: .venv/bin/python benchmarks/bench_metrics.py [--dossiers 300000] [--repeat 20] [--explain]
     MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_metrics \\
         .venv/bin/python benchmarks/bench_metrics.py --explain
"""

import argparse
import logging
import os
import random
import statistics
import time

from bench_dossiers import seed_dossiers
from scratch_db import scratch_database
from timing import samples_ms

TOKEN = "bench-metrics-token-0123456789abcdef"


def timed(function, repeat: int) -> tuple[float, float]:
    """(median, 95th percentile) in milliseconds, after one warm-up run."""
    samples = samples_ms(function, repeat)
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print the plans of the per-agency queries")
    args = parser.parse_args()
    os.environ["MOTCUA_METRICS_TOKEN"] = TOKEN
    with scratch_database() as vendor:
        run(args, vendor)


def run(args, vendor: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from motcua.demo.seed import seed as seed_demo
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.queues import overdue_condition
    from motcua.ops.metrics import ClusterCollector, overdue_now, received_today, start_of_today

    setup_test_environment(debug=False)
    logging.getLogger("axes").setLevel(logging.WARNING)
    now = timezone.now()
    began = time.perf_counter()
    seed_demo()
    seed_dossiers(args.dossiers, random.Random(args.seed), now)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    today = Dossier.objects.filter(received_at__gte=start_of_today(now)).count()
    overdue = Dossier.objects.filter(overdue_condition(now)).count()
    print(
        f"{vendor}: seeded {args.dossiers:,} dossiers in {time.perf_counter() - began:.0f} s; "
        f"{today:,} received today, {overdue:,} overdue now"
    )
    print(f"load before timing: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    client = Client()
    families = list(ClusterCollector().collect())
    series = sum(len(family.samples) for family in families)
    scrape = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert scrape.status_code == 200, scrape.status_code
    print(f"{vendor}: one scrape is {len(scrape.content):,} bytes; {series} series read from the database")

    rows = [
        ("GET /metrics (whole scrape)", lambda: client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")),
        ("  its database figures alone", lambda: list(ClusterCollector().collect())),
        ("reference: GET /healthz", lambda: client.get("/healthz")),
        ("reference: Dossier.objects.count()", lambda: Dossier.objects.count()),
    ]
    for label, function in rows:
        median, p95 = timed(function, args.repeat)
        print(f"{vendor}: {label:<38} median {median:8.2f} ms   p95 {p95:8.2f} ms")

    if args.explain and vendor == "postgresql":
        for query in (received_today(now), overdue_now(now)):
            sql, params = query.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                print("\n".join(row[0] for row in cursor.fetchall()))
            print()


if __name__ == "__main__":
    main()
