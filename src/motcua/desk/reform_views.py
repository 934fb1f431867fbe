"""Staff pages of administrative reform (cải cách hành chính): plans, inspections, follow-up, self-assessment.

Thin views: who may read or act is reform.access, the rules are the reform services. A refused change re-renders
the bound form with the service's message, so nothing typed is lost.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import staff_required
from motcua.core.form_errors import show_service_error
from motcua.core.paging import paginate
from motcua.dossiers.permissions import visible_dossiers
from motcua.orgs.models import Agency
from motcua.reform import access, forms
from motcua.reform.models import (
    Assessment,
    ChecklistItem,
    Finding,
    FollowUpFile,
    IndexTemplate,
    Inspection,
    Measure,
    PlanTask,
    Recommendation,
    ReformPlan,
    Score,
    ScoreFile,
    TaskUpdateFile,
    TeamMember,
)
from motcua.reform.printing import plan as plan_printing
from motcua.reform.printing import record as record_printing
from motcua.reform.services import assessment as assessments
from motcua.reform.services import evidence, followup, inspections, plans

PER_PAGE = 25
RECORDS_PER_PAGE = 50
SAVED = "Đã lưu."


def _attempt(request, form, action, success: str) -> bool:
    """Run the service call `action(cleaned_data)` for a valid form; show its refusal on the form otherwise."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        show_service_error(form, error)
        return False
    messages.success(request, success)
    return True


def _current_year(params) -> int:
    form = forms.YearForm(params)
    if form.is_valid() and form.cleaned_data["nam"]:
        return form.cleaned_data["nam"]
    return timezone.localdate().year


# -- home --------------------------------------------------------------------------------------------------------------


@staff_required
def home(request):
    user = request.user
    recommendations = followup.open_recommendations(user)
    return render(
        request,
        "desk/reform/home.html",
        {
            "plans": paginate(access.visible_plans(user).select_related("agency"), request.GET, "trang-ke-hoach", 10),
            "inspections": paginate(
                access.visible_inspections(user).select_related("inspecting_agency", "target_agency"),
                request.GET,
                "trang-kiem-tra",
                10,
            ),
            "recommendations": paginate(recommendations, request.GET, "trang-kien-nghi", PER_PAGE),
            "overdue_count": recommendations.filter(overdue=True).count(),
            "can_plan": access.managed_agencies(user).exists(),
            "can_inspect": access.superior_agencies(user).exists(),
        },
    )


# -- plans -------------------------------------------------------------------------------------------------------------


@staff_required
def plan_create(request):
    agencies = access.managed_agencies(request.user).order_by("name")
    if not agencies.exists():
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị cơ quan được lập kế hoạch."))
    form = forms.PlanForm(request.POST or None, agencies=agencies, initial={"year": timezone.localdate().year})
    created = {}

    def action(data):
        created["plan"] = plans.create_plan(
            request.user,
            data["agency"],
            year=data["year"],
            kind=data["kind"],
            title=data["title"],
            number=data["number"],
            issued_on=data["issued_on"],
        )

    if request.method == "POST" and _attempt(request, form, action, gettext("Đã tạo kế hoạch.")):
        return redirect("desk:reform-plan", created["plan"].pk)
    return render(request, "desk/reform/plan_create.html", {"form": form})


def _visible_plan(user, pk) -> ReformPlan:
    return get_object_or_404(access.visible_plans(user).select_related("agency__unit", "agency__parent"), pk=pk)


