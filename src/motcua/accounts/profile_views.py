"""The applicant's account page (tài khoản của tôi): profile used to prefill online submissions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts.decorators import verified_login_required
from motcua.accounts.profile_forms import ProfileForm
from motcua.accounts.profiles import save_profile


@never_cache
@verified_login_required
def profile(request):
    if not request.user.is_applicant:
        # Staff details are kept by their agency's administrator; their own page is the security page.
        return redirect("accounts:security")
    form = ProfileForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        save_profile(request.user, form.save(commit=False), form.cleaned_data["full_name"])
        messages.success(request, _("Đã lưu thông tin cá nhân."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
