"""The database's own rate for the statements one intake issues: the reference beside the service's rate (issue 17).

`capture` runs one intake through the service (lifecycle.accept, its own transaction) and records every statement it
sends, its parameters bound as PostgreSQL receives them (psycopg's client-side binding). `pgbench_script` turns the
captures of several desks into one pgbench script: client k replays desk k's statements in one transaction, so N
clients do what N desks do, with the same row locks (each desk's code counter, the audit chain's head). What must
differ from one transaction to the next so it can run again is made to: the dossier's code and tracking reference
(unique) from random numbers, the task row's uuid from gen_random_uuid(), and the ids the inserts return — the
dossier's, its first event's, the audit entry's — captured with \\gset and used wherever the captured statements
used them. Every other value stays as captured. `run_pgbench` runs pgbench with that script and returns its rate.

The ratio service ÷ pgbench is then how much of the database's own speed for the very same work the service keeps;
what is lost is Python: the ORM, the lifecycle's rules, the deadline engine.
"""

import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Tables whose new row's id a later statement of the same intake names; each id is sought by a start far from any
# other id of the run, so a number in a statement is known for what it is.
RETURNED_IDS = {
    "dossiers_dossier": ("dossier", 7_100_000_000),
    "dossiers_dossierevent": ("event", 7_200_000_000),
    "core_auditentry": ("audit", 7_300_000_000),
}
# A one-row insert that returns its id (and perhaps columns a trigger filled, as the history's hash).
_SINGLE_INSERT = re.compile(
    r'^INSERT INTO "(?P<table>\w+)" .* VALUES \(.* RETURNING "(?P=table)"\."id"(, "[^;]*)?$', re.S
)
_UUID = re.compile(r"'[0-9a-f]{32}'::uuid")


@dataclass
class Capture:
    statements: list[str]
    ids: dict[str, list[int]]  # table → the ids its inserts returned, in order
    code: str
    reference: str

    def variables(self) -> dict[int, str]:
        """Each returned id → the pgbench variable that holds it: dossier_id, event_id, event2_id, …"""
        return {
            value: f"{RETURNED_IDS[table][0]}{index or ''}_id"
            for table, values in self.ids.items()
            for index, value in enumerate(values)
        }


def _ids_so_far() -> dict[str, int]:
    """Per table of RETURNED_IDS, the highest id so far, its sequence first moved up to the table's start."""
    from django.db import connection

    highest = {}
    with connection.cursor() as cursor:
        for table, (_name, start) in RETURNED_IDS.items():
            # The fixed names above, never input.
            cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            highest[table] = max(cursor.fetchone()[0], start - 1)
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, highest[table]])
    return highest


def capture(intake: Callable[[], object]) -> Capture:
    """The statements of one call of `intake` (which returns the new dossier), bound; PostgreSQL only."""
    from django.db import connection

    before = _ids_so_far()
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if many:  # none in an intake today; a batch would need one line per row here
            raise RuntimeError("an intake sent a batch (executemany); capture does not replay batches")
        statements.append(context["cursor"].cursor.mogrify(sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        dossier = intake()
    ids = {}
    with connection.cursor() as cursor:
        for table, highest in before.items():
            cursor.execute(f'SELECT id FROM "{table}" WHERE id > %s ORDER BY id', [highest])
            ids[table] = [row[0] for row in cursor.fetchall()]
    return Capture(statements, ids, dossier.code, dossier.reference)


def _replay(capture: Capture) -> list[str]:
    """One desk's transaction as pgbench lines (a statement may span lines: pgbench reads up to its end)."""
    variables = capture.variables()
    inserted = {table: 0 for table in RETURNED_IDS}  # single-row inserts seen so far, per table
    lines = []
    for statement in capture.statements:
        text = statement.replace(capture.code, "BENCH-:code_number").replace(capture.reference, "R:ref_number")
        text = _UUID.sub("gen_random_uuid()", text)
        for value, variable in variables.items():
            text = re.sub(rf"(?<![\d.]){value}(?!\d)", f":{variable}", text)
        match = _SINGLE_INSERT.match(statement)
        if match and match["table"] in RETURNED_IDS:
            index = inserted[match["table"]]
            inserted[match["table"]] += 1
            lines.append(f"{text} \\gset {RETURNED_IDS[match['table']][0]}{index or ''}_")
        else:
            lines.append(f"{text};")
    return lines


def pgbench_script(captures: list[Capture]) -> str:
    """Client k replays captures[k % len(captures)], in one transaction each time."""
    lines = [
        r"\set code_number random(1, 9000000000000000000)",
        r"\set ref_number random(1, 9000000000000000000)",
        "BEGIN;",
    ]
    for index, one in enumerate(captures):
        keyword = r"\if" if index == 0 else r"\elif"
        lines.append(f"{keyword} :client_id % {len(captures)} = {index}")
        lines += _replay(one)
    lines += [r"\endif", "COMMIT;"]
    return "\n".join(lines) + "\n"


@dataclass
class PgbenchRun:
    tps: float  # transactions a second, without the time to connect
    transactions: int


def run_pgbench(script: str, *, clients: int, seconds: int = 0, transactions: int = 0) -> PgbenchRun:
    """pgbench with `script` on the database Django is connected to, for `seconds` or `transactions` per client."""
    from django.db import connection

    settings = connection.settings_dict
    length = ["-T", str(seconds)] if seconds else ["-t", str(transactions)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "intake.sql"
        path.write_text(script)
        command = ["pgbench", "-n", "-f", str(path), "-c", str(clients), "-j", str(clients), *length]
        command += ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
        command += ["-U", settings["USER"], settings["NAME"]]
        env = os.environ | {"PGPASSWORD": settings["PASSWORD"] or ""}
        done = subprocess.run(command, capture_output=True, text=True, env=env)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    processed = re.search(r"number of transactions actually processed: (\d+)", done.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    if done.returncode or not (tps and processed) or (failed and int(failed[1])):
        raise RuntimeError(f"pgbench did not run the script cleanly:\n{done.stdout}\n{done.stderr}")
    return PgbenchRun(float(tps[1]), int(processed[1]))
