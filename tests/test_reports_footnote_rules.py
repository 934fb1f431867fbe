"""The footnote rules of form II.06a (Thông tư 01/2020/TT-VPCP, Biểu số II.06a/VPCP/KSTT; docs/reports.md quotes the
notes) on a hand-built set, and the agreement of everything that reads them: the form, the dashboards' measures
and the on-time rate, the Decision 766 index, the inspection lists and the reform inspection evidence.

Mediation (1.002211, UBND xã Hồng Vân) takes 5 working days; the clock is controlled (every action has its `at`), and
the reports are made on 10/04/2026 at noon for March 2026. The notes quoted:
- column 9 «Đúng hạn (Bao gồm cả hồ sơ chờ Bổ sung và Trả lại/Xin rút)»;
- column 12 «Trong hạn (Bao gồm cả hồ sơ chờ bổ sung và hồ sơ khác)».
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import POLICE, UBND, at, intake
from group_helpers import file_at_desk, handle
from group_helpers import sign as group_sign
from motcua.dossiers import interagency, lifecycle
from motcua.dossiers.models import Dossier
from motcua.dossiers.queues import overdue_condition
from motcua.dossiers.uploads import Upload
from motcua.groups import services
from motcua.groups.definitions import GroupKind
from motcua.orgs.models import Agency
from motcua.reform.models import Measure
from motcua.reform.services import evidence
from motcua.reports import dashboard, ii06a, index766, lists, measures
from motcua.reports.areas import agency_ids_of_area
from motcua.reports.models import Indicator
from reports_scenario import MARCH, NOW, Builder

CELLS_WITH_DOSSIERS = (*ii06a.CELL_NAMES, "withdrawn_or_closed", "refused_after_appraisal", "timed_decisions")


@pytest.fixture
def ubnd(demo):
    return Agency.objects.get(name=UBND)


@pytest.fixture
def ids(ubnd):
    return agency_ids_of_area(ubnd)


def listed(cell, ids, start=MARCH[0], end=MARCH[1], now=NOW) -> set[int]:
    return set(ii06a.dossiers_for(cell, ids, start, end, now=now).values_list("pk", flat=True))


def hand_built() -> dict[str, Dossier]:
    """Every kind of dossier the notes speak of, all at UBND xã Hồng Vân in March 2026 (due = received + 5 working
    days, same hour)."""
    b, d = Builder(), {}
    # Received Mon 02/03 10:00, due Mon 09/03 10:00: signed on Thursday (early) and on the due day (on time).
    d["early"] = b.decided(at(2026, 3, 2, 10), at(2026, 3, 5, 10))
    d["on_time"] = b.decided(at(2026, 3, 2, 10), at(2026, 3, 9, 9))
    # Received Wed 04/03 10:00, due Wed 11/03 10:00: signed the next day, with no apology.
    d["late"] = b.decided(at(2026, 3, 4, 10), at(2026, 3, 12, 9))
    # Due 09/03 10:00; the apology and new appointment (Mẫu 04) only on 10/03, after the deadline (Art. 19.6): late.
    late_apology = b.extended(b.received(at(2026, 3, 2, 10)), at(2026, 3, 10, 9), at(2026, 3, 13, 10))
    d["late_apology"] = b.sign(late_apology, at(2026, 3, 12, 10))
    # Due Mon 23/03 10:00; the letter on 18/03 (on time) moves the appointment to 30/03; signed 26/03: still late.
    extended = b.extended(b.received(at(2026, 3, 16, 10)), at(2026, 3, 18, 9), at(2026, 3, 30, 10))
    d["extended_in_time"] = b.sign(extended, at(2026, 3, 26, 10))
    # Withdrawn at the applicant's request (Art. 21) and closed for want of the supplement (Art. 19.5).
    d["withdrawn"] = lifecycle.stop(
        b.p.desk, b.received(at(2026, 3, 9, 10)), reason="Người nộp xin rút", at=at(2026, 3, 10, 9)
    )
    d["closed"] = b.supplement(b.received(at(2026, 3, 3, 10)), at(2026, 3, 4, 9))
    lifecycle.close_unsupplemented(now=at(2026, 3, 20, 8))
    # Refused after appraisal (Art. 19.3, Mẫu 03) a day after its due date 11/03 10:00.
    d["refused"] = lifecycle.refuse(
        b.p.specialist, b.received(at(2026, 3, 4, 10)), reason="Không đủ điều kiện", at=at(2026, 3, 12, 10)
    )
    # Refused, and sent back for completion, at the desk (Art. 17.1.c): never received.
    d["intake_refused"] = lifecycle.refuse_intake(
        b.p.desk, intake(), reason="Giấy tờ bị tẩy xóa", at=at(2026, 3, 5, 10)
    )
    d["intake_supplement"] = lifecycle.request_intake_supplement(
        b.p.desk, intake(), items=["Đơn đề nghị"], at=at(2026, 3, 6, 10)
    )
    # Waiting for the supplement asked on 19/03 (due 25/03 before the pause): still waiting at the end of March.
    d["waiting"] = b.supplement(b.received(at(2026, 3, 18, 10)), at(2026, 3, 19, 9))
    # Undecided: due Mon 30/03 10:00; and due Tue 31/03 10:00 with a new appointment on 08/04.
    d["overdue"] = b.received(at(2026, 3, 23, 10))
    d["overdue_extended"] = b.extended(b.received(at(2026, 3, 24, 10)), at(2026, 3, 27, 9), at(2026, 4, 8, 10))
    return d


@pytest.fixture
def dossiers(demo):
    return hand_built()


def pks(dossiers, *names) -> set[int]:
    return {dossiers[name].pk for name in names}


def test_the_hand_built_set_by_the_notes(dossiers, ids):
    """Every cell of form II.06a for March, counted by hand from the notes of columns 9 and 12."""
    total = ii06a.build(ids, *MARCH, now=NOW).total
    # 11 received at the desk in March (not the two refused or sent back at the desk); 8 ended, 3 pending.
    assert total.as_dict() == {
        "received_total": 11,
        "received_online": 0,
        "received_direct": 11,
        "carried_over": 0,
        "resolved_total": 8,
        "resolved_early": 1,
        "resolved_on_time": 4,
        "resolved_late": 3,
        "pending_total": 3,
        "pending_within": 1,
        "pending_overdue": 2,
    }
    assert total.broken_invariants() == []
    assert listed("resolved_early", ids) == pks(dossiers, "early")
    assert listed("resolved_on_time", ids) == pks(dossiers, "on_time", "withdrawn", "closed", "refused")
    assert listed("resolved_late", ids) == pks(dossiers, "late", "late_apology", "extended_in_time")
    assert listed("pending_within", ids) == pks(dossiers, "waiting")
    assert listed("pending_overdue", ids) == pks(dossiers, "overdue", "overdue_extended")
    timed = pks(dossiers, "early", "on_time", "late", "late_apology", "extended_in_time")
    assert listed("timed_decisions", ids) == timed


def test_refused_after_appraisal_is_the_trả_lại_of_column_9(dossiers, ids):
    """ii06a.refused_after_appraisal — note of column 9 «Bao gồm cả hồ sơ … Trả lại/Xin rút»; Decree 118 Art. 19.3.
    A refusal a day after its due date is in columns 3, 7 and 9, not 10, and out of both parts of the on-time rate."""
    refused = dossiers["refused"].pk
    assert refused in listed("received_total", ids) and refused in listed("resolved_total", ids)
    assert refused in listed("resolved_on_time", ids)
    assert refused not in listed("resolved_late", ids) | listed("resolved_early", ids)
    assert listed("refused_after_appraisal", ids) == {refused}
    assert refused not in listed("timed_decisions", ids)
    # Early or late alike: a refusal the day after receipt is not "early" either.
    b = Builder()
    early = lifecycle.refuse(b.p.specialist, b.received(at(2026, 3, 16, 10)), reason="Không đủ", at=at(2026, 3, 17, 9))
    assert early.pk in listed("resolved_on_time", ids) and early.pk not in listed("resolved_early", ids)


def test_never_received_is_in_no_column_but_in_the_returns_list(dossiers, ids):
    """ii06a.never_received — columns 3–6 «Tiếp nhận»; Decree 118 Art. 17.1.c and 17.3: a dossier refused or sent back
    for completion at the desk was never accepted, so it is in no column (not in column 3, not in the «Trả lại» of
    column 9), and the list of returns names it."""
    never = pks(dossiers, "intake_refused", "intake_supplement")
    for cell in CELLS_WITH_DOSSIERS:
        assert not listed(cell, ids) & never, cell
    returned = {event.dossier_id for event in lists.returns(ids, *MARCH)}
    assert never <= returned


def test_waiting_for_a_supplement_is_never_overdue(dossiers, ids):
    """ii06a.WAITING_FOR_SUPPLEMENT_WITHIN_TIME — note of column 12 «Trong hạn (Bao gồm cả hồ sơ chờ bổ sung …)»;
    Decree 118 Art. 19.5 (the clock stops). Even with a due date in the past left in its row (data written before the
    clock paused it), it is column 12, never column 13, never on the inspector's overdue list, never in the rate."""
    waiting = dossiers["waiting"]
    Dossier.objects.filter(pk=waiting.pk).update(due_at=at(2026, 3, 25, 10), original_due_at=at(2026, 3, 24, 10))
    assert waiting.pk in listed("pending_within", ids)
    assert waiting.pk not in listed("pending_overdue", ids)
    assert waiting.pk not in set(lists.overdue_now(ids, now=NOW).values_list("pk", flat=True))
    found = measures.measures(ids, *MARCH, now=NOW)[None]
    assert found.pending_overdue == 2  # the two undecided ones past their legal due date, not this one
    assert waiting.pk not in listed("timed_decisions", ids)


