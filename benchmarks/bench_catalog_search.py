"""Catalog search latency (p50/p95) over 5,000 procedure versions: the real 240 names plus generated variants.

The catalog is built in a throw-away test database on the configured server (MOTCUA_DATABASE_URL; SQLite by
default, in a temporary file), migrated like production (so PostgreSQL has its trigram index), and dropped at
the end. Queries mix names with and without diacritics, upper case, codes, partial codes, partial words and
typing mistakes, and go through motcua.catalog.search.search() as the public page calls it.

Run: .venv/bin/python benchmarks/bench_catalog_search.py [--versions 5000] [--queries 400] [--seed S]
     MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua .venv/bin/python benchmarks/bench_catalog_search.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path

from scratch_db import scratch_database

REAL_CATALOG = Path(__file__).resolve().parents[1] / "src" / "motcua" / "demo" / "data" / "procedures.json"
PREFIXES = ["Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Xác nhận", "Đính chính", "Cấp bản sao", "Hủy bỏ"]
SUFFIXES = [
    "(cấp xã)",
    "có yếu tố nước ngoài",
    "lưu động",
    "tại khu vực biên giới",
    "đối với tổ chức",
    "trường hợp ủy quyền",
    "cho người đã có hồ sơ, giấy tờ cá nhân",
    "trên môi trường điện tử",
    "(toàn trình)",
    "(một phần)",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    with scratch_database() as vendor:
        rng = random.Random(args.seed)
        names = build_catalog(args.versions, rng)
        queries = make_queries(names, args.queries, rng)
        run(queries, vendor)


def build_catalog(count: int, rng: random.Random) -> list[tuple[str, str]]:
    from django.db import connection

    from motcua.catalog.models import Field, Level, Procedure, ProcedureVersion
    from motcua.catalog.text import search_key

    real = json.loads(REAL_CATALOG.read_text(encoding="utf-8"))
    rows = [(entry["code"], entry["name"], entry["field"]) for entry in real]
    serial = 0
    while len(rows) < count:
        code, name, field = rng.choice(real)["code"], rng.choice(real)["name"], rng.choice(real)["field"]
        base = name.removeprefix("Thủ tục ")
        variant = f"{rng.choice(PREFIXES)} {base[0].lower()}{base[1:]}" if rng.random() < 0.5 else base
        if rng.random() < 0.7:
            variant = f"{variant} {rng.choice(SUFFIXES)}"
        serial += 1
        rows.append((f"9.{serial:06d}", variant, field))
    fields = {name: Field.objects.create(name=name) for name in {row[2] for row in rows}}
    procedures = Procedure.objects.bulk_create([Procedure(code=code) for code, _, _ in rows])
    today = dt.date.today()
    versions = []
    for (code, name, field), procedure in zip(rows, procedures, strict=True):
        # About one in ten is a draft or has expired: the search must skip them, as in a real catalog.
        status = ProcedureVersion.Status.DRAFT if rng.random() < 0.05 else ProcedureVersion.Status.PUBLISHED
        valid_until = today - dt.timedelta(days=1) if rng.random() < 0.05 else None
        versions.append(
            ProcedureVersion(
                procedure=procedure,
                number=1,
                status=status,
                valid_from=dt.date(2025, 7, 1),
                valid_until=valid_until,
                name=name,
                field=fields[field],
                levels=rng.sample(list(Level.values), rng.randint(1, 2)),
                search_text=search_key(code, name),
            )
        )
    ProcedureVersion.objects.bulk_create(versions, batch_size=1000)
    if connection.vendor == "postgresql":
        # Production tables are analysed by autovacuum; a freshly filled one is not yet, and the planner would
        # then trust its empty-table guesses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_procedure, catalog_procedureversion")
    print(f"{len(versions)} versions in {len(fields)} fields built ({len(real)} real names).")
    return [(code, name) for code, name, _ in rows]


def make_queries(names: list[tuple[str, str]], count: int, rng: random.Random) -> list[tuple[str, str]]:
    from motcua.catalog.text import fold

    def words_of(name: str, low: int, high: int) -> str:
        words = name.split()
        size = min(len(words), rng.randint(low, high))
        start = rng.randrange(len(words) - size + 1)
        return " ".join(words[start : start + size])

    makers = {
        "có dấu": lambda code, name: words_of(name, 2, 4),
        "không dấu": lambda code, name: fold(words_of(name, 2, 4)),
        "chữ hoa": lambda code, name: words_of(name, 2, 3).upper(),
        "mã": lambda code, name: code,
        "mã một phần": lambda code, name: code[: rng.randint(3, 6)],
        "từ một phần": lambda code, name: " ".join(word[: max(2, len(word) - 1)] for word in fold(name).split()[:3]),
        "gõ sai": lambda code, name: _typo(fold(words_of(name, 2, 4)), rng),
        "một từ": lambda code, name: fold(rng.choice(name.split())),
    }
    queries = []
    for index in range(count):
        kind = list(makers)[index % len(makers)]
        code, name = rng.choice(names)
        queries.append((kind, makers[kind](code, name)))
    return queries


def _typo(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text))
    return text[:position] + text[position] + text[position:]  # a doubled key


def run(queries: list[tuple[str, str]], vendor: str) -> None:
    from motcua.catalog.search import in_force, search

    for _, query in queries[:20]:  # warm the caches and the connection
        search(query, in_force())
    timings: dict[str, list[float]] = {}
    hits = []
    for kind, query in queries:
        began = time.perf_counter()
        result = search(query, in_force())
        timings.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
        hits.append(len(result.ids))
    every = [ms for values in timings.values() for ms in values]
    print(f"Database: {vendor}; {len(every)} queries; median hits {statistics.median(hits):.0f}.")
    print(f"{'query kind':<14} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in [*timings.items(), ("all", every)]:
        p50, p95 = _percentile(values, 50), _percentile(values, 95)
        print(f"{kind:<14} {len(values):>4} {p50:>8.2f} {p95:>8.2f} {max(values):>8.2f}")


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
