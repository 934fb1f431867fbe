"""The account page's "add or change e-mail or phone": the new address, then the code sent to it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts import contact_change, verification
from motcua.accounts.code_pages import code_context, issue_error, resend_message
from motcua.accounts.contacts import parse_contact
from motcua.accounts.decorators import verified_login_required
from motcua.accounts.models import VerificationCode
from motcua.accounts.signup_forms import OneTimeCodeForm

SESSION_KEY = "accounts_contact_code"


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=gettext_lazy("Thư điện tử hoặc số điện thoại di động mới"),
        max_length=254,
        help_text=gettext_lazy(
            "Chúng tôi gửi mã xác minh tới địa chỉ mới; địa chỉ cũ cùng loại được thay khi mã đúng."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Hãy nhập thư điện tử hoặc số điện thoại di động.")},
    )

    def clean_contact(self) -> tuple[str, str]:
        return parse_contact(self.cleaned_data["contact"])


def _pending(request) -> VerificationCode | None:
    pk = request.session.get(SESSION_KEY)
    purpose = VerificationCode.Purpose.CONTACT_CHANGE
    return VerificationCode.objects.filter(pk=pk, purpose=purpose, user=request.user).first() if pk else None


@never_cache
@verified_login_required
def start(request):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        channel, address = form.cleaned_data["contact"]
        try:
            row = contact_change.start(request.user, channel, address)
        except (verification.DeliveryFailed, verification.TooManyRequests) as error:
            form.add_error("contact", issue_error(error))
        else:
            request.session[SESSION_KEY] = row.pk
            return redirect("accounts:contact_verify")
    return render(request, "accounts/contact_form.html", {"form": form})


@never_cache
@verified_login_required
def verify(request):
    row = _pending(request)
    if row is None:
        return redirect("accounts:contact")
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_change.confirm(request.user, row, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[SESSION_KEY]
            messages.success(request, _("Đã xác minh và lưu địa chỉ liên hệ mới."))
            return redirect("accounts:profile")
    context = {**code_context(row), "form": form, "resend_url": "accounts:contact_resend"}
    return render(request, "accounts/code_verify.html", context)


@require_POST
@verified_login_required
def resend(request):
    row = _pending(request)
    if row is None:
        return redirect("accounts:contact")
    resend_message(request, row)
    return redirect("accounts:contact_verify")