def test_the_overdue_list_judges_by_the_legal_due_date_and_the_desk_queue_by_the_new_one(dossiers, ids):
    """lists.overdue_condition_by_legal_due — Decree 118 Art. 19.6 (ii06a.legal_due): on 03/04 the dossier due 31/03
    with a new appointment on 08/04 is overdue for the inspector (column 13), while the desk's work queue
    (queues.overdue_condition) works to the new appointment."""
    now = at(2026, 4, 3, 12)
    listed_now = set(lists.overdue_now(ids, now=now).values_list("pk", flat=True))
    assert listed_now == pks(dossiers, "overdue", "overdue_extended")
    assert listed_now == listed("pending_overdue", ids, datetime.date(2026, 4, 1), datetime.date(2026, 4, 3), now)
    desk_queue = Dossier.objects.filter(pk__in=listed_now).filter(overdue_condition(now))
    assert set(desk_queue.values_list("pk", flat=True)) == pks(dossiers, "overdue")
    # The deadline it missed is the first one, and the days overdue count from it.
    missed = {d.pk: d.missed_at for d in lists.overdue_now(ids, now=now)}
    assert missed[dossiers["overdue_extended"].pk] == at(2026, 3, 31, 10)


def test_form_dashboards_766_and_inspection_evidence_agree(dossiers, ids, ubnd):
    """The same on-time rate and the same late count everywhere (issue 15, item 2 "done when"): the form's cells, the
    dashboards' measures (stored monthly facts and live), the dashboard's list behind the rate, the 766 score
    "Tiến độ giải quyết", the inspection lists and the reform inspection evidence."""
    total = ii06a.build(ids, *MARCH, now=NOW).total
    placed = len(listed("withdrawn_or_closed", ids)) + len(listed("refused_after_appraisal", ids))
    # By hand: 8 decided, of which 3 placed in column 9 by its note (withdrawn, closed, refused); 2 of the other 5
    # early or on time.
    expected = measures.Ratio(total.resolved_early + total.resolved_on_time - placed, total.resolved_total - placed)
    assert expected == measures.Ratio(2, 5)

    found = measures.measures(ids, *MARCH, now=NOW)[None]
    live = measures.group(measures.collect(ids, *MARCH, now=NOW, stored=False), measures.By.TOTAL)[None]
    assert found == live
    assert found.on_time == expected
    assert (found.resolved_late, found.pending_overdue) == (total.resolved_late, total.pending_overdue) == (3, 2)
    behind_rate = dashboard.measure_dossiers("on_time", ids, *MARCH, now=NOW)
    assert behind_rate.count() == found.on_time.whole
    assert dashboard.measure_dossiers("late", ids, *MARCH, now=NOW).count() == found.resolved_late

    score = index766.index(ids, *MARCH, now=NOW)
    assert score.inputs.ratio(Indicator.RESOLVED_ON_TIME) == expected
    tdgq = next(c for c in score.components if c.component.code == "TDGQ")
    assert tdgq.score == pytest.approx(20 * 2 / 5)

    assert {d.pk for d in lists.resolved_late(ids, *MARCH, now=NOW)} == listed("resolved_late", ids)

    figures = evidence.compute(ubnd, *MARCH, now=NOW)
    late = figures[Measure.LATE_DOSSIERS]
    assert late.value == "3 hồ sơ giải quyết quá hạn, 2 hồ sơ đang giải quyết đã quá hạn"
    assert {record["id"] for record in late.records} == listed("resolved_late", ids) | listed("pending_overdue", ids)
    # Of those five: no letter (late, overdue), a late one (late_apology), on time (extended_in_time, overdue_extended).
    apologies = figures[Measure.APOLOGIES]
    assert apologies.lines == [
        "Hồ sơ quá hạn chưa có văn bản xin lỗi: 2.",
        "Xin lỗi muộn (sau thời hạn chậm nhất 01 ngày trước hạn): 1.",
        "Xin lỗi đúng hạn: 2.",
    ]


