"""Satisfaction surveys in the SIPAS style (khảo sát sự hài lòng, Bộ Nội vụ method; regulations.md §5).

Anonymous by design: a response holds no user, no dossier link, no address and only the day it was given; the
respondent may type a dossier code, kept as plain text. Responses are never written to the audit log, which
would store the respondent's IP address.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.orgs.models import Agency


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Factor(models.TextChoices):
    """The five SIPAS factors (yếu tố), in the official order."""

    ACCESS = "access", _("Tiếp cận dịch vụ")
    PROCEDURES = "procedures", _("Thủ tục hành chính")
    CIVIL_SERVANTS = "civil_servants", _("Công chức trực tiếp giải quyết công việc")
    RESULTS = "results", _("Kết quả dịch vụ")
    FEEDBACK = "feedback", _("Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị")


class Block(models.TextChoices):
    """The three content blocks of each factor; only the satisfaction block enters the index."""

    ASSESSMENT = "assessment", _("Nhận định")
    SATISFACTION = "satisfaction", _("Sự hài lòng")
    EXPECTATION = "expectation", _("Sự mong đợi")


class Survey(models.Model):
    """A questionnaire for one agency and period, answered by link, QR code or at the desk."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        OPEN = "open", _("Đang nhận trả lời")
        CLOSED = "closed", _("Đã đóng")

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan được khảo sát"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên cuộc khảo sát"), max_length=255)
    introduction = models.TextField(_("lời giới thiệu"), blank=True)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The public link's secret part: the survey id alone would let anyone answer any agency's survey.
    token = models.CharField(_("mã liên kết"), max_length=40, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc khảo sát sự hài lòng")
        verbose_name_plural = _("cuộc khảo sát sự hài lòng")
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(fields=["agency", "status"], name="survey_agency_idx")]
        constraints = [
            models.CheckConstraint(name="survey_period_ordered", condition=Q(period_end__gte=models.F("period_start")))
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One 5-point question of a survey, in a factor's section and block."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    factor = models.CharField(_("yếu tố"), max_length=20, choices=Factor.choices)
    block = models.CharField(_("nhóm câu hỏi"), max_length=20, choices=Block.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("nội dung câu hỏi"), max_length=500)

    class Meta:
        verbose_name = _("câu hỏi khảo sát")
        verbose_name_plural = _("câu hỏi khảo sát")
        ordering = ["survey", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="survey_question_order_unique")]

    def __str__(self) -> str:
        return self.text

    @property
    def code(self) -> str:
        """A stable column name for exports, e.g. "Q07"."""
        return f"Q{self.order:02d}"


class SurveyResponse(models.Model):
    """One anonymous filled questionnaire. Deliberately no user, dossier, IP address or time of day."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến (đường liên kết, mã QR)")
        DESK = "desk", _("Tại Bộ phận Một cửa")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("ngày trả lời"))
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    dossier_code = models.CharField(
        _("mã hồ sơ (nếu người trả lời muốn cho biết)"), max_length=40, blank=True, help_text=_("Không bắt buộc.")
    )

    class Meta:
        verbose_name = _("phiếu trả lời khảo sát")
        verbose_name_plural = _("phiếu trả lời khảo sát")
        ordering = ["survey", "pk"]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    """The score (1–5) given to one question; a skipped question has no answer row."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(_("điểm"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique"),
            models.CheckConstraint(name="survey_answer_1_to_5", condition=Q(value__gte=1, value__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"
