"""Pages under load on gunicorn, each beside a trivial view served by the same gunicorn (issue 17, item 2 and 3).

In a throw-away test database on PostgreSQL (MOTCUA_DATABASE_URL): the demo data and N dossiers of bench_dossiers.py.
Then gunicorn with the shipped deploy/gunicorn.conf.py (sync workers, 2 × cores + 1) and production settings serves
MotCua with a "hello" view added (benchmarks/hello_wsgi.py: HttpResponse("hello") behind every middleware), and wrk,
with 16 connections, requests in interleaved rounds: hello, a page, hello, the next page… Each page's rate is printed
beside the hello rate of the same round, as their ratio, with wrk's p50 and p99, and the issue's target. A busy moment
of the machine slows a page and its hello alike; the ratio is the figure.

Pages: the overdue work queue of a commune leader and the desk officer's "mine" (logged in: the session cookie of a
login made here), the public catalog search ?q=khai+sinh, a procedure's page, the home page, the public statistics
and the tracking form.

Run: MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_gunicorn \\
         .venv/bin/python benchmarks/bench_gunicorn_pages.py [--dossiers 200000] [--seconds 8] [--rounds 3]
Needs Debian's wrk (apt-get install wrk).
"""

import argparse
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from bench_dossiers import leaders, seed_dossiers
from scratch_db import scratch_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from local_ports import free_port  # noqa: E402  (the tests' helper)

CONNECTIONS = 16
# The targets: a page's rate as a share of hello's on the same gunicorn under 16 connections.
TARGETS = {"queue": 0.15, "catalog": 0.3, "public": 0.5}


def database_url() -> str:
    from django.db import connection

    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


def session_cookie(username: str) -> str:
    """A logged-in session of `username`, stored in the database where gunicorn's workers read it."""
    from django.conf import settings
    from django.test import Client

    from motcua.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@contextlib.contextmanager
