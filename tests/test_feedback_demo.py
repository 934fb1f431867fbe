"""The feedback demo data: ratings of the returned demo dossiers and one answered survey, made through the
services and obeying their rules."""

import datetime

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.feedback import ratings, sipas
from motcua.feedback.demo import SURVEY_RESPONSES, seed_ratings, seed_survey
from motcua.feedback.models import DossierRating, FollowUp, Survey, SurveyResponse


@pytest.mark.django_db
def test_seed_ratings_rates_returned_dossiers_within_the_rules(demo_dossiers):
    now = timezone.now()
    made = seed_ratings(now=now)
    returned = Dossier.objects.filter(state__in=ratings.RATEABLE_STATES, returned_at__isnull=False)
    assert 0 < made == DossierRating.objects.count() < returned.count()
    for rating in DossierRating.objects.select_related("dossier"):
        dossier = rating.dossier
        assert dossier.returned_at <= rating.rated_at <= min(now, ratings.closes_at(dossier))
        assert rating.agency_id == dossier.competent_agency_id
        assert (rating.channel == "web") == (dossier.applicant_user_id is not None and dossier.channel == "online")
        follow_up = FollowUp.objects.filter(rating=rating).first()
        assert (follow_up is not None) == ratings.is_unhappy(rating)
        if follow_up is not None and follow_up.status == "resolved":
            assert follow_up.created_at <= now - datetime.timedelta(days=30)
            assert follow_up.resolved_by.roles.filter(role="leader", agency=follow_up.agency).exists()
    assert FollowUp.objects.filter(status="open").exists()
    # The demo citizen's dossiers still open to rating are left for the citizen.
    for dossier in returned.filter(applicant_user__isnull=False):
        if ratings.closes_at(dossier) > now:
            assert not DossierRating.objects.filter(dossier=dossier).exists()
    assert seed_ratings(now=now) == 0


@pytest.mark.django_db
def test_seed_survey_makes_a_closed_survey_with_anonymous_answers(demo):
    now = timezone.make_aware(datetime.datetime(2026, 11, 25, 10))
    survey = seed_survey(now=now)
    assert survey.status == Survey.Status.CLOSED
    assert (survey.period_start, survey.period_end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert survey.title == "Khảo sát sự hài lòng quý 3/2026"
    responses = SurveyResponse.objects.filter(survey=survey)
    assert responses.count() == SURVEY_RESPONSES
    assert all(
        survey.period_start <= day <= survey.period_end for day in responses.values_list("submitted_on", flat=True)
    )
    results = sipas.compute(survey)
    assert 0.5 < results.sipas.value < 1 and results.sipas.respondents > 100
    assert seed_survey(now=now) is None
