"""Inter-agency parts at the desk (phần việc liên thông, Decree 118/2025 Art. 20.2): the participating agency's queue
«Phần việc liên thông được giao», the page of one part (its task, deadline, the files sent with it, its result) with
the forms to receive it, return its result or refuse it, and the downloads of those files.

A participating agency's staff see the part and the files sent with it — not the dossier's page, nor the
applicant's identity number, phone or address (motcua.dossiers.interagency.visible_parts). Thin views: the rules are
the lifecycle's, which checks them again when called. Errors as on the dossier page: 409 not allowed now or stale,
422 invalid input, 403 not this user's part.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import staff_required
from motcua.core.form_errors import show_service_error
from motcua.core.paging import paginate
from motcua.desk.part_forms import CompletePartForm, ReceivePartForm, RefusePartForm
from motcua.dossiers import interagency, lifecycle, part_actions, transitions
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import InteragencyPart

PER_PAGE = 50
STATUS_INVALID, STATUS_CONFLICT, STATUS_FORBIDDEN = 422, 409, 403
# The part page's actions, in the table's order, with their forms and their calls.
FORMS = {
    "receive_part": ReceivePartForm,
    "complete_part": CompletePartForm,
    "refuse_part": RefusePartForm,
}
assert set(FORMS) == set(transitions.names_for(transitions.Face.PART)), "part forms must match the table"


def _perform(name: str, user, part: InteragencyPart, form) -> None:
    revision = form.cleaned_data["revision"]
    if name == "receive_part":
        lifecycle.receive_part(user, part, expected_revision=revision)
    elif name == "complete_part":
        note = form.cleaned_data["note"]
        lifecycle.complete_part(user, part, document=form.upload(), note=note, expected_revision=revision)
    else:
        lifecycle.refuse_part(user, part, reason=form.cleaned_data["reason"], expected_revision=revision)


def _no_store(response):
    response["Cache-Control"] = "no-store, private"  # the applicant's name and files
    return response


def _part(user, pk: int) -> InteragencyPart:
    parts = interagency.visible_parts(user).select_related(
        "dossier__version", "dossier__competent_agency", "agency", "sent_by", "received_by", "completed_by"
    )
    return get_object_or_404(parts, pk=pk)


def _forms(user, part: InteragencyPart, failed=None) -> list:
    forms = []
    for name in part_actions.available(user, part):
        form = failed if failed is not None and failed.name == name else FORMS[name](part, prefix=name)
        form.name, form.transition = name, transitions.TRANSITIONS[name]
        forms.append(form)
    return forms


def _render(request, part: InteragencyPart, *, failed=None, status: int = 200):
    return _no_store(
        render(
            request,
            "desk/parts/detail.html",
            {
                "part": part,
                "dossier": part.dossier,
                "documents": part.documents.all(),
                "actions": _forms(request.user, part, failed),
                "participant": interagency.works_on(request.user, part),
            },
            status=status,
        )
    )


@staff_required
def part_queue(request):
    """«Phần việc liên thông được giao»: the parts given to the user's agencies, the open ones first by due instant."""
    parts = interagency.queue(request.user).order_by("completed_at", "due_at", "pk")
    paged = paginate(parts, request.GET, "trang", PER_PAGE)
    return _no_store(render(request, "desk/parts/queue.html", {"paged": paged}))


@staff_required
def part_detail(request, pk):
    return _render(request, _part(request.user, pk))


@staff_required
@require_POST
def part_action(request, pk, action):
    part = _part(request.user, pk)
    form_class = FORMS.get(action)
    if form_class is None:
        raise Http404(gettext("Không có thao tác này."))
    form = form_class(part, request.POST, request.FILES, prefix=action)
    form.name = action
    label = transitions.TRANSITIONS[action].label
    if not form.is_valid():
        messages.error(
            request, gettext("Chưa thực hiện được «%(action)s»: hãy sửa các mục được đánh dấu.") % {"action": label}
        )
        return _render(request, part, failed=form, status=STATUS_INVALID)
    try:
        _perform(action, request.user, part, form)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return _render(request, part, status=STATUS_FORBIDDEN)
    except (ActionNotAllowed, Conflict) as error:
        messages.error(request, error.message)
        return _render(request, _part(request.user, pk), status=STATUS_CONFLICT)
    except ValidationError as error:
        show_service_error(form, error)
        return _render(request, part, failed=form, status=STATUS_INVALID)
    messages.success(request, gettext("Đã thực hiện: %(action)s.") % {"action": label})
    return redirect("desk:part", part.pk)


@staff_required
def part_document(request, pk, document_pk):
    """A file of the dossier sent with the part: the only files of the dossier its agency may open."""
    part = _part(request.user, pk)
    document = get_object_or_404(part.documents.all(), pk=document_pk)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )
    return _no_store(response)


@staff_required
def part_result(request, pk):
    """The part's own result document, for its agency and for the lead agency."""
    part = _part(request.user, pk)
    if not part.result_file:
        raise Http404(gettext("Phần việc chưa có văn bản kết quả."))
    return _no_store(FileResponse(part.result_file.open("rb"), as_attachment=True, filename=part.result_name))
