"""Every page each demo role opens, timed at the demo's scale (target: each under 2 s).

Builds the demo data (`motcua demo`: Hà Nội, xã Hồng Vân, about 300 dossiers of four months, with the facts of the
complete months stored as the periodic job keeps them) in a scratch database,
logs in as each demo role, opens every page that role's home page links to (its menu and home links) and the heavy
pages (the posting sheet print view and PDF request, the tracking book of three and of eighteen months, the 766
index, form II.06a, the dashboards), and prints each page's median time over a few runs beside the median of a
trivial reference view (the login page) in the same process, and the ratio. The first run of each page is timed
apart ("first", cache emptied before it): the first load after a restart. Pages at or over 2 s are flagged.

Run: .venv/bin/python benchmarks/bench_pages.py [--repeat 3] [--role tiepnhan.hongvan]
"""

import argparse
import datetime
import io
import logging
import re
import statistics
import sys
import time

from scratch_db import scratch_database

LIMIT_S = 2.0
ROLES = [
    "congdan",
    "tiepnhan.hongvan",
    "chuyenvien.hongvan",
    "lanhdao.hongvan",
    "quantri.hongvan",
    "thanhtra.hanoi",
    "quantri.hethong",
]
SKIP = re.compile(r"/dang-xuat|/logout|/quan-tri/|/static/|/media/|/api/")


def timed(client, url: str, repeat: int) -> tuple[float, float, int]:
    """(first, median of the next `repeat`) in seconds, and the status code."""
    from django.core.cache import cache

    cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), response.status_code


def links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="(/[^"#]*)"', html):
        href = href.replace("&amp;", "&")
        if not SKIP.search(href) and href not in found:
            found.append(href)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--role", action="append", help="only these demo logins (repeatable)")
    args = parser.parse_args()
    with scratch_database() as vendor:
        # Refusals (a link a role may not follow is the crawler test's business) would print tracebacks here.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        logging.getLogger("axes").setLevel(logging.ERROR)
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from motcua.accounts.models import User
        from motcua.orgs.models import Agency

        start = time.perf_counter()
        # The demo as `motcua demo` makes it: dossiers, payments, ratings, reform records and the complete months'
        # facts a running server's periodic job keeps stored.
        call_command("demo", stdout=io.StringIO())
        print(f"demo data on {vendor}: {time.perf_counter() - start:.0f} s")
        today = timezone.localdate()
        centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")
        committee = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
        book = reverse("desk:dossier_tracking_book")

        def book_url(agency_id: int, months: int) -> str:
            first = today - datetime.timedelta(days=30 * months)
            return f"{book}?agency={agency_id}&date_from={first:%Y-%m-%d}&date_to={today:%Y-%m-%d}&fmt=pdf&part=1"

        def book_agency(client) -> int:
            """The centre when the role may take its book, else the first agency the book's form offers it."""
            offered = [int(pk) for pk in re.findall(r'<option value="(\d+)"', client.get(book).content.decode())]
            return centre.pk if centre.pk in offered or not offered else offered[0]

        heavy = {
            "posting sheet (print view)": reverse("portal:posting-sheet", args=[committee.pk]),
            "posting sheet, one QR image": reverse("portal:posting-qr", args=["1.000894"]),
            "posting sheet PDF (request)": reverse("portal:posting-sheet-pdf", args=[committee.pk]),
        }
        flagged = []
        print(f"{'role':22} {'page':62} {'status':>6} {'first s':>8} {'median s':>9} {'ref s':>7} {'ratio':>7}")
        for username in args.role or ROLES:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username=username))
            home = reverse("portal:home") if username == "congdan" else reverse("desk:home")
            pages = {url: url for url in links(client.get(home).content.decode())}
            pages.update({name: url for name, url in heavy.items()})
            if username != "congdan":
                agency_id = book_agency(client)
                pages["tracking book, 3 months"] = book_url(agency_id, 3)
                pages["tracking book, 18 months (offer)"] = book_url(agency_id, 18)
                pages["766 index"] = reverse("desk:dashboard-766")
                pages["dashboards"] = reverse("desk:dashboard")
            _f, reference, _s = timed(client, reverse("accounts:login"), args.repeat)
            for name, url in pages.items():
                first, median, status = timed(client, url, args.repeat)
                slow = max(first, median) >= LIMIT_S
                if slow:
                    flagged.append((username, name, first, median))
                mark = "  ≥ 2 s" if slow else ""
                print(
                    f"{username:22} {name[:62]:62} {status:>6} {first:8.3f} {median:9.3f} {reference:7.3f}"
                    f" {median / reference:7.0f}{mark}"
                )
        print(f"\n{len(flagged)} page(s) at or over {LIMIT_S:.0f} s" + ("" if flagged else " (none)"))
        for username, name, first, median in flagged:
            print(f"  {username}: {name} first {first:.2f} s, median {median:.2f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
