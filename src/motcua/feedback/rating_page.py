"""The rating page of one dossier (đánh giá mức độ hài lòng), as the citizen's portal and the desk's kiosk both show
it: the rating once given, the reason one cannot be given, or the form; a posted form rates through
motcua.feedback.ratings. Each caller checks who may open the dossier and names its template and its channel."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from motcua.core.form_errors import show_service_error
from motcua.dossiers.models import Dossier
from motcua.feedback import ratings
from motcua.feedback.forms import RatingForm
from motcua.feedback.models import DossierRating
from motcua.feedback.rating_counts import history_counts

STATUS_INVALID = 422
STATUS_REFUSED = 409


def rating_page(
    request, dossier: Dossier, *, template: str, channel: str, done_url: str, context: dict | None = None
) -> HttpResponse:
    """`done_url`: where a rating just given leads; `context`: what the template shows besides."""
    rating = DossierRating.objects.filter(dossier=dossier).first()
    context = {**(context or {}), "dossier": dossier, "rating": rating}
    if rating is not None:
        return render(request, template, context)
    refusal = ratings.refusal(dossier)
    if refusal:
        return render(request, template, {**context, "refusal": refusal})
    form = RatingForm(request.POST if request.method == "POST" else None, counts=history_counts(dossier))
    status = 200
    if request.method == "POST":
        status = STATUS_INVALID
        if form.is_valid():
            try:
                ratings.rate(request.user, dossier, form.scores(), channel=channel)
            except ratings.RatingRefused as error:
                return render(request, template, {**context, "refusal": error.message}, status=STATUS_REFUSED)
            except ValidationError as error:
                show_service_error(form, error)
            else:
                return redirect(done_url)
    return render(request, template, {**context, "form": form}, status=status)
