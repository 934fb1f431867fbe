"""Citizen pages of the feedback area: rating one's own returned dossier, and answering a survey anonymously.

Thin views: the rules are motcua.feedback.ratings and motcua.feedback.surveys. A dossier that is not the logged-in
applicant's own is a 404, like a dossier that does not exist.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from motcua.accounts.decorators import verified_login_required
from motcua.core.form_errors import show_service_error
from motcua.dossiers.models import Dossier
from motcua.feedback import ratings, surveys
from motcua.feedback.forms import SurveyAnswerForm
from motcua.feedback.models import DossierRating, Survey, SurveyResponse
from motcua.feedback.rating_page import rating_page

STATUS_INVALID = 422
STATUS_REFUSED = 409
# Set in the respondent's session only (never stored with the answer): one browser, one response per survey.
ANSWERED_KEY = "feedback-surveys-answered"


@verified_login_required
def rating_form(request, pk: int):
    dossier = get_object_or_404(
        Dossier.objects.filter(applicant_user_id=request.user.pk).select_related("version", "competent_agency"), pk=pk
    )
    return rating_page(
        request,
        dossier,
        template="portal/feedback/rating.html",
        channel=DossierRating.Channel.WEB,
        done_url=reverse("portal:rating-form", args=[dossier.pk]),
        context={"closes_at": ratings.closes_at(dossier)},
    )


def survey_answer(request, token: str):
    """The public answer page, reached by the link or QR code; no login, nothing that identifies the respondent."""
    survey = get_object_or_404(Survey.objects.select_related("agency"), token=token)
    refusal = surveys.answering_refusal(survey)
    if refusal:
        return render(request, "portal/feedback/survey_closed.html", {"survey": survey, "refusal": refusal})
    if survey.pk in request.session.get(ANSWERED_KEY, []):
        return redirect("portal:survey-thanks", token=token)
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None, survey=survey)
    status = 200
    if request.method == "POST":
        status = STATUS_INVALID
        if form.is_valid():
            try:
                surveys.submit_response(
                    survey,
                    form.answers(),
                    channel=SurveyResponse.Channel.ONLINE,
                    dossier_code=form.cleaned_data["dossier_code"],
                )
            except surveys.SurveyRefused as error:
                return render(
                    request,
                    "portal/feedback/survey_closed.html",
                    {"survey": survey, "refusal": error.message},
                    status=STATUS_REFUSED,
                )
            except ValidationError as error:
                show_service_error(form, error)
            else:
                request.session[ANSWERED_KEY] = [*request.session.get(ANSWERED_KEY, []), survey.pk]
                return redirect("portal:survey-thanks", token=token)
    return render(request, "portal/feedback/survey.html", {"survey": survey, "form": form}, status=status)


def survey_thanks(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("agency"), token=token)
    return render(request, "portal/feedback/survey_thanks.html", {"survey": survey})
