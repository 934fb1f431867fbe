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
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.catalog.text import is_conditional_document, is_note_row, published_time, search_key, step_lines
from motcua.orgs.models import Agency
from motcua.workcal.durations import Duration


class Field(models.Model):
    """Lĩnh vực: the field a procedure belongs to, within a sector (ngành)."""

    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    code = models.CharField(_("mã lĩnh vực"), max_length=40, blank=True)
    sector = models.CharField(_("ngành"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính: the national code and the life of a procedure across its versions."""

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True, help_text=_("Mã trên CSDLQG, ví dụ 1.001193."))
    abolished_on = models.DateField(_("ngày bãi bỏ"), null=True, blank=True)
    abolition_decision = models.CharField(_("quyết định bãi bỏ"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        current = self.versions.order_by("-number").first()
        return f"{self.code} – {current.name}" if current else self.code


class Level(models.TextChoices):
    """Cấp thực hiện."""

    CENTRAL = "central", _("Cấp trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP)."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


# Levels 1–4 of Decree 43/2011 (2020-era texts): 4 is filing, payment and result online (toàn trình);
# 3 is filing online with payment or result in person (một phần); 1–2 are information and forms only.
LEGACY_ONLINE_LEVELS = {4: OnlineLevel.FULL, 3: OnlineLevel.PARTIAL, 2: OnlineLevel.NONE, 1: OnlineLevel.NONE}


class ProcedureVersion(models.Model):
    """One version of a procedure: everything published about it, valid over a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Some published names run to 900+ characters (e.g. 1.013962), so no length limit.
    name = models.TextField(_("tên thủ tục"))
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions")
    kind = models.CharField(_("loại thủ tục"), max_length=200, blank=True)
    levels = models.JSONField(
        _("cấp thực hiện"), default=list, help_text=_("Danh sách mã cấp: central, province, commune.")
    )
    implementing_agencies = models.TextField(_("cơ quan thực hiện"), blank=True)
    competent_agencies = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    receiving_agencies = models.TextField(_("nơi tiếp nhận hồ sơ"), blank=True)
    coordinating_agencies = models.TextField(_("cơ quan phối hợp"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    results_description = models.TextField(_("mô tả kết quả"), blank=True)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        _("mức độ cũ (1–4)"), null=True, blank=True, help_text=_("Mức độ theo Nghị định 43/2011, nếu văn bản cũ ghi.")
    )
    boundary_free = models.BooleanField(
        _("tiếp nhận không phụ thuộc địa giới hành chính"), default=False, help_text=_("Nghị định 118/2025, Điều 14.2.")
    )
    fee_exempt = models.BooleanField(_("miễn phí, lệ phí"), default=False)
    notes = models.TextField(_("ghi chú"), blank=True)
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    # Name and code folded to lower-case ASCII, so "dang ky khai sinh" finds "Đăng ký khai sinh" on every database.
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
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

    @property
    def step_lines(self) -> list[tuple[int, str]]:
        """The steps as (level, line), one step per line with its own numbering (catalog.text.step_lines)."""
        return step_lines(self.steps)

    @property
    def level_labels(self) -> str:
        return ", ".join(str(Level(level).label) for level in self.levels or [] if level in Level.values)

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
            errors["levels"] = gettext("Cấp thực hiện không hợp lệ: %(levels)s.") % {
                "levels": ", ".join(sorted(unknown))
            }
        if self.legacy_online_level is not None and self.legacy_online_level not in LEGACY_ONLINE_LEVELS:
            errors["legacy_online_level"] = gettext("Mức độ cũ chỉ từ 1 đến 4.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = gettext("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if errors:
            raise ValidationError(errors)


class PublicationDecision(models.Model):
    """Quyết định công bố of one version (Decree 63/2010 Arts 13–15)."""

    version = models.OneToOneField(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="publication"
    )
    number = models.CharField(_("số quyết định"), max_length=100)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định công bố")
        verbose_name_plural = _("quyết định công bố")

    def __str__(self) -> str:
        return self.number


class Channel(models.TextChoices):
    """Cách thức thực hiện."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", pgettext_lazy("time unit", "ngày làm việc")
    WORKING_HOURS = "working_hours", pgettext_lazy("time unit", "giờ làm việc")
    CALENDAR_DAYS = "days", pgettext_lazy("time unit", "ngày")
    SAME_DAY = "same_day", pgettext_lazy("time unit", "trong ngày")


class ProcedureMethod(models.Model):
    """One way of doing a procedure, with its own processing time and fee text (cách thức thực hiện)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="methods")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    time_amount = models.DecimalField(_("thời hạn"), max_digits=6, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, blank=True)
    cutoff = models.TimeField(
        _("giờ chốt trong ngày"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 15:00: sau giờ này thì trả trong ngày làm việc tiếp theo."),
    )
    time_text = models.CharField(_("thời hạn (như công bố)"), max_length=500, blank=True)
    fee_text = models.TextField(_("phí, lệ phí (như công bố)"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.duration_label or self.time_text}"

    @property
    def published_time(self) -> str:
        """The time as published, when it says more than the structured time ("" for a bare "1", "0",
        "Không có thông tin", or the same words)."""
        return published_time(self.time_text, self.duration_label)

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
            cutoff = self.cutoff or datetime.time(15, 0)
            return gettext("trong ngày (sau %(cutoff)s trả ngày làm việc tiếp theo)") % {"cutoff": f"{cutoff:%H:%M}"}
        if self.time_amount is None or not self.time_unit:
            return ""
        amount = self.time_amount.normalize()
        count = int(amount) if amount == amount.to_integral_value() else 2  # a fraction reads as plural
        params = {"amount": f"{amount:f}"}
        if self.time_unit == TimeUnit.WORKING_DAYS:
            return ngettext("%(amount)s ngày làm việc", "%(amount)s ngày làm việc", count) % params
        if self.time_unit == TimeUnit.WORKING_HOURS:
            return ngettext("%(amount)s giờ làm việc", "%(amount)s giờ làm việc", count) % params
        return ngettext("%(amount)s ngày", "%(amount)s ngày", count) % params

    def clean(self) -> None:
        if self.time_unit in {TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS}:
            if self.time_amount is None or self.time_amount <= 0:
                raise ValidationError({"time_amount": gettext("Hãy nhập thời hạn lớn hơn 0.")})
            if self.time_unit != TimeUnit.WORKING_HOURS and self.time_amount != int(self.time_amount):
                raise ValidationError({"time_amount": gettext("Thời hạn tính bằng ngày phải là số nguyên.")})
        if self.time_amount is not None and not self.time_unit:
            raise ValidationError({"time_unit": gettext("Hãy chọn đơn vị của thời hạn.")})


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    group = models.CharField(
        _("nhóm"), max_length=500, blank=True, help_text=_("Ví dụ: Giấy tờ phải nộp; Trường hợp ủy quyền.")
    )
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    copies_text = models.CharField(_("số lượng (như công bố)"), max_length=200, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    form_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=300, blank=True)
    form_file = models.FileField(_("tệp mẫu"), upload_to="catalog/forms/%Y/", blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_note(self) -> bool:
        """A note the portal lists among the documents ("Lưu ý…", a heading with no paper): shown as a note."""
        return is_note_row(self.name, self.group, self.originals, self.copies, self.form_name)

    @property
    def is_conditional(self) -> bool:
        """Needed only in some cases ("Trường hợp…", "(nếu có)")."""
        return is_conditional_document(self.name, self.group)


class FeeItem(models.Model):
    """One fee or charge (phí, lệ phí) in whole VND, with the condition it applies under."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Phí")
        CHARGE = "charge", _("Lệ phí")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên khoản thu"), max_length=300)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    channel = models.CharField(_("áp dụng cho hình thức"), max_length=10, choices=Channel.choices, blank=True)
    condition = models.TextField(_("điều kiện áp dụng"), blank=True)
    exempt = models.BooleanField(_("miễn"), default=False)

    class Meta:
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        amount = "miễn" if self.exempt else (f"{self.amount_vnd:,} đồng".replace(",", ".") if self.amount_vnd else "")
        return f"{self.get_kind_display()} {self.name}: {amount}".strip(": ")

    def clean(self) -> None:
        if self.exempt and self.amount_vnd:
            raise ValidationError({"amount_vnd": gettext("Khoản được miễn thì không ghi số tiền.")})


class LegalBasis(models.Model):
    """Căn cứ pháp lý."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    number = models.CharField(_("số hiệu văn bản"), max_length=200)
    title = models.TextField(_("tên văn bản"), blank=True)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.number


class ProcedureResult(models.Model):
    """Kết quả thực hiện thủ tục, with its code (e.g. KQ.G15.000031)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên kết quả"))
    code = models.CharField(_("mã kết quả"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("kết quả")
        verbose_name_plural = _("kết quả")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Posting(models.Model):
    """Niêm yết: where and when a version was posted at an agency, and when it was taken down."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="postings"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="postings")
    location = models.CharField(
        _("nơi niêm yết"), max_length=300, help_text=_("Ví dụ: bảng niêm yết tại trụ sở; trang thông tin điện tử.")
    )
    posted_on = models.DateField(_("ngày niêm yết"))
    removed_on = models.DateField(_("ngày gỡ"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("niêm yết")
        verbose_name_plural = _("niêm yết")
        ordering = ["-posted_on"]

    def __str__(self) -> str:
        return f"{self.agency} – {self.location} – {self.posted_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.removed_on and self.removed_on < self.posted_on:
            raise ValidationError({"removed_on": gettext("Ngày gỡ phải sau ngày niêm yết.")})


class AgencyOffering(models.Model):
    """Which agency receives and/or resolves a procedure (danh mục thủ tục của cơ quan)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="offerings"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="offerings")
    receives = models.BooleanField(_("tiếp nhận hồ sơ"), default=True)
    resolves = models.BooleanField(_("giải quyết"), default=False)
    # Empty for an agency that only resolves.
    channels = models.JSONField(
        _("hình thức tiếp nhận"), default=list, blank=True, help_text=_("direct, online, postal.")
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("thủ tục của cơ quan")
        verbose_name_plural = _("thủ tục của cơ quan")
        constraints = [models.UniqueConstraint(fields=["procedure", "agency"], name="offering_unique")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.procedure.code}"

    def clean(self) -> None:
        if not (self.receives or self.resolves):
            raise ValidationError(gettext("Cơ quan phải tiếp nhận hoặc giải quyết thủ tục (hoặc cả hai)."))
        unknown = set(self.channels or []) - set(Channel.values)
        if unknown:
            raise ValidationError(
                {
                    "channels": gettext("Hình thức không hợp lệ: %(channels)s.")
                    % {"channels": ", ".join(sorted(unknown))}
                }
            )


class InternalProcess(models.Model):
    """Quy trình nội bộ of one agency for one procedure version: the ordered steps and their allotted time."""

    offering = models.ForeignKey(
        AgencyOffering, verbose_name=_("thủ tục của cơ quan"), on_delete=models.CASCADE, related_name="processes"
    )
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="processes"
    )
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        constraints = [models.UniqueConstraint(fields=["offering", "version"], name="process_unique_per_version")]

    def __str__(self) -> str:
        return f"Quy trình {self.offering} (phiên bản {self.version.number})"


class ProcessStep(models.Model):
    """One step of an internal process. Steps sharing a parallel group run at the same time (liên thông song song)."""

    process = models.ForeignKey(InternalProcess, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=300)
    role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống nếu là chính cơ quan giải quyết."),
    )
    department = models.CharField(_("bộ phận"), max_length=200, blank=True)
    allotted_minutes = models.PositiveIntegerField(_("thời gian (phút làm việc)"))
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), null=True, blank=True)
    is_consultation = models.BooleanField(_("lấy ý kiến, phối hợp cơ quan khác"), default=False)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [models.UniqueConstraint(fields=["process", "order"], name="process_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
