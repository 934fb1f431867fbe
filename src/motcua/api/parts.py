"""Inter-agency parts (phần việc liên thông, Decree 118/2025 Art. 20.2) in the REST API: the participating agency's
face. `GET /parts/{id}` shows one part; `POST /parts/{id}/actions/{action}` does one of the part actions of the
transition table (Face.PART: receive, return the result with its file, refuse), with the same guards as the desk's
part page — both call motcua.dossiers.lifecycle.

A participating agency's staff see their part, never the rest of the dossier nor the applicant's identity
(motcua.dossiers.interagency.visible_parts); the lead's staff see the parts of their dossiers, read-only. Any other
caller, the applicant included, gets a 404.
"""

import datetime

from django.utils.translation import gettext
from ninja import File, Router
from ninja import Form as FormField
from ninja.files import UploadedFile

from motcua.api import present
from motcua.api.actions import ActionIn, ReasonIn
from motcua.api.errors import NotFound
from motcua.api.schemas import FIND, WRITE, AgencyRef, PartOut, errors
from motcua.api.types import Count, Id, Text
from motcua.dossiers import interagency, lifecycle, part_actions, transitions
from motcua.dossiers.models import InteragencyPart
from motcua.dossiers.uploads import Upload

router = Router(tags=["Phần việc liên thông"])


class PartDetail(PartOut):
    dossier_code: str
    lead_agency: AgencyRef
    procedure: str
    task: str
    minutes: int
    sent_at: datetime.datetime | None
    received_at: datetime.datetime | None
    result_note: str
    result_name: str
    documents: list[str]
    revision: int  # the lead dossier's, for `expected_revision`
    available_actions: list[str]


def find(user, pk: int) -> InteragencyPart:
    part = (
        interagency.visible_parts(user)
        .select_related("dossier__version", "dossier__competent_agency", "agency")
        .filter(pk=pk)
        .first()
    )
    if part is None:
        raise NotFound(gettext("Không tìm thấy phần việc liên thông."))
    return part


def detail(part: InteragencyPart, user) -> dict:
    return present.part_detail(part, part_actions.available(user, part))


@router.get(
    "/parts/{part_id}",
    response={200: PartDetail, **errors(FIND)},
    url_name="part_detail",
    summary="Một phần việc liên thông",
)
def part_detail(request, part_id: Id):
    return detail(find(request.auth, part_id), request.auth)


def _add_operation(name: str, view, summary: str) -> None:
    """POST /parts/{part_id}/actions/<name>, answering with the part as GET shows it."""
    view.__name__ = f"part_action_{name}"
    router.add_api_operation(
        f"/parts/{{part_id}}/actions/{name}",
        ["POST"],
        view,
        response={200: PartDetail, **errors(WRITE)},
        summary=summary,
        url_name=f"part_action_{name}",
    )


def _register(name: str, body_schema: type[ActionIn], summary: str) -> None:
    def view(request, part_id: Id, body: body_schema):  # type: ignore[valid-type]
        arguments = body.model_dump(exclude={"expected_revision"})
        act = getattr(lifecycle, name)
        act(request.auth, find(request.auth, part_id), expected_revision=body.expected_revision, **arguments)
        return detail(find(request.auth, part_id), request.auth)

    _add_operation(name, view, summary)


def _complete(
    request,
    part_id: Id,
    file: File[UploadedFile],
    note: FormField[Text | None] = None,
    expected_revision: FormField[Count | None] = None,
):
    part = find(request.auth, part_id)
    lifecycle.complete_part(
        request.auth, part, document=Upload(file), note=note or "", expected_revision=expected_revision
    )
    return detail(find(request.auth, part_id), request.auth)


# action → (its body, its summary); the lifecycle function has the action's name and takes the body's fields.
BODIES: dict[str, tuple[type[ActionIn], str]] = {
    "receive_part": (ActionIn, "Nhận phần việc liên thông (cơ quan phối hợp)"),
    "refuse_part": (ReasonIn, "Từ chối phần việc liên thông, nêu lý do; cơ quan chủ trì được báo"),
}
# The one that attaches its result: multipart `file` (the result document), `note`, `expected_revision`.
UPLOADS = {
    "complete_part": (_complete, "Trả kết quả phần việc liên thông kèm văn bản kết quả; cơ quan chủ trì được báo")
}
ACTIONS = [*BODIES, *UPLOADS]
assert set(ACTIONS) == set(transitions.names_for(transitions.Face.PART)), "every part action of the table needs a route"

for _name, (_schema, _summary) in BODIES.items():
    _register(_name, _schema, _summary)
for _name, (_view, _summary) in UPLOADS.items():
    _add_operation(_name, _view, _summary)


@router.post("/parts/{part_id}/actions/{action}", include_in_schema=False)
def unknown_part_action(request, part_id: str, action: str):
    raise NotFound(gettext("Không có thao tác «%(action)s».") % {"action": action})
