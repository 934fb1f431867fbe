"""Forms of the staff dossier pages: intake at the desk, the queue filters, one small form per lifecycle action.

They only collect and tidy what was typed; every rule is the lifecycle's (motcua.dossiers.lifecycle). The intake
form runs the same validators the service runs (identity numbers, uploads.check) so that each error can be shown
next to its own field, all at once, instead of one at a time at the top.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity_numbers import validate_cccd, validate_tax_code
from motcua.accounts.models import Role, User
from motcua.catalog.models import Channel, ProcedureMethod, ProcedureVersion, RequiredDocument
from motcua.catalog.processes import WORKING_DAY_MINUTES
from motcua.catalog.text import fold
from motcua.core.validators import EMAIL_MAX_LENGTH, check_day, validate_phone
from motcua.core.widgets import DATETIME_ERRORS, DateTimeField, MultipleFileField, QuickSelect
from motcua.desk.forms import DATE_ERRORS, DateInput
from motcua.documents.signing import PDF
from motcua.dossiers import apology, forwarding, lifecycle
from motcua.dossiers.models import ApplicantKind, Dossier, ReturnMethod, State
from motcua.dossiers.uploads import ACCEPTED_LABEL, Upload, check, check_result_pdf
from motcua.orgs.models import Agency

# The channels the desk itself takes in; online dossiers arrive through the portal.
DESK_CHANNELS = (Channel.DIRECT, Channel.POSTAL)
TEXT_MAX = 2000


def person_label(user: User) -> str:
    return user.get_full_name() or user.username


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# -- intake at the desk ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeChoice:
    """What the chosen procedure offers at this desk: its version in force, methods, competent agencies."""

    receiving_agency: Agency
    version: ProcedureVersion
    methods: list[ProcedureMethod]
    competent_agencies: list[Agency]
    requirements: list[RequiredDocument]
    # "Lưu ý" rows and headings of the published list (RequiredDocument.is_note): read to the applicant, not ticked.
    notes: list[RequiredDocument] = field(default_factory=list)


@dataclass(frozen=True)
class ChecklistRow:
    requirement: RequiredDocument
    present: forms.BoundField
    file: forms.BoundField
    scan: forms.BoundField
    lost_file: str  # the name of a file chosen before an error: the browser cannot send it again


class IntakeForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức nộp, thời hạn giải quyết"), widget=forms.RadioSelect)
    competent_agency = forms.ChoiceField(label=_("Cơ quan giải quyết"))
    applicant_kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON, widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(label=_("Họ và tên cá nhân hoặc tên tổ chức"), max_length=255)
    applicant_id_number = forms.CharField(
        label=_("Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)"),
        max_length=14,
        help_text=_("CCCD gồm 12 chữ số; mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số)."),
    )
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=15, required=False)
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    submitter_name = forms.CharField(label=_("Người được ủy quyền nộp thay (nếu có)"), max_length=255, required=False)
    request_summary = forms.CharField(
        label=_("Nội dung yêu cầu giải quyết"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống thì ghi tên thủ tục."),
    )
    copies = forms.IntegerField(
        label=_("Số lượng hồ sơ (bộ)"),
        initial=1,
        min_value=1,
        max_value=lifecycle.MAX_COPIES,
        error_messages={"min_value": _("Số lượng hồ sơ phải từ 1 bộ trở lên.")},
    )
    return_method = forms.ChoiceField(label=_("Nhận kết quả"), choices=ReturnMethod.choices, initial=ReturnMethod.DESK)
    supplement_items = forms.CharField(
        label=_("Nội dung cần bổ sung, hoàn thiện khác (mỗi dòng một nội dung)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Các thành phần bắt buộc chưa đánh dấu «Đã có» được tự động ghi vào phiếu (Mẫu 02)."),
    )
    supplement_reason = forms.CharField(
        label=_("Lý do yêu cầu bổ sung"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    refusal_reason = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # What the service calls a field → the field of this form.
    SERVICE_FIELDS = {
        "accept": {},
        "supplement": {"items": "supplement_items", "reason": "supplement_reason"},
        "refuse": {"reason": "refusal_reason"},
    }

    def __init__(self, choice: IntakeChoice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice = choice
        self.fields["method"].choices = [
            (str(method.pk), f"{method.get_channel_display()} – {method.duration_label or method.time_text or '—'}")
            for method in choice.methods
        ]
        direct = [m for m in choice.methods if m.channel == Channel.DIRECT]
        if direct or len(choice.methods) == 1:
            self.fields["method"].initial = str((direct or choice.methods)[0].pk)
        agencies = choice.competent_agencies
        self.fields["competent_agency"].choices = [(str(a.pk), a.name) for a in agencies]
        if len(agencies) > 1:
            self.fields["competent_agency"].choices.insert(0, ("", _("– Chọn cơ quan giải quyết –")))
            # Several agencies resolve it (e.g. every commune): preselect the one where the desk is, if only one is.
            local = [a for a in agencies if a.unit_id == choice.receiving_agency.unit_id]
            if len(local) == 1:
                self.fields["competent_agency"].initial = str(local[0].pk)
        for requirement in choice.requirements:
            key = f"doc_{requirement.pk}"
            self.fields[f"{key}_present"] = forms.BooleanField(label=_("Đã có"), required=False)
            self.fields[f"{key}_file"] = forms.FileField(
                label=_("Tệp (bản quét, ảnh chụp)"),
                required=False,
                help_text=ACCEPTED_LABEL,
                error_messages={"empty": _("Tệp rỗng."), "invalid": _("Không đọc được tệp đã gửi.")},
            )
            self.fields[f"{key}_scan"] = forms.BooleanField(label=_("Bản quét từ giấy"), required=False)
        for name in self.fields:
            if name not in {"method", "applicant_kind"} and not name.startswith("doc_"):
                self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    # -- the checklist ---------------------------------------------------------------------------------------

    def lost_files(self) -> dict[int, str]:
        """Files that were chosen but cannot be shown again (a browser never refills a file input)."""
        if not self.is_bound:
            return {}
        lost = {}
        for requirement in self.choice.requirements:
            upload = self.files.get(f"doc_{requirement.pk}_file")
            if upload is not None:
                lost[requirement.pk] = upload.name
        return lost

    def checklist(self) -> list[ChecklistRow]:
        lost = self.lost_files()
        rows = []
        for requirement in self.choice.requirements:
            key = f"doc_{requirement.pk}"
            rows.append(
                ChecklistRow(
                    requirement,
                    self[f"{key}_present"],
                    self[f"{key}_file"],
                    self[f"{key}_scan"],
                    lost.get(requirement.pk, ""),
                )
            )
        return rows

    def lost_file_list(self) -> list[tuple[str, str]]:
        lost = self.lost_files()
        return [(r.name, lost[r.pk]) for r in self.choice.requirements if r.pk in lost]

    # -- checking ----------------------------------------------------------------------------------------------

    def clean_applicant_phone(self) -> str:
        phone = self.cleaned_data["applicant_phone"]
        return validate_phone(phone) if phone.strip() else ""

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("applicant_kind"), cleaned.get("applicant_id_number", "").strip()
        if number:
            cleaned["applicant_id_number"] = number
            try:
                if kind == ApplicantKind.ORGANISATION:
                    validate_tax_code(number)
                else:
                    validate_cccd(number)
            except ValidationError as error:
                self.add_error("applicant_id_number", error)
        for requirement in self.choice.requirements:
            key = f"doc_{requirement.pk}"
            upload = cleaned.get(f"{key}_file")
            if upload:
                try:
                    check(Upload(upload, requirement.pk, bool(cleaned.get(f"{key}_scan"))))
                except ValidationError as error:
                    self.add_error(f"{key}_file", error)
        return cleaned

    def selected_method(self) -> ProcedureMethod:
        return next(m for m in self.choice.methods if str(m.pk) == self.cleaned_data["method"])

    def selected_agency(self) -> Agency:
        return next(a for a in self.choice.competent_agencies if str(a.pk) == self.cleaned_data["competent_agency"])

    def documents(self) -> tuple[Upload, ...]:
        uploads = []
        for requirement in self.choice.requirements:
            key = f"doc_{requirement.pk}"
            if self.cleaned_data.get(f"{key}_file"):
                uploads.append(
                    Upload(self.cleaned_data[f"{key}_file"], requirement.pk, bool(self.cleaned_data.get(f"{key}_scan")))
                )
        return tuple(uploads)

    def missing_items(self) -> list[str]:
        """The required components neither ticked as present nor sent as a file, then the free-text lines."""
        missing = [
            r.name
            for r in self.choice.requirements
            if r.required
            and not self.cleaned_data.get(f"doc_{r.pk}_present")
            and not self.cleaned_data.get(f"doc_{r.pk}_file")
        ]
        return missing + _lines(self.cleaned_data.get("supplement_items", ""))

    def intake(self) -> lifecycle.Intake:
        data = self.cleaned_data
        return lifecycle.Intake(
            method=self.selected_method(),
            receiving_agency=self.choice.receiving_agency,
            competent_agency=self.selected_agency(),
            applicant=lifecycle.Applicant(
                kind=data["applicant_kind"],
                name=data["applicant_name"].strip(),
                id_number=data["applicant_id_number"],
                phone=data["applicant_phone"].strip(),
                email=data["applicant_email"].strip(),
                address=data["applicant_address"].strip(),
                submitter_name=data["submitter_name"].strip(),
            ),
            request_summary=data["request_summary"],
            copies=data["copies"],
            return_method=data["return_method"],
            documents=self.documents(),
            presented=tuple(
                r.pk
                for r in self.choice.requirements
                if data.get(f"doc_{r.pk}_present") or data.get(f"doc_{r.pk}_file")
            ),
        )


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Mã hoặc tên thủ tục"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Gõ có dấu hay không dấu đều được, ví dụ «khai sinh» hoặc «1.001193»."),
    )

    def search_text(self) -> str:
        return fold(self.cleaned_data.get("q", "")) if self.is_valid() else ""


# -- the work queues ----------------------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    SORTS = {
        "due": ("due_at", _("Hạn giải quyết: sớm nhất trước")),
        "due_desc": ("-due_at", _("Hạn giải quyết: muộn nhất trước")),
        "received": ("-received_at", _("Ngày tiếp nhận: mới nhất trước")),
    }

    procedure = forms.CharField(label=_("Thủ tục (mã hoặc tên)"), required=False, max_length=100)
    applicant = forms.CharField(label=_("Người nộp hoặc mã hồ sơ"), required=False, max_length=100)
    # The queue page renders its lists on every request: written in one pass, not one template per <option>.
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, widget=QuickSelect)
    # Bounded days: 31/12/9999 and the day after it overflowed (a 500).
    received_from = forms.DateField(
        label=_("Tiếp nhận từ ngày"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        validators=[check_day],
    )
    received_to = forms.DateField(
        label=_("Tiếp nhận đến ngày"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        validators=[check_day],
    )
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False, widget=QuickSelect)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, widget=QuickSelect)

    def __init__(self, agencies: list[Agency], *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        invalid = {"invalid_choice": _("Lựa chọn không hợp lệ.")}
        self.fields["state"].choices = everything + list(State.choices)
        self.fields["agency"].choices = everything + [(str(a.pk), a.name) for a in agencies]
        self.fields["sort"].choices = [("", _("Theo hàng đợi (khẩn nhất trước)"))] + [
            (key, label) for key, (_field, label) in self.SORTS.items()
        ]
        for name in ("state", "agency", "sort"):
            self.fields[name].error_messages.update(invalid)
        self.fields["procedure"].widget.attrs["type"] = "search"
        self.fields["applicant"].widget.attrs["type"] = "search"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("“Đến ngày” phải bằng hoặc sau “Từ ngày”."))
        return cleaned

    def agency_id(self) -> int | None:
        value = self.cleaned_data.get("agency") if self.is_bound and self.is_valid() else None
        return int(value) if value else None

    def apply(self, dossiers):
        """The dossiers matching the valid filters, in the chosen order; call after is_valid()."""
        data = self.cleaned_data
        if data.get("procedure"):
            dossiers = dossiers.filter(version__search_text__contains=fold(data["procedure"]))
        if data.get("applicant"):
            text = data["applicant"].strip()
            dossiers = dossiers.filter(
                Q(applicant_name__icontains=text) | Q(code__icontains=text) | Q(applicant_id_number=text)
            )
        if data.get("state"):
            dossiers = dossiers.filter(state=data["state"])
        if data.get("received_from"):
            dossiers = dossiers.filter(received_at__gte=_start_of(data["received_from"]))
        if data.get("received_to"):
            dossiers = dossiers.filter(received_at__lt=_start_of(data["received_to"] + datetime.timedelta(days=1)))
        sort = data.get("sort")
        if sort:
            field = self.SORTS[sort][0]
            name = field.lstrip("-")
            expression = F(name).desc(nulls_last=True) if field.startswith("-") else F(name).asc(nulls_last=True)
            dossiers = dossiers.order_by(expression, "pk")
        return dossiers


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class BulkReassignForm(forms.Form):
    dossiers = forms.MultipleChoiceField(
        label=_("Hồ sơ"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy đánh dấu các hồ sơ cần chuyển xử lý.")},
    )
    specialist = forms.ChoiceField(
        label=_("Chuyển xử lý cho"),
        error_messages={"required": _("Hãy chọn chuyên viên nhận hồ sơ.")},
        widget=QuickSelect,
    )

    def __init__(self, specialists: list[User], dossier_ids: list[int], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.specialists = {str(user.pk): user for user in specialists}
        self.fields["specialist"].choices = [("", _("– Chọn chuyên viên –"))] + [
            (pk, person_label(user)) for pk, user in self.specialists.items()
        ]
        self.fields["dossiers"].choices = [(str(pk), str(pk)) for pk in dossier_ids]

    def selected_ids(self) -> list[str]:
        return self.data.getlist("dossiers") if self.is_bound else []


# -- lifecycle actions on the dossier page ------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action names the revision the user saw: a stale page gets a Conflict instead of acting twice."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, dossier: Dossier, user, *args, **kwargs):
        kwargs["initial"] = {**(kwargs.get("initial") or {}), "revision": dossier.revision}
        super().__init__(*args, **kwargs)
        self.dossier, self.user = dossier, user


def _textarea(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ConfirmForm(ActionForm):
    pass


class NoteForm(ActionForm):
    note = _textarea(_("Ghi chú (không bắt buộc)"), rows=2)


class ReasonForm(ActionForm):
    reason = _textarea(_("Lý do"))


class ItemsForm(ActionForm):
    items = _textarea(_("Nội dung cần bổ sung, hoàn thiện (mỗi dòng một nội dung)"), rows=4)
    reason = _textarea(_("Lý do"), rows=2)

    def items_list(self) -> list[str]:
        return _lines(self.cleaned_data["items"])


class AssignForm(ActionForm):
    specialist = forms.ChoiceField(label=_("Chuyên viên xử lý"))

    def __init__(self, dossier, user, *args, **kwargs):
        super().__init__(dossier, user, *args, **kwargs)
        specialists = (
            User.objects.filter(
                roles__role=Role.SPECIALIST, roles__agency_id=dossier.competent_agency_id, is_active=True
            )
            .distinct()
            .order_by("full_name", "username")
        )
        self.specialists = {str(u.pk): u for u in specialists}
        self.fields["specialist"].choices = [("", _("– Chọn chuyên viên –"))] + [
            (pk, person_label(u)) for pk, u in self.specialists.items() if u.pk != dossier.assignee_id
        ]

    def chosen_specialist(self):
        return self.specialists.get(self.cleaned_data["specialist"])


class ForwardForm(ActionForm):
    """Art. 17.2: the desk that will check the online submission instead (it must receive the procedure online) and,
    when the choice is not obvious, the agency that resolves it; the lifecycle checks both against the catalog."""

    agency = forms.ChoiceField(
        label=_("Chuyển đến Bộ phận Một cửa của cơ quan"),
        error_messages={"required": _("Hãy chọn cơ quan có thẩm quyền tiếp nhận hồ sơ.")},
    )
    competent_agency = forms.ChoiceField(
        label=_("Cơ quan giải quyết"),
        required=False,
        help_text=_("Để trống: cơ quan được chọn nếu cơ quan đó giải quyết thủ tục, nếu không thì giữ như khi nộp."),
    )
    reason = _textarea(_("Lý do (không thuộc thẩm quyền)"), required=True)

    def __init__(self, dossier, user, *args, **kwargs):
        super().__init__(dossier, user, *args, **kwargs)
        desks, resolvers = forwarding.choices(dossier)
        self.agencies = {str(a.pk): a for a in [*desks, *resolvers]}
        self.fields["agency"].choices = [("", _("– Chọn cơ quan –"))] + [(str(a.pk), a.name) for a in desks]
        self.fields["competent_agency"].choices = [("", _("– Như trên hoặc như khi nộp –"))] + [
            (str(a.pk), a.name) for a in resolvers
        ]

    def chosen(self, name: str):
        return self.agencies.get(self.cleaned_data.get(name) or "")


class ExtensionForm(ActionForm):
    """Mẫu 04, the apology and new appointment (Decree 118 Art. 19.6). When the day for it has passed, the form
    says so: the letter is still issued, and recorded as late (motcua.dossiers.apology)."""

    reason = _textarea(_("Lý do quá hạn, lời xin lỗi"))
    # One text box "dd/mm/yyyy hh:mm" (motcua.core.widgets): one label names it, whatever the browser's language.
    new_due_at = DateTimeField(
        label=_("Ngày hẹn trả kết quả mới (ngày/tháng/năm giờ:phút)"),
        error_messages={**DATETIME_ERRORS, "required": _("Hãy nhập ngày và giờ hẹn trả kết quả mới.")},
    )

    def __init__(self, dossier, user, *args, **kwargs):
        super().__init__(dossier, user, *args, **kwargs)
        self.late_notice = ""
        if dossier.due_at and apology.is_late(dossier.due_at, timezone.now()):
            self.late_notice = _(
                "Đã quá thời hạn xin lỗi (chậm nhất 01 ngày trước hạn %(due)s, Nghị định 118/2025 Điều 19.6): văn bản "
                "xin lỗi và hẹn lại vẫn được lập và được ghi nhận là gửi muộn."
            ) % {"due": f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}"}


class ConsultationForm(ActionForm):
    UNITS = {"days": WORKING_DAY_MINUTES, "hours": 60}

    agencies = forms.MultipleChoiceField(
        label=_("Cơ quan được hỏi ý kiến, xác minh"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một cơ quan để lấy ý kiến.")},
    )
    content = _textarea(_("Nội dung cần lấy ý kiến, xác minh"))
    amount = forms.IntegerField(label=_("Thời hạn trả lời"), min_value=1, max_value=999, initial=3)
    unit = forms.ChoiceField(
        label=_("Đơn vị"),
        choices=[("days", _("ngày làm việc")), ("hours", _("giờ làm việc"))],
        initial="days",
    )
    parallel = forms.ChoiceField(
        label=_("Cách gửi"),
        choices=[("1", _("Song song (gửi cùng lúc)")), ("0", _("Lần lượt (theo thứ tự trong danh sách)"))],
        initial="1",
        widget=forms.RadioSelect,
    )

    def __init__(self, dossier, user, *args, **kwargs):
        super().__init__(dossier, user, *args, **kwargs)
        today = timezone.localdate()
        agencies = (
            Agency.objects.exclude(pk=dossier.competent_agency_id)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            .order_by("name")
        )
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agencies"].choices = [(pk, a.name) for pk, a in self.agencies.items()]

    def requests(self) -> list[lifecycle.ConsultationRequest]:
        data = self.cleaned_data
        minutes = data["amount"] * self.UNITS[data["unit"]]
        return [
            lifecycle.ConsultationRequest(self.agencies[pk], data["content"], minutes)
            for pk in self.agencies
            if pk in data["agencies"]
        ]


class AnswerForm(ActionForm):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answer = _textarea(_("Ý kiến trả lời, kết quả xác minh"), rows=4)


class ReturnForm(ActionForm):
    method = forms.ChoiceField(label=_("Hình thức trả kết quả"), choices=ReturnMethod.choices)

    def __init__(self, dossier, user, *args, **kwargs):
        kwargs["initial"] = {**(kwargs.get("initial") or {}), "method": dossier.return_method}
        super().__init__(dossier, user, *args, **kwargs)


class StopForm(ActionForm):
    reason = _textarea(_("Lý do dừng (theo đề nghị của người nộp)"))
    refund = forms.CharField(
        label=_("Hoàn trả phí, lệ phí (nếu có)"),
        required=False,
        max_length=500,
        help_text=_("Ví dụ: hoàn trả 50.000 đồng lệ phí đã nộp."),
    )


class CheckedFilesMixin:
    """Each file chosen in `files` is checked as an upload (type, size, name) before anything is stored."""

    def clean(self):
        cleaned = super().clean()
        for upload in cleaned.get("files") or []:
            try:
                check(Upload(upload, None, bool(cleaned.get("is_scan"))))
            except ValidationError as error:
                self.add_error("files", error)
        return cleaned


class SupplementReceivedForm(CheckedFilesMixin, ActionForm):
    files = MultipleFileField(label=_("Tệp hồ sơ bổ sung (không bắt buộc)"), required=False, help_text=ACCEPTED_LABEL)
    is_scan = forms.BooleanField(label=_("Bản quét từ giấy"), required=False)

    def uploads(self) -> list[Upload]:
        return [Upload(f, None, bool(self.cleaned_data.get("is_scan"))) for f in self.cleaned_data.get("files") or []]


class ResultUploadForm(ActionForm):
    """The result file (kết quả giải quyết) the handler attaches; a PDF when it is returned electronically, since
    only a PDF can carry the agency's signature on the citizen's copy (docs/signing.md)."""

    file = forms.FileField(
        label=_("Tệp kết quả giải quyết"),
        help_text=ACCEPTED_LABEL,
        error_messages={"required": _("Hãy chọn tệp kết quả cần tải lên.")},
    )

    def __init__(self, dossier, user, *args, **kwargs):
        super().__init__(dossier, user, *args, **kwargs)
        if dossier.return_method == ReturnMethod.ELECTRONIC:
            self.fields["file"].help_text = _("PDF (người nộp nhận bản điện tử có ký số của cơ quan).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        checked = check(Upload(upload, None, False))
        if self.dossier.return_method == ReturnMethod.ELECTRONIC and checked.content_type != PDF:
            raise ValidationError(_("Người nộp nhận kết quả bản điện tử: hãy tải lên tệp PDF."))
        check_result_pdf(checked)  # a PDF the signer cannot open is refused here, not at the citizen's download
        return upload

    def uploads(self) -> list[Upload]:
        return [Upload(self.cleaned_data["file"], None, False)]


class SignForm(ActionForm):
    """The leader signs after looking at what is signed (the page lists the result files and the draft's note)."""

    confirm = forms.BooleanField(
        label=_("Tôi đã xem các tệp kết quả và dự thảo ở trên; ký, ban hành kết quả."),
        error_messages={"required": _("Hãy xem các tệp kết quả rồi đánh dấu ô xác nhận trước khi ký.")},
    )


class DocumentsForm(CheckedFilesMixin, ActionForm):
    """Files the desk adds to a dossier after intake: scans, or papers the applicant brings later."""

    files = MultipleFileField(
        label=_("Tệp cần thêm"),
        help_text=ACCEPTED_LABEL,
        error_messages={"required": _("Hãy chọn tệp cần tải lên.")},
    )
    requirement = forms.ChoiceField(label=_("Thành phần hồ sơ"), required=False)
    is_scan = forms.BooleanField(label=_("Bản quét từ giấy"), required=False)

    def __init__(self, dossier, user, *args, **kwargs):
        super().__init__(dossier, user, *args, **kwargs)
        self.fields["requirement"].choices = [("", _("– Không thuộc thành phần nào –"))] + [
            (str(doc.pk), doc.name[:120]) for doc in dossier.version.documents.all()
        ]

    def uploads(self) -> list[Upload]:
        requirement = self.cleaned_data.get("requirement")
        scan = bool(self.cleaned_data.get("is_scan"))
        return [Upload(f, int(requirement) if requirement else None, scan) for f in self.cleaned_data["files"]]


class TrackingBookForm(forms.Form):
    agency = forms.ChoiceField(label=_("Cơ quan"))
    date_from = forms.DateField(label=_("Từ ngày"), widget=DateInput(), error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("Đến ngày"), widget=DateInput(), error_messages=DATE_ERRORS)
    fmt = forms.ChoiceField(
        label=_("Định dạng"), choices=[("pdf", "PDF"), ("docx", _("DOCX (sửa được)"))], initial="pdf"
    )
    part = forms.IntegerField(
        label=_("Phần"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("Kỳ có nhiều hồ sơ được in thành nhiều phần; phần 1 là những hồ sơ tiếp nhận sớm nhất."),
    )

    def __init__(self, agencies: list[Agency], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = [(pk, a.name) for pk, a in self.agencies.items()]
        self.fields["agency"].error_messages["invalid_choice"] = _("Lựa chọn không hợp lệ.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải bằng hoặc sau “Từ ngày”."))
        return cleaned
