"""Groups of inter-agency procedures (nhóm thủ tục liên thông, Decree 63/2024/NĐ-CP), read-only: `GET /groups/{id}`
shows one group as its pages do — its one reference, kind, status derived from its members (motcua.groups.status)
and each member dossier with its state and its own deadline. For staff who may see one of its dossiers and for the
applicant who filed it online (motcua.groups.scope); a 404 for anyone else. Filing and delivering stay on the pages.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Schema

from motcua.api import present
from motcua.api.errors import NotFound
from motcua.api.schemas import FIND, AgencyRef, errors
from motcua.api.types import Id
from motcua.dossiers.due_status import running_due
from motcua.groups import services
from motcua.groups.scope import visible_groups
from motcua.groups.status import overview

router = Router(tags=["Nhóm thủ tục liên thông (Nghị định 63/2024)"])


class MemberOut(Schema):
    ref: str
    code: str | None
    procedure: str
    part: str
    state: str
    state_label: str
    competent_agency: AgencyRef
    due_at: datetime.datetime | None
    overdue: bool
    finished_late: bool


class GroupOut(Schema):
    id: int
    reference: str
    kind: str
    kind_label: str
    channel: str
    created_at: datetime.datetime
    status: str
    status_label: str
    due_at: datetime.datetime | None
    members: list[MemberOut]


@router.get("/groups/{group_id}", response={200: GroupOut, **errors(FIND)}, url_name="group_detail", summary="Một nhóm")
def group_detail(request, group_id: Id):
    group = visible_groups(request.auth).filter(pk=group_id).first()
    if group is None:
        raise NotFound(gettext("Không tìm thấy nhóm hồ sơ liên thông."))
    now = timezone.now()
    dossiers = services.members(group)
    summary = overview(dossiers, now)
    late = {dossier.pk for dossier in summary.finished_late}
    overdue = {dossier.pk for dossier in summary.overdue}
    parts = dict(group.members.values_list("dossier_id", "part"))
    return {
        "id": group.pk,
        "reference": group.reference,
        "kind": group.kind,
        "kind_label": group.get_kind_display(),
        "channel": group.channel,
        "created_at": timezone.localtime(group.created_at),
        "status": summary.status.value,
        "status_label": str(summary.status.label),
        "due_at": summary.due_at and timezone.localtime(summary.due_at),
        "members": [
            {
                "ref": present.ref(dossier),
                "code": dossier.code,
                "procedure": dossier.version.name,
                "part": parts[dossier.pk],
                "state": dossier.state,
                "state_label": dossier.get_state_display(),
                "competent_agency": {"id": dossier.competent_agency_id, "name": dossier.competent_agency.name},
                "due_at": (due := running_due(dossier) or dossier.due_at) and timezone.localtime(due),
                "overdue": dossier.pk in overdue,
                "finished_late": dossier.pk in late,
            }
            for dossier in dossiers
        ],
    }
