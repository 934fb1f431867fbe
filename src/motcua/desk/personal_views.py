""" "Hiện thông tin": a staff member whose task does not need an applicant's identity and phone numbers (they see
them masked) shows one dossier's in full for a while; the audit log keeps who, when, which dossier and the reason
given (motcua.accounts.personal_data)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from motcua.accounts import personal_data
from motcua.accounts.decorators import staff_required
from motcua.dossiers.permissions import visible_dossiers


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), max_length=500, required=False)


@staff_required
@require_POST
def dossier_reveal(request, pk):
    dossier = get_object_or_404(visible_dossiers(request.user), pk=pk)
    form = RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    personal_data.reveal(request, dossier, reason=reason)
    messages.info(
        request, gettext("Thông tin cá nhân của người nộp được hiện đầy đủ trong ít phút; việc này được ghi nhật ký.")
    )
    return redirect("desk:dossier", dossier.pk)
