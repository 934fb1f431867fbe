"""The citizen's pages of the Decree 63/2024/NĐ-CP groups (nhóm thủ tục liên thông điện tử): one online submission
for each group kind — one declaration, the applicant, and each part's documents on one page — and the group
followed as one, in "Hồ sơ của tôi" and by public tracking with the group's reference.

The rules live in motcua.groups; the applicant, request and file forms are the online submission's own.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.form_errors import show_service_error
from motcua.dossiers import lifecycle
from motcua.dossiers.due_status import due_status
from motcua.dossiers.uploads import Upload
from motcua.groups import declaration, services
from motcua.groups.codes import normalise_group_reference
from motcua.groups.definitions import SLUGS, GroupKind, kind_for_slug
from motcua.groups.models import DossierGroup
from motcua.groups.status import overview
from motcua.portal import drafts, tracking_service
from motcua.portal.models import Draft
from motcua.portal.submission_forms import ApplicantForm, ComponentFilesForm, RequestForm
from motcua.portal.submission_views import applicant_required, bound_data
from motcua.portal.tracking_service import PLAIN_STATES
from motcua.portal.tracking_views import STATUS_TOO_MANY, TrackingForm

STATUS_INVALID = 422


class DeskChoiceForm(forms.Form):
    receiving_agency = forms.TypedChoiceField(
        label=_("Nơi nộp hồ sơ"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn nơi nộp hồ sơ.")},
    )

    def __init__(self, desks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.desks = {desk.pk: desk for desk in desks}
        self.fields["receiving_agency"].choices = [(desk.pk, desk.name) for desk in desks]
        if len(desks) == 1:
            self.fields["receiving_agency"].initial = desks[0].pk


class GroupTrackingForm(TrackingForm):
    code = forms.CharField(
        label=_("Mã tra cứu của nhóm hồ sơ liên thông"),
        max_length=40,
        help_text=_("Dạng LT261207-K7QX4M, có ngay khi nộp."),
        error_messages={"required": _("Hãy nhập mã tra cứu của nhóm.")},
    )


def _kind(slug: str) -> GroupKind:
    kind = kind_for_slug(slug)
    if kind is None:
        raise Http404(gettext("Không có nhóm thủ tục liên thông này."))
    return kind


def _applicant(form: ApplicantForm, user) -> lifecycle.Applicant:
    data = form.cleaned_data
    return lifecycle.Applicant(
        kind=data["applicant_kind"],
        name=data["applicant_name"].strip(),
        id_number=data["applicant_id_number"],
        phone=data["applicant_phone"],
        email=data["applicant_email"],
        address=data["applicant_address"],
        submitter_name=data["submitter_name"],
        user=user,
    )


def _uploads(file_forms) -> list[Upload]:
    return [
        Upload(form.cleaned_data[name], component.pk)
        for form in file_forms
        for name, component in form.components.items()
        if form.cleaned_data.get(name)
    ]


@applicant_required
@require_http_methods(["GET", "POST"])
def start(request, slug: str):
    """One page: where, the declaration, the applicant (prefilled from the account), the return, each part's files."""
    kind = _kind(slug)
    today = timezone.localdate()
    desks = services.receiving_agencies(kind, services.ONLINE, today)
    if not desks:
        raise Http404(gettext("Nhóm thủ tục liên thông này hiện chưa nhận hồ sơ trực tuyến."))
    prefilled = Draft(owner=request.user)
    drafts._prefill(prefilled, request.user)
    desk_form = DeskChoiceForm(desks, *bound_data(request))
    declaration_form = declaration.declaration_form(kind, *bound_data(request))
    applicant_form = ApplicantForm(*bound_data(request), instance=prefilled)
    request_form = RequestForm(*bound_data(request), instance=prefilled)
    planned = services.plan(kind, desks[0], services.ONLINE, today)
    file_forms = [
        ComponentFilesForm(item.requirements, *bound_data(request, files=True), prefix=f"phan{order}")
        for order, item in enumerate(planned, 1)
    ]
    forms_ = [desk_form, declaration_form, applicant_form, request_form, *file_forms]
    errors = []
    if request.method == "POST" and all([form.is_valid() for form in forms_]):
        uploads = _uploads(file_forms)
        details = declaration.details(declaration_form)
        if request_form.cleaned_data["request_summary"].strip():
            details.append((gettext("Nội dung yêu cầu"), request_form.cleaned_data["request_summary"].strip()))
        if not uploads:
            errors.append(gettext("Hãy tải lên ít nhất một giấy tờ của hồ sơ trước khi nộp."))
        else:
            try:
                group = services.submit_online(
                    request.user,
                    kind,
                    receiving_agency=desk_form.desks[desk_form.cleaned_data["receiving_agency"]],
                    applicant=_applicant(applicant_form, request.user),
                    details=details,
                    uploads=uploads,
                    return_method=request_form.cleaned_data["return_method"],
                )
            except ValidationError as error:
                show_service_error(applicant_form, error)
            else:
                messages.success(
                    request,
                    gettext(
                        "Đã nộp hồ sơ liên thông. Mã tra cứu của nhóm: %(reference)s — hãy ghi lại để theo dõi cả "
                        "nhóm tại «Tra cứu hồ sơ liên thông». Kết quả của các cơ quan được trả cùng lúc."
                    )
                    % {"reference": group.reference},
                )
                return redirect("portal:my-group", group.pk)
    context = {
        "kind": kind,
        "desk_form": desk_form,
        "declaration_form": declaration_form,
        "applicant_form": applicant_form,
        "request_form": request_form,
        "parts": [{"planned": item, "form": form} for item, form in zip(planned, file_forms, strict=True)],
        "errors": errors,
    }
    invalid = request.method == "POST"
    return render(request, "portal/groups/start.html", context, status=STATUS_INVALID if invalid else 200)