def gunicorn(port: int, var: Path):
    from django.conf import settings

    env = {name: value for name, value in os.environ.items() if not name.startswith("MOTCUA_")}
    env |= {
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "benchmarks")]),
        "MOTCUA_ENV": "production",
        "MOTCUA_SECRET_KEY": settings.SECRET_KEY,  # the sessions made here must verify there
        "MOTCUA_ALLOWED_HOSTS": "127.0.0.1",
        "MOTCUA_SECURE_SSL_REDIRECT": "false",
        "MOTCUA_SMS_BACKEND": "motcua.notify.channels.NoSMS",
        "MOTCUA_DATABASE_URL": database_url(),
        "MOTCUA_VAR_DIR": str(var),
        "MOTCUA_LOG_LEVEL": "WARNING",
        # The leaders' second factor is a login step; a session made here has passed the login already.
        "MOTCUA_TWO_FACTOR_ROLES": "system_admin",
    }
    # Production serves the static files of `collectstatic` (hashed names, WhiteNoise), as after a deploy.
    motcua = Path(sys.executable).parent / "motcua"
    subprocess.run([motcua, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    # No worker replaced during the run (--max-requests 0): at hello's rate the shipped 1000 would replace a worker
    # every few seconds and its start (Django loaded, caches warmed) would be most of what hello costs.
    log = (var / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [Path(sys.executable).parent / "gunicorn", "--config", ROOT / "deploy/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--max-requests", "0",
         "hello_wsgi:application"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"http://127.0.0.1:{port}/bench-hello/", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start:\n{(var / 'gunicorn.log').read_text()[-3000:]}")
            time.sleep(0.2)  # polling for readiness, not timing anything
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, 15)
        process.wait()


def wrk(url: str, cookie: str, seconds: int) -> tuple[float, float, float]:
    """Requests a second, p50 and p99 in ms, for `url` under CONNECTIONS connections; a non-2xx answer fails."""
    # wrk's own 2 s timeout counts a request still queued for a worker (16 connections, 5 workers) as lost; 30 s is
    # gunicorn's side of the bargain (its timeout is 60 s), and anything slower is a failure here.
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--timeout", "30s", "--latency", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(command, capture_output=True, text=True)
    out = done.stdout
    if done.returncode or "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"wrk on {url}: a failure or non-2xx answers under load:\n{out}\n{done.stderr}")

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        if found is None:
            raise RuntimeError(f"wrk on {url} printed no {percent}th percentile:\n{out}\n{done.stderr}")
        return float(found[1]) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[found[2]]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    if not rate or "Socket errors" in out:
        began = time.perf_counter()
        try:
            alone = requests.get(url, headers={"Cookie": cookie} if cookie else {}, timeout=60).status_code
        except requests.RequestException as error:
            alone = type(error).__name__
        raise RuntimeError(
            f"wrk on {url}: no answer or socket errors under load:\n{out}\n{done.stderr}\n"
            f"asked alone right after: {alone} in {time.perf_counter() - began:.1f} s"
        )
    return rate, latency("50"), latency("99")


def run(args) -> None:
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from motcua.demo.seed import seed as seed_demo

    setup_test_environment(debug=False)
    began = time.perf_counter()
    seed_demo()
    seed_dossiers(args.dossiers, random.Random(args.seed), timezone.now())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded the demo and {args.dossiers:,} dossiers in {time.perf_counter() - began:.0f} s")
    leader = leaders(2)[1]  # a commune leader with bulk dossiers
    staff = {"leader": session_cookie(leader.username), "desk": session_cookie("tiepnhan.hongvan")}
    queue = reverse("desk:dossiers")
    pages = [
        ("overdue queue, a commune leader", f"{queue}?hang-doi=overdue", staff["leader"], "queue"),
        ("mine queue, desk officer", f"{queue}?hang-doi=mine", staff["desk"], "queue"),
        ("catalog ?q=khai+sinh", f"{reverse('portal:catalog')}?q=khai+sinh", "", "catalog"),
        ("procedure page 1.001193", reverse("portal:catalog-detail", args=["1.001193"]), "", "catalog"),
        ("home", reverse("home"), "", "public"),
        ("public statistics", reverse("portal:stats"), "", "public"),
        ("tracking form", reverse("portal:tracking"), "", "public"),
    ]
    with tempfile.TemporaryDirectory() as folder, gunicorn(free_port(), Path(folder)) as base:
        for _name, path, cookie, _target in pages:  # each answers 200 before it is measured (and warms its caches)
            answer = requests.get(base + path, headers={"Cookie": cookie} if cookie else {}, timeout=30)
            if answer.status_code != 200 or answer.url != base + path:
                log = (Path(folder) / "gunicorn.log").read_text()[-4000:]
                raise RuntimeError(f"{path} answered {answer.status_code} at {answer.url}; gunicorn's log:\n{log}")
        figures: dict[str, list[tuple]] = {}
        try:
            for _round in range(args.rounds):
                for name, path, cookie, _target in pages:
                    hello = wrk(f"{base}/bench-hello/", cookie, args.seconds)
                    page = wrk(base + path, cookie, args.seconds)
                    figures.setdefault(name, []).append((page, hello))
        except RuntimeError as error:
            log = (Path(folder) / "gunicorn.log").read_text()[-4000:]
            raise RuntimeError(f"{error}\ngunicorn's log:\n{log}") from error
    cores = os.cpu_count()
    print(
        f"gunicorn (deploy/gunicorn.conf.py: {2 * cores + 1} sync workers on {cores} cores), wrk with {CONNECTIONS}"
        f" connections on the same machine, {args.rounds} interleaved rounds of {args.seconds} s per page and hello"
    )
    print(f"{'page':32} {'pages/s':>8} {'hello/s':>8} {'ratio':>11} {'target':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for name, _path, _cookie, target in pages:
        rows = figures[name]
        ratios = [page[0] / hello[0] for page, hello in rows]
        low, high = min(ratios), max(ratios)
        met = "met" if low >= TARGETS[target] else "NOT met"
        print(
            f"{name:32} {statistics.median(p[0] for p, _ in rows):8.0f} {statistics.median(h[0] for _, h in rows):8.0f}"
            f" {low:5.2f}–{high:4.2f} {TARGETS[target]:7.2f} {statistics.median(p[1] for p, _ in rows):7.1f}"
            f" {statistics.median(p[2] for p, _ in rows):7.1f}  {met}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=8, help="wrk's run for each page and each hello")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    with scratch_database() as vendor:
        if vendor != "postgresql":
            sys.exit("set MOTCUA_DATABASE_URL to a PostgreSQL server: gunicorn's workers share its database")
        run(args)


if __name__ == "__main__":
    main()
