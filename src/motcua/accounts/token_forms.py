"""The form by which staff make their own API key (mã truy cập API): a name, a scope and a validity."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ tên phần mềm sẽ dùng mã, để sau này nhận ra và thu hồi đúng mã."),
        error_messages={"required": _("Hãy đặt tên gợi nhớ cho mã.")},
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        choices=[
            (ApiToken.Scope.READ, _("Chỉ đọc: tra cứu hồ sơ, danh mục, báo cáo")),
            (ApiToken.Scope.ACT, _("Đọc và thao tác: tiếp nhận, xử lý hồ sơ như chính bạn")),
        ],
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn phạm vi của mã.")},
    )
    days = forms.IntegerField(
        label=_("Hiệu lực (ngày)"),
        error_messages={
            "required": _("Hãy nhập số ngày hiệu lực."),
            "invalid": _("Số ngày hiệu lực là một số nguyên."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.API_TOKEN_DAYS
        message = gettext("Hiệu lực từ 1 đến %(days)d ngày.") % {"days": longest}
        days = self.fields["days"]
        days.initial = longest
        days.help_text = message
        days.validators += [MinValueValidator(1, message=message), MaxValueValidator(longest, message=message)]
        days.widget.attrs.update({"min": 1, "max": longest, "inputmode": "numeric"})
