"""Forms of the reform pages (cải cách hành chính). They check the input's shape; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.widgets import DATE_ERRORS, DateInput, MultipleFileField
from motcua.reform.models import (
    Area,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    IndexTemplate,
    PlanTask,
    ReformPlan,
    TeamMember,
)

FILES_HELP = _("Tài liệu kiểm chứng, không bắt buộc: PDF, JPG, PNG, TIFF, DOCX, XLSX; tối đa 10 tệp.")
YEAR_ERRORS = {"min_value": _("Năm không hợp lệ."), "max_value": _("Năm không hợp lệ.")}


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput(), error_messages=DATE_ERRORS)


def _text(label, rows=3, required=True, max_length=None):
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


def _files():
    return MultipleFileField(label=_("Tệp kiểm chứng"), required=False, help_text=FILES_HELP)


class PlanForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)
    kind = forms.ChoiceField(label=_("Loại kế hoạch"), choices=ReformPlan.Kind.choices)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False)
    issued_on = _date(_("Ngày ban hành"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False)
    issued_on = _date(_("Ngày ban hành"), required=False)


class TaskForm(forms.Form):
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=Area.choices)
    title = _text(_("Nhiệm vụ"), rows=2, max_length=500)
    owner = forms.CharField(label=_("Đơn vị, người chủ trì"), max_length=200)
    deadline = _date(_("Thời hạn hoàn thành"))
    expected_output = forms.CharField(label=_("Sản phẩm dự kiến"), max_length=300, required=False)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=PlanTask.Status.choices)
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        error_messages={"min_value": _("Tiến độ từ 0 đến 100%."), "max_value": _("Tiến độ từ 0 đến 100%.")},
    )
    note = _text(_("Kết quả thực hiện"))
    files = _files()


class InspectionForm(forms.Form):
    inspecting_agency = forms.ModelChoiceField(label=_("Cơ quan kiểm tra"), queryset=None)
    target_agency = forms.ModelChoiceField(label=_("Cơ quan được kiểm tra"), queryset=None)
    title = forms.CharField(
        label=_("Nội dung kiểm tra"),
        max_length=300,
        initial=_("công tác cải cách hành chính và kiểm soát thủ tục hành chính"),
    )
    decision_number = forms.CharField(label=_("Số quyết định kiểm tra"), max_length=60, required=False)
    period_start = _date(_("Kỳ kiểm tra từ ngày"))
    period_end = _date(_("Đến ngày"))
    inspected_on = _date(_("Ngày kiểm tra"))
    template = forms.ModelChoiceField(
        label=_("Mẫu danh mục kiểm tra"), queryset=ChecklistTemplate.objects.all(), required=False
    )

    def __init__(self, *args, superiors, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspecting_agency"].queryset = superiors
        self.fields["target_agency"].queryset = targets


class InspectionEditForm(forms.Form):
    title = forms.CharField(label=_("Nội dung kiểm tra"), max_length=300)
    decision_number = forms.CharField(label=_("Số quyết định kiểm tra"), max_length=60, required=False)
    period_start = _date(_("Kỳ kiểm tra từ ngày"))
    period_end = _date(_("Đến ngày"))
    inspected_on = _date(_("Ngày kiểm tra"))


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=250, required=False)
    role = forms.ChoiceField(label=_("Vai trò trong đoàn"), choices=TeamMember.Role.choices)
    username = forms.CharField(
        label=_("Tên đăng nhập (nếu có tài khoản)"),
        max_length=150,
        required=False,
        help_text=_("Bắt buộc với trưởng đoàn, người ký biên bản."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True, account_type=User.AccountType.STAFF).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản cán bộ «%(name)s».") % {"name": username})
        return user


class AssessForm(forms.Form):
    result = forms.ChoiceField(label=_("Đánh giá"), choices=ChecklistItem.Result.choices, required=False)
    note = _text(_("Nhận xét"), rows=2, required=False)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Finding.Kind.choices)
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=Area.choices)
    text = _text(_("Nội dung"))


class RecommendationForm(forms.Form):
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=Area.choices)
    text = _text(_("Nội dung kiến nghị"))
    responsible_agency = forms.ModelChoiceField(label=_("Cơ quan thực hiện"), queryset=None)
    deadline = _date(_("Thời hạn thực hiện"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].queryset = agencies


class ConclusionForm(forms.Form):
    conclusion = _text(_("Kết luận"), rows=6, required=False)


class FollowUpForm(forms.Form):
    text = _text(_("Kết quả khắc phục"), rows=4)
    files = _files()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=[("accept", _("Công nhận hoàn thành")), ("reopen", _("Yêu cầu tiếp tục thực hiện"))],
        widget=forms.RadioSelect,
    )
    decision_note = _text(_("Nhận xét"), rows=2, required=False)


class AssessmentStartForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Bộ chỉ số"), queryset=IndexTemplate.objects.all())
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ScoreForm(forms.Form):
    points = forms.DecimalField(label=_("Điểm"), max_digits=6, decimal_places=2, min_value=0)
    note = _text(_("Giải trình"), rows=2, required=False)
    files = _files()


class AppraisalForm(forms.Form):
    points = forms.DecimalField(label=_("Điểm thẩm định"), max_digits=6, decimal_places=2, min_value=0)
    note = _text(_("Ý kiến thẩm định"), rows=2, required=False)


class YearForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False, error_messages=YEAR_ERRORS)
