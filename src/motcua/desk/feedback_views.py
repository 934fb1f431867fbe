"""Staff pages of the feedback area (/can-bo/danh-gia/): the desk's rating screen (kiosk), the follow-ups of
unhappy ratings for the agency's leaders, and the satisfaction surveys.

Thin views: who may do what is motcua.feedback.access (asked again by the services), the rules are
motcua.feedback.ratings and motcua.feedback.surveys. Anything outside the user's scope is a 404.
"""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import staff_required
from motcua.core.form_errors import show_service_error
from motcua.core.paging import paginate
from motcua.documents.qr import qr_svg
from motcua.dossiers.permissions import visible_dossiers
from motcua.feedback import access, ratings, sipas, surveys
from motcua.feedback.forms import (
    CRITERION_QUESTIONS,
    KioskStartForm,
    QuestionFormSet,
    ResolveFollowUpForm,
    SurveyAnswerForm,
    SurveyCreateForm,
)
from motcua.feedback.models import Criterion, DossierRating, FollowUp, Survey, SurveyResponse
from motcua.feedback.rating_page import rating_page
from motcua.feedback.survey_export import answers_csv, questions_csv

PER_PAGE = 25
# Where a new question without a number goes: after every numbered one.
LAST = 1_000_000
STATUS_INVALID = 422


# -- the desk's rating screen -------------------------------------------------------------------------------------


@staff_required
def feedback_home(request):
    """Start the rating screen for a returned dossier: by its code, or from the list of recent returns."""
    kiosk_dossiers = access.kiosk_dossiers(request.user)
    form = KioskStartForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        dossier = kiosk_dossiers.filter(code=form.cleaned_data["code"].strip()).first()
        if dossier is not None:
            return redirect("desk:feedback-kiosk", pk=dossier.pk)
        form.add_error("code", gettext("Không tìm thấy hồ sơ có mã này trong cơ quan của anh/chị."))
    recent = (
        kiosk_dossiers.filter(
            state__in=ratings.RATEABLE_STATES,
            returned_at__gte=timezone.now() - ratings.window(),
            rating__isnull=True,
        )
        .select_related("version")
        .order_by("-returned_at", "-pk")
    )
    context = {
        "form": form,
        "paged": paginate(recent, request.GET, "trang", PER_PAGE),
        "sees_follow_ups": access.sees_follow_ups(request.user),
    }
    return render(request, "desk/feedback/home.html", context)


@staff_required
def kiosk(request, pk: int):
    """A fresh rating form for one dossier, handed to the applicant at the desk (large buttons, touch)."""
    dossier = get_object_or_404(access.kiosk_dossiers(request.user).select_related("version"), pk=pk)
    return rating_page(
        request,
        dossier,
        template="desk/feedback/kiosk.html",
        channel=DossierRating.Channel.KIOSK,
        done_url=reverse("desk:feedback-kiosk-done", args=[dossier.pk]),
    )


@staff_required
def kiosk_done(request, pk: int):
    dossier = get_object_or_404(access.kiosk_dossiers(request.user), pk=pk)
    return render(request, "desk/feedback/kiosk_done.html", {"dossier": dossier})


# -- follow-ups of unhappy ratings --------------------------------------------------------------------------------


@staff_required
def follow_up_list(request):
    if not access.sees_follow_ups(request.user):
        raise PermissionDenied(gettext("Trang này dành cho lãnh đạo, quản trị cơ quan và thanh tra."))
    status = request.GET.get("tinh-trang", FollowUp.Status.OPEN)
    if status not in FollowUp.Status.values:
        status = FollowUp.Status.OPEN
    items = (
        access.follow_ups(request.user)
        .filter(status=status)
        .select_related("agency", "rating__dossier__version")
        .order_by("created_at", "pk")
    )
    context = {
        "paged": paginate(items, request.GET, "trang", PER_PAGE),
        "status": status,
        "statuses": FollowUp.Status.choices,
    }
    return render(request, "desk/feedback/follow_ups.html", context)


