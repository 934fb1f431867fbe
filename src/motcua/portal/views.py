from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from motcua.core.page_cache import anonymous_page_cache

# The landing page is the same for every visitor who is not logged in (motcua.core.page_cache).
LANDING_SECONDS = 600


@anonymous_page_cache("home", LANDING_SECONDS)
def home(request):
    """The public home page; a logged-in user is taken to their own workspace."""
    if request.user.is_authenticated:
        return redirect("portal:home" if request.user.is_applicant else "desk:home")
    return render(request, "portal/landing.html")


@login_required
def applicant_home(request):
    if not request.user.is_applicant:
        return redirect("desk:home")
    profile = getattr(request.user, "applicant_profile", None)
    return render(request, "portal/applicant_home.html", {"profile": profile})
