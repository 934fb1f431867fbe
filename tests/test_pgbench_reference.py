"""The intake benchmark's reference (issue 17: "intake against pgbench running the exact statements one intake
issues"): the script made from a captured intake, run by the real pgbench, writes what the service wrote — per
transaction a new dossier with its own code and tracking reference, and as many events, steps, audit entries and
task rows, each pointing at that new dossier — so its rate is the database's rate for the same work."""

import importlib
import shutil
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from dossier_helpers import intake, user
from motcua.core.models import AuditEntry
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgbench replays on PostgreSQL only"),
    pytest.mark.skipif(not shutil.which("pgbench"), reason="pgbench (Debian postgresql-client) is not installed"),
]

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
DESK = "tiepnhan.hongvan"
APPLICANT = lifecycle.Applicant(kind="person", name="Lê Thị Cúc", id_number="001190054321", phone="0912000222")


def written_for(dossier: Dossier) -> dict[str, int]:
    """The rows an intake wrote for its dossier, by kind."""
    return {
        "events": dossier.events.count(),
        "steps": dossier.steps.count(),
        "audit": AuditEntry.objects.filter(object_type="dossiers.Dossier", object_id=str(dossier.pk)).count(),
        "tasks": DBTaskResult.objects.filter(args_kwargs__args=[dossier.events.get().pk]).count(),
    }


@pytest.mark.django_db(transaction=True)  # pgbench connects on its own: what it reads must be committed
def test_pgbench_replays_an_intake_row_for_row(demo, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    reference = importlib.import_module("pgbench_reference")
    lifecycle.accept(user(DESK), intake())  # the first intake of the day starts the code counter
    captured = reference.capture(lambda: lifecycle.accept(user(DESK), intake(applicant=APPLICANT)))
    original = Dossier.objects.get(code=captured.code)
    shape = written_for(original)
    assert shape["events"] == 1 and shape["steps"] > 0 and shape["audit"] == 1 and shape["tasks"] == 1

    run = reference.run_pgbench(reference.pgbench_script([captured]), clients=2, transactions=3)
    assert run.transactions == 6 and run.tps > 0
    replayed = list(Dossier.objects.filter(code__startswith="BENCH-"))
    assert len(replayed) == 6
    assert len({dossier.code for dossier in replayed}) == len({dossier.reference for dossier in replayed}) == 6
    for dossier in replayed:
        assert written_for(dossier) == shape
        assert (dossier.state, dossier.applicant_name) == (original.state, original.applicant_name)
    assert written_for(original) == shape  # nothing of the replay landed on the captured dossier