@staff_required
def plan_detail(request, pk):
    plan = _visible_plan(request.user, pk)
    manager = access.can_manage_plan(request.user, plan.agency)
    edit_form = forms.PlanEditForm(
        request.POST if request.POST.get("form") == "plan" else None,
        initial={"title": plan.title, "number": plan.number, "issued_on": plan.issued_on},
        prefix="plan",
    )
    task_form = forms.TaskForm(request.POST if request.POST.get("form") == "task" else None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(gettext("Bạn chỉ được xem kế hoạch này."))
        if request.POST.get("form") == "plan":
            done = _attempt(
                request,
                edit_form,
                lambda d: plans.update_plan(
                    request.user, plan, title=d["title"], number=d["number"], issued_on=d["issued_on"]
                ),
                gettext(SAVED),
            )
        else:
            done = _attempt(
                request, task_form, lambda d: plans.add_task(request.user, plan, **d), gettext("Đã thêm nhiệm vụ.")
            )
        if done:
            return redirect("desk:reform-plan", plan.pk)
    groups = plans.tasks_by_area(plan)
    return render(
        request,
        "desk/reform/plan.html",
        {
            "plan": plan,
            "groups": groups,
            "counts": plans.task_counts([task for group in groups for task in group.tasks]),
            "manager": manager,
            "edit_form": edit_form,
            "task_form": task_form,
        },
    )


@staff_required
def plan_export(request, pk, fmt):
    plan = _visible_plan(request.user, pk)
    body = plan_printing.xlsx(plan) if fmt == "xlsx" else plan_printing.docx(plan)
    response = HttpResponse(body, content_type=plan_printing.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plan_printing.filename(plan, fmt)}"'
    return response


def _visible_task(user, pk) -> PlanTask:
    return get_object_or_404(
        PlanTask.objects.filter(plan__in=access.visible_plans(user)).select_related("plan__agency"), pk=pk
    )


@staff_required
def task_detail(request, pk):
    task = _visible_task(request.user, pk)
    manager = access.can_manage_plan(request.user, task.plan.agency)
    which = request.POST.get("form")
    progress_form = forms.ProgressForm(
        request.POST if which == "progress" else None,
        request.FILES if which == "progress" else None,
        initial={"status": task.status, "progress": task.progress},
    )
    task_form = forms.TaskForm(
        request.POST if which == "task" else None,
        initial={
            "area": task.area,
            "title": task.title,
            "owner": task.owner,
            "deadline": task.deadline,
            "expected_output": task.expected_output,
        },
    )
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(gettext("Bạn chỉ được xem nhiệm vụ này."))
        if which == "progress":
            done = _attempt(
                request,
                progress_form,
                lambda d: plans.report_progress(
                    request.user, task, status=d["status"], progress=d["progress"], note=d["note"], files_in=d["files"]
                ),
                gettext("Đã ghi nhận tiến độ."),
            )
        else:
            done = _attempt(request, task_form, lambda d: plans.update_task(request.user, task, **d), gettext(SAVED))
        if done:
            return redirect("desk:reform-task", task.pk)
    return render(
        request,
        "desk/reform/task.html",
        {
            "task": task,
            "overdue": plans.is_overdue(task),
            "updates": task.updates.select_related("reported_by").prefetch_related("files"),
            "manager": manager,
            "progress_form": progress_form,
            "task_form": task_form,
        },
    )


@staff_required
def task_delete(request, pk):
    task = _visible_task(request.user, pk)
    if not access.can_manage_plan(request.user, task.plan.agency):
        raise PermissionDenied(gettext("Bạn chỉ được xem nhiệm vụ này."))
    back = reverse("desk:reform-task", args=[task.pk])
    if request.method == "POST":
        try:
            plans.delete_task(request.user, task)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, gettext("Đã xóa nhiệm vụ."))
        return redirect("desk:reform-plan", task.plan_id)
    return render(
        request,
        "desk/reform/confirm.html",
        {
            "title": gettext("Xóa nhiệm vụ?"),
            "text": gettext("Bạn sắp xóa nhiệm vụ «%(task)s» khỏi kế hoạch.") % {"task": task.title},
            "button": gettext("Xóa"),
            "back_url": back,
        },
    )


FILE_MODELS = {"tien-do": TaskUpdateFile, "khac-phuc": FollowUpFile, "diem": ScoreFile}


def _file_allowed(user, kind: str, stored) -> bool:
    if kind == "tien-do":
        return access.visible_plans(user).filter(pk=stored.update.task.plan_id).exists()
    if kind == "khac-phuc":
        return access.can_see_inspection(user, stored.report.recommendation.inspection)
    return access.visible_assessments(user).filter(pk=stored.score.assessment_id).exists()


@staff_required
def file_download(request, kind, pk):
    model = FILE_MODELS.get(kind)
    if model is None:
        raise Http404
    stored = get_object_or_404(model, pk=pk)
    if not _file_allowed(request.user, kind, stored):
        raise Http404
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)


