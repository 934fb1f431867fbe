"""Forms of the rating and survey pages (citizen portal and desk). They collect and tidy what was typed; the rules
are in motcua.feedback.ratings and motcua.feedback.surveys."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.widgets import DATE_ERRORS, DateInput
from motcua.feedback import access
from motcua.feedback.models import COUNT_CRITERIA, COUNT_MAX, SCORED_CRITERIA, Criterion, Question, Survey
from motcua.feedback.rating_counts import HistoryCounts
from motcua.feedback.ratings import OPTIONAL_CRITERIA, SCALE, Scores
from motcua.feedback.surveys import SCALES

TEXT_MAX = 2000
NOT_APPLICABLE = ""

# The question put to the applicant for each criterion of Art. 33, in everyday words.
CRITERION_QUESTIONS = {
    Criterion.RETURN_TIME: _("Thời gian trả kết quả so với giấy hẹn"),
    Criterion.AGENCIES_COUNT: _("Số cơ quan anh/chị phải đến hoặc liên hệ"),
    Criterion.CONTACTS_COUNT: _("Số lần phải đi lại, liên hệ để hoàn thiện hồ sơ"),
    Criterion.PUBLICATION: _("Thông tin về thủ tục được công khai đầy đủ, chính xác"),
    Criterion.ATTITUDE: _("Thái độ của cán bộ khi tiếp đón, hướng dẫn"),
    Criterion.LAWFULNESS: _("Kết quả và chi phí đúng quy định, không phải trả thêm"),
    Criterion.COMPLAINTS: _("Việc giải thích, trả lời khi anh/chị phản ánh, kiến nghị"),
    Criterion.ONLINE_QUALITY: _("Chất lượng dịch vụ công trực tuyến"),
}
REQUIRED_CHOICE = {"required": _("Xin chọn một mức đánh giá.")}
COUNT_ERROR = lazy(lambda: gettext("Xin ghi một số từ 0 đến %(max)s.") % {"max": COUNT_MAX}, str)()
COUNT_ERRORS = {"required": COUNT_ERROR, "invalid": COUNT_ERROR, "min_value": COUNT_ERROR, "max_value": COUNT_ERROR}
# What the history's count is for each count criterion (rating_counts.HistoryCounts attribute).
HISTORY_ATTRIBUTE = {Criterion.AGENCIES_COUNT: "agencies", Criterion.CONTACTS_COUNT: "visits"}


def _count_field(label, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=COUNT_MAX,
        initial=initial,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count-input"}),
    )


def _score_field(label, optional: bool) -> forms.TypedChoiceField:
    choices = [(str(value), text) for value, text in SCALE]
    if optional:
        choices.append((NOT_APPLICABLE, _("Không áp dụng")))
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=not optional,
        widget=forms.RadioSelect,
        error_messages=REQUIRED_CHOICE,
    )


class RatingForm(forms.Form):
    """The eight criteria of Art. 33, the overall score and a free comment. Scored criteria are large radio buttons;
    b) and c) are counts: shown as facts when the history knows them (`counts.known`, a dossier filed at the desk),
    otherwise numbers the citizen types, prefilled from the history."""

    def __init__(self, *args, counts: HistoryCounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.counts = counts
        for criterion in Criterion:
            if criterion in COUNT_CRITERIA:
                if not counts.known:
                    initial = getattr(counts, HISTORY_ATTRIBUTE[criterion])
                    self.fields[criterion.value] = _count_field(CRITERION_QUESTIONS[criterion], initial)
                continue
            optional = criterion in OPTIONAL_CRITERIA
            self.fields[criterion.value] = _score_field(CRITERION_QUESTIONS[criterion], optional)
        self.fields["overall"] = _score_field(_("Nhìn chung, anh/chị hài lòng thế nào?"), optional=False)
        self.fields["overall"].error_messages = {"required": _("Xin chọn mức độ hài lòng chung.")}
        self.fields["comment"] = forms.CharField(
            label=_("Ý kiến khác (không bắt buộc)"),
            required=False,
            max_length=TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def criterion_rows(self) -> list[dict]:
        """Per criterion in Art. 33 order: {"field": bound field} to answer, or {"label", "fact"} for a count the
        history knows (shown, not editable); "count" tells the template which widget it is."""
        rows = []
        for criterion in Criterion:
            if criterion.value in self.fields:
                rows.append({"field": self[criterion.value], "count": criterion in COUNT_CRITERIA})
            else:
                fact = getattr(self.counts, HISTORY_ATTRIBUTE[criterion])
                rows.append({"label": CRITERION_QUESTIONS[criterion], "fact": fact, "count": True})
        return rows

    def scores(self) -> Scores:
        data = self.cleaned_data
        return Scores(
            criteria={criterion.value: data.get(criterion.value) for criterion in SCORED_CRITERIA},
            overall=data["overall"],
            comment=data.get("comment", ""),
            agencies_count=data.get(Criterion.AGENCIES_COUNT.value),
            contacts_count=data.get(Criterion.CONTACTS_COUNT.value),
        )


class KioskStartForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Xin nhập mã hồ sơ.")},
    )


class ResolveFollowUpForm(forms.Form):
    leader_note = forms.CharField(
        label=_("Kết quả xử lý"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Đã liên hệ người nộp chưa, giải thích hay khắc phục thế nào."),
        error_messages={"required": _("Xin ghi kết quả xử lý (đã liên hệ, giải thích, khắc phục…).")},
    )


class SurveyCreateForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan được khảo sát"), queryset=None)
    title = forms.CharField(label=_("Tên cuộc khảo sát"), max_length=255)
    period_start = forms.DateField(label=_("Nhận ý kiến từ ngày"), widget=DateInput(), error_messages=DATE_ERRORS)
    period_end = forms.DateField(label=_("Đến ngày"), widget=DateInput(), error_messages=DATE_ERRORS)
    introduction = forms.CharField(
        label=_("Lời giới thiệu"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    copy_from = forms.ModelChoiceField(
        label=_("Bộ câu hỏi"),
        queryset=None,
        required=False,
        empty_label=_("Bộ câu hỏi mẫu của MotCua (năm yếu tố SIPAS)"),
        help_text=_("Hoặc chép câu hỏi của một cuộc khảo sát trước."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = access.managed_agencies(user).order_by("name")
        self.fields["copy_from"].queryset = access.visible_surveys(user).select_related("agency")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["order", "factor", "block", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, a new question goes to the end; the numbers are made consecutive on saving.
        self.fields["order"].required = False


QuestionFormSet = forms.modelformset_factory(Question, form=QuestionForm, extra=2, can_delete=True)


class SurveyAnswerForm(forms.Form):
    """One radio group per question (all optional: a respondent may skip any) and the optional dossier code."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.order_by("order", "pk"))
        for question in self.questions:
            labels = SCALES[question.block]
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(str(value), labels[value - 1]) for value in range(5, 0, -1)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["dossier_code"] = forms.CharField(
            label=_("Mã hồ sơ (không bắt buộc)"),
            required=False,
            max_length=40,
            help_text=_("Chỉ ghi nếu anh/chị muốn cơ quan biết ý kiến này gắn với hồ sơ nào."),
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        )

    def sections(self):
        """(factor label, [(block label, [bound fields])]) in the questionnaire's order, for the template."""
        grouped: dict[str, dict[str, list]] = {}
        for question in self.questions:
            grouped.setdefault(question.get_factor_display(), {}).setdefault(question.get_block_display(), []).append(
                self[f"q{question.pk}"]
            )
        return [(factor, list(blocks.items())) for factor, blocks in grouped.items()]

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
