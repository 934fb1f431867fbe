"""The owner's page of their API keys (mã truy cập API): list, make (the key is shown once), revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts import tokens
from motcua.accounts.decorators import staff_required
from motcua.accounts.token_forms import ApiTokenForm
from motcua.core.form_errors import show_service_error


@never_cache
@staff_required
def api_tokens(request):
    """GET: the list and the form. POST: a new key, shown in this very answer and never again (no redirect, no
    message in the session: the key is nowhere but in this page, which is not cached)."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = tokens.create(
                request.user,
                form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": tokens.owned_by(request.user), "now": timezone.now()},
    )


@never_cache
@require_POST
@staff_required
def revoke_api_token(request, pk: int):
    token = get_object_or_404(tokens.owned_by(request.user), pk=pk)
    if tokens.revoke(tokens.owned_by(request.user).filter(pk=token.pk)):
        messages.success(
            request, _("Đã thu hồi mã «%(name)s» (mc_%(prefix)s).") % {"name": token.name, "prefix": token.prefix}
        )
    else:
        messages.info(request, _("Mã «%(name)s» đã bị thu hồi từ trước.") % {"name": token.name})
    return redirect("accounts:api_tokens")
