"""The dossier (hồ sơ thủ tục hành chính), its internal steps, consultations, documents and append-only history.

Only motcua.dossiers.lifecycle writes `state`, the deadlines and `clock` (architecture principle 1); the history
(DossierEvent) is only ever appended to, and the control slip and tracking book are views over it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.catalog.models import Channel, FeeItem, ProcedureMethod, ProcedureVersion, RequiredDocument
from motcua.dossiers import history_chain
from motcua.orgs.models import Agency


class State(models.TextChoices):
    """States of Decree 118/2025 Arts 15–24 (regulations.md §1.3)."""

    SUBMITTED = "submitted", _("Chờ tiếp nhận (nộp trực tuyến)")
    INTAKE_SUPPLEMENT = "intake_supplement", _("Yêu cầu bổ sung khi tiếp nhận")
    INTAKE_REFUSED = "intake_refused", _("Từ chối tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan giải quyết")
    PROCESSING = "processing", _("Đang giải quyết")
    CONSULTING = "consulting", _("Đang lấy ý kiến, xác minh")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung hồ sơ")
    AWAITING_SIGNATURE = "awaiting_signature", _("Chờ lãnh đạo ký")
    RESULT_ISSUED = "result_issued", _("Đã có kết quả")
    READY_FOR_RETURN = "ready_for_return", _("Chờ trả kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    CORRECTION = "correction", _("Đang đính chính kết quả")
    STOPPED = "stopped", _("Dừng giải quyết (rút hồ sơ)")
    CLOSED = "closed", _("Đóng hồ sơ (không bổ sung)")


# Accepted and not yet decided: the resolution period runs (or is paused) and the dossier can fall overdue.
OPEN_STATES = (
    State.RECEIVED,
    State.TRANSFERRED,
    State.PROCESSING,
    State.CONSULTING,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_SIGNATURE,
)
# The applicant may still ask to stop (Art. 21): from the receipt until the decision is issued.
STOPPABLE_STATES = OPEN_STATES
FINAL_STATES = (State.INTAKE_REFUSED, State.RETURNED, State.STOPPED, State.CLOSED)
# Still someone's work (hồ sơ đang xử lý): every state but the final ones, the desk's and the correction's included.
# Every work queue but "all" lies inside these, and the queue indexes hold only these rows: the closed history,
# most of a commune's dossiers after a year, is never read by a queue page.
WORK_STATES = tuple(state for state in State if state not in FINAL_STATES)


class Outcome(models.TextChoices):
    """How a dossier ended, for the reports: granted, refused after appraisal, withdrawn, closed unsupplemented."""

    GRANTED = "granted", _("Giải quyết (cấp kết quả)")
    REFUSED = "refused", _("Từ chối giải quyết")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    CLOSED = "closed", _("Đóng do không bổ sung")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class ReturnMethod(models.TextChoices):
    DESK = "desk", _("Tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính")
    ELECTRONIC = "electronic", _("Trực tuyến (bản điện tử)")


class Dossier(models.Model):
    # Unique by the constraint in Meta, not unique=True: on PostgreSQL a unique CharField gets a second index of its
    # own (varchar_pattern_ops, for LIKE 'prefix%'), which no query uses — a code is looked up whole (exact, iexact)
    # or searched anywhere in it (icontains), neither of which that index serves (issue 17, migration 0012). NULL, not
    # "", until acceptance: the unique constraint lets any number of dossiers have no code yet.
    code = models.CharField(  # noqa: DJ001
        _("mã hồ sơ"), max_length=40, null=True, blank=True, help_text=_("Cấp khi tiếp nhận.")
    )
    # The tracking reference (mã tra cứu), given when the dossier comes into being (online submission, or the desk's
    # first decision on a paper one) by motcua.dossiers.codes.allocate_reference; the legal code above comes only
    # with acceptance. Nullable only so bulk loaders (benchmarks) may leave it out; the lifecycle always sets it.
    # Unique by the constraint in Meta, as the code (a reference is only ever looked up whole: migration 0013).
    reference = models.CharField(  # noqa: DJ001
        _("mã tra cứu"),
        max_length=20,
        null=True,
        blank=True,
        help_text=_("Cấp ngay khi nộp; dùng để tra cứu trước khi có mã hồ sơ."),
    )
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    method = models.ForeignKey(
        ProcedureMethod, verbose_name=_("cách thức thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    # The agencies, the state and the assignee are the first columns of the composite indexes in Meta; single-column
    # indexes of their own would only slow every write (each action updates them).
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        db_index=False,
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
        db_index=False,
    )
    applicant_kind = models.CharField(_("loại người nộp"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("tên người nộp"), max_length=255)
    applicant_id_number = models.CharField(
        _("số định danh / mã số thuế"), max_length=14, help_text=_("CCCD của cá nhân hoặc mã số thuế của tổ chức.")
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    submitter_name = models.CharField(
        _("người nộp thay"), max_length=255, blank=True, help_text=_("Người được ủy quyền nộp, nếu khác người nộp.")
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    request_summary = models.TextField(_("nội dung yêu cầu giải quyết"), blank=True)
    copies = models.PositiveSmallIntegerField(_("số lượng hồ sơ (bộ)"), default=1)
    return_method = models.CharField(
        _("nhận kết quả tại"), max_length=12, choices=ReturnMethod.choices, default=ReturnMethod.DESK
    )
    state = models.CharField(_("trạng thái"), max_length=24, choices=State.choices)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, blank=True)
    # Incremented by every action: a form or API call that names the revision it saw is refused when stale.
    revision = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=0)
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    # Online submissions: the desk answers within 8 working hours (Art. 17.2).
    intake_due_at = models.DateTimeField(_("hạn kiểm tra, tiếp nhận"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True)
    # The deadline clock (motcua.workcal.clock.DeadlineClock.to_data()): due_at is replayed from it unless extended.
    clock = models.JSONField(_("đồng hồ thời hạn"), default=dict, blank=True)
    extended_due_at = models.DateTimeField(_("hạn sau gia hạn"), null=True, blank=True)
    # The legal due instant the extension replaced (Mẫu 04): form II.06a judges timeliness against it (h13).
    original_due_at = models.DateTimeField(_("hạn giải quyết trước khi hẹn lại"), null=True, blank=True)
    supplement_due_at = models.DateTimeField(_("hạn nộp bổ sung"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    correction_due_at = models.DateTimeField(_("hạn đính chính"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
        db_index=False,
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="dossier_code_unique"),
            models.UniqueConstraint(fields=["reference"], name="dossier_reference_unique"),
        ]
        indexes = [
            # The work queues and the overdue list are range scans on these.
            models.Index(fields=["competent_agency", "state", "due_at"], name="dossier_queue_idx"),
            models.Index(fields=["receiving_agency", "state", "due_at"], name="dossier_desk_queue_idx"),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_received_idx"),
            models.Index(fields=["assignee", "state", "due_at"], name="dossier_assignee_idx"),
            models.Index(fields=["competent_agency", "resolved_at"], name="dossier_resolved_idx"),
            # Province-wide sweeps by the background tasks (overdue, due soon) and the inspectors' lists.
            models.Index(fields=["state", "due_at"], name="dossier_state_due_idx"),
            # Province-wide "received today" (the metrics' gauge, scraped every few seconds): a range scan.
            models.Index(fields=["received_at"], name="dossier_received_at_idx"),
            # The work queues' own (partial) indexes: only dossiers in WORK_STATES, so a queue page reads the open
            # work of its agencies whatever their closed history (issue 17; EXPLAIN in tests/test_queue_plan.py).
            # The full indexes above stay for the reports and lists that reach closed dossiers by agency.
            models.Index(
                fields=["competent_agency", "state", "due_at"],
                name="dossier_open_queue_idx",
                condition=Q(state__in=WORK_STATES),
            ),
            models.Index(
                fields=["receiving_agency", "state", "due_at"],
                name="dossier_open_desk_idx",
                condition=Q(state__in=WORK_STATES),
            ),
        ]

    def __str__(self) -> str:
        # Before acceptance a dossier has no legal code: it is named by the reference its applicant was given.
        return self.code or self.reference or f"#{self.pk}"

    def clean(self) -> None:
        if self.method_id and self.version_id and self.method.version_id != self.version_id:
            raise ValidationError({"method": _("Cách thức thực hiện không thuộc phiên bản thủ tục này.")})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def applicant_details(self) -> dict:
        """The applicant as typed at intake (thông tin người nộp hồ sơ): the API and the data-subject export show it."""
        return {
            "kind": self.applicant_kind,
            "name": self.applicant_name,
            "id_number": self.applicant_id_number,
            "phone": self.applicant_phone,
            "email": self.applicant_email,
            "address": self.applicant_address,
            "submitter_name": self.submitter_name,
        }


class DossierStep(models.Model):
    """One step of the internal process (quy trình nội bộ) as it runs for this dossier, with its own due instant."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Chưa đến lượt")
        ACTIVE = "active", _("Đang thực hiện")
        DONE = "done", _("Đã xong")
        SKIPPED = "skipped", _("Không thực hiện")

    # Its index is the (dossier, order) constraint's.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps", db_index=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=300)
    role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="+")
    department = models.CharField(_("bộ phận"), max_length=200, blank=True)
    allotted_minutes = models.PositiveIntegerField(_("thời gian (phút làm việc)"))
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.WAITING)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.PROTECT
    )
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["dossier_id", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique")]
        indexes = [models.Index(fields=["status", "due_at"], name="dossier_step_due_idx")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def late(self) -> bool:
        return bool(self.due_at and self.completed_at and self.completed_at > self.due_at)


class Consultation(models.Model):
    """A request for verification or an opinion (thẩm tra, xác minh, lấy ý kiến, Art. 19.4; liên thông Art. 20.2).

    Requests of one round are either parallel (all sent at once) or sequential (each sent when the previous one
    is answered); each has its own deadline counted from when it is sent.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    round = models.PositiveSmallIntegerField(_("lượt"))
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    parallel = models.BooleanField(_("song song"), default=True)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan được hỏi"), on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("nội dung"))
    allotted_minutes = models.PositiveIntegerField(_("thời hạn (phút làm việc)"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("ý kiến trả lời"), blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến, xác minh")
        verbose_name_plural = _("lấy ý kiến, xác minh")
        ordering = ["dossier_id", "round", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "round", "order"], name="consultation_order_unique")]
        indexes = [models.Index(fields=["agency", "answered_at", "due_at"], name="consultation_queue_idx")]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.agency}"


def part_result_path(instance, filename: str) -> str:
    # Beside the dossier's own files, so one dossier's folder holds everything about it.
    return f"dossiers/{instance.dossier_id}/lien-thong/{filename}"


class InteragencyPart(models.Model):
    """A participating agency's part of an inter-agency dossier (phần việc liên thông, Decree 118/2025 Art. 20.2):
    its own code, task, deadline (working time from when it is sent, on that agency's calendar), result and state.

    The lead agency (cơ quan chủ trì, the dossier's competent agency) sends the parts of one batch either in
    parallel (Art. 20.2.b, all at once) or in sequence (Art. 20.2.a, each sent when the previous one is done).
    Only motcua.dossiers.interagency writes it; every change is also a DossierEvent of the lead dossier.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Chưa đến lượt")
        SENT = "sent", _("Đã giao, chờ nhận")
        RECEIVED = "received", _("Đang thực hiện")
        DONE = "done", _("Đã có kết quả")
        REFUSED = "refused", _("Từ chối thực hiện")
        CANCELLED = "cancelled", _("Hủy (hồ sơ dừng hoặc chuỗi bị ngắt)")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="parts", db_index=False)
    code = models.CharField(_("mã phần việc"), max_length=48, unique=True)
    batch = models.PositiveSmallIntegerField(_("lượt giao"))
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    parallel = models.BooleanField(_("song song"), default=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan phối hợp"), on_delete=models.PROTECT, related_name="interagency_parts"
    )
    task = models.TextField(_("nhiệm vụ"))
    allotted_minutes = models.PositiveIntegerField(_("thời hạn (phút làm việc)"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.WAITING)
    # The files of the dossier sent with the part: all its staff may open of the dossier (Art. 20.2 "hồ sơ").
    documents = models.ManyToManyField(
        "DossierDocument", verbose_name=_("tài liệu gửi kèm"), blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("giao lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn trả kết quả phần việc"), null=True, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result_note = models.TextField(_("kết quả, lý do"), blank=True)
    result_file = models.FileField(_("văn bản kết quả"), upload_to=part_result_path, max_length=300, blank=True)
    result_name = models.CharField(_("tên tệp kết quả"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phần việc liên thông")
        verbose_name_plural = _("phần việc liên thông")
        ordering = ["dossier_id", "batch", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "batch", "order"], name="interagency_part_unique")]
        indexes = [models.Index(fields=["agency", "status", "due_at"], name="interagency_part_queue_idx")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.SENT, self.Status.RECEIVED)

    @property
    def late(self) -> bool:
        """Answered (done or refused) after its due instant — «quá hạn» on the control slip."""
        return bool(self.due_at and self.completed_at and self.completed_at > self.due_at)

    @property
    def overdue(self) -> bool:
        """Handed over, not answered, and past its due instant now: the lead follows it up (Art. 19.4.d by analogy)."""
        return self.status in (self.Status.SENT, self.Status.RECEIVED) and bool(self.due_at and self.due_at < now())


def dossier_upload_path(instance, filename: str) -> str:
    # The stored name is the sanitised name the uploads module chose; the folder keeps one dossier together.
    return f"dossiers/{instance.dossier_id}/{filename}"


class DossierDocument(models.Model):
    """A file of the dossier: a submitted component (thành phần hồ sơ), a supplement, or a result."""

    class Stage(models.TextChoices):
        INTAKE = "intake", _("Nộp khi tiếp nhận")
        SUPPLEMENT = "supplement", _("Bổ sung")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices, default=Stage.INTAKE)
    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=dossier_upload_path, max_length=300)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    is_scan = models.BooleanField(_("bản quét từ giấy"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["dossier_id", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class DossierFee(models.Model):
    """A fee or charge due for this dossier (phí, lệ phí), copied from the procedure version at acceptance."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    fee_item = models.ForeignKey(FeeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("loại"), max_length=10, choices=FeeItem.Kind.choices)
    name = models.CharField(_("tên khoản thu"), max_length=300)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))

    class Meta:
        verbose_name = _("phí, lệ phí của hồ sơ")
        verbose_name_plural = _("phí, lệ phí của hồ sơ")
        ordering = ["dossier_id", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd} đ"


class DossierEvent(models.Model):
    """One step of a dossier's history: who, when, what, from which state to which, why, and the form produced.

    `details` keeps what the form needs to be printed again exactly (the missing items, the reasons, the dates).
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Nộp hồ sơ trực tuyến")
        INTAKE_SUPPLEMENT = "intake_supplement", _("Yêu cầu bổ sung, hoàn thiện khi tiếp nhận")
        INTAKE_REFUSED = "intake_refused", _("Từ chối tiếp nhận")
        # Art. 17.2: not competent to receive it — sent on to the competent agency's desk.
        FORWARDED = "forwarded", _("Chuyển đến cơ quan có thẩm quyền")
        ACCEPTED = "accepted", _("Tiếp nhận hồ sơ")
        TRANSFERRED = "transferred", _("Chuyển cơ quan giải quyết")
        ASSIGNED = "assigned", _("Phân công xử lý")
        STEP_COMPLETED = "step_completed", _("Hoàn thành bước xử lý")
        CONSULTATION_SENT = "consultation_sent", _("Gửi lấy ý kiến, xác minh")
        CONSULTATION_ANSWERED = "consultation_answered", _("Trả lời ý kiến, xác minh")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung sau thẩm định")
        SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung")
        CLOSED = "closed", _("Đóng hồ sơ do không bổ sung")
        REFUSED = "refused", _("Từ chối giải quyết")
        EXTENDED = "extended", _("Xin lỗi và gia hạn")
        SUBMITTED_FOR_SIGNATURE = "submitted_for_signature", _("Trình ký")
        SIGNED = "signed", _("Lãnh đạo ký, ban hành kết quả")
        SENT_BACK = "sent_back", _("Lãnh đạo trả lại để xử lý tiếp")
        READY_FOR_RETURN = "ready_for_return", _("Nhận kết quả, chờ trả")
        RETURNED = "returned", _("Trả kết quả")
        STOPPED = "stopped", _("Dừng giải quyết theo yêu cầu")
        CORRECTION_REQUESTED = "correction_requested", _("Yêu cầu đính chính kết quả")
        CORRECTED = "corrected", _("Đã đính chính kết quả")
        DOCUMENT_ADDED = "document_added", _("Thêm tài liệu")
        DEADLINE_RECOMPUTED = "deadline_recomputed", _("Tính lại hạn giải quyết")
        INTAKE_SUPPLEMENT_SENT = "intake_supplement_sent", _("Người nộp bổ sung, hoàn thiện hồ sơ trực tuyến")
        RESULT_DELIVERED = "result_delivered", _("Giao bản điện tử kết quả có chữ ký số")
        # Liên thông (Art. 20.2): each participating agency's part, recorded in the lead dossier's history.
        PART_SENT = "part_sent", _("Giao phần việc liên thông")
        PART_RECEIVED = "part_received", _("Cơ quan phối hợp nhận phần việc liên thông")
        PART_DONE = "part_done", _("Cơ quan phối hợp trả kết quả phần việc liên thông")
        PART_REFUSED = "part_refused", _("Cơ quan phối hợp từ chối phần việc liên thông")

    class Form(models.TextChoices):
        RECEIPT = "01", _("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
        SUPPLEMENT = "02", _("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
        REFUSAL = "03", _("Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ")
        APOLOGY = "04", _("Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn")
        STOP = "05", _("Mẫu 05 – Thông báo dừng giải quyết hồ sơ")

    # PROTECT: a dossier with a history is removed only by the owner's purge (history_chain.purge_dossiers).
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    kind = models.CharField(_("sự kiện"), max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_state = models.CharField(_("từ trạng thái"), max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=24, choices=State.choices, blank=True)
    note = models.TextField(_("nội dung"), blank=True)
    due_at = models.DateTimeField(_("hạn sau sự kiện"), null=True, blank=True)
    form = models.CharField(_("biểu mẫu"), max_length=2, choices=Form.choices, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    # The dossier's hash chain (motcua.dossiers.history_chain); empty only for rows written around the ORM.
    prev_hash = models.CharField(_("mã băm sự kiện trước"), max_length=64, db_default="", editable=False)
    hash = models.CharField(_("mã băm"), max_length=64, db_default="", editable=False)

    objects = history_chain.EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")
        ordering = ["dossier_id", "at", "pk"]
        indexes = [models.Index(fields=["dossier", "form"], name="dossier_event_form_idx", condition=~Q(form=""))]

    def __str__(self) -> str:
        return f"{self.dossier} – {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Lịch sử hồ sơ chỉ được ghi thêm, không được sửa."))
        history_chain.append(self, lambda: super(DossierEvent, self).save(*args, **kwargs))


class CodeSequence(models.Model):
    """The last dossier number given by an agency on a day (số thứ tự hồ sơ trong ngày, Decree 118 Art. 28)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="code_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.day:%d/%m/%Y}: {self.last_number}"
