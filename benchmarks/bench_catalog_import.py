"""Catalog import speed: 5,000 procedures (the real 240 plus generated variants) into the configured database.

The records are written in the documented interchange format and imported into an empty catalog inside a
transaction that is rolled back at the end, so the database is left as it was. The target is under 30 s.

Run: .venv/bin/python benchmarks/bench_catalog_import.py [--count N]
     MOTCUA_DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_catalog_import.py
"""

from __future__ import annotations

import argparse
import copy
import os
import time

import django


class Rollback(Exception):
    """Raised to undo the benchmark's writes."""


def generated_records(count: int) -> list[dict]:
    """The real catalog normalised to our format, then copies with new codes (9.xxxxxx) and varied names."""
    from motcua.catalog.interchange.importer import read_file, read_records
    from motcua.catalog.interchange.schema import normalise
    from motcua.demo.catalog_seed import CATALOG_FILE

    real = [normalise(r) for r in read_records(read_file(CATALOG_FILE), status="published", valid_from="2025-07-01")]
    records = list(real)
    serial = 0
    while len(records) < count:
        base = real[serial % len(real)]
        serial += 1
        variant = copy.deepcopy(base)
        variant["code"] = f"9.{serial:06d}"
        variant["name"] = f"{base['name']} (biến thể {serial})"[:500]
        records.append(variant)
    return records[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_ENV", "development")  # production is the default
    django.setup()
    from django.db import connection, transaction

    from motcua.catalog.interchange.importer import import_records
    from motcua.catalog.models import Procedure

    records = generated_records(args.count)
    vendor = connection.vendor
    try:
        with transaction.atomic():
            if Procedure.objects.exists():
                raise SystemExit(
                    "Cơ sở dữ liệu đã có danh mục: hãy chạy trên cơ sở dữ liệu trống (MOTCUA_VAR_DIR khác)."
                )
            began = time.perf_counter()
            report = import_records(records, source="benchmark")
            elapsed = time.perf_counter() - began
            if report.counts["created"] != args.count:
                raise SystemExit(f"Nhập không đủ: {report.summary()}")
            raise Rollback
    except Rollback:
        pass
    print(f"{vendor}: imported {args.count} procedures in {elapsed:.2f} s ({args.count / elapsed:,.0f} per second)")


if __name__ == "__main__":
    main()
