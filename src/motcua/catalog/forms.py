"""Forms of the staff catalog pages: a version with its components, publication, abolition, offering, internal
process and posting. Forms only check input; the catalog rules live in versions.py and processes.py."""

import datetime
import decimal

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Channel,
    FeeItem,
    Field,
    LegalBasis,
    Level,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.processes import STEP_ROLES, StepData
from motcua.core.widgets import DATE_ERRORS, DateInput
from motcua.orgs.models import Agency

SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class VersionForm(forms.ModelForm):
    """The fields of a procedure version itself (Decree 63/2010 Art. 8.2)."""

    levels = forms.MultipleChoiceField(
        label=_("Cấp thực hiện"), choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProcedureVersion
        fields = [
            "name",
            "field",
            "kind",
            "levels",
            "implementing_agencies",
            "competent_agencies",
            "receiving_agencies",
            "coordinating_agencies",
            "steps",
            "applicants",
            "requirements",
            "results_description",
            "online_level",
            "legacy_online_level",
            "boundary_free",
            "fee_exempt",
            "notes",
            "source_url",
        ]
        widgets = {
            "name": SHORT_TEXT,
            "implementing_agencies": SHORT_TEXT,
            "competent_agencies": SHORT_TEXT,
            "receiving_agencies": SHORT_TEXT,
            "coordinating_agencies": SHORT_TEXT,
            "applicants": SHORT_TEXT,
            "notes": SHORT_TEXT,
        }


class NewProcedureForm(VersionForm):
    code = forms.CharField(label=_("Mã thủ tục"), max_length=40, help_text=_("Mã trên CSDLQG, ví dụ 1.001193."))

    field_order = ["code"]


def _formset(model, fields, widgets=None):
    return inlineformset_factory(
        ProcedureVersion, model, fields=fields, extra=1, can_delete=True, widgets=widgets or {}
    )


MethodFormSet = _formset(
    ProcedureMethod,
    ["order", "channel", "time_amount", "time_unit", "cutoff", "time_text", "fee_text", "description"],
    {"fee_text": SHORT_TEXT, "description": SHORT_TEXT, "cutoff": forms.TimeInput(attrs={"type": "time"})},
)
DocumentFormSet = _formset(
    RequiredDocument,
    ["order", "group", "name", "originals", "copies", "copies_text", "required", "form_name", "form_file"],
    {"name": SHORT_TEXT},
)
FeeFormSet = _formset(
    FeeItem, ["order", "kind", "name", "amount_vnd", "channel", "condition", "exempt"], {"condition": SHORT_TEXT}
)
LegalBasisFormSet = _formset(LegalBasis, ["order", "number", "title"], {"title": SHORT_TEXT})
ResultFormSet = _formset(ProcedureResult, ["order", "name", "code"], {"name": SHORT_TEXT})

CHILD_FORMSETS = (
    ("methods", _("Cách thức thực hiện và thời hạn"), MethodFormSet),
    ("documents", _("Thành phần hồ sơ"), DocumentFormSet),
    ("fees", _("Phí, lệ phí"), FeeFormSet),
    ("legal_bases", _("Căn cứ pháp lý"), LegalBasisFormSet),
    ("results", _("Kết quả thực hiện"), ResultFormSet),
)


class DraftEditor:
    """The version form with one formset per component; bound forms keep everything typed on an error."""

    def __init__(self, version: ProcedureVersion, data=None, files=None, *, new_procedure: bool = False):
        form_class = NewProcedureForm if new_procedure else VersionForm
        self.form = form_class(data, files, instance=version)
        self.form.fields["field"].queryset = Field.objects.order_by("name")
        self.formsets = [
            (title, formset_class(data, files, instance=version, prefix=prefix))
            for prefix, title, formset_class in CHILD_FORMSETS
        ]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for _title, formset in self.formsets:
            valid = formset.is_valid() and valid
        return valid

    @property
    def has_errors(self) -> bool:
        if not self.form.is_bound:
            return False
        return bool(self.form.errors) or any(formset.total_error_count() for _title, formset in self.formsets)

    def save_children(self, version: ProcedureVersion) -> None:
        for _title, formset in self.formsets:
            formset.instance = version
            formset.save()


class PublishForm(forms.Form):
    """The publication decision (quyết định công bố) of a draft."""

    number = forms.CharField(label=_("Số quyết định công bố"), max_length=100)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput(), error_messages=DATE_ERRORS)
    signer = forms.CharField(label=_("Người ký"), max_length=200)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    effective_on = forms.DateField(
        label=_("Ngày có hiệu lực"),
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("Phiên bản có hiệu lực từ ngày này; phiên bản đang áp dụng hết hiệu lực từ ngày hôm trước."),
    )
    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra toàn bộ nội dung phiên bản; sau khi công bố sẽ không sửa được nữa."),
        error_messages={"required": _("Hãy xác nhận đã kiểm tra nội dung trước khi công bố.")},
    )


