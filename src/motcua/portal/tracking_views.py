"""The public tracking page (tra cứu hồ sơ) at /cong-dan/tra-cuu/: the receipt's QR code opens it with ?ma=<code>.

The rules (what must match, what is shown, how tries are counted) are in motcua.portal.tracking_service.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.page_cache import anonymous_page_cache
from motcua.portal import tracking_service

STATUS_TOO_MANY = 429
# The empty form is the same for every visitor who is not logged in (motcua.core.page_cache); a form filled from
# the receipt's QR code (?ma=) is rendered for its visitor.
FORM_SECONDS = 600


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ hoặc mã tra cứu"),
        max_length=40,
        help_text=_(
            "Mã tra cứu (dạng TN261207-K7QX4M) có ngay khi nộp trực tuyến; mã hồ sơ in trên giấy tiếp nhận "
            "hồ sơ và hẹn trả kết quả."
        ),
        error_messages={"required": _("Hãy nhập mã hồ sơ hoặc mã tra cứu.")},
    )
    secret = forms.CharField(
        label=_("Số điện thoại hoặc số CCCD của người nộp"),
        max_length=20,
        help_text=_("Số đã ghi khi nộp hồ sơ (tổ chức: mã số thuế)."),
        error_messages={"required": _("Hãy nhập số điện thoại hoặc số CCCD của người nộp hồ sơ.")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@anonymous_page_cache("tracking", FORM_SECONDS)
def tracking(request):
    """GET shows the form (with the code from the QR code); POST looks the dossier up, counted per address."""
    if request.method == "GET":
        form = TrackingForm(initial={"code": request.GET.get("ma", "")[:40]})
        return render(request, "portal/tracking/lookup.html", {"form": form})
    form = TrackingForm(request.POST)
    if not tracking_service.try_allowed(request.META.get("REMOTE_ADDR", "")):
        return render(request, "portal/tracking/lookup.html", {"form": form, "throttled": True}, status=STATUS_TOO_MANY)
    answer = tracking_service.find(form.cleaned_data["code"], form.cleaned_data["secret"]) if form.is_valid() else None
    context = {"form": form, "answer": answer, "not_found": form.is_valid() and answer is None}
    return render(request, "portal/tracking/lookup.html", context)
