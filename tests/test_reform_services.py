"""Rules of the reform services: plans and tasks, inspections and their record, follow-up, self-assessment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import at, user
from motcua.accounts.models import Role
from motcua.core.models import AuditEntry
from motcua.reform import access, shipped
from motcua.reform.models import (
    Area,
    ChecklistTemplate,
    IndexNode,
    IndexTemplate,
    Inspection,
    PlanTask,
    Recommendation,
    ReformPlan,
    TeamMember,
)
from motcua.reform.services import assessment, followup, inspections, plans
from reform_helpers import CENTRE, CITY, OTHER_COMMUNE, UBND, agency, city_leader, planned, ready_to_sign, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="bang-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def admin(demo):
    return user("quantri.hongvan")


@pytest.fixture
def plan(admin):
    return plans.create_plan(admin, agency(UBND), year=2026, kind=ReformPlan.Kind.REFORM, title="Kế hoạch CCHC 2026")


# -- plans -------------------------------------------------------------------------------------------------------------


def test_only_the_agencys_leaders_and_admins_make_its_plans(demo):
    with pytest.raises(PermissionDenied):
        plans.create_plan(user("chuyenvien.hongvan"), agency(UBND), year=2026, kind="reform", title="KH")
    with pytest.raises(PermissionDenied):
        plans.create_plan(user("thanhtra.hanoi"), agency(UBND), year=2026, kind="reform", title="KH")
    with pytest.raises(PermissionDenied):
        plans.create_plan(user("lanhdao.congan.hongvan"), agency(UBND), year=2026, kind="reform", title="KH")
    made = plans.create_plan(user("lanhdao.hongvan"), agency(UBND), year=2026, kind="reform", title="KH")
    assert AuditEntry.objects.filter(object_type="reform.ReformPlan", object_id=str(made.pk), action="create").exists()
    # The agency administrator also acts for the agencies under the People's Committee (its service centre).
    plans.create_plan(user("quantri.hongvan"), agency(CENTRE), year=2026, kind="control", title="KH KSTT")


def test_one_plan_of_a_kind_per_agency_and_year(plan, admin):
    with pytest.raises(ValidationError) as refused:
        plans.create_plan(admin, agency(UBND), year=2026, kind=ReformPlan.Kind.REFORM, title="Lần hai")
    assert "đã có kế hoạch" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        plans.create_plan(
            admin, agency(UBND), year=2026, kind="control", title="KH", issued_on=datetime.date(2024, 5, 1)
        )
    assert "issued_on" in refused.value.message_dict


def test_task_rules_and_overdue_flag(plan, admin):
    with pytest.raises(ValidationError) as refused:
        plans.add_task(admin, plan, area="nowhere", title="", owner="", deadline=datetime.date(2025, 12, 31))
    assert set(refused.value.message_dict) == {"area", "title", "owner", "deadline"}
    task = plans.add_task(
        admin, plan, area=Area.COMMUNICATION, title="Tuyên truyền", owner="VH", deadline=datetime.date(2026, 3, 31)
    )
    assert not plans.is_overdue(task, datetime.date(2026, 3, 31))
    assert plans.is_overdue(task, datetime.date(2026, 4, 1))
    assert list(plans.overdue_tasks(plan.tasks.all(), datetime.date(2026, 4, 1))) == [task]
    plans.report_progress(admin, task, status="cancelled", progress=0, note="Không làm nữa", at=at(2026, 3, 1, 9))
    task.refresh_from_db()
    assert not plans.is_overdue(task, datetime.date(2026, 4, 1))
    assert plans.overdue_tasks(plan.tasks.all(), datetime.date(2026, 4, 1)).count() == 0


def test_progress_update_with_evidence(plan, admin):
    task = plans.add_task(
        admin, plan, area=Area.DIRECTION, title="Báo cáo", owner="VP", deadline=datetime.date(2026, 6, 30)
    )
    with pytest.raises(ValidationError) as refused:
        plans.report_progress(admin, task, status="done", progress=80, note="x")
    assert "progress" in refused.value.message_dict
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        plans.report_progress(admin, task, status="in_progress", progress=50, note="x", files_in=[pdf_file(), fake])
    assert "virus.pdf" in str(refused.value)
    assert task.updates.count() == 0  # one bad file refuses the whole report
    update = plans.report_progress(
        admin, task, status="done", progress=100, note="Đã ban hành", files_in=[pdf_file()], at=at(2026, 5, 2, 9)
    )
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == ("done", 100, datetime.date(2026, 5, 2))
    stored = update.files.get()
    assert stored.content_type == "application/pdf" and stored.file.read() == PDF
    with pytest.raises(PermissionDenied):
        plans.report_progress(user("thanhtra.hanoi"), task, status="done", progress=100, note="x")


def test_a_task_with_reports_is_not_deleted(plan, admin):
    task = plans.add_task(admin, plan, area=Area.DIRECTION, title="A", owner="VP", deadline=datetime.date(2026, 6, 30))
    plans.report_progress(admin, task, status="in_progress", progress=10, note="Bắt đầu")
    with pytest.raises(ValidationError):
        plans.delete_task(admin, task)
    other = plans.add_task(admin, plan, area=Area.DIRECTION, title="B", owner="VP", deadline=datetime.date(2026, 6, 30))
    plans.delete_task(admin, other)
    assert not PlanTask.objects.filter(pk=other.pk).exists()


def test_tasks_grouped_by_area_in_the_order_of_the_areas(plan, admin):
    for area in (Area.COMMUNICATION, Area.DIRECTION, Area.DIGITAL):
        plans.add_task(admin, plan, area=area, title=area.label, owner="VP", deadline=datetime.date(2026, 6, 30))
    assert [group.area for group in plans.tasks_by_area(plan)] == ["direction", "digital", "communication"]


# -- inspections -------------------------------------------------------------------------------------------------------


def test_who_may_inspect_whom(demo):
    city = agency(CITY)
    inspectable = set(access.inspectable_agencies(city).values_list("name", flat=True))
    assert {UBND, CENTRE, "Công an xã Hồng Vân", OTHER_COMMUNE} <= inspectable
    assert CITY not in inspectable
    # The legacy district reaches the current commune that took over its former commune.
    district = agency("Ủy ban nhân dân huyện Thường Tín")
    assert access.inspectable_agencies(district).filter(name=UBND).exists()
    assert not access.inspectable_agencies(agency(UBND)).filter(name=CITY).exists()
    lead = city_leader()
    assert access.can_plan_inspection(lead, city, agency(UBND))
    assert not access.can_plan_inspection(user("thanhtra.hanoi"), city, agency(UBND))  # inspectors only read
    assert not access.can_plan_inspection(user("lanhdao.hongvan"), agency(UBND), agency(OTHER_COMMUNE))


def test_planning_copies_the_default_checklist_and_checks_the_period(demo):
    lead = city_leader()
    template = ChecklistTemplate.objects.get(is_default=True)
    inspection = planned(lead)
    assert [i.title for i in inspection.checklist.all()] == [i.criterion.title for i in template.items.all()]
    assert inspection.checklist.count() == 11
    with pytest.raises(ValidationError) as refused:
        planned(lead, start=datetime.date(2026, 4, 1), end=datetime.date(2026, 3, 1))
    assert "period_end" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        planned(lead, inspected_on=datetime.date(2026, 3, 20))
    assert "inspected_on" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        inspections.plan_inspection(
            user("lanhdao.hongvan"),
            agency(UBND),
            agency(OTHER_COMMUNE),
            title="x",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            inspected_on=datetime.date(2026, 2, 1),
        )


def test_team_has_one_lead_with_an_account(demo):
    lead = city_leader()
    inspection = planned(lead)
    with pytest.raises(ValidationError) as refused:
        inspections.add_member(lead, inspection, inspections.Member("Người thứ hai", TeamMember.Role.LEAD))
    assert "role" in refused.value.message_dict
    member = inspections.add_member(lead, inspection, inspections.Member("Thành viên", "member", "Sở Tư pháp"))
    assert inspection.members.count() == 3
    inspections.remove_member(lead, member)
    assert inspection.members.count() == 2


def test_recommendations_go_to_the_inspected_side_after_the_inspection(demo):
    lead = city_leader()
    inspection = planned(lead)
    with pytest.raises(ValidationError) as refused:
        inspections.add_recommendation(
            lead,
            inspection,
            area="procedures",
            text="Khắc phục",
            responsible=agency(OTHER_COMMUNE),
            deadline=datetime.date(2026, 4, 9),
        )
    assert set(refused.value.message_dict) == {"responsible_agency", "deadline"}
    made = inspections.add_recommendation(
        lead,
        inspection,
        area="procedures",
        text="Niêm yết",
        responsible=agency(CENTRE),
        deadline=datetime.date(2026, 5, 10),
    )
    assert made.status == Recommendation.Status.OPEN


def test_only_the_team_lead_signs_a_complete_record_and_it_is_then_read_only(demo):
    lead = city_leader()
    inspection = planned(lead)
    with pytest.raises(ValidationError) as refused:
        inspections.sign(lead, inspection)
    assert len(refused.value.messages) == 3  # no conclusion, no finding, criteria not assessed
    ready_to_sign(lead, inspection)
    secretary = staff("thuky", Role.LEADER, CITY)
    inspections.add_member(lead, inspection, inspections.Member("Thư ký 2", "member", "", secretary))
    with pytest.raises(PermissionDenied):
        inspections.sign(secretary, inspection)  # a member works on the record but does not sign it
    with pytest.raises(PermissionDenied):
        inspections.sign(user("thanhtra.hanoi"), inspection)
    inspections.sign(lead, inspection, at=at(2026, 4, 10, 16))
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.SIGNED and inspection.signed_by == lead
    assert len(inspection.evidence) == 11
    entry = AuditEntry.objects.filter(object_type="reform.Inspection", object_id=str(inspection.pk)).first()
    assert entry.changes["status"] == ["planned", "signed"] and entry.actor == lead
    with pytest.raises(ValidationError):
        inspections.add_finding(lead, inspection, kind="strength", area="direction", text="Thêm")
    with pytest.raises(ValidationError):
        inspections.set_conclusion(lead, inspection, "Sửa")
    with pytest.raises(ValidationError):
        inspections.sign(lead, inspection)
    assert not access.can_edit_inspection(lead, inspection)


def test_visibility_of_an_inspection(demo):
    lead = city_leader()
    inspection = planned(lead)
    commune_admin, commune_leader = user("quantri.hongvan"), user("lanhdao.hongvan")
    assert access.can_see_inspection(user("thanhtra.hanoi"), inspection)  # reads over the whole city
    assert not access.can_see_inspection(commune_admin, inspection)  # the draft stays with the team
    assert not access.can_see_inspection(user("thanhtra.thuongtin"), inspection)
    ready_to_sign(lead, inspection)
    inspections.sign(lead, inspection)
    assert access.can_see_inspection(commune_admin, inspection)
    assert access.can_see_inspection(commune_leader, inspection)
    assert not access.can_see_inspection(user("lanhdao.congan.hongvan"), inspection)
    assert not access.can_see_inspection(staff("qt.thuongtin", Role.AGENCY_ADMIN, OTHER_COMMUNE), inspection)


# -- follow-up ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def signed(demo):
    lead = city_leader()
    inspection = ready_to_sign(lead, planned(lead))
    recommendation = inspections.add_recommendation(
        lead,
        inspection,
        area="procedures",
        text="Niêm yết đủ",
        responsible=agency(CENTRE),
        deadline=datetime.date(2026, 5, 10),
    )
    inspections.add_recommendation(
        lead,
        inspection,
        area="communication",
        text="Tuyên truyền",
        responsible=agency(UBND),
        deadline=datetime.date(2026, 6, 10),
    )
    inspections.sign(lead, inspection)
    return lead, inspection, recommendation


def test_follow_up_report_then_reopen_then_accept(signed):
    lead, _, recommendation = signed
    admin = user("quantri.hongvan")
    with pytest.raises(PermissionDenied):
        followup.report(lead, recommendation, text="Xong")  # the inspecting side does not report
    with pytest.raises(PermissionDenied):
        followup.report(user("thanhtra.hanoi"), recommendation, text="Xong")
    first = followup.report(admin, recommendation, text="Đã niêm yết", files_in=[pdf_file()], at=at(2026, 5, 1, 9))
    assert first.files.count() == 1
    with pytest.raises(ValidationError):
        followup.report(admin, recommendation, text="Lần hai")  # waiting for the decision
    with pytest.raises(PermissionDenied):
        followup.decide(admin, first, accept=True)  # the inspected side does not judge itself
    with pytest.raises(ValidationError) as refused:
        followup.decide(lead, first, accept=False)
    assert "decision_note" in refused.value.message_dict
    followup.decide(lead, first, accept=False, note="Còn thiếu 2 thủ tục", at=at(2026, 5, 3, 9))
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.REOPENED
    second = followup.report(admin, recommendation, text="Đã bổ sung", at=at(2026, 5, 8, 9))
    followup.decide(lead, second, accept=True, at=at(2026, 5, 9, 9))
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.closed_on) == ("accepted", datetime.date(2026, 5, 9))
    with pytest.raises(ValidationError):
        followup.report(admin, recommendation, text="Lần ba")
    with pytest.raises(ValidationError):
        followup.decide(lead, second, accept=True)


def test_overdue_recommendations_on_both_sides_and_the_year_summary(signed):
    lead, inspection, recommendation = signed
    today = datetime.date(2026, 5, 20)
    assert followup.is_overdue(recommendation, today)
    for side in (lead, user("quantri.hongvan"), user("lanhdao.hongvan")):
        rows = list(followup.open_recommendations(side, today))
        assert [(row.text, row.overdue) for row in rows] == [("Niêm yết đủ", True), ("Tuyên truyền", False)]
        assert followup.overdue_count(side, today) == 1
    assert followup.overdue_count(user("lanhdao.congan.hongvan"), today) == 0
    summary = followup.year_summary(access.visible_inspections(lead), 2026, today)
    assert summary.inspections == [inspection]
    assert [(r.area, r.total, r.done, r.open, r.overdue) for r in summary.areas] == [
        ("procedures", 1, 0, 1, 1),
        ("communication", 1, 0, 1, 0),
    ]
    assert (summary.total.total, summary.total.overdue, summary.shortcomings) == (2, 1, 1)
    made = followup.report(user("quantri.hongvan"), recommendation, text="Xong")
    followup.decide(lead, made, accept=True)
    recommendation.refresh_from_db()
    assert not followup.is_overdue(recommendation, today)
    assert followup.year_summary(access.visible_inspections(lead), 2026, today).total.done == 1
    assert followup.year_summary(access.visible_inspections(lead), 2025, today).inspections == []


# -- self-assessment ---------------------------------------------------------------------------------------------------


def test_the_shipped_index_has_eight_areas_and_consistent_placeholder_points(db):
    template = IndexTemplate.objects.get()
    assert template.points_are_placeholders
    areas = IndexNode.objects.filter(template=template, level=1).order_by("order")
    assert areas.count() == 8
    assert areas.first().title == "Công tác chỉ đạo, điều hành CCHC"
    for node in IndexNode.objects.filter(template=template).prefetch_related("children"):
        children = list(node.children.all())
        if children:
            assert node.max_points == sum(child.max_points for child in children), node
    assert sum(leaf.max_points for leaf in assessment.leaves(template)) == Decimal("100")
    # Loading again changes nothing (the province's edits are kept).
    IndexNode.objects.filter(template=template, code="1.1.1").update(max_points=Decimal("1.5"))
    shipped.load_index(IndexTemplate, IndexNode)
    assert IndexTemplate.objects.count() == 1
    assert IndexNode.objects.get(template=template, code="1.1.1").max_points == Decimal("1.5")


def _small_template() -> IndexTemplate:
    template = IndexTemplate.objects.create(name="Bộ nhỏ")
    area = IndexNode.objects.create(template=template, level=1, code="1", title="Lĩnh vực 1", order=1)
    crit = IndexNode.objects.create(template=template, parent=area, level=2, code="1.1", title="Tiêu chí", order=2)
    IndexNode.objects.create(template=template, parent=crit, level=3, code="1.1.1", title="TP a", max_points=2, order=3)
    IndexNode.objects.create(template=template, parent=crit, level=3, code="1.1.2", title="TP b", max_points=3, order=4)
    IndexNode.objects.create(template=template, level=1, code="2", title="Lĩnh vực 2", max_points=5, order=5)
    return template


def _score_all(item, who, values, appraised=False):
    for score in item.scores.select_related("node").order_by("node__order"):
        value = values[score.node.code]
        if appraised:
            assessment.score_appraised(who, score, points=value)
        else:
            assessment.score_self(who, score, points=value, note="Có tài liệu")


def test_self_assessment_appraisal_totals_and_ranking(demo):
    template = _small_template()
    admin, lead = user("quantri.hongvan"), city_leader()
    mine = assessment.start(admin, template, agency(UBND), 2026)
    assert mine.scores.count() == 3  # the leaves
    with pytest.raises(ValidationError):
        assessment.start(admin, template, agency(UBND), 2026)
    with pytest.raises(PermissionDenied):
        assessment.start(admin, template, agency(OTHER_COMMUNE), 2026)
    leaf = mine.scores.get(node__code="1.1.1")
    with pytest.raises(ValidationError) as refused:
        assessment.score_self(admin, leaf, points="2.5")
    assert "self_score" in refused.value.message_dict
    with pytest.raises(ValidationError):
        assessment.submit(admin, mine)  # not every leaf scored
    _score_all(mine, admin, {"1.1.1": "2", "1.1.2": "1.5", "2": "4"})
    with pytest.raises(PermissionDenied):
        assessment.score_appraised(admin, leaf, points=1)  # nobody appraises themself
    lines = {line.node.code: line for line in assessment.tree(mine)}
    assert (lines["1"].max_points, lines["1"].self_total, lines["1.1"].self_total) == (
        5,
        Decimal("3.5"),
        Decimal("3.5"),
    )
    assert assessment.totals(mine).self_total == Decimal("7.5")
    assessment.submit(admin, mine)
    with pytest.raises(ValidationError):
        assessment.score_self(admin, leaf, points=1)
    other_admin = staff("qt.thuongtin", Role.AGENCY_ADMIN, OTHER_COMMUNE)
    theirs = assessment.start(other_admin, template, agency(OTHER_COMMUNE), 2026)
    _score_all(theirs, other_admin, {"1.1.1": "2", "1.1.2": "3", "2": "5"})  # 10 of their own
    _score_all(mine, lead, {"1.1.1": "1", "1.1.2": "1.5", "2": "4"}, appraised=True)
    assessment.finish_appraisal(lead, mine)
    mine.refresh_from_db()
    assert mine.status == "appraised" and assessment.totals(mine).appraised_total == Decimal("6.5")
    other_centre = "Trung tâm Phục vụ hành chính công xã Thường Tín"
    centre_admin = staff("qt.tt.centre", Role.AGENCY_ADMIN, other_centre)
    tied = assessment.start(centre_admin, template, agency(other_centre), 2026)
    _score_all(tied, centre_admin, {"1.1.1": "2", "1.1.2": "0.5", "2": "4"})  # 6.5, like Hồng Vân's appraisal
    ranked = assessment.ranking(agency(CITY), template, 2026)
    assert [(r.rank, r.assessment.agency.name, r.points) for r in ranked] == [
        (1, OTHER_COMMUNE, Decimal("10")),
        (2, other_centre, Decimal("6.5")),
        (2, UBND, Decimal("6.5")),
    ]
    assert assessment.ranking(agency(UBND), template, 2026) == []