@staff_required
def follow_up_detail(request, pk: int):
    follow_up = get_object_or_404(
        access.follow_ups(request.user).select_related("agency", "resolved_by", "rating__dossier__version"), pk=pk
    )
    can_resolve = follow_up.status == FollowUp.Status.OPEN and access.can_resolve_follow_up(request.user, follow_up)
    form = ResolveFollowUpForm(request.POST if request.method == "POST" else None) if can_resolve else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(gettext("Chỉ lãnh đạo của cơ quan được xử lý việc này."))
        status = STATUS_INVALID
        if form.is_valid():
            try:
                ratings.resolve_follow_up(request.user, follow_up, note=form.cleaned_data["leader_note"])
            except ratings.RatingRefused as error:
                messages.error(request, error.message)
                return redirect("desk:feedback-follow-up", pk=follow_up.pk)
            except ValidationError as error:
                show_service_error(form, error)
            else:
                messages.success(request, gettext("Đã ghi kết quả xử lý."))
                return redirect("desk:feedback-follow-up", pk=follow_up.pk)
    rating = follow_up.rating
    context = {
        "follow_up": follow_up,
        "rating": rating,
        "scores": _score_rows(rating),
        "counts": _count_rows(rating),
        "form": form,
        "dossier_visible": visible_dossiers(request.user).filter(pk=rating.dossier_id).exists(),
    }
    return render(request, "desk/feedback/follow_up.html", context, status=status)


def _score_rows(rating: DossierRating) -> list[tuple[str, int | None, bool]]:
    """(question, score or None, unhappy?) per criterion, for the leader's page."""
    return [
        (CRITERION_QUESTIONS[Criterion(name)], value, value is not None and value <= ratings.UNHAPPY_AT_MOST)
        for name, value in rating.scores().items()
    ]


def _count_rows(rating: DossierRating) -> list[tuple[str, int | None, bool, str]]:
    """(question, count or None, beyond what a one-stop should need?, where it came from) for Art. 33 b) and c);
    None on ratings given before the counts were asked."""
    return [
        (
            CRITERION_QUESTIONS[Criterion.AGENCIES_COUNT],
            rating.agencies_count,
            ratings.too_many_agencies(rating),
            rating.get_agencies_count_source_display(),
        ),
        (
            CRITERION_QUESTIONS[Criterion.CONTACTS_COUNT],
            rating.contacts_count,
            ratings.too_many_contacts(rating),
            rating.get_contacts_count_source_display(),
        ),
    ]


# -- satisfaction surveys ------------------------------------------------------------------------------------------


def _survey(user, pk: int) -> Survey:
    return get_object_or_404(access.visible_surveys(user).select_related("agency", "created_by"), pk=pk)


def _public_url(survey: Survey) -> str:
    return settings.SITE_URL + reverse("portal:survey-answer", kwargs={"token": survey.token})


@staff_required
def survey_list(request):
    surveys_qs = access.visible_surveys(request.user).select_related("agency").order_by("-period_start", "-pk")
    context = {
        "paged": paginate(surveys_qs, request.GET, "trang", PER_PAGE),
        "can_create": access.can_create_surveys(request.user),
    }
    return render(request, "desk/feedback/surveys.html", context)