class AbolishForm(forms.Form):
    abolished_on = forms.DateField(
        label=_("Ngày bãi bỏ có hiệu lực"),
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("Từ ngày này thủ tục không còn được tiếp nhận; các phiên bản vẫn được lưu để tra cứu."),
    )
    decision = forms.CharField(
        label=_("Quyết định bãi bỏ"),
        max_length=100,
        help_text=_("Số, ngày quyết định công bố việc bãi bỏ thủ tục."),
    )
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận bãi bỏ thủ tục này."),
        error_messages={"required": _("Hãy xác nhận trước khi bãi bỏ.")},
    )


class CatalogFilterForm(forms.Form):
    class Status:
        PUBLISHED = "published"
        DRAFT = "draft"
        ABOLISHED = "abolished"

    q = forms.CharField(label=_("Mã hoặc tên thủ tục"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (Status.PUBLISHED, _("Đã công bố")),
            (Status.DRAFT, _("Đang dự thảo")),
            (Status.ABOLISHED, _("Đã bãi bỏ")),
        ],
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), required=False, queryset=Field.objects.order_by("name"), empty_label=_("Tất cả")
    )


class OfferingForm(forms.Form):
    receives = forms.BooleanField(label=_("Tiếp nhận hồ sơ"), required=False)
    resolves = forms.BooleanField(label=_("Giải quyết"), required=False)
    channels = forms.MultipleChoiceField(
        label=_("Hình thức tiếp nhận"),
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ các cách thức mà phiên bản thủ tục quy định."),
    )
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)


class ProcessForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định phê duyệt quy trình"), max_length=100, required=False)
    approved_on = forms.DateField(
        label=_("Ngày phê duyệt"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )


class StepForm(forms.Form):
    """One step; the time is typed in working hours (a working day is 8 hours) and stored in minutes."""

    order = forms.IntegerField(label=_("Thứ tự"), min_value=1, max_value=999)
    name = forms.CharField(label=_("Tên bước"), max_length=300)
    role = forms.ChoiceField(label=_("Vai trò thực hiện"), choices=[(role.value, role.label) for role in STEP_ROLES])
    agency = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("Chính cơ quan giải quyết"),
    )
    department = forms.CharField(label=_("Bộ phận"), max_length=200, required=False)
    hours = forms.DecimalField(
        label=_("Thời gian (giờ làm việc)"),
        min_value=decimal.Decimal("0.25"),
        max_digits=7,
        decimal_places=2,
        help_text=_("1 ngày làm việc = 8 giờ."),
    )
    parallel_group = forms.IntegerField(
        label=_("Nhóm song song"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Các bước cùng số nhóm được thực hiện đồng thời."),
    )
    is_consultation = forms.BooleanField(label=_("Lấy ý kiến, phối hợp"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Agencies still operating: a step can be done by another agency (liên thông), never by a ceased one.
        today = datetime.date.today()
        self.fields["agency"].queryset = Agency.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        ).order_by("name")

    @classmethod
    def initial_for(cls, step) -> dict:
        return {
            "order": step.order,
            "name": step.name,
            "role": step.role,
            "agency": step.agency_id,
            "department": step.department,
            "hours": decimal.Decimal(step.allotted_minutes) / 60,
            "parallel_group": step.parallel_group,
            "is_consultation": step.is_consultation,
        }

    def step_data(self) -> StepData:
        data = self.cleaned_data
        return StepData(
            order=data["order"],
            name=data["name"],
            role=data["role"],
            agency=data["agency"],
            department=data["department"],
            allotted_minutes=int(data["hours"] * 60),
            parallel_group=data["parallel_group"],
            is_consultation=data["is_consultation"],
        )


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True)


def steps_of(formset) -> list[StepData]:
    """The steps kept in a valid formset (filled and not marked for deletion)."""
    return [form.step_data() for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class PostingForm(forms.Form):
    location = forms.CharField(
        label=_("Nơi niêm yết"),
        max_length=300,
        help_text=_("Ví dụ: bảng niêm yết tại trụ sở; trang thông tin điện tử."),
    )
    posted_on = forms.DateField(label=_("Ngày niêm yết"), widget=DateInput(), error_messages=DATE_ERRORS)


class PostingRemovalForm(forms.Form):
    removed_on = forms.DateField(label=_("Ngày gỡ"), widget=DateInput(), error_messages=DATE_ERRORS)
