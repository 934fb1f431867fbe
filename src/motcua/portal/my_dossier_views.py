"""My dossiers (hồ sơ của tôi): a citizen's or organisation's own dossiers only — their state, history in plain
words, deadlines, the official forms issued to them (Mẫu 01–05), the supplement they were asked for, a request to
stop (Art. 21), and the electronic result signed by the agency (motcua.documents.signing). What of a dossier the
applicant sees is motcua.dossiers.visibility's rule, the same the REST API follows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.paging import paginate
from motcua.documents import signing
from motcua.documents.dossier_forms import FORMS, filename, render_form
from motcua.dossiers import lifecycle, visibility
from motcua.dossiers.due_status import due_status
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.uploads import Upload
from motcua.feedback import ratings
from motcua.feedback.models import DossierRating
from motcua.payments import services as payments
from motcua.portal import dossier_status
from motcua.portal.submission_forms import StopForm, SupplementForm
from motcua.portal.submission_views import applicant_required, bound_data
from motcua.portal.tracking_service import PLAIN_STATES

PAGE_SIZE = 20
Kind = DossierEvent.Kind

# One sentence per event, addressed to the applicant: what happened, in words without office jargon.
PLAIN_EVENTS = {
    Kind.SUBMITTED: _("Bạn đã nộp hồ sơ trực tuyến."),
    Kind.INTAKE_SUPPLEMENT: _("Bộ phận Một cửa đề nghị bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận (Mẫu 02)."),
    Kind.INTAKE_SUPPLEMENT_SENT: _(
        "Bạn đã gửi hồ sơ bổ sung trực tuyến; Bộ phận Một cửa kiểm tra lại để tiếp nhận trong 8 giờ làm việc."
    ),
    Kind.INTAKE_REFUSED: _("Bộ phận Một cửa từ chối tiếp nhận hồ sơ (lý do ở Mẫu 03)."),
    Kind.ACCEPTED: _("Hồ sơ đã được tiếp nhận; thời hạn giải quyết bắt đầu tính (Giấy tiếp nhận, Mẫu 01)."),
    Kind.TRANSFERRED: _("Hồ sơ đã được chuyển đến cơ quan giải quyết."),
    Kind.ASSIGNED: _("Cơ quan giải quyết đã giao cán bộ xử lý hồ sơ."),
    Kind.STEP_COMPLETED: _("Cán bộ đã xong một bước xử lý hồ sơ."),
    Kind.CONSULTATION_SENT: _("Cơ quan đang hỏi ý kiến hoặc xác minh với cơ quan khác."),
    Kind.CONSULTATION_ANSWERED: _("Cơ quan được hỏi đã trả lời."),
    Kind.SUPPLEMENT_REQUESTED: _(
        "Cơ quan đề nghị bạn bổ sung hồ sơ; thời hạn giải quyết tạm dừng đến khi nhận đủ (Mẫu 02)."
    ),
    Kind.SUPPLEMENT_RECEIVED: _("Đã nhận đủ hồ sơ bổ sung; thời hạn giải quyết được tính lại từ đầu."),
    Kind.CLOSED: _("Hồ sơ đã đóng vì quá 15 ngày không nhận được hồ sơ bổ sung."),
    Kind.REFUSED: _("Cơ quan từ chối giải quyết hồ sơ (lý do ở Mẫu 03)."),
    Kind.EXTENDED: _("Cơ quan xin lỗi vì chậm và hẹn lại ngày trả kết quả (Mẫu 04)."),
    Kind.SUBMITTED_FOR_SIGNATURE: _("Hồ sơ đã được trình lãnh đạo ký."),
    Kind.SIGNED: _("Lãnh đạo đã ký; đã có kết quả giải quyết."),
    Kind.SENT_BACK: _("Lãnh đạo đề nghị xem xét thêm trước khi ký."),
    Kind.READY_FOR_RETURN: _("Kết quả đã sẵn sàng để trả cho bạn."),
    Kind.RETURNED: _("Kết quả đã được trả."),
    Kind.RESULT_DELIVERED: _("Bản điện tử kết quả có chữ ký số đã được giao cho bạn."),
    Kind.STOPPED: _("Hồ sơ đã dừng giải quyết theo yêu cầu (Mẫu 05)."),
    Kind.CORRECTION_REQUESTED: _("Kết quả có sai sót và đang được đính chính."),
    Kind.CORRECTED: _("Kết quả đã được đính chính."),
    Kind.DOCUMENT_ADDED: _("Đã thêm giấy tờ vào hồ sơ."),
    Kind.DEADLINE_RECOMPUTED: _("Hạn giải quyết được tính lại vì lịch làm việc thay đổi."),
}
SUPPLEMENT_SENT = _("Bạn đã gửi hồ sơ bổ sung trực tuyến; Bộ phận Một cửa đang kiểm tra.")


def _own(request) -> QuerySet[Dossier]:
    return visible_dossiers(request.user).filter(applicant_user=request.user)


def _dossier(request, pk: int) -> Dossier:
    dossiers = _own(request).select_related("version__procedure", "receiving_agency", "competent_agency", "method")
    return get_object_or_404(dossiers, pk=pk)


@never_cache
@applicant_required
@require_GET
def dossier_list(request):
    dossiers = _own(request).select_related("version__procedure", "competent_agency").order_by("-submitted_at", "-pk")
    paged = paginate(dossiers, request.GET, "trang", PAGE_SIZE)
    now = timezone.now()
    paged.page.object_list = list(paged.page.object_list)
    for dossier in paged.page.object_list:
        # Overdue in the desk's rule and words (queues.is_overdue), so the citizen and the desk see the same.
        status = due_status(dossier, now)
        dossier.overdue_label = status.label if status.overdue else ""
    return render(request, "portal/my_dossiers/list.html", {"paged": paged})


def _history(events: list[DossierEvent]) -> list[dict]:
    rows = []
    for event in events:
        details = visibility.public_details(event)
        sentence = PLAIN_EVENTS.get(event.kind, event.get_kind_display())
        if event.kind == Kind.DOCUMENT_ADDED and (event.details or {}).get("supplement"):
            sentence = SUPPLEMENT_SENT
        rows.append(
            {
                "event": event,
                "sentence": sentence,
                "items": details.get("items") or [],
                "reason": details.get("reason", ""),
            }
        )
    return rows


def _render_detail(request, dossier: Dossier, *, supplement_form=None, status: int = 200):
    events = list(dossier.events.select_related("actor_agency").order_by("at", "pk"))
    actions = lifecycle.available_actions(request.user, dossier)
    ask = dossier_status.supplement_ask(dossier, events)
    context = {
        "dossier": dossier,
        "plain_state": PLAIN_STATES.get(dossier.state, ""),
        "history": _history(events),
        "forms": [(event, FORMS[event.form]) for event in visibility.form_events(events)],
        "documents": visibility.filed_documents(dossier),
        "results": visibility.issued_results(dossier),
        "can_stop": "stop" in actions,
        "balance": payments.balance(dossier),
        "payable": payments.is_payable(dossier),
        "delay": dossier_status.delay(dossier, events),
        "rating_open": ratings.refusal(dossier) is None,
        "rated": DossierRating.objects.filter(dossier=dossier).exists(),
        "ask": ask,
        "supplement_form": supplement_form or (SupplementForm() if ask and ask.online else None),
    }
    return render(request, "portal/my_dossiers/detail.html", context, status=status)


@never_cache
@applicant_required
@require_GET
def dossier_detail(request, pk: int):
    return _render_detail(request, _dossier(request, pk))


@applicant_required
@require_GET
def form_download(request, pk: int, event_pk: int):
    """A form issued for this dossier (Mẫu 01–05), as printed on the day its event happened."""
    dossier = _dossier(request, pk)
    event = get_object_or_404(dossier.events.filter(form__in=visibility.APPLICANT_FORMS), pk=event_pk)
    content = render_form(event.form, dossier, event=event, fmt="pdf")
    return _attachment(content, "application/pdf", filename(event.form, dossier, "pdf"))


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@applicant_required
@require_GET
def document_download(request, pk: int, document_pk: int):
    """A file the applicant or the desk put in the dossier (the result goes through result_download)."""
    dossier = _dossier(request, pk)
    document = get_object_or_404(visibility.filed_documents(dossier), pk=document_pk)
    with document.file.open("rb") as handle:
        return _attachment(handle.read(), document.content_type, document.name)


@applicant_required
@require_GET
def result_download(request, pk: int, document_pk: int):
    """The electronic result, as signed by the competent agency's certificate when it was issued: this view only
    reads the stored signed copy; the first download of each file is recorded as its electronic delivery
    (lifecycle.deliver_result, an event in the dossier's history)."""
    dossier = _dossier(request, pk)
    document = next((d for d in visibility.issued_results(dossier) if d.pk == document_pk), None)
    if document is None:
        raise Http404(gettext("Hồ sơ này chưa có bản điện tử kết quả để tải."))
    try:
        content = signing.signed_result(document)
    except signing.SigningUnavailable as error:
        messages.error(request, error.message)
        return redirect("portal:my-dossier", dossier.pk)
    lifecycle.deliver_result(request.user, dossier, document)
    response = _attachment(content, signing.PDF, f"ket-qua-{dossier.code or dossier.pk}.pdf")
    response["Cache-Control"] = "no-store"
    return response


@applicant_required
@require_POST
def supplement(request, pk: int):
    """The files answering the supplement request, sent to the desk (lifecycle.send_supplement)."""
    dossier = _dossier(request, pk)
    at_intake = dossier.state == State.INTAKE_SUPPLEMENT
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            lifecycle.send_supplement(
                request.user, dossier, documents=[Upload(file) for file in form.cleaned_data["files"]]
            )
        except (ValidationError, ActionNotAllowed, PermissionDenied) as error:
            form.add_error("files", error.messages if isinstance(error, ValidationError) else str(error))
        else:
            if at_intake:
                done = gettext(
                    "Đã gửi hồ sơ bổ sung. Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận hồ sơ và báo cho bạn."
                )
            else:
                done = gettext("Đã gửi hồ sơ bổ sung. Bộ phận Một cửa sẽ kiểm tra và báo cho bạn.")
            messages.success(request, done)
            return redirect("portal:my-dossier", dossier.pk)
    return _render_detail(request, dossier, supplement_form=form, status=422)


@applicant_required
@require_http_methods(["GET", "POST"])
def stop(request, pk: int):
    """A request to stop (rút hồ sơ, Art. 21), confirmed on its own page; Mẫu 05 is issued."""
    dossier = _dossier(request, pk)
    if "stop" not in lifecycle.available_actions(request.user, dossier):
        raise Http404(gettext("Hồ sơ này không thể rút ở trạng thái hiện tại."))
    form = StopForm(*bound_data(request), initial={"revision": dossier.revision})
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.stop(
                request.user,
                dossier,
                reason=form.cleaned_data["reason"],
                expected_revision=form.cleaned_data["revision"],
            )
        except (Conflict, ActionNotAllowed) as error:
            messages.error(request, str(error))
            return redirect("portal:my-dossier", dossier.pk)
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, gettext("Hồ sơ đã dừng giải quyết theo yêu cầu của bạn."))
            return redirect("portal:my-dossier", dossier.pk)
    return render(request, "portal/my_dossiers/stop.html", {"dossier": dossier, "form": form})
