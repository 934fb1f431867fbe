"""Evidence figures of an inspection over a known set of dossiers (tests/reports_scenario.py, March 2026), worked
out by hand, and their freezing when the record is signed."""

import datetime

import pytest

from dossier_helpers import at, intake, user
from motcua.catalog.models import AgencyOffering, Posting
from motcua.catalog.versions import version_in_force
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.feedback.models import DossierRating
from motcua.payments.models import Payment
from motcua.reform.models import Area, Measure, ReformPlan
from motcua.reform.services import evidence, inspections, plans
from reform_helpers import UBND, agency, city_leader, planned, ready_to_sign
from reports_scenario import MARCH, NOW, build_scenario


@pytest.fixture
def scenario(demo):
    return build_scenario()


def pay(dossier, method, status, paid_at, reference):
    return Payment.objects.create(
        dossier=dossier,
        amount_vnd=50_000,
        method=method,
        status=status,
        reference=reference,
        created_at=paid_at - datetime.timedelta(minutes=5),
        paid_at=paid_at if status == Payment.Status.PAID else None,
    )


def rate(dossier, overall, rated_at, agency_name=UBND):
    return DossierRating.objects.create(
        dossier=dossier, agency=agency(agency_name), rated_at=rated_at, channel="web", overall=overall
    )


def codes(figure) -> set[str]:
    return {record["label"] for record in figure.records}


def test_figures_of_march(scenario):
    d = scenario
    admin = user("quantri.hongvan")
    plan = plans.create_plan(
        admin,
        agency(UBND),
        year=2026,
        kind=ReformPlan.Kind.REFORM,
        title="KH CCHC 2026",
        number="05/KH-UBND",
        issued_on=datetime.date(2026, 1, 10),
    )
    plans.add_task(
        admin, plan, area=Area.COMMUNICATION, title="Tuyên truyền", owner="VH-XH", deadline=datetime.date(2026, 3, 15)
    )
    done = plans.add_task(
        admin, plan, area=Area.DIRECTION, title="Báo cáo quý", owner="VP", deadline=datetime.date(2026, 3, 31)
    )
    plans.report_progress(admin, done, status="done", progress=100, note="Xong", at=at(2026, 3, 30, 9))
    plans.add_task(admin, plan, area=Area.DIGITAL, title="Việc sau kỳ", owner="VP", deadline=datetime.date(2026, 6, 30))
    pay(d["E"], Payment.Method.GATEWAY, Payment.Status.PAID, at(2026, 3, 9, 10), "P1")
    pay(d["F"], Payment.Method.CASH, Payment.Status.PAID, at(2026, 3, 10, 10), "P2")
    pay(d["G"], Payment.Method.GATEWAY, Payment.Status.PENDING, at(2026, 3, 12, 10), "P3")  # not paid
    pay(d["K"], Payment.Method.GATEWAY, Payment.Status.PAID, at(2026, 4, 2, 10), "P4")  # April
    rate(d["E"], 5, at(2026, 3, 10, 9))
    rate(d["F"], 3, at(2026, 3, 11, 9))
    rate(d["Q"], 5, at(2026, 3, 5, 9), agency_name="Công an xã Hồng Vân")  # the police: not under the UBND
    rate(d["K"], 4, at(2026, 4, 1, 9))  # April

    figures = evidence.compute(agency(UBND), *MARCH, now=NOW)

    late = figures[Measure.LATE_DOSSIERS]
    # Resolved late: C, G, H (late against its first due date, ii06a.legal_due), I; pending overdue at the end of
    # March: D, U (police, received at the centre), O.
    assert late.value == "4 hồ sơ giải quyết quá hạn, 3 hồ sơ đang giải quyết đã quá hạn"
    assert codes(late) == {d[x].code for x in "CGHIDUO"}
    # P, refused after appraisal, is in "đúng hạn" by the note of column 9 (ii06a.refused_after_appraisal).
    assert late.lines[0] == "Đã giải quyết: 12 (trước hạn 4, đúng hạn 4, quá hạn 4)."
    assert late.lines[1] == "Đang giải quyết: 6 (trong hạn 3, quá hạn 3)."
    apologies = figures[Measure.APOLOGIES]
    # H and I have their Mẫu 04, issued on time (Decree 118 Art. 19.6); H is overdue against its first due date
    assert apologies.value == "2/7 (28,6%) hồ sơ quá hạn có văn bản xin lỗi (đúng hạn: 2, muộn: 0)"
    assert codes(apologies) == {d[x].code for x in "CGDUO"}
    refused = figures[Measure.REFUSED_DOSSIERS]
    # Refused at the desk on 05/03 and P after appraisal; asked to supplement: at intake 06/03, K, M, J.
    assert refused.value == "2 hồ sơ bị từ chối, 4 lần yêu cầu bổ sung"
    intake_refused = Dossier.objects.get(state="intake_refused")
    assert codes(refused) == {d["P"].code, intake_refused.reference}
    assert figures[Measure.ONLINE_SHARE].value == "2/14 (14,3%) hồ sơ tiếp nhận trong kỳ nộp trực tuyến"
    assert figures[Measure.PAYMENT_SHARE].value == "1/2 (50,0%) khoản thanh toán trực tuyến"
    assert figures[Measure.SATISFACTION].value == "2 lượt đánh giá, hài lòng 1/2 (50,0%)"
    assert figures[Measure.PLAN_ISSUED].value == "1/2 kế hoạch đã ban hành"
    assert "chưa ban hành" in figures[Measure.PLAN_ISSUED].lines[1]
    assert figures[Measure.DESK_STAFF].value == "1 cán bộ tiếp nhận"
    # At the end of March the communication task (due 15/03) is overdue; the June task is not yet.
    assert figures[Measure.COMMUNICATION].value == "0/1 (0,0%) nhiệm vụ hoàn thành, 1 quá hạn"
    assert figures[Measure.REFORM_TASKS].value == "1/3 (33,3%) nhiệm vụ hoàn thành, 1 quá hạn"


