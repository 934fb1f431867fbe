"""Who may change the procedure catalog (quyền sửa danh mục thủ tục hành chính).

- System administrators edit everything: procedure versions, publication, abolition, every agency's offering.
- An agency administrator edits only the offering, internal processes and posting records of the agencies they
  administer (their agency and the agencies under it).
- Inspectors and officers read only. Every staff member may read the catalog itself, which is public anyway.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from motcua.accounts.models import Role
from motcua.accounts.scope import holds, is_system_admin, visible_agencies
from motcua.orgs.models import Agency


def can_edit_catalog(user) -> bool:
    """Create and edit procedure versions, publish and abolish them."""
    return is_system_admin(user)


def administered_agencies(user) -> QuerySet[Agency]:
    """Agencies whose offering, internal processes and postings the user may edit."""
    if is_system_admin(user):
        return Agency.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    # A subquery, not accounts.scope.role_agency_ids: the subtree's recursive SQL cannot be built from an empty list.
    roots = Agency.objects.filter(pk__in=user.roles.filter(role=Role.AGENCY_ADMIN).values("agency"))
    return roots.with_descendants()


def can_edit_agency_catalog(user, agency: Agency) -> bool:
    return administered_agencies(user).filter(pk=agency.pk).exists()


def control_agencies(user) -> QuerySet[Agency]:
    """Agencies whose procedure control (kiểm soát TTHC) the user follows: all for system admins, the administered
    ones for agency admins, the inspected ones for inspectors (read only)."""
    if is_system_admin(user):
        return Agency.objects.all()
    agencies = administered_agencies(user)
    if holds(user, Role.INSPECTOR):
        inspected = visible_agencies(user).values("pk")
        agencies = Agency.objects.filter(Q(pk__in=agencies.values("pk")) | Q(pk__in=inspected))
    return agencies


def is_control_staff(user) -> bool:
    if is_system_admin(user):
        return True
    return holds(user, Role.AGENCY_ADMIN, Role.INSPECTOR)


def check_catalog_editor(user) -> None:
    if not can_edit_catalog(user):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống được sửa, công bố hoặc bãi bỏ thủ tục hành chính."))


def check_agency_editor(user, agency: Agency) -> None:
    if not can_edit_agency_catalog(user, agency):
        raise PermissionDenied(
            gettext("Bạn không có quyền sửa danh mục thủ tục, quy trình nội bộ, niêm yết của %(agency)s.")
            % {"agency": agency}
        )
