"""Form II.06a by the footnotes of Thông tư 01/2020/TT-VPCP (docs/reports.md quotes them): each named rule of
motcua.reports.ii06a, on dossiers made through the lifecycle. Mediation (1.002211) takes 5 working days."""

import importlib

import pytest
from django.apps import apps

from dossier_helpers import UBND, at
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency
from motcua.reports import ii06a, measures
from motcua.reports.areas import agency_ids_of_area
from reports_scenario import MARCH, NOW, Builder


@pytest.fixture
def ids(demo):
    return agency_ids_of_area(Agency.objects.get(name=UBND))


def listed(cell, ids) -> set[int]:
    return set(ii06a.dossiers_for(cell, ids, *MARCH, now=NOW).values_list("pk", flat=True))


def test_legal_due_an_extension_does_not_move_the_deadline_judged(ids):
    """ii06a.legal_due — Decree 118 Art. 19.6: the apology and new appointment (Mẫu 04) is owed because the agency is
    late; columns 8–10 and 12–13 compare with the deadline before the extension."""
    b = Builder()
    # Received 16/03 10:00, due 23/03 10:00; a new appointment on 27/03 10:00, signed 26/03: late, not early.
    late = b.extended(b.received(at(2026, 3, 16, 10)), at(2026, 3, 20, 9), at(2026, 3, 27, 10))
    assert late.original_due_at == at(2026, 3, 23, 10) and late.due_at == at(2026, 3, 27, 10)
    late = b.sign(late, at(2026, 3, 26, 10))
    # Extended early on, but signed on 20/03, before the first due day: early.
    early = b.sign(
        b.extended(b.received(at(2026, 3, 16, 10)), at(2026, 3, 18, 9), at(2026, 3, 30, 10)), at(2026, 3, 20, 10)
    )
    # Still pending at the end of March with a new appointment in April: overdue against 23/03.
    pending = b.extended(b.received(at(2026, 3, 16, 10)), at(2026, 3, 20, 9), at(2026, 4, 9, 10))
    assert listed("resolved_late", ids) == {late.pk}
    assert listed("resolved_early", ids) == {early.pk}
    assert listed("resolved_on_time", ids) == set()
    assert listed("pending_overdue", ids) == {pending.pk}
    assert listed("pending_within", ids) == set()
    report = ii06a.build(ids, *MARCH, now=NOW)
    assert (report.total.resolved_early, report.total.resolved_late, report.total.pending_overdue) == (1, 1, 1)
    assert report.total.broken_invariants() == []
    # The on-time rate (the 766 score) reads the same cells: one of the two decided is early.
    found = measures.measures(ids, *MARCH, now=NOW)[None]
    assert (found.on_time.part, found.on_time.whole) == (1, 2)


def test_legal_due_a_complete_supplement_drops_the_extension_and_its_original_date(ids):
    """Art. 19.5: the period restarts from zero after a complete supplement; the extension belonged to the old one."""
    b = Builder()
    dossier = b.extended(b.received(at(2026, 3, 2, 10)), at(2026, 3, 3, 9), at(2026, 3, 20, 10))
    dossier = b.supplement(dossier, at(2026, 3, 4, 9))
    dossier = lifecycle.receive_supplement(b.p.desk, dossier, at=at(2026, 3, 5, 10))  # due 12/03 10:00
    assert dossier.original_due_at is None and dossier.extended_due_at is None
    dossier = b.sign(dossier, at(2026, 3, 11, 10))
    assert listed("resolved_early", ids) == {dossier.pk}


def test_original_due_at_is_backfilled_from_the_extension_event(ids):
    """Migration dossiers 0007: a dossier extended before the column existed gets it from the event's details."""
    b = Builder()
    dossier = b.extended(b.received(at(2026, 3, 16, 10)), at(2026, 3, 20, 9), at(2026, 3, 27, 10))
    Dossier.objects.filter(pk=dossier.pk).update(original_due_at=None)
    migration = importlib.import_module("motcua.dossiers.migrations.0007_dossier_original_due_at")
    migration.backfill(apps, None)
    dossier.refresh_from_db()
    assert dossier.original_due_at == at(2026, 3, 23, 10)


def test_withdrawn_or_closed_in_column_9_but_never_on_time_for_the_rate(ids):
    """ii06a.WITHDRAWN_OR_CLOSED_IN_COLUMN_9 — footnote of column 9: «Bao gồm cả hồ sơ chờ bổ sung và trả lại/xin
    rút»; Decree 118 Art. 21 (withdrawal) and Art. 19.5 (closed without the supplement). The 766 on-time score
    (Measures.on_time) leaves them out of both its parts."""
    b = Builder()
    withdrawn = lifecycle.stop(b.p.desk, b.received(at(2026, 3, 9, 10)), reason="Rút hồ sơ", at=at(2026, 3, 10, 9))
    closed = b.supplement(b.received(at(2026, 3, 3, 10)), at(2026, 3, 4, 9))
    lifecycle.close_unsupplemented(now=at(2026, 3, 20, 8))
    late = b.decided(at(2026, 3, 4, 10), at(2026, 3, 12, 9))  # due 11/03 10:00
    assert listed("resolved_on_time", ids) == {withdrawn.pk, closed.pk}
    assert listed("withdrawn_or_closed", ids) == {withdrawn.pk, closed.pk}
    assert listed("resolved_late", ids) == {late.pk}
    found = measures.measures(ids, *MARCH, now=NOW)[None]
    assert (found.resolved_on_time, found.withdrawn_or_closed, found.resolved) == (2, 2, 3)
    assert (found.on_time.part, found.on_time.whole) == (0, 1)  # without the rule: 2 of 3
    # The stored monthly facts (March is a complete month) count as the live aggregate does.
    live = measures.group(measures.collect(ids, *MARCH, now=NOW, stored=False), measures.By.TOTAL)[None]
    assert live == found


def test_waiting_for_a_supplement_is_pending_within_time(ids):
    """ii06a.WAITING_FOR_SUPPLEMENT_WITHIN_TIME — footnote of column 12: «Bao gồm cả hồ sơ chờ bổ sung và hồ sơ
    khác». Even past its original and extended due dates: the clock is paused."""
    b = Builder()
    waiting = b.extended(b.received(at(2026, 3, 2, 10)), at(2026, 3, 3, 9), at(2026, 3, 12, 10))
    waiting = b.supplement(waiting, at(2026, 3, 4, 9))
    assert listed("pending_within", ids) == {waiting.pk}
    assert listed("pending_overdue", ids) == set() and listed("resolved_total", ids) == set()
