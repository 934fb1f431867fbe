"""The demo reform data: Hồng Vân's plans and the city's signed inspection of the first eight months."""

import datetime

from motcua.accounts.models import Role
from motcua.demo.reform_seed import LEAD_USERNAME, demo_year, seed_reform
from motcua.reform.models import FollowUpReport, Inspection, Measure, PlanTask, Recommendation, ReformPlan
from motcua.reform.services import followup


def test_demo_year_is_the_one_whose_first_eight_months_are_over():
    assert demo_year(datetime.date(2026, 11, 25)) == 2026
    assert demo_year(datetime.date(2026, 9, 14)) == 2025


def test_seed_reform(demo):
    today = datetime.date(2026, 11, 25)
    inspection = seed_reform(today=today)
    assert inspection.status == Inspection.Status.SIGNED
    assert (inspection.period_start, inspection.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 8, 31))
    assert inspection.inspecting_agency.name == "Ủy ban nhân dân Thành phố Hà Nội"
    assert inspection.target_agency.name == "Ủy ban nhân dân xã Hồng Vân"
    lead = inspection.members.get(role="lead")
    assert lead.user.username == LEAD_USERNAME and lead.user.roles.filter(role=Role.LEADER).exists()
    assert {figure["measure"] for figure in inspection.evidence} == set(Measure.values)
    assert ReformPlan.objects.filter(agency=inspection.target_agency, year=2026).count() == 2
    # Founding scenario: overdue communication tasks, three recommendations, one reported on and waiting.
    assert PlanTask.objects.filter(area="communication", status="not_started").count() == 2
    assert inspection.recommendations.count() == 3
    assert FollowUpReport.objects.filter(recommendation__inspection=inspection, decision="").count() == 1
    assert Recommendation.objects.filter(status="reported").count() == 1
    # By 25/11 all three deadlines (15/10, 30/10, 14/11) are past and none is accepted yet.
    assert followup.overdue_count(lead.user, today) == 3
    assert followup.overdue_count(lead.user, datetime.date(2026, 10, 20)) == 1
    assert seed_reform(today=today) == inspection  # idempotent
    assert Inspection.objects.count() == 1
