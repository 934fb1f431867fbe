"""Who may see a group of inter-agency procedures (nhóm thủ tục liên thông, Decree 63/2024/NĐ-CP): the applicant who
filed it online (its account), and staff who may see at least one of its dossiers — the scope is the dossiers' own
(motcua.dossiers.permissions), so an agency sees the group through its part and no one else's."""

from django.db.models import Exists, OuterRef, QuerySet

from motcua.dossiers.permissions import visible_dossiers
from motcua.groups.models import DossierGroup, GroupMember


def visible_groups(user) -> QuerySet[DossierGroup]:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return DossierGroup.objects.none()
    if user.is_applicant:
        return DossierGroup.objects.filter(applicant_user=user)
    members = GroupMember.objects.filter(group=OuterRef("pk"), dossier__in=visible_dossiers(user))
    return DossierGroup.objects.filter(Exists(members))
