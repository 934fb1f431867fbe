"""Work-queue and public catalog pages against a trivial view behind the same middleware, in the same run.

In a throw-away test database on the configured server (MOTCUA_DATABASE_URL; SQLite by default): the demo data, the
communes and N dossiers of bench_dossiers.py (bulk rows over the years since 2021: mostly closed history, the
recent ones open, a share overdue), then, through the Django test client and the whole middleware stack:

- the overdue work queue /can-bo/ho-so/?hang-doi=overdue of leaders of 20 communes, and the desk officer's "mine";
- the public catalog search ?q=khai+sinh (the same query again: its cached parts), a different query on every
  request (the matches computed, the rows mostly rendered anew), and a procedure's page;
- a "hello" view (HttpResponse("hello")) added to the project's URLs, requested by the same client as each page
  (logged in for the queues, anonymous for the catalog), so session, authentication and every middleware count.

Requests run in interleaved rounds (hello, page, hello, page...), so a busy moment of the machine slows both; each
page's throughput is printed beside its hello's and as their ratio, with p50/p95 and the data size. A single
process, one request at a time: the ratio is the share of a worker's CPU a page leaves, not a load test.

Run: .venv/bin/python benchmarks/bench_queue_catalog.py [--dossiers 200000] [--rounds 5] [--per-round 40]
     MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_pages .venv/bin/python \\
         benchmarks/bench_queue_catalog.py --dossiers 200000
"""

import argparse
import logging
import random
import statistics
import time
from collections.abc import Callable

from bench_dossiers import leaders, seed_dossiers
from scratch_db import scratch_database

QUERIES = (
    "khai sinh",
    "khai tu",
    "ket hon",
    "chung thuc",
    "ban sao",
    "giam ho",
    "dat dai",
    "xay dung",
    "hoa giai",
    "thuong tru",
    "dang ky",
    "cap giay",
    "xac nhan",
    "bao tro xa hoi",
    "nguoi co cong",
    "ho kinh doanh",
    "giay phep",
    "thay doi",
    "cai chinh",
    "nuoi con nuoi",
)


def hello(_request):
    from django.http import HttpResponse

    return HttpResponse("hello")


def add_hello_url() -> str:
    """The trivial reference view, behind the same middleware as every page."""
    from django.urls import clear_url_caches, path

    import motcua.urls

    motcua.urls.urlpatterns.append(path("bench-hello/", hello, name="bench-hello"))
    clear_url_caches()
    return "/bench-hello/"


def varied_queries() -> Callable[[], str]:
    """A different search each call: two words of the list, and a page of results."""
    rng = random.Random(17)
    pairs = [f"{a} {b}" for a in QUERIES for b in QUERIES if a != b]
    rng.shuffle(pairs)
    state = {"next": 0}

    def one() -> str:
        query = pairs[state["next"] % len(pairs)]
        state["next"] += 1
        return f"?q={query.replace(' ', '+')}"

    return one


def measure(pairs: dict[str, tuple], rounds: int, per_round: int) -> dict[str, list[float]]:
    """Interleaved timings (seconds) of each page and of the hello view by the same client."""
    timings: dict[str, list[float]] = {}
    for _round in range(rounds):
        for name, (clients, url_of, reference) in pairs.items():
            for index in range(per_round):
                client = clients[index % len(clients)]
                for label, url in ((f"{name}|hello", reference), (name, url_of())):
                    began = time.perf_counter()
                    response = client.get(url)
                    timings.setdefault(label, []).append(time.perf_counter() - began)
                    if response.status_code != 200:
                        raise RuntimeError(f"{url} answered {response.status_code}")
    return timings


