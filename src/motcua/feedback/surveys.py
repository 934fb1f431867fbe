"""Running a satisfaction survey (khảo sát sự hài lòng): create it from the default questionnaire or an earlier
survey, edit its questions while a draft, open it for answers, close it, and take anonymous answers."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import record
from motcua.core.models import AuditEntry
from motcua.feedback import access
from motcua.feedback.models import Block, Question, Survey, SurveyAnswer, SurveyResponse
from motcua.feedback.survey_template import DEFAULT_QUESTIONS
from motcua.orgs.models import Agency

RENUMBER_OFFSET = 10_000

# The words of each point of the scale, per block (1 = lowest).
SCALES = {
    Block.ASSESSMENT: (
        _("Hoàn toàn không đồng ý"),
        _("Không đồng ý"),
        _("Phân vân"),
        _("Đồng ý"),
        _("Hoàn toàn đồng ý"),
    ),
    Block.SATISFACTION: (
        _("Rất không hài lòng"),
        _("Không hài lòng"),
        _("Bình thường"),
        _("Hài lòng"),
        _("Rất hài lòng"),
    ),
    Block.EXPECTATION: (
        _("Không cần cải thiện"),
        _("Ít cần cải thiện"),
        _("Cần cải thiện"),
        _("Rất cần cải thiện"),
        _("Cần cải thiện ngay"),
    ),
}


class SurveyRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require_manager(user, survey_or_agency) -> None:
    agency_id = survey_or_agency.agency_id if isinstance(survey_or_agency, Survey) else survey_or_agency.pk
    if not access.managed_agencies(user).filter(pk=agency_id).exists():
        raise PermissionDenied(gettext("Chỉ lãnh đạo hoặc quản trị của cơ quan được quản lý cuộc khảo sát này."))


def _local_today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def create_survey(
    user,
    agency: Agency,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    introduction: str = "",
    copy_from: Survey | None = None,
    at: datetime.datetime | None = None,
) -> Survey:
    """A draft survey with the questions of `copy_from` (a survey the user may read) or the default template."""
    _require_manager(user, agency)
    if period_end < period_start:
        raise ValidationError({"period_end": gettext("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})
    if copy_from is not None and not access.visible_surveys(user).filter(pk=copy_from.pk).exists():
        raise PermissionDenied(gettext("Không thể sao chép cuộc khảo sát này."))
    with transaction.atomic():
        survey = Survey.objects.create(
            agency=agency,
            title=title.strip(),
            introduction=introduction.strip(),
            period_start=period_start,
            period_end=period_end,
            created_by=user,
            created_at=at or timezone.now(),
        )
        if copy_from is not None:
            rows = copy_from.questions.values_list("factor", "block", "text")
        else:
            rows = [(factor.value, block.value, text) for factor, block, text in DEFAULT_QUESTIONS]
        Question.objects.bulk_create(
            Question(survey=survey, factor=factor, block=block, order=number, text=text)
            for number, (factor, block, text) in enumerate(rows, start=1)
        )
        record(AuditEntry.Action.CREATE, survey, actor=user)
    return survey


def require_draft(user, survey: Survey) -> None:
    """Questions change only before the survey opens: answers must all refer to the same questionnaire."""
    _require_manager(user, survey)
    if survey.status != Survey.Status.DRAFT:
        raise SurveyRefused(gettext("Chỉ sửa được câu hỏi khi cuộc khảo sát còn đang soạn."))


def save_questions(user, survey: Survey, kept: list[Question], deleted: list[Question]) -> None:
    """Store the edited questionnaire: `kept` in the wanted order (new ones unsaved), numbered 1, 2, 3 …"""
    require_draft(user, survey)
    with transaction.atomic():
        # Numbers are unique per survey: the old ones are moved out of the way before the new ones are given.
        survey.questions.update(order=F("order") + RENUMBER_OFFSET)
        for question in deleted:
            if question.pk is not None and question.survey_id == survey.pk:
                question.delete()
        for number, question in enumerate(kept, start=1):
            question.survey, question.order = survey, number
            question.save()


def _change_status(user, survey: Survey, allowed: str, new: str, stamp: str, at) -> Survey:
    _require_manager(user, survey)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != allowed:
            raise SurveyRefused(
                gettext("Không thể thực hiện khi cuộc khảo sát đang ở tình trạng «%(status)s».")
                % {"status": survey.get_status_display()}
            )
        old = survey.status
        survey.status = new
        setattr(survey, stamp, at or timezone.now())
        survey.save(update_fields=["status", stamp])
        record(AuditEntry.Action.UPDATE, survey, actor=user, changes={"status": [old, new]})
    return survey


def open_survey(user, survey: Survey, *, at=None) -> Survey:
    if not survey.questions.filter(block=Block.SATISFACTION).exists():
        raise SurveyRefused(gettext("Cần ít nhất một câu hỏi về sự hài lòng để tính chỉ số."))
    return _change_status(user, survey, Survey.Status.DRAFT, Survey.Status.OPEN, "opened_at", at)


def close_survey(user, survey: Survey, *, at=None) -> Survey:
    return _change_status(user, survey, Survey.Status.OPEN, Survey.Status.CLOSED, "closed_at", at)


def answering_refusal(survey: Survey, now: datetime.datetime | None = None) -> str | None:
    """Why the survey takes no answers now, or None."""
    today = _local_today(now or timezone.now())
    if survey.status != Survey.Status.OPEN:
        return gettext("Cuộc khảo sát này hiện không nhận ý kiến.")
    if today < survey.period_start:
        return gettext("Cuộc khảo sát bắt đầu nhận ý kiến từ ngày %(day)s.") % {
            "day": survey.period_start.strftime("%d/%m/%Y")
        }
    if today > survey.period_end:
        return gettext("Cuộc khảo sát đã kết thúc ngày %(day)s.") % {"day": survey.period_end.strftime("%d/%m/%Y")}
    return None


def submit_response(
    survey: Survey,
    answers: dict[int, int],
    *,
    channel: str,
    dossier_code: str = "",
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Store one anonymous response: question id → score 1–5 (skipped questions are simply absent).

    Only the local day is stored, not the time, and nothing about who answered or from where; the audit log is
    deliberately not written (it would keep the address)."""
    now = now or timezone.now()
    reason = answering_refusal(survey, now)
    if reason:
        raise SurveyRefused(reason)
    valid = set(survey.questions.values_list("pk", flat=True))
    given = {pk: value for pk, value in answers.items() if value is not None}
    if not given:
        raise ValidationError(gettext("Xin trả lời ít nhất một câu hỏi."))
    if set(given) - valid or any(not 1 <= value <= 5 for value in given.values()):
        raise ValidationError(gettext("Câu trả lời không hợp lệ."))
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            survey=survey, submitted_on=_local_today(now), channel=channel, dossier_code=dossier_code.strip()[:40]
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, question_id=pk, value=value) for pk, value in sorted(given.items())
        )
    return response
