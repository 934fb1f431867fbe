"""Administrative reform (cải cách hành chính, CCHC): plans and their tasks, inspections with their record and
follow-up, and self-assessment against a reform index.

Rules live in the services (plans, inspections, evidence, followup, assessment); these models only hold the facts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.orgs.models import Agency


class Area(models.TextChoices):
    """The six content areas of Resolution 76/NQ-CP, with direction and communication (lĩnh vực CCHC)."""

    DIRECTION = "direction", _("Công tác chỉ đạo, điều hành CCHC")
    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    APPARATUS = "apparatus", _("Cải cách tổ chức bộ máy hành chính nhà nước")
    CIVIL_SERVICE = "civil_service", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    DIGITAL = "digital", _("Xây dựng, phát triển Chính phủ điện tử, Chính phủ số")
    COMMUNICATION = "communication", _("Thông tin, tuyên truyền CCHC")


def evidence_path(instance, filename: str) -> str:
    # The stored name is the sanitised one dossiers.uploads chose; one folder per kind of record.
    return f"reform/{instance._meta.model_name}/{filename}"


class EvidenceFile(models.Model):
    """A file proving what was done (tài liệu kiểm chứng), checked by motcua.dossiers.uploads."""

    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


# -- plans ----------------------------------------------------------------------------------------------------------


class ReformPlan(models.Model):
    """A yearly plan of an agency (kế hoạch CCHC, kế hoạch kiểm soát TTHC, kế hoạch kiểm tra)."""

    class Kind(models.TextChoices):
        REFORM = "reform", _("Kế hoạch cải cách hành chính")
        PROCEDURE_CONTROL = "control", _("Kế hoạch kiểm soát thủ tục hành chính")
        INSPECTION = "inspection", _("Kế hoạch kiểm tra cải cách hành chính")

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="reform_plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại kế hoạch"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    number = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch CCHC")
        verbose_name_plural = _("kế hoạch CCHC")
        ordering = ["-year", "agency__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"], name="reform_plan_unique")]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """One task of a plan (nhiệm vụ): who leads it, by when, what it must produce."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Không thực hiện")

    plan = models.ForeignKey(ReformPlan, on_delete=models.CASCADE, related_name="tasks")
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    owner = models.CharField(_("đơn vị, người chủ trì"), max_length=200)
    deadline = models.DateField(_("thời hạn hoàn thành"))
    expected_output = models.CharField(_("sản phẩm dự kiến"), max_length=300, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ CCHC")
        verbose_name_plural = _("nhiệm vụ CCHC")
        ordering = ["plan", "area", "deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class TaskUpdate(models.Model):
    """A progress report on a task (báo cáo tiến độ), with its evidence files."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="updates")
    reported_at = models.DateTimeField(_("báo cáo lúc"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("tình trạng"), max_length=12, choices=PlanTask.Status.choices)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("kết quả thực hiện"))

    class Meta:
        verbose_name = _("báo cáo tiến độ nhiệm vụ")
        verbose_name_plural = _("báo cáo tiến độ nhiệm vụ")
        ordering = ["task", "-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} – {self.progress}%"


class TaskUpdateFile(EvidenceFile):
    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tài liệu kiểm chứng tiến độ")
        verbose_name_plural = _("tài liệu kiểm chứng tiến độ")


# -- inspection templates -------------------------------------------------------------------------------------------


class Measure(models.TextChoices):
    """What the system can compute from its data for a criterion (số liệu kiểm chứng), see reform.evidence."""

    PLAN_ISSUED = "plan_issued", _("Kế hoạch CCHC, kế hoạch kiểm soát TTHC đã ban hành")
    DESK_STAFF = "desk_staff", _("Cán bộ tiếp nhận tại Bộ phận Một cửa")
    POSTING = "posting", _("Niêm yết thủ tục hành chính")
    LATE_DOSSIERS = "late_dossiers", _("Hồ sơ giải quyết quá hạn")
    REFUSED_DOSSIERS = "refused_dossiers", _("Hồ sơ bị từ chối, trả lại")
    APOLOGIES = "apologies", _("Văn bản xin lỗi đối với hồ sơ quá hạn")
    ONLINE_SHARE = "online_share", _("Tỷ lệ hồ sơ nộp trực tuyến")
    PAYMENT_SHARE = "payment_share", _("Tỷ lệ thanh toán trực tuyến")
    SATISFACTION = "satisfaction", _("Đánh giá mức độ hài lòng")
    COMMUNICATION = "communication", _("Nhiệm vụ thông tin, tuyên truyền")
    REFORM_TASKS = "reform_tasks", _("Tiến độ nhiệm vụ CCHC")


class CriterionTemplate(models.Model):
    """A criterion an inspection can check (tiêu chí kiểm tra); `measure` names the figure the data gives, if any."""

    code = models.SlugField(_("mã tiêu chí"), max_length=40, unique=True)
    title = models.CharField(_("tiêu chí"), max_length=300)
    guidance = models.TextField(_("hướng dẫn kiểm tra"), blank=True)
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices)
    measure = models.CharField(_("số liệu kiểm chứng"), max_length=20, choices=Measure.choices, blank=True)

    class Meta:
        verbose_name = _("tiêu chí kiểm tra")
        verbose_name_plural = _("tiêu chí kiểm tra")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class ChecklistTemplate(models.Model):
    """A configurable list of criteria (mẫu danh mục kiểm tra); the default one is offered first."""

    name = models.CharField(_("tên mẫu"), max_length=200, unique=True)
    is_default = models.BooleanField(_("mẫu mặc định"), default=False)
    criteria = models.ManyToManyField(
        CriterionTemplate, through="ChecklistTemplateItem", verbose_name=_("tiêu chí"), related_name="+"
    )

    class Meta:
        verbose_name = _("mẫu danh mục kiểm tra")
        verbose_name_plural = _("mẫu danh mục kiểm tra")
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(CriterionTemplate, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "criterion"], name="checklist_item_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.criterion}"


# -- inspections ----------------------------------------------------------------------------------------------------


class Inspection(models.Model):
    """An inspection of administrative reform and procedure control (kiểm tra công tác CCHC và kiểm soát TTHC).

    Planned by a superior agency for a target agency and a period. Signing the record (biên bản) freezes the
    evidence figures into `evidence` and makes the record read only.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang kiểm tra (dự thảo biên bản)")
        SIGNED = "signed", _("Đã ký biên bản")

    inspecting_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan kiểm tra"), on_delete=models.PROTECT, related_name="inspections_made"
    )
    target_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan được kiểm tra"), on_delete=models.PROTECT, related_name="inspections_received"
    )
    title = models.CharField(_("nội dung kiểm tra"), max_length=300)
    decision_number = models.CharField(_("số quyết định kiểm tra"), max_length=60, blank=True)
    period_start = models.DateField(_("kỳ kiểm tra từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    inspected_on = models.DateField(_("ngày kiểm tra"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    conclusion = models.TextField(_("kết luận"), blank=True)
    evidence = models.JSONField(_("số liệu kiểm chứng khi ký"), default=list, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra CCHC")
        verbose_name_plural = _("cuộc kiểm tra CCHC")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} – {self.target_agency}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class TeamMember(models.Model):
    """A member of the inspection team (thành viên đoàn kiểm tra); the lead (trưởng đoàn) signs the record."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=250, blank=True)
    role = models.CharField(_("vai trò trong đoàn"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["inspection", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection"], condition=models.Q(role="lead"), name="inspection_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class ChecklistItem(models.Model):
    """One criterion of an inspection's checklist, copied from the template, with the team's assessment."""

    class Result(models.TextChoices):
        UNCHECKED = "", _("Chưa đánh giá")
        MET = "met", _("Đạt")
        PARTLY = "partly", _("Đạt một phần")
        NOT_MET = "not_met", _("Chưa đạt")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    criterion = models.ForeignKey(CriterionTemplate, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu chí"), max_length=300)
    measure = models.CharField(_("số liệu kiểm chứng"), max_length=20, choices=Measure.choices, blank=True)
    result = models.CharField(_("đánh giá"), max_length=10, choices=Result.choices, blank=True)
    note = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí của cuộc kiểm tra")
        verbose_name_plural = _("tiêu chí của cuộc kiểm tra")
        ordering = ["inspection", "order"]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    """A finding of the record (kết quả kiểm tra): a strength (ưu điểm) or a shortcoming (tồn tại, hạn chế)."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Ưu điểm")
        SHORTCOMING = "shortcoming", _("Tồn tại, hạn chế")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices)
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["inspection", "kind", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(models.Model):
    """A recommendation of the conclusion (kiến nghị, yêu cầu khắc phục) with who must act and by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        REPORTED = "reported", _("Đã báo cáo, chờ xem xét")
        ACCEPTED = "accepted", _("Đã hoàn thành")
        REOPENED = "reopened", _("Yêu cầu tiếp tục thực hiện")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices)
    text = models.TextField(_("nội dung kiến nghị"))
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="reform_recommendations"
    )
    deadline = models.DateField(_("thời hạn thực hiện"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiến nghị sau kiểm tra")
        verbose_name_plural = _("kiến nghị sau kiểm tra")
        ordering = ["inspection", "deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="reform_recommendation_due_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpReport(models.Model):
    """What the inspected agency did for a recommendation (báo cáo khắc phục) and the inspecting side's decision."""

    class Decision(models.TextChoices):
        PENDING = "", _("Chờ xem xét")
        ACCEPTED = "accepted", _("Chấp nhận")
        REOPENED = "reopened", _("Yêu cầu tiếp tục")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="reports")
    reported_at = models.DateTimeField(_("báo cáo lúc"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("kết quả khắc phục"))
    decision = models.CharField(_("ý kiến cơ quan kiểm tra"), max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("báo cáo khắc phục")
        verbose_name_plural = _("báo cáo khắc phục")
        ordering = ["recommendation", "reported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} – {self.reported_at:%d/%m/%Y}"


class FollowUpFile(EvidenceFile):
    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tài liệu kiểm chứng khắc phục")
        verbose_name_plural = _("tài liệu kiểm chứng khắc phục")


# -- reform index (chỉ số CCHC) ---------------------------------------------------------------------------------------


class IndexTemplate(models.Model):
    """A criteria tree to score agencies against (bộ chỉ số CCHC), e.g. shaped like the PAR INDEX."""

    name = models.CharField(_("tên bộ chỉ số"), max_length=200, unique=True)
    description = models.TextField(_("ghi chú"), blank=True)
    points_are_placeholders = models.BooleanField(
        _("điểm tối đa là giá trị tạm"),
        default=True,
        help_text=_("Bỏ chọn sau khi tỉnh nhập điểm tối đa chính thức của từng tiêu chí."),
    )

    class Meta:
        verbose_name = _("bộ chỉ số CCHC")
        verbose_name_plural = _("bộ chỉ số CCHC")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndexNode(models.Model):
    """A node of the tree: lĩnh vực → tiêu chí → tiêu chí thành phần. Only leaves are scored."""

    class Level(models.IntegerChoices):
        AREA = 1, _("Lĩnh vực")
        CRITERION = 2, _("Tiêu chí")
        SUBCRITERION = 3, _("Tiêu chí thành phần")

    template = models.ForeignKey(IndexTemplate, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    code = models.CharField(_("số thứ tự"), max_length=20)
    title = models.CharField(_("tên"), max_length=400)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2, default=0)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chỉ số CCHC")
        verbose_name_plural = _("tiêu chí chỉ số CCHC")
        ordering = ["template", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="index_node_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Assessment(models.Model):
    """An agency's self-assessment of a year (tự đánh giá, chấm điểm) and its superior's appraisal (thẩm định)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")

    template = models.ForeignKey(IndexTemplate, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tự đánh giá chỉ số CCHC")
        verbose_name_plural = _("tự đánh giá chỉ số CCHC")
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["template", "agency", "year"], name="assessment_unique")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.year}"


class Score(models.Model):
    """The score of one leaf criterion: the agency's own, with its evidence, and the appraised one."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    node = models.ForeignKey(IndexNode, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(_("điểm tự đánh giá"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("giải trình, tài liệu kiểm chứng"), blank=True)
    appraised_score = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["assessment", "node"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.node.code}"


class ScoreFile(EvidenceFile):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tài liệu kiểm chứng điểm")
        verbose_name_plural = _("tài liệu kiểm chứng điểm")
