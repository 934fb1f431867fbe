"""Shared set-up for the reform tests: a leader of the city who plans inspections, and a record ready to sign."""

import datetime

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.orgs.models import Agency
from motcua.reform.models import ChecklistItem, Finding, Inspection, TeamMember
from motcua.reform.services import inspections

CITY = "Ủy ban nhân dân Thành phố Hà Nội"
UBND = "Ủy ban nhân dân xã Hồng Vân"
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"
OTHER_COMMUNE = "Ủy ban nhân dân xã Thường Tín"


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def staff(username: str, role: str, agency_name: str) -> User:
    user = User.objects.create_user(username, password="x", full_name=username, account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=user, role=role, agency=agency(agency_name))
    return user


def city_leader() -> User:
    return staff("lanhdao.thanhpho", Role.LEADER, CITY)


def planned(lead: User, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31), **extra) -> Inspection:
    """The city's inspection of Hồng Vân's People's Committee with `lead` as team lead and the default checklist."""
    team = [
        inspections.Member("Trưởng đoàn", TeamMember.Role.LEAD, "Sở Nội vụ", lead),
        inspections.Member("Thư ký", TeamMember.Role.SECRETARY, "Sở Nội vụ"),
    ]
    return inspections.plan_inspection(
        lead,
        agency(CITY),
        agency(UBND),
        title="công tác CCHC",
        period_start=start,
        period_end=end,
        inspected_on=extra.pop("inspected_on", datetime.date(2026, 4, 10)),
        decision_number="12/QĐ-UBND",
        team=team,
        **extra,
    )


def ready_to_sign(lead: User, inspection: Inspection) -> Inspection:
    for item in inspection.checklist.all():
        inspections.assess(lead, item, result=ChecklistItem.Result.MET, note="")
    inspections.add_finding(lead, inspection, kind=Finding.Kind.SHORTCOMING, area="procedures", text="Hồ sơ quá hạn.")
    inspections.set_conclusion(lead, inspection, "Kết luận của đoàn.")
    return inspection
