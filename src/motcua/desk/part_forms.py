"""Forms of inter-agency work (liên thông, Decree 118/2025 Art. 20.2): the lead's «Giao phần việc liên thông» on the
dossier page, and the participating agency's forms on the page of its part. They collect and tidy what was typed;
the rules are motcua.dossiers.lifecycle's and motcua.dossiers.interagency's."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.processes import WORKING_DAY_MINUTES
from motcua.desk.dossier_forms import TEXT_MAX, ActionForm
from motcua.dossiers import interagency
from motcua.dossiers.models import InteragencyPart
from motcua.dossiers.uploads import ACCEPTED_LABEL, Upload, check
from motcua.orgs.models import Agency

ROWS = 3  # parts given in one batch from the page (the service takes any number)
UNITS = {"days": WORKING_DAY_MINUTES, "hours": 60}


class SendPartsForm(ActionForm):
    """Up to three participating agencies, each with its own task and time; in parallel or in this order."""

    unit = forms.ChoiceField(
        label=_("Thời hạn tính bằng"),
        choices=[("days", _("ngày làm việc")), ("hours", _("giờ làm việc"))],
        initial="days",
    )
    parallel = forms.ChoiceField(
        label=_("Cách giao"),
        choices=[
            ("1", _("Song song: gửi cùng lúc cho mọi cơ quan (Điều 20.2.b)")),
            ("0", _("Lần lượt: cơ quan sau nhận khi cơ quan trước trả kết quả (Điều 20.2.a)")),
        ],
        initial="1",
        widget=forms.RadioSelect,
    )
    documents = forms.MultipleChoiceField(
        label=_("Tài liệu của hồ sơ gửi kèm (cơ quan phối hợp chỉ xem được các tài liệu này)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
        choices = [("", _("– Chọn cơ quan phối hợp –"))] + [(pk, a.name) for pk, a in self.agencies.items()]
        for row in range(1, ROWS + 1):
            self.fields[f"agency_{row}"] = forms.ChoiceField(
                label=_("Cơ quan phối hợp %(n)s") % {"n": row}, choices=choices, required=row == 1
            )
            self.fields[f"task_{row}"] = forms.CharField(
                label=_("Nhiệm vụ của cơ quan %(n)s") % {"n": row},
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"amount_{row}"] = forms.IntegerField(
                label=_("Thời hạn của cơ quan %(n)s") % {"n": row}, min_value=1, max_value=999, required=False
            )
        self.fields["agency_1"].error_messages["required"] = _("Hãy chọn ít nhất một cơ quan phối hợp.")
        self.order_fields([*(f"{name}_{row}" for row in range(1, ROWS + 1) for name in ("agency", "task", "amount"))])
        self.fields["documents"].choices = [(str(d.pk), d.name) for d in dossier.documents.all()]

    def clean(self):
        data = super().clean()
        for row in range(1, ROWS + 1):
            if data.get(f"agency_{row}"):
                if not (data.get(f"task_{row}") or "").strip():
                    self.add_error(f"task_{row}", _("Hãy ghi nhiệm vụ của cơ quan này."))
                if not data.get(f"amount_{row}"):
                    self.add_error(f"amount_{row}", _("Hãy nhập thời hạn của cơ quan này."))
        return data

    def requests(self) -> list[interagency.PartRequest]:
        data = self.cleaned_data
        return [
            interagency.PartRequest(
                self.agencies[data[f"agency_{row}"]], data[f"task_{row}"], data[f"amount_{row}"] * UNITS[data["unit"]]
            )
            for row in range(1, ROWS + 1)
            if data.get(f"agency_{row}")
        ]

    def document_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("documents", [])]


class PartForm(forms.Form):
    """A form on a part's page: it names the lead dossier's revision the page showed (a stale page conflicts)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, part: InteragencyPart, *args, **kwargs):
        kwargs["initial"] = {**(kwargs.get("initial") or {}), "revision": part.dossier.revision}
        super().__init__(*args, **kwargs)
        self.part = part


class ReceivePartForm(PartForm):
    pass


class CompletePartForm(PartForm):
    file = forms.FileField(
        label=_("Văn bản kết quả phần việc"),
        help_text=ACCEPTED_LABEL,
        error_messages={"required": _("Hãy tải lên văn bản kết quả của phần việc.")},
    )
    note = forms.CharField(
        label=_("Tóm tắt kết quả (không bắt buộc)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check(Upload(upload, None, False))  # type and size, shown beside the field
        return upload

    def upload(self) -> Upload:
        return Upload(self.cleaned_data["file"], None, False)


class RefusePartForm(PartForm):
    reason = forms.CharField(label=_("Lý do từ chối"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận từ chối phần việc; cơ quan chủ trì được thông báo và việc này không hoàn tác được."),
        error_messages={"required": _("Hãy đánh dấu ô xác nhận trước khi thực hiện.")},
    )
