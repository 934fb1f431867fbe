"""The applicant's rating of a returned dossier (đánh giá việc giải quyết TTHC, Decree 118/2025 Art. 33) and the
follow-up an unhappy rating raises for the agency's leader."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
# Art. 33 b) and c) are counts; beyond these a number is a typing slip, not a dossier's history.
COUNT_MAX = 50
COUNT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(COUNT_MAX)]


class Criterion(models.TextChoices):
    """The eight contents of Art. 33 (a–h); each names a field of DossierRating: a 1–5 score, except b) and c),
    which are counts (COUNT_CRITERIA)."""

    RETURN_TIME = "return_time", _("Thời gian trả kết quả so với quy định")
    AGENCIES_COUNT = "agencies_count", _("Số cơ quan phải liên hệ")
    CONTACTS_COUNT = "contacts_count", _("Số lần phải liên hệ với nơi tiếp nhận")
    PUBLICATION = "publication", _("Thông tin công khai về thủ tục")
    ATTITUDE = "attitude", _("Thái độ của cán bộ, công chức")
    LAWFULNESS = "lawfulness", _("Kết quả và chi phí đúng quy định")
    COMPLAINTS = "complaints", _("Giải quyết phản ánh, kiến nghị")
    ONLINE_QUALITY = "online_quality", _("Chất lượng dịch vụ công trực tuyến")


COUNT_CRITERIA = (Criterion.AGENCIES_COUNT, Criterion.CONTACTS_COUNT)
SCORED_CRITERIA = tuple(criterion for criterion in Criterion if criterion not in COUNT_CRITERIA)


class CountSource(models.TextChoices):
    """Where an Art. 33 b)/c) count came from; empty on ratings given before the counts were asked."""

    HISTORY = "history", _("Theo lịch sử hồ sơ")
    CITIZEN = "citizen", _("Người nộp khai")


def _count(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=COUNT_VALIDATORS)


def _source(label):
    return models.CharField(label, max_length=10, choices=CountSource.choices, blank=True)


def _score(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=SCORE_VALIDATORS)


def _in_range(field: str, nullable: bool = True, low: int = 1, high: int = 5) -> Q:
    valid = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return valid | Q(**{f"{field}__isnull": True}) if nullable else valid


class DossierRating(models.Model):
    """One rating per dossier. Scores are 1–5 (4 and 5 = "hài lòng"); a criterion is null when not applicable.
    Art. 33 b) `agencies_count` and c) `contacts_count` are counts (0–COUNT_MAX) with their source; null on ratings
    given before they were asked, whose old 1–5 answers stay in `legacy_*_score` (docs/feedback.md)."""

    class Channel(models.TextChoices):
        WEB = "web", _("Trực tuyến")
        KIOSK = "kiosk", _("Tại Bộ phận Một cửa")

    dossier = models.OneToOneField(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="rating")
    # The competent agency, copied so that aggregates need no join through the dossiers table.
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="dossier_ratings"
    )
    rated_at = models.DateTimeField(_("thời điểm đánh giá"))
    channel = models.CharField(_("kênh đánh giá"), max_length=10, choices=Channel.choices)
    return_time = _score(Criterion.RETURN_TIME.label)
    agencies_count = _count(Criterion.AGENCIES_COUNT.label)
    agencies_count_source = _source(_("nguồn số cơ quan phải liên hệ"))
    contacts_count = _count(Criterion.CONTACTS_COUNT.label)
    contacts_count_source = _source(_("nguồn số lần phải liên hệ"))
    # How many supplements were asked (history only): shown beside c) and to the leader, never typed.
    supplements_count = _count(_("số lần được yêu cầu bổ sung hồ sơ"))
    legacy_agencies_score = _score(_("điểm cũ về số cơ quan phải liên hệ"))
    legacy_contacts_score = _score(_("điểm cũ về số lần phải liên hệ"))
    publication = _score(Criterion.PUBLICATION.label)
    attitude = _score(Criterion.ATTITUDE.label)
    lawfulness = _score(Criterion.LAWFULNESS.label)
    complaints = _score(Criterion.COMPLAINTS.label)
    online_quality = _score(Criterion.ONLINE_QUALITY.label)
    overall = models.PositiveSmallIntegerField(_("mức độ hài lòng chung"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("ý kiến khác"), blank=True)

    class Meta:
        verbose_name = _("đánh giá giải quyết hồ sơ")
        verbose_name_plural = _("đánh giá giải quyết hồ sơ")
        ordering = ["-rated_at", "-pk"]
        indexes = [models.Index(fields=["agency", "rated_at"], name="dossier_rating_agency_idx")]
        constraints = [
            models.CheckConstraint(
                name="dossier_rating_scores_1_to_5",
                condition=_in_range("overall", nullable=False)
                & _in_range("return_time")
                & _in_range("legacy_agencies_score")
                & _in_range("legacy_contacts_score")
                & _in_range("publication")
                & _in_range("attitude")
                & _in_range("lawfulness")
                & _in_range("complaints")
                & _in_range("online_quality"),
            ),
            models.CheckConstraint(
                name="dossier_rating_counts_in_range",
                condition=_in_range("agencies_count", low=0, high=COUNT_MAX)
                & _in_range("contacts_count", low=0, high=COUNT_MAX)
                & _in_range("supplements_count", low=0, high=COUNT_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.overall}/5"

    def scores(self) -> dict[str, int | None]:
        """The 1–5 scores (Art. 33 a, d–h); b) and c) are counts, not in here."""
        return {criterion.value: getattr(self, criterion.value) for criterion in SCORED_CRITERIA}


class FollowUp(models.Model):
    """An unhappy rating to be looked at by a leader of the agency (xử lý đánh giá không hài lòng)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        RESOLVED = "resolved", _("Đã xử lý")

    rating = models.OneToOneField(
        DossierRating, verbose_name=_("đánh giá"), on_delete=models.CASCADE, related_name="follow_up"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("phát sinh lúc"))
    leader_note = models.TextField(_("ý kiến xử lý của lãnh đạo"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc cần xử lý sau đánh giá")
        verbose_name_plural = _("việc cần xử lý sau đánh giá")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["agency", "status", "created_at"], name="follow_up_queue_idx")]
        constraints = [
            models.CheckConstraint(
                name="follow_up_resolution_complete",
                condition=Q(status="open", resolved_at__isnull=True)
                | Q(status="resolved", resolved_at__isnull=False, resolved_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating.dossier} – {self.get_status_display()}"
