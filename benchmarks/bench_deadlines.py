"""Deadline computations per second on one core: random starts in 2024–2026, random 1–60 working days.

Run: .venv/bin/python benchmarks/bench_deadlines.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from motcua.workcal import Duration, WorkingCalendar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    calendar = WorkingCalendar.vietnam(range(2023, 2028))
    rng = random.Random(args.seed)
    origin = dt.datetime(2024, 1, 1, tzinfo=calendar.timezone)
    span_minutes = 3 * 365 * 24 * 60
    cases = [
        (origin + dt.timedelta(minutes=rng.randrange(span_minutes)), Duration.working_days(rng.randint(1, 60)))
        for _ in range(args.count)
    ]

    add = calendar.add
    began = time.perf_counter()
    for start, duration in cases:
        add(start, duration)
    elapsed = time.perf_counter() - began
    print(f"{args.count} deadlines (1–60 working days) in {elapsed:.3f} s: {args.count / elapsed:,.0f} per second")


if __name__ == "__main__":
    main()