# -- inspections -------------------------------------------------------------------------------------------------------


@staff_required
def inspection_list(request):
    inspections_seen = access.visible_inspections(request.user).select_related("inspecting_agency", "target_agency")
    return render(
        request,
        "desk/reform/inspections.html",
        {
            "paged": paginate(inspections_seen, request.GET, "trang", PER_PAGE),
            "can_inspect": access.superior_agencies(request.user).exists(),
        },
    )


def _targets(superiors):
    ids = set()
    for superior in superiors.select_related("unit"):
        ids.update(access.inspectable_agencies(superior).values_list("pk", flat=True))
    return Agency.objects.filter(pk__in=ids).order_by("name")


@staff_required
def inspection_create(request):
    superiors = access.superior_agencies(request.user).order_by("name")
    if not superiors.exists():
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị của cơ quan cấp trên được lập cuộc kiểm tra."))
    form = forms.InspectionForm(
        request.POST or None,
        superiors=superiors,
        targets=_targets(superiors),
        initial={"template": inspections.default_template()},
    )
    created = {}

    def action(data):
        team = []
        lead_name = request.user.get_full_name()
        team.append(inspections.Member(lead_name, TeamMember.Role.LEAD, "", request.user))
        created["inspection"] = inspections.plan_inspection(
            request.user,
            data["inspecting_agency"],
            data["target_agency"],
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            inspected_on=data["inspected_on"],
            decision_number=data["decision_number"],
            template=data["template"],
            team=team,
        )

    if request.method == "POST":
        try:
            done = _attempt(request, form, action, gettext("Đã lập cuộc kiểm tra; bạn là trưởng đoàn."))
        except PermissionDenied as error:
            form.add_error("target_agency", str(error))
            done = False
        if done:
            return redirect("desk:reform-inspection", created["inspection"].pk)
    return render(request, "desk/reform/inspection_create.html", {"form": form})


def _visible_inspection(user, pk) -> Inspection:
    return get_object_or_404(
        access.visible_inspections(user).select_related(
            "inspecting_agency__unit", "target_agency__unit", "signed_by", "created_by"
        ),
        pk=pk,
    )


def _inspection_forms(inspection, data=None, which=None):
    def bound(name):
        return data if which == name else None

    return {
        "edit_form": forms.InspectionEditForm(
            bound("update"),
            initial={
                "title": inspection.title,
                "decision_number": inspection.decision_number,
                "period_start": inspection.period_start,
                "period_end": inspection.period_end,
                "inspected_on": inspection.inspected_on,
            },
        ),
        "member_form": forms.MemberForm(bound("member"), prefix="member"),
        "finding_form": forms.FindingForm(bound("finding"), prefix="finding"),
        "recommendation_form": forms.RecommendationForm(
            bound("recommendation"), prefix="rec", agencies=inspections.responsible_agencies(inspection)
        ),
        "conclusion_form": forms.ConclusionForm(bound("conclusion"), initial={"conclusion": inspection.conclusion}),
    }


@staff_required
def inspection_detail(request, pk):
    inspection = _visible_inspection(request.user, pk)
    user = request.user
    editable = access.can_edit_inspection(user, inspection)
    which = request.POST.get("form")
    page_forms = _inspection_forms(inspection, request.POST, which)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(gettext("Bạn không được sửa biên bản này."))
        if _handle_inspection_post(request, inspection, which, page_forms):
            return redirect(f"{reverse('desk:reform-inspection', args=[inspection.pk])}#{which}")
    figures = evidence.figures_of(inspection)
    checklist = list(inspection.checklist.all())
    for item in checklist:
        item.figure = figures.get(item.measure)
        item.form = forms.AssessForm(initial={"result": item.result, "note": item.note}, prefix=f"item-{item.pk}")
    return render(
        request,
        "desk/reform/inspection.html",
        {
            "inspection": inspection,
            "members": inspection.members.select_related("user"),
            "checklist": checklist,
            "findings": inspection.findings.all(),
            "recommendations": [
                (recommendation, followup.is_overdue(recommendation))
                for recommendation in inspection.recommendations.select_related("responsible_agency")
            ],
            "editable": editable,
            "can_sign": access.can_sign(user, inspection),
            **page_forms,
        },
    )


