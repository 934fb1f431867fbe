"""Who may do what with ratings and surveys, built on the scope modules (accounts.scope, dossiers.permissions).

- Kiosk rating at the desk: an acting officer (not an inspector) of the dossier's receiving or competent agency.
- Follow-ups of unhappy ratings: leaders of the rated agency read and resolve them; agency administrators and
  inspectors read those of the agencies they see; system administrators read all.
- Surveys: leaders and agency administrators of the agency manage them (an agency administrator also for the
  agencies below); inspectors read results over their scope; any acting officer of the agency may fill one in at
  the desk with a respondent while it is open.
"""

from django.db.models import Q, QuerySet

from motcua.accounts import scope
from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import dossiers_of_agencies
from motcua.feedback.models import FollowUp, Survey
from motcua.orgs.models import Agency

READER_ROLES = (Role.AGENCY_ADMIN, Role.INSPECTOR)


def _active_staff(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or not user.is_applicant)


# -- ratings ----------------------------------------------------------------------------------------------------


def kiosk_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers an officer may open the rating screen for (their agencies' dossiers)."""
    if not _active_staff(user) or scope.is_read_only(user):
        return Dossier.objects.none()
    return dossiers_of_agencies(user)


def can_open_kiosk(user, dossier: Dossier) -> bool:
    return kiosk_dossiers(user).filter(pk=dossier.pk).exists()


def follow_ups(user) -> QuerySet[FollowUp]:
    if not _active_staff(user):
        return FollowUp.objects.none()
    if scope.is_system_admin(user):
        return FollowUp.objects.all()
    condition = Q(agency__in=scope.role_agency_ids(user, [Role.LEADER]))
    if scope.holds(user, *READER_ROLES):
        condition |= Q(agency__in=scope.visible_agencies(user))
    return FollowUp.objects.filter(condition)


def sees_follow_ups(user) -> bool:
    return _active_staff(user) and (scope.is_system_admin(user) or scope.holds(user, Role.LEADER, *READER_ROLES))


def can_resolve_follow_up(user, follow_up: FollowUp) -> bool:
    return _active_staff(user) and (Role.LEADER, follow_up.agency_id) in scope.held_roles(user)


# -- surveys ----------------------------------------------------------------------------------------------------


def managed_agencies(user) -> QuerySet[Agency]:
    """Agencies whose surveys the user creates, opens and closes."""
    if not _active_staff(user):
        return Agency.objects.none()
    if scope.is_system_admin(user):
        return Agency.objects.all()
    # A subquery, not the ids: the subtree's recursive SQL cannot be built from an empty list.
    admin_roots = Agency.objects.filter(pk__in=user.roles.filter(role=Role.AGENCY_ADMIN).values("agency"))
    return Agency.objects.filter(
        Q(pk__in=scope.role_agency_ids(user, [Role.LEADER])) | Q(pk__in=admin_roots.with_descendants().values("pk"))
    )


def visible_surveys(user) -> QuerySet[Survey]:
    """Surveys the user may list: those of every agency they see (what they may do with each is asked below)."""
    if not _active_staff(user):
        return Survey.objects.none()
    return Survey.objects.filter(agency__in=scope.visible_agencies(user))


def can_manage_survey(user, survey: Survey) -> bool:
    return managed_agencies(user).filter(pk=survey.agency_id).exists()


def can_create_surveys(user) -> bool:
    return managed_agencies(user).exists()


def can_read_results(user, survey: Survey) -> bool:
    """Managers, inspectors (read-only) and system administrators over their scope."""
    if not visible_surveys(user).filter(pk=survey.pk).exists():
        return False
    return can_manage_survey(user, survey) or scope.holds(user, Role.INSPECTOR) or scope.is_system_admin(user)


def can_fill_at_desk(user, survey: Survey) -> bool:
    return (
        survey.status == Survey.Status.OPEN
        and not scope.is_read_only(user)
        and visible_surveys(user).filter(pk=survey.pk).exists()
    )