# -- inter-agency work: a part (Decree 118/2025 Art. 20.2) and a Decree 63/2024 group ---------------------------------


def with_inter_agency_work() -> dict[str, Dossier]:
    """The hand-built set, and two more kinds of inter-agency work in March: a mediation at UBND for which the commune
    police did a part (received 09/03 10:00, due 16/03 10:00, signed 12/03: on time), and a death group received at
    the desk on 17/03 — death registration (UBND), removal of permanent residence (the police), funeral allowance
    (social insurance), each resolved by its own agency and signed on 19/03."""
    d = hand_built()
    b = Builder()
    police = Agency.objects.get(name=POLICE)
    shared = lifecycle.send_parts(
        b.p.specialist,
        b.received(at(2026, 3, 9, 10)),
        parts=[interagency.PartRequest(police, "Xác minh nơi cư trú", 480)],
        at=at(2026, 3, 9, 11),
    )
    part = shared.parts.get()
    result = Upload(SimpleUploadedFile("xac-minh.pdf", b"%PDF-1.4\n%%EOF\n"))
    lifecycle.complete_part(b.p.police_specialist, part, document=result, at=at(2026, 3, 10, 9))
    d["with_part"] = b.sign(shared, at(2026, 3, 12, 10))
    group = file_at_desk(GroupKind.DEATH, at=at(2026, 3, 17, 8, 30))
    for index, member in enumerate(services.members(group)):
        d[f"group_{index}"] = group_sign(handle(member, at(2026, 3, 17, 10)), at(2026, 3, 19, 9))
    return d