def _own_groups(request):
    return DossierGroup.objects.filter(applicant_user=request.user)


def _rows(group: DossierGroup, now) -> tuple[list[dict], object]:
    dossiers = services.members(group)
    rows = []
    for dossier in dossiers:
        status = due_status(dossier, now)
        rows.append(
            {
                "dossier": dossier,
                "plain_state": PLAIN_STATES.get(dossier.state, dossier.get_state_display()),
                "overdue_label": status.label if status.overdue else "",
            }
        )
    return rows, overview(dossiers, now)


@never_cache
@applicant_required
@require_GET
def my_groups(request):
    """The applicant's groups, each shown as one with its parts' states (part of "Hồ sơ của tôi")."""
    now = timezone.now()
    groups = []
    for group in _own_groups(request)[:50]:
        rows, summary = _rows(group, now)
        groups.append({"group": group, "rows": rows, "overview": summary})
    return render(request, "portal/groups/list.html", {"groups": groups, "slugs": SLUGS.items()})


@never_cache
@applicant_required
@require_GET
def my_group(request, pk: int):
    group = get_object_or_404(_own_groups(request), pk=pk)
    rows, summary = _rows(group, timezone.now())
    return render(request, "portal/groups/detail.html", {"group": group, "rows": rows, "overview": summary})


@never_cache
@require_http_methods(["GET", "POST"])
def tracking(request):
    """Public tracking of a group by its reference and the applicant's phone or ID number, as for one dossier:
    each part is looked up by motcua.portal.tracking_service (same secret, same words, same throttle)."""
    form = GroupTrackingForm(request.POST or None, initial={"code": request.GET.get("ma", "")[:40]})
    if request.method == "GET":
        return render(request, "portal/groups/tracking.html", {"form": form})
    if not tracking_service.try_allowed(request.META.get("REMOTE_ADDR", "")):
        return render(request, "portal/groups/tracking.html", {"form": form, "throttled": True}, status=STATUS_TOO_MANY)
    answers = None
    if form.is_valid():
        reference = normalise_group_reference(form.cleaned_data["code"])
        group = DossierGroup.objects.filter(reference=reference).first()
        dossiers = services.members(group) if group else []
        found = [tracking_service.find(d.reference, form.cleaned_data["secret"]) for d in dossiers]
        if found and all(found):
            answers = {"group": group, "parts": found, "overview": overview(dossiers)}
    context = {"form": form, "answers": answers, "not_found": form.is_valid() and answers is None}
    return render(request, "portal/groups/tracking.html", context)
