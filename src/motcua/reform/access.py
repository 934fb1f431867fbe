"""Who may read and act on reform records (quyền đối với kế hoạch, cuộc kiểm tra, kiến nghị, tự đánh giá).

Reading follows accounts.scope: whoever may read an agency's data reads its plans, assessments and the
inspections it made; the inspected agency reads an inspection once its record is signed. Acting needs a leader
or an agency administrator (an administrator also for the agencies below): they manage their own agency's plans and
follow-up, and plan inspections of the agencies under theirs. Team members work on the draft record; only the
team lead signs. Inspectors (thanh tra, chỉ xem) never act.
"""

from django.db.models import Q, QuerySet

from motcua.accounts.models import Role, RoleAssignment
from motcua.accounts.scope import is_read_only, is_system_admin, visible_agencies
from motcua.orgs.models import AdministrativeUnit, Agency, UnitSuccession, unit_subtree
from motcua.reform.models import Assessment, Inspection, Recommendation, ReformPlan, TeamMember

MANAGING_ROLES = (Role.LEADER, Role.AGENCY_ADMIN)


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def managed_agencies(user) -> QuerySet[Agency]:
    """Agencies the user acts for in reform work: where they lead, and where they administer with everything below."""
    if not _active(user) or is_read_only(user):
        return Agency.objects.none()
    if is_system_admin(user):
        return Agency.objects.all()
    roles = RoleAssignment.objects.filter(user_id=user.pk, agency__isnull=False)
    led = roles.filter(role=Role.LEADER).values("agency")
    administered = Agency.objects.filter(pk__in=roles.filter(role=Role.AGENCY_ADMIN).values("agency"))
    return Agency.objects.filter(Q(pk__in=led) | Q(pk__in=administered.with_descendants().values("pk")))


def superior_agencies(user) -> QuerySet[Agency]:
    """The agencies in whose name the user may plan inspections: those where they lead or administer themselves."""
    if not _active(user) or is_read_only(user):
        return Agency.objects.none()
    if is_system_admin(user):
        return Agency.objects.all()
    return Agency.objects.filter(
        pk__in=RoleAssignment.objects.filter(user_id=user.pk, role__in=MANAGING_ROLES).values("agency")
    )


def inspectable_agencies(superior: Agency) -> QuerySet[Agency]:
    """Agencies a superior agency may inspect (phạm vi kiểm tra): those below it in the agency tree, and the agencies
    of the units below its own unit. A legacy district also reaches the current units that took over its communes,
    for inspections of periods it was responsible for."""
    below_units = unit_subtree(AdministrativeUnit.objects.filter(pk=superior.unit_id).values("pk")) & ~Q(
        pk=superior.unit_id
    )
    units = AdministrativeUnit.objects.filter(below_units)
    if superior.unit.is_legacy:
        successors = UnitSuccession.objects.filter(old_unit__in=units.values("pk")).values("new_unit")
        units = AdministrativeUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk__in=successors))
    subtree = Agency.objects.filter(pk=superior.pk).with_descendants().exclude(pk=superior.pk)
    return Agency.objects.filter(Q(pk__in=subtree.values("pk")) | Q(unit__in=units.values("pk")))


def can_plan_inspection(user, superior: Agency, target: Agency) -> bool:
    return (
        superior_agencies(user).filter(pk=superior.pk).exists()
        and inspectable_agencies(superior).filter(pk=target.pk).exists()
    )


# -- plans ---------------------------------------------------------------------------------------------------------


def visible_plans(user) -> QuerySet[ReformPlan]:
    return ReformPlan.objects.filter(agency__in=visible_agencies(user))


def can_manage_plan(user, agency: Agency) -> bool:
    return managed_agencies(user).filter(pk=agency.pk).exists()


# -- inspections ---------------------------------------------------------------------------------------------------


def visible_inspections(user) -> QuerySet[Inspection]:
    """The inspecting side (and who reads over it) and the team see every inspection; the inspected side (and who
    reads over it) sees it once the record is signed."""
    if not _active(user):
        return Inspection.objects.none()
    seen = visible_agencies(user)
    team = TeamMember.objects.filter(user_id=user.pk).values("inspection")
    return Inspection.objects.filter(
        Q(inspecting_agency__in=seen)
        | Q(pk__in=team)
        | Q(target_agency__in=seen, status=Inspection.Status.SIGNED)
        | Q(target_agency__in=managed_agencies(user), status=Inspection.Status.SIGNED)
    )


def can_see_inspection(user, inspection: Inspection) -> bool:
    return visible_inspections(user).filter(pk=inspection.pk).exists()


def _is_team_member(user, inspection: Inspection, roles=None) -> bool:
    members = inspection.members.filter(user_id=user.pk)
    if roles is not None:
        members = members.filter(role__in=roles)
    return _active(user) and members.exists()


def can_edit_inspection(user, inspection: Inspection) -> bool:
    """The draft record: the inspecting agency's leaders and administrators, and the team."""
    if inspection.is_signed or is_read_only(user):
        return False
    return can_decide_for(user, inspection) or _is_team_member(user, inspection)


def can_sign(user, inspection: Inspection) -> bool:
    return not inspection.is_signed and _is_team_member(user, inspection, [TeamMember.Role.LEAD])


def can_decide_for(user, inspection: Inspection) -> bool:
    """Accept or reopen follow-up reports: the inspecting agency's leaders and administrators, the team lead."""
    if not _active(user) or is_read_only(user):
        return False
    return superior_agencies(user).filter(pk=inspection.inspecting_agency_id).exists() or _is_team_member(
        user, inspection, [TeamMember.Role.LEAD]
    )


def can_report_on(user, recommendation: Recommendation) -> bool:
    """The inspected side reports what it did: leaders and administrators of the target or the responsible agency."""
    agencies = managed_agencies(user)
    return agencies.filter(
        pk__in=[recommendation.responsible_agency_id, recommendation.inspection.target_agency_id]
    ).exists()


# -- assessments ---------------------------------------------------------------------------------------------------


def visible_assessments(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(agency__in=visible_agencies(user))


def can_self_assess(user, assessment: Assessment) -> bool:
    return can_manage_plan(user, assessment.agency)


def can_appraise(user, assessment: Assessment) -> bool:
    """The superior agency appraises: a leader or administrator of an agency that may inspect this one."""
    if is_system_admin(user):
        return True
    return any(
        inspectable_agencies(superior).filter(pk=assessment.agency_id).exists()
        for superior in superior_agencies(user).select_related("unit")
    )
