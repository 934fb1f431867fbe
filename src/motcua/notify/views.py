"""The account page where a person chooses how to be told (kênh nhận thông báo); reached under /tai-khoan/."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts.decorators import verified_login_required
from motcua.core.audit import record
from motcua.core.models import AuditEntry
from motcua.notify.preferences import ChannelPreferenceForm


@never_cache
@verified_login_required
def channel_preferences(request):
    form = ChannelPreferenceForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        preference = form.save()
        record(
            AuditEntry.Action.UPDATE,
            preference,
            changes={"email": preference.email, "sms": preference.sms},
        )
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("accounts:notification_channels")
    return render(request, "notify/channel_preferences.html", {"form": form})
