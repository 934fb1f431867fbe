"""Which dossiers a user may see (phạm vi hồ sơ), built on the one scope module motcua.accounts.scope.

Staff see the dossiers their visible agencies received or resolve, and those their agency is consulted on;
an applicant sees only the dossiers of their own account.

The visible agencies are read once as a list of ids (one small query) rather than embedded as a subquery:
the lists then become plain index range scans on (agency, state, due_at) even at millions of dossiers.
"""

from django.db.models import Q, QuerySet

from motcua.accounts import scope
from motcua.dossiers.models import Consultation, Dossier


def _agency_ids(user) -> set[int] | None:
    """The ids of the agencies the user reads, or None for every agency (system administrators)."""
    return scope.visible_agency_ids(user)


def _allowed(user) -> bool:
    return user.is_authenticated and user.is_active


def dossiers_of_agencies(user) -> QuerySet[Dossier]:
    """The dossiers received or resolved by an agency the user sees: the work queues' base (a part of
    visible_dossiers; consultations are reached through visible_dossiers and the consultation queue)."""
    if not _allowed(user) or user.is_applicant:
        return Dossier.objects.none()
    ids = _agency_ids(user)
    if ids is None:
        return Dossier.objects.all()
    return Dossier.objects.filter(Q(receiving_agency_id__in=ids) | Q(competent_agency_id__in=ids))


def visible_dossiers(user) -> QuerySet[Dossier]:
    if not _allowed(user):
        return Dossier.objects.none()
    if user.is_applicant:
        return Dossier.objects.filter(applicant_user=user)
    ids = _agency_ids(user)
    if ids is None:
        return Dossier.objects.all()
    consulted = Consultation.objects.filter(agency_id__in=ids).values("dossier")
    return Dossier.objects.filter(Q(receiving_agency_id__in=ids) | Q(competent_agency_id__in=ids) | Q(pk__in=consulted))


def can_see(user, dossier: Dossier) -> bool:
    return visible_dossiers(user).filter(pk=dossier.pk).exists()
