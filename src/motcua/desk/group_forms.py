"""The desk's forms for the Decree 63/2024/NĐ-CP groups: the applicant (the fields of the single intake form, reused),
each part's checklist, and the hand-over of the results together."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.desk.dossier_forms import IntakeForm
from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.uploads import ACCEPTED_LABEL, Upload, check

APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "submitter_name",
    "return_method",
)


class GroupApplicantForm(forms.Form):
    """The applicant and where the results go: the very fields (and checks) of the desk's intake form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in APPLICANT_FIELDS:
            self.fields[name] = copy.deepcopy(IntakeForm.base_fields[name])


class PartChecklistForm(forms.Form):
    """One part's components: ticked as handed in, with an optional scan each."""

    def __init__(self, requirements, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for requirement in self.requirements:
            self.fields[f"doc_{requirement.pk}_present"] = forms.BooleanField(label=_("Đã có"), required=False)
            self.fields[f"doc_{requirement.pk}_file"] = forms.FileField(
                label=_("Tệp (bản quét, ảnh chụp)"), required=False, help_text=ACCEPTED_LABEL
            )

    def clean(self):
        cleaned = super().clean()
        for requirement in self.requirements:
            upload = cleaned.get(f"doc_{requirement.pk}_file")
            if upload:
                try:
                    check(Upload(upload, requirement.pk, True))
                except ValidationError as error:
                    self.add_error(f"doc_{requirement.pk}_file", error)
        return cleaned

    def rows(self):
        return [
            (requirement, self[f"doc_{requirement.pk}_present"], self[f"doc_{requirement.pk}_file"])
            for requirement in self.requirements
        ]

    def presented(self) -> list[int]:
        data = self.cleaned_data
        return [r.pk for r in self.requirements if data.get(f"doc_{r.pk}_present") or data.get(f"doc_{r.pk}_file")]

    def uploads(self) -> list[Upload]:
        data = self.cleaned_data
        return [Upload(data[f"doc_{r.pk}_file"], r.pk, True) for r in self.requirements if data.get(f"doc_{r.pk}_file")]


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức trả kết quả"), choices=ReturnMethod.choices)
    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra đủ kết quả của mọi cơ quan trong nhóm"),
        error_messages={"required": _("Hãy đánh dấu để xác nhận.")},
    )
