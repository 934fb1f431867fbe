"""The forms of the online submission steps and of the citizen's own dossier page (checks of what was typed;
the legal rules stay in motcua.portal.drafts and motcua.dossiers.lifecycle)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity_numbers import validate_cccd, validate_tax_code
from motcua.core.validators import validate_phone
from motcua.core.widgets import MultipleFileField
from motcua.dossiers.models import ApplicantKind, ReturnMethod
from motcua.dossiers.uploads import ACCEPTED_LABEL
from motcua.portal.models import Draft


def accepted_files_help() -> str:
    """What a file input takes, said before the citizen chooses a file."""
    return gettext("Nhận tệp %(types)s, mỗi tệp tối đa %(size)s MB.") % {
        "types": ACCEPTED_LABEL,
        "size": settings.UPLOAD_MAX_MB,
    }


class AgencyForm(forms.Form):
    receiving_agency = forms.TypedChoiceField(
        label=_("Nơi nộp hồ sơ"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn nơi nộp hồ sơ.")},
    )
    competent_agency = forms.TypedChoiceField(
        label=_("Cơ quan giải quyết"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn cơ quan giải quyết.")},
    )

    def __init__(self, offer, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].choices = [(a.pk, a.name) for a in offer.receiving]
        self.fields["competent_agency"].choices = [(a.pk, a.name) for a in offer.competent]


class ApplicantForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = [
            "applicant_kind",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "submitter_name",
        ]
        labels = {
            "applicant_kind": _("Người nộp là"),
            "applicant_name": _("Họ và tên cá nhân hoặc tên tổ chức"),
            "applicant_id_number": _("Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)"),
            "applicant_phone": _("Số điện thoại"),
            "applicant_email": _("Thư điện tử"),
            "applicant_address": _("Địa chỉ"),
            "submitter_name": _("Người được ủy quyền nộp thay (nếu có)"),
        }
        help_texts = {
            "applicant_id_number": _(
                "CCCD gồm 12 chữ số; mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số)."
            ),
            "applicant_phone": _("Để nhận tin nhắn về hồ sơ, ví dụ 0912345678."),
        }
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "applicant_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "applicant_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {"applicant_email": {"invalid": _("Địa chỉ thư điện tử không hợp lệ.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_name"].required = True
        self.fields["applicant_name"].error_messages["required"] = _("Hãy nhập tên người nộp hồ sơ.")
        self.fields["applicant_id_number"].required = True
        self.fields["applicant_id_number"].error_messages["required"] = _("Hãy nhập số CCCD hoặc mã số thuế.")
        self.fields["applicant_kind"].choices = ApplicantKind.choices

    def clean_applicant_phone(self) -> str:
        phone = self.cleaned_data["applicant_phone"]
        return validate_phone(phone) if phone.strip() else ""

    def clean(self):
        data = super().clean()
        number = (data.get("applicant_id_number") or "").strip()
        if number:
            validate = validate_tax_code if data.get("applicant_kind") == ApplicantKind.ORGANISATION else validate_cccd
            try:
                validate(number)
            except ValidationError as error:
                self.add_error("applicant_id_number", error)
            data["applicant_id_number"] = number
        return data


class RequestForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = ["request_summary", "return_method"]
        labels = {
            "request_summary": _("Nội dung yêu cầu giải quyết"),
            "return_method": _("Nhận kết quả"),
        }
        help_texts = {
            "request_summary": _("Viết ngắn gọn bạn đề nghị cơ quan giải quyết việc gì. Có thể để trống."),
        }
        widgets = {
            "request_summary": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "return_method": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_method"].choices = ReturnMethod.choices


class ComponentFilesForm(forms.Form):
    """One optional file input per component of a group: the files chosen are kept one by one."""

    def __init__(self, components, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.components = {}
        for component in components:
            name = f"tep_{component.pk}"
            self.fields[name] = forms.FileField(label=component.name, required=False, help_text=accepted_files_help())
            self.components[name] = component


class DiscardForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi muốn xóa hồ sơ nháp này cùng các tệp đã tải lên"),
        error_messages={"required": _("Hãy đánh dấu để xác nhận xóa.")},
    )


class StopForm(forms.Form):
    """A request to stop (rút hồ sơ, Art. 21): the reason is printed on Mẫu 05."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do xin dừng giải quyết"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi rõ lý do.")},
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu hồ sơ sẽ dừng giải quyết và không thể tiếp tục"),
        error_messages={"required": _("Hãy đánh dấu để xác nhận rút hồ sơ.")},
    )


class SupplementForm(forms.Form):
    """The files answering a supplement request (Mẫu 02), sent online to the desk."""

    files = MultipleFileField(
        label=_("Giấy tờ bổ sung"),
        error_messages={"required": _("Hãy chọn tệp cần tải lên.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = accepted_files_help() + " " + gettext("Có thể chọn nhiều tệp một lần.")