def test_the_lead_and_the_participating_agency_agree_everywhere(demo, ubnd, settings, tmp_path):
    """PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER (Decree 118/2025 Art. 20.2; Decree 63/2024/NĐ-CP): the police count the
    dossier they did a part of, and their own member of the group, in their form II.06a; the dashboards' measures
    (stored monthly facts and live), the 766 index and the inspection lists count the same, for the police alone and
    for the lead's area."""
    settings.MEDIA_ROOT = tmp_path / "media"
    d = with_inter_agency_work()
    police = Agency.objects.get(name=POLICE)
    police_member = next(d[name] for name in ("group_0", "group_1", "group_2") if d[name].competent_agency == police)
    assert set(agency_ids_of_area(police)) == {police.pk}
    for agency in (police, ubnd):
        ids = agency_ids_of_area(agency)
        total = ii06a.build(ids, *MARCH, now=NOW).total
        found = measures.measures(ids, *MARCH, now=NOW)[None]
        live = measures.group(measures.collect(ids, *MARCH, now=NOW, stored=False), measures.By.TOTAL)[None]
        assert found == live, ids
        assert found.received == total.received_online + total.received_direct, ids
        assert (found.resolved_early, found.resolved_on_time, found.resolved_late) == (
            total.resolved_early,
            total.resolved_on_time,
            total.resolved_late,
        ), ids
        placed = len(listed("withdrawn_or_closed", ids)) + len(listed("refused_after_appraisal", ids))
        expected = measures.Ratio(total.resolved_early + total.resolved_on_time - placed, total.resolved_total - placed)
        assert found.on_time == expected, ids
        assert index766.index(ids, *MARCH, now=NOW).inputs.ratio(Indicator.RESOLVED_ON_TIME) == expected, ids
        assert {x.pk for x in lists.resolved_late(ids, *MARCH, now=NOW)} == listed("resolved_late", ids), ids
        late = evidence.compute(agency, *MARCH, now=NOW)[Measure.LATE_DOSSIERS]
        assert {record["id"] for record in late.records} == listed("resolved_late", ids) | listed(
            "pending_overdue", ids
        )
    # Per agency, a dossier counted only because the police did a part of it is the police's, stored or live.
    by_agency = measures.measures([police.pk], *MARCH, measures.By.AGENCY, now=NOW)
    live_rows = measures.collect([police.pk], *MARCH, now=NOW, stored=False)
    assert set(by_agency) == {police.pk} and by_agency == measures.group(live_rows, measures.By.AGENCY)
    # By hand for the police: the dossier it did a part of and its own member of the group, both decided on time.
    police_total = ii06a.build([police.pk], *MARCH, now=NOW).total
    assert listed("received_total", [police.pk]) == {d["with_part"].pk, police_member.pk}
    assert (police_total.received_total, police_total.resolved_total, police_total.resolved_late) == (2, 2, 0)
