"""The one place that decides what a user may see (phạm vi truy cập).

Every list, detail view, export and API endpoint asks these functions; nothing else filters by role.
- system administrators (and Django superusers) see everything;
- receiving officers, specialists and leaders see their own agency only;
- agency administrators see their agency and the agencies under it;
- inspectors read over the agency subtree or the administrative-unit subtree they are assigned, the
  latter including the legacy units that the current ones replaced;
- inactive and anonymous users see nothing.
Applicants see no agency data here; their own dossiers are scoped by the dossier module.

The querysets are built without running a query: the user's role assignments enter as subqueries, so a
list costs one SQL statement however large the province. The yes/no questions read the user's roles once per
request (`held_roles`, kept on the user object, which lives as long as the request).
"""

from django.db.models import CharField, Exists, Q, QuerySet
from django.db.models.functions import Cast

from motcua.accounts.models import Role, RoleAssignment
from motcua.core.models import AuditEntry
from motcua.orgs.models import AdministrativeUnit, Agency, territory

# Roles that read over an agency and everything below it.
SUBTREE_ROLES = [Role.AGENCY_ADMIN, Role.INSPECTOR]


def _is_active(user) -> bool:
    return user.is_authenticated and user.is_active


def held_roles(user) -> frozenset[tuple[str, int | None]]:
    """The (role, agency id) pairs the user holds (vai trò được giao); none for anonymous and inactive users.

    Read once and kept on the user object for the rest of the request: a page and its guards ask many times."""
    if not _is_active(user):
        return frozenset()
    cached = getattr(user, "_held_roles", None)
    if cached is None:
        cached = user._held_roles = frozenset(_assignments(user).values_list("role", "agency_id"))
    return cached


def holds(user, *roles) -> bool:
    """Whether the user holds one of `roles` anywhere."""
    return any(role in roles for role, _agency in held_roles(user))


def role_agency_ids(user, roles) -> set[int]:
    """The agencies where the user holds one of `roles` (their own agencies, not the ones below)."""
    return {agency for role, agency in held_roles(user) if role in roles and agency is not None}


def is_system_admin(user) -> bool:
    if not _is_active(user):
        return False
    return user.is_superuser or holds(user, Role.SYSTEM_ADMIN)


def _assignments(user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user_id=user.pk)


def _holds_system_admin_role(user) -> Exists:
    return Exists(_assignments(user).filter(role=Role.SYSTEM_ADMIN))


def _inspected_units(user) -> Q:
    """The territories an inspector is assigned, plus the legacy units those replaced (for history)."""
    return territory(_assignments(user).filter(role=Role.INSPECTOR, unit__isnull=False).values("unit"))


def _agencies_by_membership(user) -> Q:
    """Agencies seen through an agency role: the own agency, or the whole subtree for admins and inspectors."""
    own = _assignments(user).filter(agency__isnull=False).values("agency")
    subtree_roots = Agency.objects.filter(
        pk__in=_assignments(user).filter(role__in=SUBTREE_ROLES, agency__isnull=False).values("agency")
    )
    return Q(pk__in=own) | Q(pk__in=subtree_roots.with_descendants().values("pk"))


def _agency_condition(user) -> Q:
    inspected_units = AdministrativeUnit.objects.filter(_inspected_units(user)).values("pk")
    return _agencies_by_membership(user) | Q(unit__in=inspected_units)


def visible_units(user) -> QuerySet[AdministrativeUnit]:
    """Administrative units whose data the user may read: inspected territories and the units of seen agencies."""
    if not _is_active(user):
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    member_units = Agency.objects.filter(_agencies_by_membership(user)).values("unit")
    return AdministrativeUnit.objects.filter(
        Q(_holds_system_admin_role(user)) | _inspected_units(user) | Q(pk__in=member_units)
    )


def visible_agencies(user) -> QuerySet[Agency]:
    """Agencies whose data the user may read."""
    if not _is_active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(Q(_holds_system_admin_role(user)) | _agency_condition(user))


def visible_agency_ids(user) -> set[int] | None:
    """Ids of the agencies the user may read, or None for "all of them".

    Kept on the user object for the rest of the request: a page asks several times (its lists, its filters)."""
    cached = getattr(user, "_visible_agency_ids", False)
    if cached is not False:
        return cached
    if not _is_active(user):
        return set()
    held = held_roles(user)
    if user.is_superuser or any(role == Role.SYSTEM_ADMIN for role, _agency in held):
        ids = None
    elif all(role not in SUBTREE_ROLES for role, _agency in held):
        # Most staff hold only own-agency roles: their agencies are the assignments themselves, which spares the
        # subtree query every staff page would otherwise build.
        ids = {agency for _role, agency in held if agency is not None}
    else:
        ids = set(visible_agencies(user).values_list("pk", flat=True))
    if user.is_authenticated:
        user._visible_agency_ids = ids
    return ids


def can_see_agency(user, agency: Agency) -> bool:
    return visible_agencies(user).filter(pk=agency.pk).exists()


def is_read_only(user) -> bool:
    """Inspectors read; they never act. A user with any acting role is not read-only; nor is a superuser.

    Anonymous and inactive users may not act either, so they count as read-only.
    """
    if not _is_active(user):
        return True
    if user.is_superuser:
        return False
    roles = {role for role, _agency in held_roles(user)}
    return bool(roles) and roles <= {Role.INSPECTOR}


def can_view_audit_log(user) -> bool:
    """System administrators read the whole log; agency administrators the part about their agencies."""
    return is_system_admin(user) or holds(user, Role.AGENCY_ADMIN)


def visible_audit_entries(user) -> QuerySet[AuditEntry]:
    """Audit entries the user may read (nhật ký hệ thống).

    An agency administrator sees entries made by anyone holding a role in an agency they can see, and entries
    about such an agency.
    """
    if is_system_admin(user):
        return AuditEntry.objects.all()
    if not can_view_audit_log(user):
        return AuditEntry.objects.none()
    agencies = visible_agencies(user)
    members = RoleAssignment.objects.filter(agency__in=agencies).values("user")
    # object_id is text (it names rows of any table), so the agency ids are compared as text.
    agency_ids = agencies.order_by().annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    return AuditEntry.objects.filter(Q(actor__in=members) | Q(object_type=Agency._meta.label, object_id__in=agency_ids))