def test_posting_figure_follows_the_catalog(demo):
    ubnd = agency(UBND)
    before = evidence.compute(ubnd, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))[Measure.POSTING]
    offering = AgencyOffering.objects.filter(agency=ubnd, active=True).select_related("procedure").first()
    version = version_in_force(offering.procedure, datetime.date(2026, 3, 31))
    Posting.objects.create(version=version, agency=ubnd, posted_on=datetime.date(2026, 3, 20), location="Bảng")
    after = evidence.compute(ubnd, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))[Measure.POSTING]
    number = [int(word) for word in before.value.replace(",", " ").split() if word.isdigit()]
    number_after = [int(word) for word in after.value.replace(",", " ").split() if word.isdigit()]
    # One procedure fewer not posted, one more posted late (long after its effective date), same total.
    assert number_after == [number[0] - 1, number[1] + 1, number[2]]
    assert offering.procedure.code in {record["label"] for record in after.records}


def test_signed_record_keeps_its_figures_when_the_data_changes(scenario):
    lead = city_leader()
    inspection = ready_to_sign(lead, planned(lead, *MARCH))
    live = evidence.figures_of(inspection, now=NOW)
    inspections.sign(lead, inspection, at=NOW)
    inspection.refresh_from_db()
    stored = list(inspection.evidence)
    assert evidence.figures_of(inspection)[Measure.LATE_DOSSIERS].value == live[Measure.LATE_DOSSIERS].value

    # Afterwards: a rating and an online payment in March, and another refusal at the desk in March.
    rate(scenario["G"], 5, at(2026, 3, 20, 9))
    pay(scenario["G"], Payment.Method.GATEWAY, Payment.Status.PAID, at(2026, 3, 20, 10), "P9")
    lifecycle.refuse_intake(user("tiepnhan.hongvan"), intake(), reason="Thiếu đơn", at=at(2026, 3, 25, 10))
    now_live = evidence.compute(agency(UBND), *MARCH, now=NOW)
    assert now_live[Measure.SATISFACTION].value != live[Measure.SATISFACTION].value
    assert now_live[Measure.REFUSED_DOSSIERS].value != live[Measure.REFUSED_DOSSIERS].value

    inspection.refresh_from_db()
    assert inspection.evidence == stored
    shown = evidence.figures_of(inspection)
    assert shown[Measure.SATISFACTION].value == live[Measure.SATISFACTION].value
    assert shown[Measure.REFUSED_DOSSIERS].value == live[Measure.REFUSED_DOSSIERS].value
    assert shown[Measure.PAYMENT_SHARE].value == live[Measure.PAYMENT_SHARE].value