def _handle_inspection_post(request, inspection, which, page_forms) -> bool:
    user = request.user
    if which == "update":
        return _attempt(
            request,
            page_forms["edit_form"],
            lambda d: inspections.update_inspection(user, inspection, **d),
            gettext(SAVED),
        )
    if which == "member":

        def add(d):
            member = inspections.Member(d["full_name"], d["role"], d["position"], d["username"])
            inspections.add_member(user, inspection, member)

        return _attempt(request, page_forms["member_form"], add, gettext("Đã thêm thành viên."))
    if which == "finding":
        return _attempt(
            request,
            page_forms["finding_form"],
            lambda d: inspections.add_finding(user, inspection, **d),
            gettext("Đã thêm kết quả kiểm tra."),
        )
    if which == "recommendation":
        return _attempt(
            request,
            page_forms["recommendation_form"],
            lambda d: inspections.add_recommendation(
                user,
                inspection,
                area=d["area"],
                text=d["text"],
                responsible=d["responsible_agency"],
                deadline=d["deadline"],
            ),
            gettext("Đã thêm kiến nghị."),
        )
    if which == "conclusion":
        return _attempt(
            request,
            page_forms["conclusion_form"],
            lambda d: inspections.set_conclusion(user, inspection, d["conclusion"]),
            gettext(SAVED),
        )
    raise Http404


@staff_required
@require_POST
def checklist_assess(request, pk):
    item = get_object_or_404(ChecklistItem.objects.select_related("inspection"), pk=pk)
    if not access.can_see_inspection(request.user, item.inspection):
        raise Http404
    form = forms.AssessForm(request.POST, prefix=f"item-{item.pk}")
    if form.is_valid():
        try:
            inspections.assess(request.user, item, result=form.cleaned_data["result"], note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Đã lưu đánh giá tiêu chí «%(title)s».") % {"title": item.title})
    else:
        messages.error(request, gettext("Đánh giá không hợp lệ."))
    return redirect(f"{reverse('desk:reform-inspection', args=[item.inspection_id])}#tieu-chi-{item.pk}")


REMOVABLE = {
    "thanh-vien": (TeamMember, inspections.remove_member, "Đã bỏ thành viên khỏi đoàn."),
    "ket-qua": (Finding, inspections.remove_finding, "Đã xóa kết quả kiểm tra."),
    "kien-nghi": (Recommendation, inspections.remove_recommendation, "Đã xóa kiến nghị."),
}


@staff_required
def inspection_remove(request, kind, pk):
    """Remove a team member, a finding or a recommendation from a draft record, after a confirmation."""
    if kind not in REMOVABLE:
        raise Http404
    model, remove, done = REMOVABLE[kind]
    row = get_object_or_404(model.objects.select_related("inspection"), pk=pk)
    inspection = row.inspection
    if not access.can_see_inspection(request.user, inspection):
        raise Http404
    if not access.can_edit_inspection(request.user, inspection):
        raise PermissionDenied(gettext("Bạn không được sửa biên bản này."))
    back = reverse("desk:reform-inspection", args=[inspection.pk])
    if request.method == "POST":
        try:
            remove(request.user, row)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext(done))
        return redirect(back)
    return render(
        request,
        "desk/reform/confirm.html",
        {
            "title": gettext("Xóa khỏi biên bản?"),
            "text": gettext("Bạn sắp xóa «%(item)s» khỏi biên bản kiểm tra.") % {"item": row},
            "button": gettext("Xóa"),
            "back_url": back,
        },
    )


@staff_required
def inspection_sign(request, pk):
    inspection = _visible_inspection(request.user, pk)
    if not access.can_sign(request.user, inspection):
        raise PermissionDenied(gettext("Chỉ trưởng đoàn kiểm tra được ký biên bản."))
    back = reverse("desk:reform-inspection", args=[inspection.pk])
    if request.method == "POST":
        try:
            inspections.sign(request.user, inspection)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Đã ký biên bản; số liệu kiểm chứng đã được lưu cố định."))
        return redirect(back)
    return render(
        request,
        "desk/reform/confirm.html",
        {
            "title": gettext("Ký biên bản kiểm tra?"),
            "text": gettext(
                "Sau khi ký, biên bản và số liệu kiểm chứng được lưu cố định, không sửa được nữa; "
                "cơ quan được kiểm tra sẽ thấy biên bản và báo cáo thực hiện kiến nghị."
            ),
            "button": gettext("Ký biên bản"),
            "back_url": back,
        },
    )


