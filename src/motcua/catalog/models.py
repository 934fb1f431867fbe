"""The procedure catalog (danh mục thủ tục hành chính), versioned, with publication, posting and offerings.

A Procedure is the identity that keeps its national code across time; every change makes a new
ProcedureVersion carrying all components that Decree 63/2010 Art. 8.2 requires to be published. A dossier
keeps the version it was received under. Agencies offer a procedure (AgencyOffering) and resolve it through
their internal process (InternalProcess), which is versioned with the procedure version it implements.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from motcua.accounts.models import Role
from motcua.catalog.text import search_key
from motcua.orgs.models import Agency
from motcua.workcal.durations import Duration


class Field(models.Model):
    """Lĩnh vực: the field a procedure belongs to, within a sector (ngành)."""

    name = models.CharField("tên lĩnh vực", max_length=200, unique=True)
    code = models.CharField("mã lĩnh vực", max_length=40, blank=True)
    sector = models.CharField("ngành", max_length=200, blank=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính: the national code and the life of a procedure across its versions."""

    code = models.CharField("mã thủ tục", max_length=40, unique=True, help_text="Mã trên CSDLQG, ví dụ 1.001193.")
    abolished_on = models.DateField("ngày bãi bỏ", null=True, blank=True)
    abolition_decision = models.CharField("quyết định bãi bỏ", max_length=100, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        current = self.versions.order_by("-number").first()
        return f"{self.code} – {current.name}" if current else self.code


class Level(models.TextChoices):
    """Cấp thực hiện."""

    CENTRAL = "central", "Cấp trung ương"
    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"
    OTHER = "other", "Cơ quan khác"


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP)."""

    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không trực tuyến"


# Levels 1–4 of Decree 43/2011 (2020-era texts): 4 is filing, payment and result online (toàn trình);
# 3 is filing online with payment or result in person (một phần); 1–2 are information and forms only.
LEGACY_ONLINE_LEVELS = {4: OnlineLevel.FULL, 3: OnlineLevel.PARTIAL, 2: OnlineLevel.NONE, 1: OnlineLevel.NONE}


class ProcedureVersion(models.Model):
    """One version of a procedure: everything published about it, valid over a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        PUBLISHED = "published", "Đã công bố"

    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    # Some published names run to 900+ characters (e.g. 1.013962), so no length limit.
    name = models.TextField("tên thủ tục")
    field = models.ForeignKey(Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="versions")
    kind = models.CharField("loại thủ tục", max_length=200, blank=True)
    levels = models.JSONField("cấp thực hiện", default=list, help_text="Danh sách mã cấp: central, province, commune.")
    implementing_agencies = models.TextField("cơ quan thực hiện", blank=True)
    competent_agencies = models.TextField("cơ quan có thẩm quyền", blank=True)
    receiving_agencies = models.TextField("nơi tiếp nhận hồ sơ", blank=True)
    coordinating_agencies = models.TextField("cơ quan phối hợp", blank=True)
    steps = models.TextField("trình tự thực hiện", blank=True)
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    requirements = models.TextField("yêu cầu, điều kiện", blank=True)
    results_description = models.TextField("mô tả kết quả", blank=True)
    online_level = models.CharField(
        "mức độ dịch vụ công trực tuyến", max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        "mức độ cũ (1–4)", null=True, blank=True, help_text="Mức độ theo Nghị định 43/2011, nếu văn bản cũ ghi."
    )
    boundary_free = models.BooleanField(
        "tiếp nhận không phụ thuộc địa giới hành chính", default=False, help_text="Nghị định 118/2025, Điều 14.2."
    )
    fee_exempt = models.BooleanField("miễn phí, lệ phí", default=False)
    notes = models.TextField("ghi chú", blank=True)
    source_url = models.URLField("nguồn", max_length=500, blank=True)
    # Name and code folded to lower-case ASCII, so "dang ky khai sinh" finds "Đăng ký khai sinh" on every database.
    search_text = models.TextField("chuỗi tìm kiếm", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_number_unique"),
        ]
        indexes = [models.Index(fields=["status", "valid_from", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} – {self.name} (phiên bản {self.number})"

    def save(self, *args, **kwargs):
        # The search column is derived here, for every writer; bulk writers call search_key() themselves.
        self.search_text = search_key(self.procedure.code, self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def is_in_force(self, on: datetime.date) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.valid_from is not None
            and self.valid_from <= on
            and (self.valid_until is None or on <= self.valid_until)
        )

    def clean(self) -> None:
        errors = {}
        unknown = set(self.levels or []) - set(Level.values)
        if unknown:
            errors["levels"] = f"Cấp thực hiện không hợp lệ: {', '.join(sorted(unknown))}."
        if self.legacy_online_level is not None and self.legacy_online_level not in LEGACY_ONLINE_LEVELS:
            errors["legacy_online_level"] = "Mức độ cũ chỉ từ 1 đến 4."
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
        if errors:
            raise ValidationError(errors)


class PublicationDecision(models.Model):
    """Quyết định công bố of one version (Decree 63/2010 Arts 13–15)."""

    version = models.OneToOneField(
        ProcedureVersion, verbose_name="phiên bản", on_delete=models.CASCADE, related_name="publication"
    )
    number = models.CharField("số quyết định", max_length=100)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    signer = models.CharField("người ký", max_length=200, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    effective_on = models.DateField("ngày có hiệu lực", null=True, blank=True)

    class Meta:
        verbose_name = "quyết định công bố"
        verbose_name_plural = "quyết định công bố"

    def __str__(self) -> str:
        return self.number


class Channel(models.TextChoices):
    """Cách thức thực hiện."""

    DIRECT = "direct", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Dịch vụ bưu chính"


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    CALENDAR_DAYS = "days", "ngày"
    SAME_DAY = "same_day", "trong ngày"


class ProcedureMethod(models.Model):
    """One way of doing a procedure, with its own processing time and fee text (cách thức thực hiện)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="methods")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    channel = models.CharField("hình thức nộp", max_length=10, choices=Channel.choices)
    time_amount = models.DecimalField("thời hạn", max_digits=6, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField("đơn vị thời hạn", max_length=20, choices=TimeUnit.choices, blank=True)
    cutoff = models.TimeField(
        "giờ chốt trong ngày",
        null=True,
        blank=True,
        help_text="Ví dụ 15:00: sau giờ này thì trả trong ngày làm việc tiếp theo.",
    )
    time_text = models.CharField("thời hạn (như công bố)", max_length=500, blank=True)
    fee_text = models.TextField("phí, lệ phí (như công bố)", blank=True)
    description = models.TextField("mô tả", blank=True)

    class Meta:
        verbose_name = "cách thức thực hiện"
        verbose_name_plural = "cách thức thực hiện"
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.time_text or self.duration_label}"

    @property
    def duration(self) -> Duration | None:
        """The legal processing time as the deadline engine's value; None when the catalog has no structured time."""
        if self.time_unit == TimeUnit.SAME_DAY:
            return Duration.same_day(self.cutoff or datetime.time(15, 0))
        if self.time_amount is None or not self.time_unit:
            return None
        if self.time_unit == TimeUnit.WORKING_DAYS:
            return Duration.working_days(int(self.time_amount))
        if self.time_unit == TimeUnit.WORKING_HOURS:
            return Duration.working_minutes(int(self.time_amount * 60))
        return Duration.calendar_days(int(self.time_amount))

    @property
    def duration_label(self) -> str:
        if self.time_unit == TimeUnit.SAME_DAY:
            return f"trong ngày (sau {(self.cutoff or datetime.time(15, 0)):%H:%M} trả ngày làm việc tiếp theo)"
        if self.time_amount is None or not self.time_unit:
            return ""
        return f"{self.time_amount.normalize():f} {self.get_time_unit_display()}"

    def clean(self) -> None:
        if self.time_unit in {TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS}:
            if self.time_amount is None or self.time_amount <= 0:
                raise ValidationError({"time_amount": "Hãy nhập thời hạn lớn hơn 0."})
            if self.time_unit != TimeUnit.WORKING_HOURS and self.time_amount != int(self.time_amount):
                raise ValidationError({"time_amount": "Thời hạn tính bằng ngày phải là số nguyên."})
        if self.time_amount is not None and not self.time_unit:
            raise ValidationError({"time_unit": "Hãy chọn đơn vị của thời hạn."})


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    group = models.CharField(
        "nhóm", max_length=500, blank=True, help_text="Ví dụ: Giấy tờ phải nộp; Trường hợp ủy quyền."
    )
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    copies_text = models.CharField("số lượng (như công bố)", max_length=200, blank=True)
    required = models.BooleanField("bắt buộc", default=True)
    form_name = models.CharField("mẫu đơn, tờ khai", max_length=300, blank=True)
    form_file = models.FileField("tệp mẫu", upload_to="catalog/forms/%Y/", blank=True)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class FeeItem(models.Model):
    """One fee or charge (phí, lệ phí) in whole VND, with the condition it applies under."""

    class Kind(models.TextChoices):
        FEE = "fee", "Phí"
        CHARGE = "charge", "Lệ phí"

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    name = models.CharField("tên khoản thu", max_length=300)
    amount_vnd = models.PositiveBigIntegerField("số tiền (đồng)", null=True, blank=True)
    channel = models.CharField("áp dụng cho hình thức", max_length=10, choices=Channel.choices, blank=True)
    condition = models.TextField("điều kiện áp dụng", blank=True)
    exempt = models.BooleanField("miễn", default=False)

    class Meta:
        verbose_name = "khoản phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        amount = "miễn" if self.exempt else (f"{self.amount_vnd:,} đồng".replace(",", ".") if self.amount_vnd else "")
        return f"{self.get_kind_display()} {self.name}: {amount}".strip(": ")

    def clean(self) -> None:
        if self.exempt and self.amount_vnd:
            raise ValidationError({"amount_vnd": "Khoản được miễn thì không ghi số tiền."})


class LegalBasis(models.Model):
    """Căn cứ pháp lý."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    number = models.CharField("số hiệu văn bản", max_length=200)
    title = models.TextField("tên văn bản", blank=True)

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.number


class ProcedureResult(models.Model):
    """Kết quả thực hiện thủ tục, with its code (e.g. KQ.G15.000031)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.TextField("tên kết quả")
    code = models.CharField("mã kết quả", max_length=60, blank=True)

    class Meta:
        verbose_name = "kết quả"
        verbose_name_plural = "kết quả"
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Posting(models.Model):
    """Niêm yết: where and when a version was posted at an agency, and when it was taken down."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name="phiên bản", on_delete=models.CASCADE, related_name="postings"
    )
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="postings")
    location = models.CharField(
        "nơi niêm yết", max_length=300, help_text="Ví dụ: bảng niêm yết tại trụ sở; trang thông tin điện tử."
    )
    posted_on = models.DateField("ngày niêm yết")
    removed_on = models.DateField("ngày gỡ", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người ghi nhận", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "niêm yết"
        verbose_name_plural = "niêm yết"
        ordering = ["-posted_on"]

    def __str__(self) -> str:
        return f"{self.agency} – {self.location} – {self.posted_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.removed_on and self.removed_on < self.posted_on:
            raise ValidationError({"removed_on": "Ngày gỡ phải sau ngày niêm yết."})


class AgencyOffering(models.Model):
    """Which agency receives and/or resolves a procedure (danh mục thủ tục của cơ quan)."""

    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="offerings")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="offerings")
    receives = models.BooleanField("tiếp nhận hồ sơ", default=True)
    resolves = models.BooleanField("giải quyết", default=False)
    # Empty for an agency that only resolves.
    channels = models.JSONField("hình thức tiếp nhận", default=list, blank=True, help_text="direct, online, postal.")
    active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "thủ tục của cơ quan"
        verbose_name_plural = "thủ tục của cơ quan"
        constraints = [models.UniqueConstraint(fields=["procedure", "agency"], name="offering_unique")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.procedure.code}"

    def clean(self) -> None:
        if not (self.receives or self.resolves):
            raise ValidationError("Cơ quan phải tiếp nhận hoặc giải quyết thủ tục (hoặc cả hai).")
        unknown = set(self.channels or []) - set(Channel.values)
        if unknown:
            raise ValidationError({"channels": f"Hình thức không hợp lệ: {', '.join(sorted(unknown))}."})


class InternalProcess(models.Model):
    """Quy trình nội bộ of one agency for one procedure version: the ordered steps and their allotted time."""

    offering = models.ForeignKey(
        AgencyOffering, verbose_name="thủ tục của cơ quan", on_delete=models.CASCADE, related_name="processes"
    )
    version = models.ForeignKey(
        ProcedureVersion, verbose_name="phiên bản thủ tục", on_delete=models.PROTECT, related_name="processes"
    )
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)
    decision_number = models.CharField("số quyết định phê duyệt", max_length=100, blank=True)

    class Meta:
        verbose_name = "quy trình nội bộ"
        verbose_name_plural = "quy trình nội bộ"
        constraints = [models.UniqueConstraint(fields=["offering", "version"], name="process_unique_per_version")]

    def __str__(self) -> str:
        return f"Quy trình {self.offering} (phiên bản {self.version.number})"


class ProcessStep(models.Model):
    """One step of an internal process. Steps sharing a parallel group run at the same time (liên thông song song)."""

    process = models.ForeignKey(InternalProcess, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=300)
    role = models.CharField("vai trò thực hiện", max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống nếu là chính cơ quan giải quyết.",
    )
    department = models.CharField("bộ phận", max_length=200, blank=True)
    allotted_minutes = models.PositiveIntegerField("thời gian (phút làm việc)")
    parallel_group = models.PositiveSmallIntegerField("nhóm song song", null=True, blank=True)
    is_consultation = models.BooleanField("lấy ý kiến, phối hợp cơ quan khác", default=False)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "bước xử lý"
        ordering = ["process", "order"]
        constraints = [models.UniqueConstraint(fields=["process", "order"], name="process_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