def first_query_plan(user) -> None:
    """The overdue queue's first query (the page's ids) for one leader: its time, the index it walks and the dossier
    rows it reads (EXPLAIN ANALYZE), beside the commune's dossiers in all."""
    import json

    from django.db import connection

    from motcua.dossiers import queues
    from motcua.dossiers.permissions import dossiers_of_agencies

    query = queues.queue(user, "overdue").values_list("pk", flat=True)[:51]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        found = cursor.fetchone()[0]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]
    nodes, read, entries, indexes = [plan["Plan"]], 0, 0, set()
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", ()))
        indexes.update([node["Index Name"]] if "Index Name" in node else [])
        loops = node.get("Actual Loops", 1)
        if node.get("Relation Name") == "dossiers_dossier":
            removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
            read += (node.get("Actual Rows", 0) + removed) * loops
        elif node.get("Node Type") == "Bitmap Index Scan":
            entries += node.get("Actual Rows", 0) * loops
    print(
        f"overdue queue's first query for {user.username}: {plan['Execution Time']:.2f} ms, "
        f"indexes {', '.join(sorted(indexes)) or 'none'}: {entries:,} index entries in bitmaps, {read:,} dossier "
        f"rows read, of the commune's {dossiers_of_agencies(user).count():,} dossiers"
    )


def run(args, vendor: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.demo.seed import seed as seed_demo
    from motcua.dossiers.models import WORK_STATES, Dossier

    setup_test_environment(debug=False)  # as in production: no query log
    logging.getLogger("axes").setLevel(logging.WARNING)
    began = time.perf_counter()
    seed_demo()
    tally = seed_dossiers(args.dossiers, random.Random(args.seed), timezone.now())
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would have done after such a load
    open_now = sum(count for state, count in tally.items() if state in WORK_STATES)
    print(
        f"{vendor}: seeded {args.dossiers:,} dossiers ({open_now:,} in work, {args.dossiers - open_now:,} closed "
        f"history; 127 communes) in {time.perf_counter() - began:.0f} s"
    )
    hello_url = add_hello_url()
    staff, staff_users = [], leaders(20)
    for user in staff_users:
        client = Client()
        client.force_login(user)
        staff.append(client)
    desk = Client()
    desk.force_login(User.objects.get(username="tiepnhan.hongvan"))
    visitor = Client()
    queue = reverse("desk:dossiers")
    catalog = reverse("portal:catalog")
    detail = reverse("portal:catalog-detail", args=["1.001193"])
    next_query = varied_queries()
    pages = {
        "overdue queue, 20 leaders": (staff, lambda: f"{queue}?hang-doi=overdue", hello_url),
        "mine queue, desk officer": ([desk], lambda: f"{queue}?hang-doi=mine", hello_url),
        "catalog ?q=khai+sinh": ([visitor], lambda: f"{catalog}?q=khai+sinh", hello_url),
        "catalog, a new query each time": ([visitor], lambda: catalog + next_query(), hello_url),
        "procedure page 1.001193": ([visitor], lambda: detail, hello_url),
    }
    measure(pages, 1, 3)  # warm-up: sessions read, calendars built, first cache entries
    timings = measure(pages, args.rounds, args.per_round)
    print(
        f"{vendor}: {args.rounds} interleaved rounds of {args.per_round} requests per page, one at a time through "
        "the Django test client (all middleware)"
    )
    print(f"{'page':34} {'pages/s':>8} {'hello/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for name in pages:
        page, reference = timings[name], timings[f"{name}|hello"]
        rate, hello_rate = len(page) / sum(page), len(reference) / sum(reference)
        p50, p95 = statistics.median(page) * 1000, statistics.quantiles(page, n=100)[94] * 1000
        print(f"{name:34} {rate:8.0f} {hello_rate:8.0f} {rate / hello_rate:6.2f} {p50:7.1f} {p95:7.1f}")
    if vendor == "postgresql":
        first_query_plan(staff_users[1])
    print(f"{vendor}: dossiers in the database: {Dossier.objects.count():,}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=200_000, help="dossiers seeded in bulk (default 200,000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=40, help="requests of each page per round")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with scratch_database() as vendor:
        run(args, vendor)


if __name__ == "__main__":
    main()