@staff_required
def survey_create(request):
    if not access.can_create_surveys(request.user):
        raise PermissionDenied(gettext("Chỉ lãnh đạo hoặc quản trị cơ quan được tạo cuộc khảo sát."))
    form = SurveyCreateForm(request.POST if request.method == "POST" else None, user=request.user)
    status = 200
    if request.method == "POST":
        status = STATUS_INVALID
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey = surveys.create_survey(
                    request.user,
                    data["agency"],
                    title=data["title"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    introduction=data["introduction"],
                    copy_from=data["copy_from"],
                )
            except ValidationError as error:
                show_service_error(form, error)
            else:
                messages.success(request, gettext("Đã tạo cuộc khảo sát. Xem lại câu hỏi rồi mở để nhận ý kiến."))
                return redirect("desk:feedback-survey-questions", pk=survey.pk)
    return render(request, "desk/feedback/survey_create.html", {"form": form}, status=status)


@staff_required
def survey_detail(request, pk: int):
    survey = _survey(request.user, pk)
    can_read = access.can_read_results(request.user, survey)
    context = {
        "survey": survey,
        "can_manage": access.can_manage_survey(request.user, survey),
        "can_read": can_read,
        "can_fill": access.can_fill_at_desk(request.user, survey),
        "results": sipas.compute(survey) if can_read else None,
        "public_url": _public_url(survey),
        "qr": qr_svg(_public_url(survey), gettext("Mã QR của phiếu khảo sát"), scale=4),
        "question_count": survey.questions.count(),
    }
    return render(request, "desk/feedback/survey.html", context)


@staff_required
def survey_questions(request, pk: int):
    survey = _survey(request.user, pk)
    try:
        surveys.require_draft(request.user, survey)
    except surveys.SurveyRefused as error:
        messages.error(request, error.message)
        return redirect("desk:feedback-survey", pk=survey.pk)
    formset = QuestionFormSet(
        request.POST if request.method == "POST" else None, queryset=survey.questions.order_by("order", "pk")
    )
    status = 200
    if request.method == "POST":
        status = STATUS_INVALID
        if formset.is_valid():
            rows = [
                (form.cleaned_data["order"] or LAST, index, form.save(commit=False))
                for index, form in enumerate(formset.forms)
                if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
            ]
            kept = [question for _order, _index, question in sorted(rows, key=lambda row: row[:2])]
            try:
                surveys.save_questions(request.user, survey, kept, [form.instance for form in formset.deleted_forms])
            except surveys.SurveyRefused as error:
                messages.error(request, error.message)
                return redirect("desk:feedback-survey", pk=survey.pk)
            messages.success(request, gettext("Đã lưu câu hỏi."))
            return redirect("desk:feedback-survey-questions", pk=survey.pk)
    return render(request, "desk/feedback/survey_questions.html", {"survey": survey, "formset": formset}, status=status)


@staff_required
@require_POST
def survey_open(request, pk: int):
    survey = _survey(request.user, pk)
    try:
        surveys.open_survey(request.user, survey)
    except surveys.SurveyRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Cuộc khảo sát đã mở, đường liên kết và mã QR dùng được từ bây giờ."))
    return redirect("desk:feedback-survey", pk=survey.pk)


@staff_required
def survey_close(request, pk: int):
    """GET asks for confirmation (closing cannot be undone); POST closes."""
    survey = _survey(request.user, pk)
    if not access.can_manage_survey(request.user, survey):
        raise PermissionDenied(gettext("Chỉ lãnh đạo hoặc quản trị của cơ quan được quản lý cuộc khảo sát này."))
    if request.method == "POST":
        try:
            surveys.close_survey(request.user, survey)
        except surveys.SurveyRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Đã đóng cuộc khảo sát."))
        return redirect("desk:feedback-survey", pk=survey.pk)
    return render(request, "desk/feedback/survey_close.html", {"survey": survey})


@staff_required
def survey_desk(request, pk: int):
    """A respondent fills the survey at the desk on the officer's screen; the officer is not recorded."""
    survey = _survey(request.user, pk)
    if not access.can_fill_at_desk(request.user, survey):
        raise PermissionDenied(gettext("Cuộc khảo sát không nhận ý kiến hoặc anh/chị không được mở phiếu tại quầy."))
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None, survey=survey)
    status = 200
    if request.method == "POST":
        status = STATUS_INVALID
        if form.is_valid():
            try:
                surveys.submit_response(
                    survey,
                    form.answers(),
                    channel=SurveyResponse.Channel.DESK,
                    dossier_code=form.cleaned_data["dossier_code"],
                )
            except surveys.SurveyRefused as error:
                messages.error(request, error.message)
                return redirect("desk:feedback-survey", pk=survey.pk)
            except ValidationError as error:
                show_service_error(form, error)
            else:
                messages.success(request, gettext("Đã ghi nhận phiếu. Phiếu mới đã sẵn sàng cho người tiếp theo."))
                return redirect("desk:feedback-survey-desk", pk=survey.pk)
    return render(request, "desk/feedback/survey_desk.html", {"survey": survey, "form": form}, status=status)


def _csv_response(text: str, filename: str) -> HttpResponse:
    # The byte-order mark lets Excel read the Vietnamese text as UTF-8.
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _readable_survey(user, pk: int) -> Survey:
    survey = _survey(user, pk)
    if not access.can_read_results(user, survey):
        raise PermissionDenied(gettext("Anh/chị không được xem kết quả cuộc khảo sát này."))
    return survey


@staff_required
def survey_answers_csv(request, pk: int):
    survey = _readable_survey(request.user, pk)
    return _csv_response(answers_csv(survey), f"khao-sat-{survey.pk}-tra-loi.csv")


@staff_required
def survey_questions_csv(request, pk: int):
    survey = _readable_survey(request.user, pk)
    return _csv_response(questions_csv(survey), f"khao-sat-{survey.pk}-cau-hoi.csv")


@staff_required
def survey_qr(request, pk: int):
    """The QR code as an SVG file, to print on posters and at the desk."""
    survey = _survey(request.user, pk)
    out = io.BytesIO()
    segno.make(_public_url(survey), error="m").save(out, kind="svg", scale=10, border=4, title=survey.title)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = content_disposition_header(True, f"khao-sat-{survey.pk}-qr.svg")
    return response
