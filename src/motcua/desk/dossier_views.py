"""Staff dossier pages (hồ sơ): intake at the desk, the work queues, the dossier page and its actions, the files
and the official forms.

Thin views: what a user may see is motcua.dossiers.permissions, what they may do is motcua.dossiers.lifecycle (which
checks it again when called), the queues are motcua.dossiers.queues. Errors are shown the same way everywhere:
a refused action re-renders the page with the message at the top and whatever was typed, with status 409
(not allowed now, or changed by someone else meanwhile), 422 (invalid input) or 403 (not allowed for this user);
a done action redirects to the page with a success message. A dossier outside the user's scope is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from motcua.accounts import personal_data
from motcua.accounts.decorators import staff_required
from motcua.accounts.models import Role, User
from motcua.accounts.scope import held_roles, is_read_only, visible_agency_ids
from motcua.catalog.filing import fileable_versions, is_fileable
from motcua.catalog.models import AgencyOffering, ProcedureVersion
from motcua.catalog.versions import in_force_filter, version_in_force
from motcua.core.form_errors import show_service_error
from motcua.core.paging import page_number, paginate
from motcua.core.validators import parse_id
from motcua.desk.dossier_actions import ACTIONS, build_form, ordered, pending_consultation
from motcua.desk.dossier_display import queue_rows, supplement_sent_online, vnd
from motcua.desk.dossier_forms import (
    DESK_CHANNELS,
    BulkReassignForm,
    IntakeChoice,
    IntakeForm,
    ProcedureSearchForm,
    QueueFilterForm,
)
from motcua.desk.step_due import step_dues
from motcua.documents.dossier_forms import (
    CONTENT_TYPES,
    FORMS,
    FormNotAvailable,
    filename,
    form_event,
    render_form,
)
from motcua.dossiers import lifecycle, queues
from motcua.dossiers.due_status import due_status
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, State
from motcua.dossiers.permissions import visible_dossiers
from motcua.feedback import access as feedback_access
from motcua.feedback import ratings
from motcua.orgs.models import Agency
from motcua.payments import services as payments

QUEUE_PER_PAGE = 50
PROCEDURES_PER_PAGE = 25
AGENCY_CHOICES_MAX = 500
CONTROL_SLIP = "06"
PK_MARK = 987654321  # stands for the id in a reversed URL pattern
STATUS_INVALID = 422
STATUS_CONFLICT = 409
STATUS_FORBIDDEN = 403


def _status_for(error: Exception) -> int:
    if isinstance(error, PermissionDenied):
        return STATUS_FORBIDDEN
    return STATUS_CONFLICT if isinstance(error, ActionNotAllowed | Conflict) else STATUS_INVALID


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return getattr(error, "message", "") or str(error)


def _agencies_with_role(user, role: str) -> list[Agency]:
    return list(
        Agency.objects.filter(role_assignments__user=user, role_assignments__role=role).distinct().order_by("name")
    )


def _visible_dossier(user, pk: int) -> Dossier:
    dossiers = visible_dossiers(user).select_related(
        "version__procedure",
        "method",
        "receiving_agency",
        "competent_agency",
        "received_by",
        "assignee",
    )
    return get_object_or_404(dossiers, pk=pk)


# -- intake at the desk ------------------------------------------------------------------------------------------


def _intake_choice(agency: Agency, procedure_pk: int) -> IntakeChoice:
    offering = (
        AgencyOffering.objects.filter(agency=agency, procedure_id=procedure_pk, receives=True, active=True)
        .select_related("procedure")
        .first()
    )
    if offering is None:
        raise Http404(gettext("Cơ quan không tiếp nhận thủ tục này."))
    version = version_in_force(offering.procedure, timezone.localdate())
    if version is None:
        raise Http404(gettext("Thủ tục không có phiên bản đang có hiệu lực."))
    methods = [m for m in version.methods.all() if m.channel in DESK_CHANNELS and m.channel in offering.channels]
    methods = [m for m in methods if is_fileable(m)]  # a method the lifecycle would refuse is not offered
    if not methods:
        raise Http404(gettext("Thủ tục này chưa nhận hồ sơ tại Bộ phận Một cửa (xem trang Kiểm soát TTHC)."))
    competent = Agency.objects.filter(
        offerings__procedure=offering.procedure, offerings__resolves=True, offerings__active=True
    )
    documents = list(version.documents.all())
    return IntakeChoice(
        receiving_agency=agency,
        version=version,
        methods=methods,
        competent_agencies=list(competent.distinct().order_by("name")),
        requirements=[document for document in documents if not document.is_note],
        notes=[document for document in documents if document.is_note],
    )


def _service_error_for_intake(error: ValidationError, decision: str) -> ValidationError:
    """The lifecycle names its fields `items` and `reason`; this form has one of each per decision."""
    if not hasattr(error, "error_dict"):
        return error
    renames = IntakeForm.SERVICE_FIELDS[decision]
    return ValidationError({renames.get(field, field): errors for field, errors in error.error_dict.items()})


def _decide(user, form: IntakeForm, decision: str) -> Dossier:
    intake = form.intake()
    if decision == "accept":
        return lifecycle.accept(user, intake)
    if decision == "supplement":
        return lifecycle.request_intake_supplement(
            user, intake, items=form.missing_items(), reason=form.cleaned_data["supplement_reason"]
        )
    return lifecycle.refuse_intake(user, intake, reason=form.cleaned_data["refusal_reason"])


def _intake_done_message(decision: str, dossier: Dossier) -> str:
    if decision == "accept":
        return gettext("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code}
    if decision == "supplement":
        return gettext("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).")
    return gettext("Đã lập phiếu từ chối tiếp nhận hồ sơ (Mẫu 03).")


@staff_required
def intake(request):
    """Intake at the desk (tiếp nhận trực tiếp, qua bưu chính): choose the procedure, then check the dossier and
    accept it, ask for a supplement (Mẫu 02) or refuse it (Mẫu 03)."""
    agencies = _agencies_with_role(request.user, Role.RECEIVING_OFFICER)
    if not agencies:
        raise PermissionDenied(gettext("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ tại Bộ phận Một cửa."))
    chosen = request.GET.get("co-quan", "")
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0])
    procedure_pk = parse_id(request.GET.get("thu-tuc"))
    if procedure_pk is None:
        return _choose_procedure(request, agencies, agency)
    choice = _intake_choice(agency, procedure_pk)
    form = IntakeForm(choice, request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        if decision not in IntakeForm.SERVICE_FIELDS:
            form.add_error(None, gettext("Hãy chọn «Tiếp nhận», «Yêu cầu bổ sung» hoặc «Từ chối»."))
        elif form.is_valid():
            try:
                dossier = _decide(request.user, form, decision)
            except ValidationError as error:
                show_service_error(form, _service_error_for_intake(error, decision))
            except (ActionNotAllowed, Conflict) as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _intake_done_message(decision, dossier))
                return redirect("desk:dossier", dossier.pk)
        status = STATUS_INVALID
    return render(
        request,
        "desk/dossiers/intake.html",
        {"agency": agency, "agencies": agencies, "choice": choice, "form": form},
        status=status,
    )


def _choose_procedure(request, agencies: list[Agency], agency: Agency):
    search = ProcedureSearchForm(request.GET or None)
    rows = ProcedureVersion.objects.filter(
        in_force_filter(timezone.localdate()),
        procedure__offerings__agency=agency,
        procedure__offerings__receives=True,
        procedure__offerings__active=True,
    ).select_related("procedure", "field")
    rows = fileable_versions(rows, DESK_CHANNELS)  # only procedures the desk can actually receive
    text = search.search_text()
    if text:
        rows = rows.filter(search_text__contains=text)
    paged = paginate(rows.order_by("procedure__code"), request.GET, "trang", PROCEDURES_PER_PAGE)
    return render(
        request,
        "desk/dossiers/intake_choose.html",
        {"agency": agency, "agencies": agencies, "search": search, "paged": paged},
    )


# -- the work queues ---------------------------------------------------------------------------------------------


def _filter_agencies(user) -> list[Agency]:
    """The agencies a queue can be narrowed to: those the user sees (their own, or an inspector's territory)."""
    ids = visible_agency_ids(user)  # read once per request, shared with the queue itself
    agencies = Agency.objects.all() if ids is None else Agency.objects.filter(pk__in=ids)
    return list(agencies.order_by("name")[:AGENCY_CHOICES_MAX])


def _led_specialists(led_agency_ids: list[int]) -> list[User]:
    """The specialists of the agencies the user leads: who a leader can hand dossiers to."""
    if not led_agency_ids:
        return []
    return list(
        User.objects.filter(roles__role=Role.SPECIALIST, roles__agency__in=led_agency_ids, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def _dossier_url_pattern() -> str:
    """The dossier page's URL with `{pk}` for the id: reversed once per list instead of once per row."""
    return reverse("desk:dossier", args=[PK_MARK]).replace(str(PK_MARK), "{pk}")


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["trang"] = str(number)
    return f"?{query.urlencode()}"


@staff_required
def queue_list(request):
    """A work queue (hàng đợi): 50 rows a page without counting the table; leaders can hand several dossiers to
    another specialist at once."""
    user = request.user
    name = request.GET.get("hang-doi", "")
    if name not in queues.QUEUE_NAMES:
        name = "all" if is_read_only(user) else "mine"  # an inspector has no work of their own
    roles = held_roles(user)
    specialists = _led_specialists([agency for role, agency in roles if role == Role.LEADER])
    bulk, status = None, 200
    if specialists:
        posted = [pk for pk in request.POST.getlist("dossiers") if parse_id(pk)] if request.method == "POST" else []
        bulk = BulkReassignForm(specialists, posted, request.POST if request.method == "POST" else None)
        if request.method == "POST":
            done, status = _bulk_reassign(request, bulk)
            if done:
                return redirect(request.get_full_path())
    elif request.method == "POST":
        raise PermissionDenied(gettext("Chỉ lãnh đạo được chuyển xử lý nhiều hồ sơ cùng lúc."))

    agencies = _filter_agencies(user)
    filters = QueueFilterForm(agencies, request.GET)
    dossiers = queues.queue(user, name, agency_id=filters.agency_id())
    dossiers = filters.apply(dossiers) if filters.is_valid() else dossiers.none()
    page = queues.page(queues.for_rows(dossiers), page_number(request.GET), QUEUE_PER_PAGE)
    selected = {parse_id(pk) for pk in bulk.selected_ids() if parse_id(pk)} if bulk else set()
    tabs = []
    for spec in queues.QUEUES:
        query = request.GET.copy()
        query["hang-doi"] = spec.name
        query.pop("trang", None)
        tabs.append((spec, f"?{query.urlencode()}", spec.name == name))
    return render(
        request,
        "desk/dossiers/queue.html",
        {
            "queue_name": name,
            "queue_label": next(spec.label for spec in queues.QUEUES if spec.name == name),
            "tabs": tabs,
            "filters": filters,
            "rows": queue_rows(
                page.items,
                url_of=_dossier_url_pattern(),
                selected=selected,
                supplement_sent=queues.supplements_sent_online(page.items),
            ),
            "page": page,
            "previous_url": _page_url(request, page.number - 1) if page.has_previous else None,
            "next_url": _page_url(request, page.number + 1) if page.has_next else None,
            "bulk": bulk,
            "can_take_in": any(role == Role.RECEIVING_OFFICER for role, _agency in roles),
            # Chờ phân công: the leader's step clock is what runs out first (2 hours for a same-day procedure).
            "step_dues": step_dues(row.pk for row in page.items) if name == "unassigned" else None,
        },
        status=status,
    )


def _bulk_reassign(request, form: BulkReassignForm) -> tuple[bool, int]:
    """All or nothing (lifecycle.reassign_many); the error is shown above the queue with nothing unticked."""
    if not form.is_valid():
        messages.error(request, gettext("Chưa chuyển được: hãy sửa các mục được đánh dấu."))
        return False, STATUS_INVALID
    ids = [int(pk) for pk in form.cleaned_data["dossiers"]]
    chosen = list(visible_dossiers(request.user).filter(pk__in=ids))
    if len(chosen) != len(set(ids)):
        raise Http404(gettext("Không tìm thấy hồ sơ."))
    specialist = form.specialists[form.cleaned_data["specialist"]]
    try:
        lifecycle.reassign_many(request.user, chosen, specialist=specialist)
    except (PermissionDenied, ActionNotAllowed, Conflict, ValidationError) as error:
        messages.error(request, gettext("Chưa chuyển hồ sơ nào: %(reason)s") % {"reason": _message(error)})
        return False, _status_for(error)
    messages.success(
        request,
        ngettext(
            "Đã chuyển %(count)s hồ sơ cho %(name)s xử lý.",
            "Đã chuyển %(count)s hồ sơ cho %(name)s xử lý.",
            len(chosen),
        )
        % {"count": len(chosen), "name": specialist.get_full_name() or specialist.username},
    )
    return True, 200


# -- the dossier page --------------------------------------------------------------------------------------------


def _form_label(form: str) -> str:
    return str(FORMS[form])


def _action_forms(request, dossier: Dossier, failed=None) -> list:
    user = request.user
    if is_read_only(user):
        return []
    forms = []
    # What the desk face offers of what the table allows now: the usual next step first, destructive ones last.
    names = [name for name in lifecycle.available_actions(user, dossier) if name in ACTIONS]
    for name in ordered(names, dossier):
        spec = ACTIONS.get(name)
        if spec is None:
            continue
        form = failed if failed is not None and failed.spec.name == name else build_form(spec, dossier, user)
        if name == "answer_consultation":
            form.consultation_obj = pending_consultation(user, dossier)
        if name == "sign":
            form.preview = _signing_preview(dossier)
        forms.append(form)
    return forms


def _signing_preview(dossier: Dossier) -> dict:
    """What the leader signs: the result files (each opens from the page) and the specialist's note on the draft."""
    submitted = dossier.events.filter(kind=DossierEvent.Kind.SUBMITTED_FOR_SIGNATURE).order_by("-at", "-pk").first()
    return {
        "results": list(dossier.documents.filter(stage=DossierDocument.Stage.RESULT).select_related("uploaded_by")),
        "submitted": submitted,
    }


def _render_dossier(request, dossier: Dossier, *, failed=None, status: int = 200):
    user = request.user
    events = list(dossier.events.select_related("actor", "actor_agency"))
    form_links = [(event.form, _form_label(event.form), event) for event in events if event.form]
    last = events[-1] if events else None
    just_issued = last if last is not None and last.form and last.actor_id == user.pk else None
    fees = list(dossier.fees.all())
    personal_data.log_read(request, dossier)
    return render(
        request,
        "desk/dossiers/detail.html",
        {
            "dossier": dossier,
            "numbers_in_full": personal_data.shows_in_full(request, dossier, _handling_agencies(dossier)),
            "due": due_status(dossier),
            "overdue": queues.is_overdue(dossier),
            "steps": dossier.steps.select_related("agency", "assignee").order_by("order"),
            "consultations": dossier.consultations.select_related("agency", "answered_by", "requested_by"),
            "parts": dossier.parts.select_related("agency", "completed_by"),
            "documents": dossier.documents.select_related("requirement", "uploaded_by"),
            "fees": [(fee, vnd(fee.amount_vnd)) for fee in fees],
            "fee_total": vnd(sum(fee.amount_vnd for fee in fees)) if fees else "",
            "events": events,
            "form_links": form_links,
            "control_slip": _form_label(CONTROL_SLIP) if dossier.received_at else None,
            "just_issued": just_issued,
            "just_issued_label": _form_label(just_issued.form) if just_issued else "",
            "actions": _action_forms(request, dossier, failed),
            "read_only": is_read_only(user),
            "supplement_sent_online": supplement_sent_online(dossier, events),
            "can_collect_fees": bool(fees) and payments.is_desk_officer(user, dossier),
            "can_invite_rating": dossier.state == State.RETURNED
            and ratings.refusal(dossier) is None
            and feedback_access.can_open_kiosk(user, dossier),
            "State": State,
        },
        status=status,
    )


def _handling_agencies(dossier: Dossier) -> tuple[int | None, int | None]:
    """The agencies whose officers' task needs the applicant's numbers: the one that received it, the one that
    resolves it (motcua.accounts.personal_data)."""
    return dossier.receiving_agency_id, dossier.competent_agency_id


@staff_required
def dossier_detail(request, pk):
    return _render_dossier(request, _visible_dossier(request.user, pk))


@staff_required
@require_POST
def dossier_action(request, pk, action):
    """One lifecycle action from its small form; the form names the revision the page showed."""
    dossier = _visible_dossier(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(gettext("Không có thao tác này."))
    form = build_form(spec, dossier, request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            gettext("Chưa thực hiện được «%(action)s»: hãy sửa các mục được đánh dấu.") % {"action": spec.label},
        )
        return _render_dossier(request, dossier, failed=form, status=STATUS_INVALID)
    try:
        spec.perform(request.user, dossier, form, form.cleaned_data["revision"])
    except Conflict as error:
        # Somebody else acted first: show the dossier as it is now, with forms that name its new revision.
        messages.error(request, error.message)
        return _render_dossier(request, _visible_dossier(request.user, pk), status=STATUS_CONFLICT)
    except ActionNotAllowed as error:
        messages.error(request, error.message)
        return _render_dossier(request, dossier, failed=form, status=STATUS_CONFLICT)
    except ValidationError as error:
        show_service_error(form, error)
        messages.error(
            request,
            gettext("Chưa thực hiện được «%(action)s»: %(reason)s") % {"action": spec.label, "reason": _message(error)},
        )
        return _render_dossier(request, dossier, failed=form, status=STATUS_INVALID)
    messages.success(request, gettext("Đã thực hiện: %(action)s.") % {"action": spec.label})
    if not visible_dossiers(request.user).filter(pk=dossier.pk).exists():  # forwarded to another agency's desk
        return redirect("desk:dossiers")
    return redirect("desk:dossier", dossier.pk)


@staff_required
def document_download(request, pk, document_pk):
    """A file of the dossier, only through this view (never a public media address), always as an attachment."""
    dossier = _visible_dossier(request.user, pk)
    document = get_object_or_404(dossier.documents, pk=document_pk)
    personal_data.log_read(request, dossier, document=document)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )


# -- the official forms (motcua.documents.dossier_forms) ---------------------------------------------------------


def _attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@staff_required
def form_download(request, pk, form, fmt):
    """Mẫu 01–06 of a dossier as PDF or DOCX; `?su-kien=` picks the event that produced it (default the last)."""
    dossier = _visible_dossier(request.user, pk)
    event = None
    event_pk = request.GET.get("su-kien", "")
    if form != CONTROL_SLIP and parse_id(event_pk):
        event = get_object_or_404(dossier.events, pk=parse_id(event_pk), form=form)
    try:
        if form != CONTROL_SLIP and event is None:
            event = form_event(dossier, form)
        content = render_form(form, dossier, event=event, fmt=fmt)
    except FormNotAvailable as error:
        raise Http404(error.message) from error
    personal_data.log_read(request, dossier)  # every form names the applicant
    return _attachment(content, fmt, filename(form, dossier, fmt))
