"""Staff pages of the procedure catalog (quản lý thủ tục hành chính) and the control dashboard (kiểm soát TTHC).

Thin views: the rules and rights live in motcua.catalog.versions, processes, permissions and control. A refused
change re-renders the bound forms, so nothing typed is lost.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from motcua.accounts.decorators import staff_required
from motcua.accounts.scope import can_see_agency, visible_agencies
from motcua.catalog import control, processes, versions
from motcua.catalog.forms import (
    AbolishForm,
    CatalogFilterForm,
    DraftEditor,
    OfferingForm,
    PostingForm,
    PostingRemovalForm,
    ProcessForm,
    PublishForm,
    StepForm,
    StepFormSet,
    steps_of,
)
from motcua.catalog.models import (
    AgencyOffering,
    Channel,
    InternalProcess,
    Posting,
    Procedure,
    ProcedureVersion,
)
from motcua.catalog.permissions import (
    administered_agencies,
    can_edit_agency_catalog,
    can_edit_catalog,
    control_agencies,
    is_control_staff,
)
from motcua.catalog.text import fold
from motcua.core.form_errors import show_service_error
from motcua.core.paging import paginate
from motcua.core.validators import parse_id
from motcua.orgs.models import Agency

CATALOG_PER_PAGE = 50
CONTROL_PER_PAGE = 100


def _require_catalog_editor(user) -> None:
    if not can_edit_catalog(user):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống được sửa, công bố hoặc bãi bỏ thủ tục hành chính."))


# -- the catalog -------------------------------------------------------------------------------------------------


@staff_required
def catalog_list(request):
    """Every procedure by its latest version, searchable without diacritics."""
    latest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number").values("pk")[:1]
    shown = Procedure.objects.annotate(shown=Subquery(latest)).values("shown")
    rows = ProcedureVersion.objects.filter(pk__in=shown).select_related("procedure", "field")
    form = CatalogFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rows = rows.filter(search_text__contains=fold(data["q"]))
        if data["field"]:
            rows = rows.filter(field=data["field"])
        status = data["status"]
        if status == CatalogFilterForm.Status.ABOLISHED:
            rows = rows.filter(procedure__abolished_on__isnull=False)
        elif status:
            rows = rows.filter(status=status, procedure__abolished_on__isnull=True)
    paged = paginate(rows.order_by("procedure__code"), request.GET, "trang", CATALOG_PER_PAGE)
    return render(
        request,
        "desk/catalog/list.html",
        {"form": form, "paged": paged, "can_edit": can_edit_catalog(request.user), "today": datetime.date.today()},
    )


@staff_required
def procedure_create(request):
    _require_catalog_editor(request.user)
    editor = DraftEditor(ProcedureVersion(), request.POST or None, request.FILES or None, new_procedure=True)
    if request.method == "POST" and editor.is_valid():
        try:
            version = versions.create_procedure(
                request.user, editor.form.cleaned_data["code"], editor.form.instance, editor.save_children
            )
        except ValidationError as error:
            show_service_error(editor.form, error)
        else:
            messages.success(
                request, gettext("Đã tạo bản dự thảo phiên bản 1. Kiểm tra rồi công bố khi có quyết định.")
            )
            return redirect("desk:catalog_version", version.pk)
    return render(request, "desk/catalog/edit.html", {"editor": editor, "version": None})


@staff_required
def procedure_detail(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk)
    user = request.user
    history = procedure.versions.select_related("publication", "field").order_by("-number")
    offerings = (
        procedure.offerings.filter(agency__in=visible_agencies(user)).select_related("agency").order_by("agency__name")
    )
    addable = administered_agencies(user).exclude(offerings__procedure=procedure).order_by("name")
    return render(
        request,
        "desk/catalog/procedure.html",
        {
            "procedure": procedure,
            "history": history,
            "in_force": versions.version_in_force(procedure),
            "draft": versions.open_draft(procedure),
            "offerings": offerings,
            "addable": addable if procedure.abolished_on is None else addable.none(),
            "can_edit": can_edit_catalog(user),
        },
    )


@staff_required
def version_detail(request, pk):
    version = get_object_or_404(
        ProcedureVersion.objects.select_related("procedure", "field", "publication", "created_by"), pk=pk
    )
    postings = version.postings.filter(agency__in=visible_agencies(request.user)).select_related("agency")
    return render(
        request,
        "desk/catalog/version.html",
        {
            "version": version,
            "procedure": version.procedure,
            "postings": postings,
            "can_edit": can_edit_catalog(request.user),
            "is_draft": version.status == ProcedureVersion.Status.DRAFT,
        },
    )


@staff_required
def draft_new(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk)
    if request.method != "POST":
        return redirect("desk:catalog_procedure", procedure.pk)
    try:
        draft = versions.new_draft(request.user, procedure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("desk:catalog_procedure", procedure.pk)
    messages.success(
        request, gettext("Đã tạo bản dự thảo phiên bản %(number)s từ phiên bản trước.") % {"number": draft.number}
    )
    return redirect("desk:catalog_draft_edit", draft.pk)


@staff_required
def draft_edit(request, pk):
    _require_catalog_editor(request.user)
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    if version.status != ProcedureVersion.Status.DRAFT:
        messages.error(request, gettext("Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới."))
        return redirect("desk:catalog_version", version.pk)
    editor = DraftEditor(version, request.POST or None, request.FILES or None)
    if request.method == "POST" and editor.is_valid():
        try:
            versions.save_draft(request.user, editor.form.instance, editor.save_children)
        except ValidationError as error:
            show_service_error(editor.form, error)
        else:
            messages.success(request, gettext("Đã lưu bản dự thảo."))
            return redirect("desk:catalog_version", version.pk)
    return render(request, "desk/catalog/edit.html", {"editor": editor, "version": version})


@staff_required
def draft_delete(request, pk):
    _require_catalog_editor(request.user)
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    procedure = version.procedure
    if request.method == "POST":
        try:
            versions.delete_draft(request.user, version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("desk:catalog_version", version.pk)
        messages.success(request, gettext("Đã xóa bản dự thảo."))
        if Procedure.objects.filter(pk=procedure.pk).exists():
            return redirect("desk:catalog_procedure", procedure.pk)
        return redirect("desk:catalog")
    return render(request, "desk/catalog/confirm_delete.html", {"version": version})


@staff_required
def draft_publish(request, pk):
    _require_catalog_editor(request.user)
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "confirm"}
        try:
            versions.publish(request.user, version, **data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                gettext("Đã công bố phiên bản %(number)s, có hiệu lực từ %(date)s.")
                % {"number": version.number, "date": f"{data['effective_on']:%d/%m/%Y}"},
            )
            return redirect("desk:catalog_version", version.pk)
    return render(
        request,
        "desk/catalog/publish.html",
        {"version": version, "form": form, "in_force": versions.version_in_force(version.procedure)},
    )


@staff_required
def procedure_abolish(request, pk):
    _require_catalog_editor(request.user)
    procedure = get_object_or_404(Procedure, pk=pk)
    form = AbolishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            versions.abolish(request.user, procedure, form.cleaned_data["abolished_on"], form.cleaned_data["decision"])
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, gettext("Đã bãi bỏ thủ tục; các phiên bản vẫn được lưu để tra cứu."))
            return redirect("desk:catalog_procedure", procedure.pk)
    return render(request, "desk/catalog/abolish.html", {"procedure": procedure, "form": form})


# -- an agency's offering, internal processes and postings --------------------------------------------------------


def _agency_for(request, agency_pk) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_pk)
    if not (can_see_agency(request.user, agency) or can_edit_agency_catalog(request.user, agency)):
        raise PermissionDenied(gettext("Bạn không xem được thủ tục của cơ quan này."))
    return agency


def _check_agency_edit(request, agency) -> None:
    if not can_edit_agency_catalog(request.user, agency):
        raise PermissionDenied(gettext("Bạn chỉ được xem thủ tục của cơ quan này."))


@staff_required
def offering_detail(request, pk, agency_pk):
    procedure = get_object_or_404(Procedure, pk=pk)
    agency = _agency_for(request, agency_pk)
    editable = can_edit_agency_catalog(request.user, agency)
    offering = AgencyOffering.objects.filter(procedure=procedure, agency=agency).first()
    reference = processes.reference_version(procedure)
    initial = {"receives": True, "active": True}
    if offering is not None:
        initial = {field: getattr(offering, field) for field in ("receives", "resolves", "channels", "active")}
    form = OfferingForm(initial=initial)
    posting_form = PostingForm(initial={"posted_on": datetime.date.today()})
    if request.method == "POST":
        _check_agency_edit(request, agency)
        action = request.POST.get("action")
        try:
            if action == "offering":
                form = OfferingForm(request.POST)
                if form.is_valid():
                    processes.save_offering(request.user, procedure, agency, **form.cleaned_data)
                    messages.success(request, gettext("Đã lưu cách cơ quan tiếp nhận, giải quyết thủ tục."))
                    return redirect(request.get_full_path())
            elif action == "posting":
                posting_form = PostingForm(request.POST)
                if reference is None:
                    posting_form.add_error(None, gettext("Thủ tục chưa được công bố nên chưa niêm yết được."))
                elif posting_form.is_valid():
                    processes.add_posting(request.user, reference, agency, **posting_form.cleaned_data)
                    messages.success(request, gettext("Đã ghi nhận niêm yết."))
                    return redirect(request.get_full_path())
        except ValidationError as error:
            show_service_error(form if action == "offering" else posting_form, error)
    if reference is not None:
        offered = set(reference.methods.values_list("channel", flat=True))
        form.fields["channels"].choices = [c for c in form.fields["channels"].choices if c[0] in offered]
    postings = (
        Posting.objects.filter(agency=agency, version__procedure=procedure)
        .select_related("version", "recorded_by")
        .order_by("-posted_on")
    )
    process_list = (
        InternalProcess.objects.filter(offering=offering).select_related("version").order_by("-version__number")
        if offering
        else []
    )
    return render(
        request,
        "desk/catalog/offering.html",
        {
            "procedure": procedure,
            "agency": agency,
            "offering": offering,
            "channel_labels": [Channel(channel).label for channel in offering.channels] if offering else [],
            "reference": reference,
            "form": form,
            "posting_form": posting_form,
            "removal_form": PostingRemovalForm(initial={"removed_on": datetime.date.today()}),
            "postings": postings,
            "processes": process_list,
            "process_versions": procedure.versions.order_by("-number") if offering else [],
            "editable": editable,
        },
    )


@staff_required
def posting_remove(request, pk):
    posting = get_object_or_404(Posting.objects.select_related("agency", "version"), pk=pk)
    agency = _agency_for(request, posting.agency_id)
    _check_agency_edit(request, agency)
    back = redirect("desk:catalog_offering", posting.version.procedure_id, agency.pk)
    if request.method != "POST":
        return back
    form = PostingRemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return back
    try:
        processes.remove_posting(request.user, posting, form.cleaned_data["removed_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Đã ghi nhận gỡ niêm yết."))
    return back


@staff_required
def process_edit(request, pk, agency_pk, version_pk):
    procedure = get_object_or_404(Procedure, pk=pk)
    agency = _agency_for(request, agency_pk)
    offering = get_object_or_404(AgencyOffering, procedure=procedure, agency=agency)
    version = get_object_or_404(procedure.versions.prefetch_related("methods"), pk=version_pk)
    editable = can_edit_agency_catalog(request.user, agency)
    process = (
        InternalProcess.objects.filter(offering=offering, version=version)
        .prefetch_related(Prefetch("steps", to_attr="ordered_steps"))
        .first()
    )
    header = ProcessForm(
        initial={"decision_number": process.decision_number, "approved_on": process.approved_on} if process else None
    )
    steps = StepFormSet(
        initial=[StepForm.initial_for(step) for step in process.ordered_steps] if process else None, prefix="buoc"
    )
    if request.method == "POST":
        _check_agency_edit(request, agency)
        if request.POST.get("action") == "copy":
            return _copy_process(request, offering, version)
        header, steps = ProcessForm(request.POST), StepFormSet(request.POST, prefix="buoc")
        if header.is_valid() and steps.is_valid():
            try:
                processes.save_process(request.user, offering, version, steps_of(steps), **header.cleaned_data)
            except ValidationError as error:
                show_service_error(header, error)
            else:
                messages.success(request, gettext("Đã lưu quy trình nội bộ."))
                return redirect(request.get_full_path())
    legal = processes.legal_minutes(version)
    other_processes = offering.processes.exclude(version=version).select_related("version").order_by("-version__number")
    return render(
        request,
        "desk/catalog/process.html",
        {
            "procedure": procedure,
            "agency": agency,
            "offering": offering,
            "version": version,
            "process": process,
            "header": header,
            "steps": steps,
            "legal_label": processes.working_time_label(legal) if legal is not None else None,
            "total_label": processes.working_time_label(processes.total_minutes(process.ordered_steps))
            if process
            else None,
            "copy_sources": other_processes if editable and process is None else [],
            "editable": editable,
        },
    )


def _copy_process(request, offering, version):
    source = get_object_or_404(InternalProcess, offering=offering, pk=request.POST.get("source") or 0)
    try:
        processes.copy_process(request.user, source, version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, gettext("Đã chép quy trình từ phiên bản %(number)s.") % {"number": source.version.number}
        )
    return redirect(request.get_full_path())


# -- control -----------------------------------------------------------------------------------------------------


@staff_required
def control_dashboard(request):
    """Kiểm soát TTHC: what the agencies in the user's scope still owe for the procedures in force."""
    user = request.user
    if not is_control_staff(user):
        raise PermissionDenied(gettext("Trang kiểm soát thủ tục hành chính dành cho quản trị và thanh tra."))
    agencies = control_agencies(user)
    chosen_agency = parse_id(request.GET.get("co_quan"))
    scope = agencies.filter(pk=chosen_agency) if chosen_agency is not None else agencies
    problem = request.GET.get("van_de", "")
    problem = problem if problem in control.Problem.values else ""
    search = fold(request.GET.get("q", ""))
    all_items = [item for item in control.control_items(scope) if search in item.version.search_text]
    items = [item for item in all_items if not problem or item.problem == problem]
    paged = paginate(items, request.GET, "trang", CONTROL_PER_PAGE)
    return render(
        request,
        "desk/catalog/control.html",
        {
            "paged": paged,
            "summary": control.summary(all_items),
            "problems": control.Problem.choices,
            "problem": problem,
            "agencies": agencies.filter(offerings__active=True).distinct().order_by("name"),
            "chosen_agency": chosen_agency,
            "search": request.GET.get("q", ""),
            "grace_days": control.posting_grace_days(),
        },
    )
