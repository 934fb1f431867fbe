"""The one place that decides what a user may see (phạm vi truy cập).

Every list, detail view, export and API endpoint asks these functions; nothing else filters by role.
- system administrators (and Django superusers) see everything;
- receiving officers, specialists and leaders see their own agency only;
- agency administrators see their agency and the agencies under it;
- inspectors read over the agency subtree or the administrative-unit subtree they are assigned, the
  latter including the legacy units that the current ones replaced.
Applicants see no agency data here; their own dossiers are scoped by the dossier module.
"""

from django.db.models import Q, QuerySet

from motcua.accounts.models import Role, RoleAssignment
from motcua.orgs.models import AdministrativeUnit, Agency, UnitSuccession


def is_system_admin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.roles.filter(role=Role.SYSTEM_ADMIN).exists()


def _unit_subtree_with_predecessors(unit: AdministrativeUnit) -> Q:
    """The unit's subtree, plus the subtrees of the legacy units it replaced (for history), as one filter."""
    current = unit.subtree_filter()
    old_roots = UnitSuccession.objects.filter(new_unit__in=AdministrativeUnit.objects.filter(current)).values(
        "old_unit"
    )
    return current | Q(pk__in=old_roots) | Q(parent__in=old_roots) | Q(parent__parent__in=old_roots)


def visible_units(user) -> QuerySet[AdministrativeUnit]:
    """Administrative units whose data the user may read."""
    if is_system_admin(user):
        return AdministrativeUnit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    condition = Q(pk__in=[])
    for assignment in user.roles.select_related("unit", "agency__unit"):
        if assignment.unit is not None:
            condition |= _unit_subtree_with_predecessors(assignment.unit)
        elif assignment.agency is not None:
            condition |= Q(pk=assignment.agency.unit_id)
    return AdministrativeUnit.objects.filter(condition)


def visible_agency_ids(user) -> set[int] | None:
    """Ids of the agencies the user may read, or None for "all of them"."""
    if is_system_admin(user):
        return None
    if not user.is_authenticated or not user.is_active:
        return set()
    ids: set[int] = set()
    assignments: list[RoleAssignment] = list(user.roles.select_related("unit", "agency"))
    for assignment in assignments:
        if assignment.role == Role.INSPECTOR and assignment.unit is not None:
            units = AdministrativeUnit.objects.filter(_unit_subtree_with_predecessors(assignment.unit))
            ids |= set(Agency.objects.filter(unit__in=units).values_list("pk", flat=True))
        elif assignment.role in {Role.INSPECTOR, Role.AGENCY_ADMIN}:
            ids |= assignment.agency.descendant_ids()
        elif assignment.agency_id is not None:
            ids.add(assignment.agency_id)
    return ids


def visible_agencies(user) -> QuerySet[Agency]:
    ids = visible_agency_ids(user)
    return Agency.objects.all() if ids is None else Agency.objects.filter(pk__in=ids)


def can_see_agency(user, agency: Agency) -> bool:
    ids = visible_agency_ids(user)
    return ids is None or agency.pk in ids


def is_read_only(user) -> bool:
    """Inspectors read; they never act. A user with any acting role is not read-only."""
    roles = set(user.roles.values_list("role", flat=True))
    return bool(roles) and roles <= {Role.INSPECTOR}
