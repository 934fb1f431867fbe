"""Who may see and do what on which dossier (phân quyền trên hồ sơ): the one module every desk view, API endpoint,
download and lifecycle guard asks, built on motcua.accounts.scope (the source of an officer's agencies and roles).

Seeing: staff see the dossiers their visible agencies received or resolve, and those their agency is consulted on;
an applicant sees only the dossiers of their own account — and of those only what motcua.dossiers.visibility
lets an applicant see. Doing: `Standing` says what one user is to one dossier (the desk, its leader, its handler,
a consulted or participating agency, its applicant); the transition table (motcua.dossiers.transitions) turns
that into the actions allowed.

Every answer reads the user's roles once per request (accounts.scope.held_roles keeps them on the user object).
The visible agencies are read once as a list of ids rather than embedded as a subquery: the lists then become
plain index range scans on (agency, state, due_at) even at millions of dossiers.
"""

from functools import cached_property

from django.db.models import Q, QuerySet

from motcua.accounts import scope
from motcua.accounts.models import Role
from motcua.dossiers import interagency
from motcua.dossiers.models import Consultation, Dossier

# The roles that give an opinion on a consultation or work on an inter-agency part of their agency.
OPINION_ROLES = (Role.SPECIALIST, Role.LEADER)


def _allowed(user) -> bool:
    return user.is_authenticated and user.is_active


def dossiers_of_agencies(user) -> QuerySet[Dossier]:
    """The dossiers received or resolved by an agency the user sees: the work queues' base (a part of
    visible_dossiers; consultations are reached through visible_dossiers and the consultation queue)."""
    if not _allowed(user) or user.is_applicant:
        return Dossier.objects.none()
    ids = scope.visible_agency_ids(user)
    if ids is None:
        return Dossier.objects.all()
    return Dossier.objects.filter(Q(receiving_agency_id__in=ids) | Q(competent_agency_id__in=ids))


def visible_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers the user may open (phạm vi hồ sơ); anything else is answered as not found."""
    if not _allowed(user):
        return Dossier.objects.none()
    if user.is_applicant:
        return Dossier.objects.filter(applicant_user=user)
    ids = scope.visible_agency_ids(user)
    if ids is None:
        return Dossier.objects.all()
    consulted = Consultation.objects.filter(agency_id__in=ids).values("dossier")
    return Dossier.objects.filter(Q(receiving_agency_id__in=ids) | Q(competent_agency_id__in=ids) | Q(pk__in=consulted))


def opinion_agency_ids(user) -> set[int]:
    """The agencies for which the user answers consultations and works on inter-agency parts."""
    return scope.role_agency_ids(user, OPINION_ROLES)


class Standing:
    """What one user is to one dossier, read lazily (the roles once per request, one more query only where
    needed)."""

    def __init__(self, user, dossier: Dossier):
        self.user, self.dossier = user, dossier

    @cached_property
    def roles(self) -> frozenset[tuple[str, int | None]]:
        return scope.held_roles(self.user)

    @property
    def desk(self) -> bool:
        return (Role.RECEIVING_OFFICER, self.dossier.receiving_agency_id) in self.roles

    @property
    def leader(self) -> bool:
        return (Role.LEADER, self.dossier.competent_agency_id) in self.roles

    @property
    def handler(self) -> bool:
        dossier = self.dossier
        return self.leader or (
            dossier.assignee_id is not None
            and dossier.assignee_id == self.user.pk
            and (Role.SPECIALIST, dossier.competent_agency_id) in self.roles
        )

    @property
    def applicant(self) -> bool:
        dossier = self.dossier
        return bool(dossier.applicant_user_id) and dossier.applicant_user_id == getattr(self.user, "pk", None)

    @cached_property
    def _opinion_agencies(self) -> set[int]:
        return opinion_agency_ids(self.user)

    @cached_property
    def consulted(self) -> bool:
        """A specialist or leader of an agency this dossier's appraisal asked (or will ask) for an opinion."""
        agencies = self._opinion_agencies
        return bool(agencies) and self.dossier.consultations.filter(agency_id__in=agencies).exists()

    @cached_property
    def consultation_pending(self) -> bool:
        """A request to one of the user's agencies has been sent and not answered yet."""
        agencies = self._opinion_agencies
        return bool(agencies) and (
            self.dossier.consultations.filter(
                agency_id__in=agencies, sent_at__isnull=False, answered_at__isnull=True
            ).exists()
        )

    @cached_property
    def active_parts(self) -> list[str]:
        """The statuses of the parts of this dossier handed to one of the user's agencies and not answered."""
        agencies = self._opinion_agencies
        if not agencies:
            return []
        parts = self.dossier.parts.filter(agency_id__in=agencies, status__in=interagency.ACTIVE)
        return list(parts.values_list("status", flat=True))

    @property
    def participant(self) -> bool:
        """A specialist or leader of a participating agency with a part of this dossier to do (Art. 20.2)."""
        return bool(self.active_parts)

    @property
    def desk_or_applicant(self) -> bool:
        return self.desk or self.applicant

    def is_(self, who: str) -> bool:
        """Whether the user is `who` to the dossier (a transitions.Who, named as these properties)."""
        return bool(getattr(self, who))

    @cached_property
    def following_step_role(self) -> str | None:
        """The role of the next waiting step of the internal process (None when none is waiting)."""
        return self.dossier.steps.filter(status="waiting").order_by("order").values_list("role", flat=True).first()