@staff_required
def inspection_record(request, pk, fmt):
    inspection = _visible_inspection(request.user, pk)
    body = record_printing.pdf(inspection) if fmt == "pdf" else record_printing.docx(inspection)
    response = HttpResponse(body, content_type=record_printing.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{record_printing.filename(inspection, fmt)}"'
    return response


RECORD_LINKS = {
    "dossier": lambda pk: reverse("desk:dossier", args=[pk]),
    "plan": lambda pk: reverse("desk:reform-plan", args=[pk]),
    "version": lambda pk: reverse("desk:catalog_version", args=[pk]),
}


def _openable(user, records) -> set[tuple[str, int]]:
    """The records of this page the user may open; the others are listed without a link (a team member from the
    city may not read a commune's dossiers)."""
    ids = {kind: [r["id"] for r in records if r["kind"] == kind] for kind in RECORD_LINKS}
    return (
        {("dossier", pk) for pk in visible_dossiers(user).filter(pk__in=ids["dossier"]).values_list("pk", flat=True)}
        | {("plan", pk) for pk in access.visible_plans(user).filter(pk__in=ids["plan"]).values_list("pk", flat=True)}
        | {("version", pk) for pk in ids["version"]}
    )


@staff_required
def evidence_records(request, pk, measure):
    """The records behind one figure (hồ sơ, kế hoạch, thủ tục), linked to their pages where the user may open them."""
    inspection = _visible_inspection(request.user, pk)
    if measure not in Measure.values:
        raise Http404
    figure = evidence.figures_of(inspection)[measure]
    paged = paginate(figure.records, request.GET, "trang", RECORDS_PER_PAGE)
    openable = _openable(request.user, list(paged.page))
    rows = [
        {**item, "url": RECORD_LINKS[item["kind"]](item["id"]) if (item["kind"], item["id"]) in openable else ""}
        for item in paged.page
    ]
    return render(
        request,
        "desk/reform/evidence.html",
        {"inspection": inspection, "figure": figure, "paged": paged, "rows": rows},
    )


# -- follow-up ---------------------------------------------------------------------------------------------------------


@staff_required
def recommendation_detail(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("inspection__target_agency", "responsible_agency"), pk=pk
    )
    inspection = recommendation.inspection
    if not access.can_see_inspection(request.user, inspection):
        raise Http404
    user = request.user
    which = request.POST.get("form")
    can_report = inspection.is_signed and access.can_report_on(user, recommendation)
    can_decide = inspection.is_signed and access.can_decide_for(user, inspection)
    report_form = forms.FollowUpForm(
        request.POST if which == "report" else None, request.FILES if which == "report" else None
    )
    decision_form = forms.DecisionForm(request.POST if which == "decision" else None)
    reports = list(recommendation.reports.select_related("reported_by", "decided_by").prefetch_related("files"))
    pending = next((made for made in reversed(reports) if not made.decision), None)
    if request.method == "POST":
        if which == "report" and can_report:
            done = _attempt(
                request,
                report_form,
                lambda d: followup.report(user, recommendation, text=d["text"], files_in=d["files"]),
                gettext("Đã gửi báo cáo khắc phục."),
            )
        elif which == "decision" and can_decide and pending is not None:
            done = _attempt(
                request,
                decision_form,
                lambda d: followup.decide(user, pending, accept=d["decision"] == "accept", note=d["decision_note"]),
                gettext("Đã ghi nhận ý kiến của cơ quan kiểm tra."),
            )
        else:
            raise PermissionDenied(gettext("Bạn không được làm việc này."))
        if done:
            return redirect("desk:reform-recommendation", recommendation.pk)
    return render(
        request,
        "desk/reform/recommendation.html",
        {
            "recommendation": recommendation,
            "inspection": inspection,
            "overdue": followup.is_overdue(recommendation),
            "reports": reports,
            "pending": pending,
            "can_report": can_report and followup.awaiting_report(recommendation),
            "can_decide": can_decide and pending is not None,
            "report_form": report_form,
            "decision_form": decision_form,
        },
    )


@staff_required
def year_summary(request):
    year = _current_year(request.GET)
    summary = followup.year_summary(access.visible_inspections(request.user), year)
    return render(request, "desk/reform/summary.html", {"summary": summary, "year": year})


# -- self-assessment ---------------------------------------------------------------------------------------------------


@staff_required
def assessment_list(request):
    user = request.user
    agencies = access.managed_agencies(user).order_by("name")
    form = forms.AssessmentStartForm(
        request.POST or None, agencies=agencies, initial={"year": timezone.localdate().year}
    )
    created = {}

    def action(data):
        created["assessment"] = assessments.start(user, data["template"], data["agency"], data["year"])

    if request.method == "POST":
        if not agencies.exists():
            raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị cơ quan được tự đánh giá."))
        if _attempt(request, form, action, gettext("Đã tạo bản tự đánh giá.")):
            return redirect("desk:reform-assessment", created["assessment"].pk)
    year = _current_year(request.GET)
    rankings = []
    for superior in access.superior_agencies(user).select_related("unit")[:10]:
        for template in IndexTemplate.objects.all():
            ranked = assessments.ranking(superior, template, year)
            if ranked:
                rankings.append({"superior": superior, "template": template, "rows": ranked})
    return render(
        request,
        "desk/reform/assessments.html",
        {
            "paged": paginate(
                access.visible_assessments(user).select_related("agency", "template"), request.GET, "trang", PER_PAGE
            ),
            "form": form if agencies.exists() else None,
            "rankings": rankings,
            "year": year,
        },
    )


@staff_required
def assessment_detail(request, pk):
    item = get_object_or_404(access.visible_assessments(request.user).select_related("agency", "template"), pk=pk)
    user = request.user
    can_self = access.can_self_assess(user, item) and item.status == Assessment.Status.DRAFT
    can_appraise = access.can_appraise(user, item) and item.status == Assessment.Status.SUBMITTED
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "submit" and can_self:
                assessments.submit(user, item)
                messages.success(request, gettext("Đã gửi bản tự đánh giá để thẩm định."))
            elif action == "finish" and can_appraise:
                assessments.finish_appraisal(user, item)
                messages.success(request, gettext("Đã hoàn thành thẩm định."))
            else:
                raise PermissionDenied(gettext("Bạn không được làm việc này."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("desk:reform-assessment", item.pk)
    lines = assessments.tree(item)
    for line in lines:
        if line.score is not None and can_self:
            line.form = forms.ScoreForm(
                initial={"points": line.score.self_score, "note": line.score.self_note}, prefix=f"s{line.score.pk}"
            )
        elif line.score is not None and can_appraise:
            line.form = forms.AppraisalForm(
                initial={"points": line.score.appraised_score, "note": line.score.appraisal_note},
                prefix=f"s{line.score.pk}",
            )
    return render(
        request,
        "desk/reform/assessment.html",
        {
            "assessment": item,
            "lines": lines,
            "totals": assessments.totals(item),
            "can_self": can_self,
            "can_appraise": can_appraise,
        },
    )


@staff_required
@require_POST
def score_save(request, pk):
    score = get_object_or_404(Score.objects.select_related("assessment", "node"), pk=pk)
    item = score.assessment
    if not access.visible_assessments(request.user).filter(pk=item.pk).exists():
        raise Http404
    appraising = item.status == Assessment.Status.SUBMITTED
    form_class = forms.AppraisalForm if appraising else forms.ScoreForm
    form = form_class(request.POST, request.FILES, prefix=f"s{score.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if appraising:
                assessments.score_appraised(request.user, score, points=data["points"], note=data["note"])
            else:
                assessments.score_self(
                    request.user, score, points=data["points"], note=data["note"], files_in=data["files"]
                )
        except ValidationError as error:
            messages.error(request, f"{score.node.code}: " + " ".join(error.messages))
        else:
            messages.success(request, gettext("Đã lưu điểm tiêu chí %(code)s.") % {"code": score.node.code})
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, f"{score.node.code}: " + " ".join(errors))
    return redirect(f"{reverse('desk:reform-assessment', args=[item.pk])}#diem-{score.pk}")
