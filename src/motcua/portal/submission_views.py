"""Online submission pages (nộp hồ sơ trực tuyến) for citizens and organisations: start from a procedure, one
step per page (agencies, applicant, request, one page per group of components), review, submit. Every step is
saved in the draft (motcua.portal.drafts), so the citizen can stop and resume; a refused value or file is shown
next to its field with everything else kept."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from motcua.accounts.decorators import verification_check
from motcua.catalog.models import Procedure
from motcua.dossiers.uploads import ACCEPTED_LABEL
from motcua.portal import drafts
from motcua.portal.submission_forms import AgencyForm, ApplicantForm, ComponentFilesForm, DiscardForm, RequestForm


def applicant_required(view):
    """Logged in (verified by the second factor when enrolled) with a citizen's or organisation's account."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refusal = verification_check(request)
        if refusal is not None:
            return refusal
        if not request.user.is_applicant:
            raise PermissionDenied(gettext("Trang này dành cho công dân, tổ chức nộp hồ sơ."))
        return view(request, *args, **kwargs)

    return wrapper


def bound_data(request, *, files: bool = False) -> tuple:
    """A form's data: bound on POST even when nothing was sent (an empty form must show its errors)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _draft(request, pk: int):
    return get_object_or_404(drafts.drafts_of(request.user), pk=pk)


def _steps(draft) -> list[tuple[str, str]]:
    """(label, url) of every step of this draft, in order."""
    steps = [
        (gettext("Nơi nộp"), reverse("portal:submission-agency", args=[draft.pk])),
        (gettext("Người nộp"), reverse("portal:submission-applicant", args=[draft.pk])),
        (gettext("Yêu cầu"), reverse("portal:submission-request", args=[draft.pk])),
    ]
    groups = drafts.component_groups(draft)
    for number in range(1, len(groups) + 1):
        label = gettext("Giấy tờ")
        if len(groups) > 1:
            label = gettext("Giấy tờ (%(number)s/%(count)s)") % {"number": number, "count": len(groups)}
        steps.append((label, reverse("portal:submission-documents", args=[draft.pk, number])))
    steps.append((gettext("Xem lại và nộp"), reverse("portal:submission-review", args=[draft.pk])))
    return steps


def _render_step(request, draft, template: str, context: dict, *, status: int = 200):
    steps = _steps(draft)
    current = request.path
    index = next((i for i, (_label, url) in enumerate(steps) if url == current), 0)
    context = {
        "draft": draft,
        "version": draft.method.version,
        "steps": steps,
        "step_index": index + 1,
        "step_count": len(steps),
        "current_url": current,
        "previous_url": steps[index - 1][1] if index > 0 else None,
        **context,
    }
    return render(request, template, context, status=status)


def _after_save(request, draft):
    """ "Lưu nháp" leaves for the list of drafts; "Tiếp tục" goes to the next step."""
    if "save" in request.POST:
        messages.success(request, gettext("Đã lưu hồ sơ nháp. Bạn có thể làm tiếp bất cứ lúc nào."))
        return redirect("portal:submission-drafts")
    steps = [url for _label, url in _steps(draft)]
    index = steps.index(request.path) if request.path in steps else 0
    return redirect(steps[min(index + 1, len(steps) - 1)])


@applicant_required
def draft_list(request):
    rows = drafts.drafts_of(request.user)
    return render(request, "portal/submission/drafts.html", {"rows": rows})


@applicant_required
@require_http_methods(["GET", "POST"])
def start(request, code: str):
    """What the procedure needs online and where; the draft is made only when the citizen starts it."""
    procedure = get_object_or_404(Procedure, code=code)
    offer = drafts.online_offer(procedure)
    if offer is None:
        raise Http404(gettext("Thủ tục %(code)s hiện không nhận nộp trực tuyến.") % {"code": code})
    if request.method == "POST":
        draft = drafts.start(request.user, offer)
        return redirect("portal:submission-agency", draft.pk)
    context = {
        "offer": offer,
        "version": offer.method.version,
        "components": list(offer.method.version.documents.all()),
        "existing": drafts.drafts_of(request.user).filter(method__version__procedure=procedure),
        "accepted": ACCEPTED_LABEL,
        "max_mb": settings.UPLOAD_MAX_MB,
    }
    return render(request, "portal/submission/start.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def step_agency(request, pk: int):
    draft = _draft(request, pk)
    offer = drafts.online_offer(draft.method.version.procedure)
    if offer is None:
        return _render_step(request, draft, "portal/submission/unavailable.html", {}, status=410)
    initial = {"receiving_agency": draft.receiving_agency_id, "competent_agency": draft.competent_agency_id}
    form = AgencyForm(offer, *bound_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            drafts.save_agencies(
                draft, offer, form.cleaned_data["receiving_agency"], form.cleaned_data["competent_agency"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            return _after_save(request, draft)
    return _render_step(request, draft, "portal/submission/agency.html", {"form": form, "offer": offer})


def _model_step(request, pk: int, form_class, names, template: str):
    draft = _draft(request, pk)
    form = form_class(*bound_data(request), instance=draft)
    if request.method == "POST" and form.is_valid():
        drafts.save_fields(draft, form.cleaned_data, names)
        return _after_save(request, draft)
    return _render_step(request, draft, template, {"form": form})


@applicant_required
@require_http_methods(["GET", "POST"])
def step_applicant(request, pk: int):
    return _model_step(request, pk, ApplicantForm, drafts.APPLICANT_FIELDS, "portal/submission/applicant.html")


@applicant_required
@require_http_methods(["GET", "POST"])
def step_request(request, pk: int):
    return _model_step(request, pk, RequestForm, drafts.REQUEST_FIELDS, "portal/submission/request.html")


@applicant_required
@require_http_methods(["GET", "POST"])
def step_documents(request, pk: int, number: int):
    """One group of components: each file chosen is checked and kept on its own, so a refused one costs nothing
    of the others."""
    draft = _draft(request, pk)
    groups = drafts.component_groups(draft)
    if not 1 <= number <= len(groups):
        raise Http404(gettext("Không có trang giấy tờ này."))
    group = groups[number - 1]
    form = ComponentFilesForm(group.components, *bound_data(request, files=True))
    if request.method == "POST" and form.is_valid():
        kept = []
        for name, component in form.components.items():
            uploaded = form.cleaned_data.get(name)
            if not uploaded:
                continue
            try:
                kept.append(drafts.attach(draft, component, uploaded).name)
            except ValidationError as error:
                form.add_error(name, error.messages)
        if kept:
            messages.success(request, gettext("Đã lưu tệp: %(names)s.") % {"names": ", ".join(kept)})
        if not form.errors:
            return _after_save(request, draft)
    files = {kept.requirement_id: kept for kept in draft.files.all()}
    rows = [
        {"field": form[name], "component": component, "kept": files.get(component.pk)}
        for name, component in form.components.items()
    ]
    status = 422 if form.errors else 200
    context = {"form": form, "group": group, "rows": rows, "notes": group.notes}
    return _render_step(request, draft, "portal/submission/documents.html", context, status=status)


def _review_context(draft) -> dict:
    files = {kept.requirement_id: kept for kept in draft.files.all()}
    groups = [
        {"title": group.title, "rows": [(component, files.get(component.pk)) for component in group.components]}
        for group in drafts.component_groups(draft)
    ]
    return {"groups": groups, "missing": drafts.missing_components(draft), "file_count": len(files)}


@applicant_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    draft = _draft(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            dossier = drafts.submit(draft)
        except ValidationError as error:
            errors = error.messages
        else:
            # The tracking reference is given at once (the legal code comes with acceptance): the applicant
            # reads it here first, on the dossier page that serves as the confirmation.
            messages.success(
                request,
                gettext(
                    "Đã nộp hồ sơ trực tuyến. Mã tra cứu của hồ sơ: %(reference)s — hãy ghi lại để tra cứu "
                    "tại «Tra cứu hồ sơ». Bộ phận Một cửa sẽ kiểm tra và trả lời chậm nhất lúc %(due)s "
                    "(trong 8 giờ làm việc); khi tiếp nhận, hồ sơ được cấp mã hồ sơ chính thức."
                )
                % {
                    "reference": dossier.reference,
                    "due": timezone.localtime(dossier.intake_due_at).strftime("%H:%M %d/%m/%Y"),
                },
            )
            return redirect("portal:my-dossier", dossier.pk)
    context = {"errors": errors, **_review_context(draft)}
    return _render_step(request, draft, "portal/submission/review.html", context, status=422 if errors else 200)


@applicant_required
@require_http_methods(["GET", "POST"])
def discard(request, pk: int):
    draft = _draft(request, pk)
    form = DiscardForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        drafts.discard(draft)
        messages.success(request, gettext("Đã xóa hồ sơ nháp."))
        return redirect("portal:submission-drafts")
    return render(request, "portal/submission/discard.html", {"draft": draft, "form": form})
