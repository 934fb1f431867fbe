"""The desk's pages of the Decree 63/2024/NĐ-CP groups: receive a group at the counter (one form: the applicant,
the declaration, each part's checklist), see a group as one with each agency's dossier, and hand the results over
together once all are in. The rules are motcua.groups'; each part's own work happens on its dossier's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import Role
from motcua.core.form_errors import show_service_error
from motcua.core.paging import paginate
from motcua.desk.group_forms import DeliverForm, GroupApplicantForm, PartChecklistForm
from motcua.dossiers import lifecycle
from motcua.dossiers.due_status import due_status
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.groups import declaration, delivery, services
from motcua.groups.definitions import SLUGS, kind_for_slug
from motcua.groups.models import DossierGroup
from motcua.groups.scope import visible_groups
from motcua.groups.status import GroupStatus, overview
from motcua.orgs.models import Agency

PAGE_SIZE = 30
STATUS_INVALID = 422
STATUS_CONFLICT = 409


@never_cache
@staff_required
def group_list(request):
    paged = paginate(visible_groups(request.user), request.GET, "trang", PAGE_SIZE)
    now = timezone.now()
    rows = [{"group": group, "overview": overview(services.members(group), now)} for group in paged.page]
    # The intake links only for an officer whose desk takes every part of the group.
    intakes = [(kind, slug) for kind, slug in SLUGS.items() if _desks(request.user, kind)]
    return render(request, "desk/groups/list.html", {"paged": paged, "rows": rows, "slugs": intakes})


def _own_desks(user) -> list[Agency]:
    return list(Agency.objects.filter(role_assignments__user=user, role_assignments__role=Role.RECEIVING_OFFICER))


def _desks(user, kind) -> list[Agency]:
    """The user's desks that can take every part of the group."""
    mine = set(_own_desks(user))
    if not mine:
        return []
    return [
        agency for agency in services.receiving_agencies(kind, services.AT_DESK, timezone.localdate()) if agency in mine
    ]


def _desk(request, kind) -> Agency:
    """The officer's desk that can take every part of the group (chosen by ?co-quan= when several)."""
    if not _own_desks(request.user):
        raise PermissionDenied(gettext("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ tại Bộ phận Một cửa."))
    desks = _desks(request.user, kind)
    if not desks:
        raise Http404(gettext("Nơi làm việc của bạn chưa tiếp nhận đủ các thủ tục của nhóm liên thông này."))
    chosen = request.GET.get("co-quan", "")
    return next((desk for desk in desks if str(desk.pk) == chosen), desks[0])


def _applicant(form: GroupApplicantForm) -> lifecycle.Applicant:
    data = form.cleaned_data
    return lifecycle.Applicant(
        kind=data["applicant_kind"],
        name=data["applicant_name"].strip(),
        id_number=data["applicant_id_number"].strip(),
        phone=data["applicant_phone"].strip(),
        email=data["applicant_email"].strip(),
        address=data["applicant_address"].strip(),
        submitter_name=data["submitter_name"].strip(),
    )


@never_cache
@staff_required
def group_intake(request, slug: str):
    """Receive a complete group at the counter: every part is accepted at once, each with its own receipt (Mẫu 01)."""
    kind = kind_for_slug(slug)
    if kind is None:
        raise Http404(gettext("Không có nhóm thủ tục liên thông này."))
    desk = _desk(request, kind)
    planned = services.plan(kind, desk, services.AT_DESK, timezone.localdate())
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    applicant_form = GroupApplicantForm(data[0])
    declaration_form = declaration.declaration_form(kind, data[0])
    checklists = [PartChecklistForm(item.requirements, *data, prefix=f"phan{n}") for n, item in enumerate(planned, 1)]
    forms_ = (applicant_form, declaration_form, *checklists)
    if request.method == "POST" and all([form.is_valid() for form in forms_]):
        try:
            group = services.receive_at_desk(
                request.user,
                kind,
                receiving_agency=desk,
                applicant=_applicant(applicant_form),
                details=declaration.details(declaration_form),
                uploads=[upload for form in checklists for upload in form.uploads()],
                presented=[pk for form in checklists for pk in form.presented()],
                return_method=applicant_form.cleaned_data["return_method"],
            )
        except ValidationError as error:
            show_service_error(applicant_form, error)
        except (ActionNotAllowed, Conflict) as error:
            applicant_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                gettext("Đã tiếp nhận nhóm hồ sơ liên thông %(reference)s: %(codes)s.")
                % {"reference": group.reference, "codes": ", ".join(str(d) for d in services.members(group))},
            )
            return redirect("desk:group", group.pk)
    context = {
        "kind": kind,
        "desk": desk,
        "applicant_form": applicant_form,
        "declaration_form": declaration_form,
        "parts": [{"planned": item, "form": form} for item, form in zip(planned, checklists, strict=True)],
    }
    return render(
        request, "desk/groups/intake.html", context, status=STATUS_INVALID if request.method == "POST" else 200
    )


def _group_page(request, group: DossierGroup, *, form=None, status: int = 200):
    now = timezone.now()
    dossiers = services.members(group)
    summary = overview(dossiers, now)
    rows = []
    for dossier in dossiers:
        due = due_status(dossier, now)
        rows.append({"dossier": dossier, "due": due})
    can_deliver = summary.status == GroupStatus.RESULTS_READY and delivery.can_deliver(request.user, group)
    context = {
        "group": group,
        "rows": rows,
        "overview": summary,
        "deliver_form": (form or DeliverForm(initial={"method": dossiers[0].return_method})) if can_deliver else None,
    }
    return render(request, "desk/groups/detail.html", context, status=status)


@never_cache
@staff_required
def group_detail(request, pk: int):
    return _group_page(request, get_object_or_404(visible_groups(request.user), pk=pk))


@staff_required
@require_POST
def group_deliver(request, pk: int):
    """Hand over every part's result at once (trả kết quả đồng thời)."""
    group = get_object_or_404(visible_groups(request.user), pk=pk)
    form = DeliverForm(request.POST)
    if not form.is_valid():
        return _group_page(request, group, form=form, status=STATUS_INVALID)
    try:
        delivery.deliver_together(request.user, group, method=form.cleaned_data["method"])
    except (ActionNotAllowed, Conflict) as error:
        messages.error(request, error.message)
        return _group_page(request, group, status=STATUS_CONFLICT)
    messages.success(request, gettext("Đã trả cùng lúc kết quả của nhóm %(reference)s.") % {"reference": group})
    return redirect("desk:group", group.pk)
