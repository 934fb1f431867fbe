"""The rating rules (motcua.feedback.ratings): the window after the return, one rating per dossier, who may rate,
and the follow-up an unhappy rating raises for the agency's leader."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossier_helpers import at, processing, user
from feedback_helpers import HAPPY, citizen, other_citizen, returned
from motcua.core.models import AuditEntry
from motcua.feedback import ratings
from motcua.feedback.models import DossierRating, FollowUp

WEB, KIOSK = DossierRating.Channel.WEB, DossierRating.Channel.KIOSK


def with_scores(**changes) -> ratings.Scores:
    criteria = {**HAPPY.criteria, **{k: v for k, v in changes.items() if k != "overall"}}
    return dataclasses.replace(HAPPY, criteria=criteria, overall=changes.get("overall", HAPPY.overall))


@pytest.mark.django_db
def test_the_window_runs_fourteen_days_from_the_return(demo, settings):
    settings.RATING_WINDOW_DAYS = 14
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    assert ratings.closes_at(dossier) == at(2026, 3, 20, 9)
    assert ratings.refusal(dossier, at(2026, 3, 20, 9)) is None
    late = ratings.refusal(dossier, at(2026, 3, 20, 9, 1))
    assert "hết thời hạn" in late and "14 ngày" in late
    with pytest.raises(ratings.RatingRefused, match="hết thời hạn"):
        ratings.rate(citizen(), dossier, HAPPY, channel=WEB, at=at(2026, 3, 21, 8))
    assert not DossierRating.objects.exists()


@pytest.mark.django_db
def test_the_window_follows_the_setting(demo, settings):
    settings.RATING_WINDOW_DAYS = 3
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    assert ratings.refusal(dossier, at(2026, 3, 9, 8)) is None
    assert ratings.refusal(dossier, at(2026, 3, 9, 10)) is not None


@pytest.mark.django_db
def test_a_dossier_not_yet_returned_cannot_be_rated(demo):
    dossier = processing(at(2026, 3, 2, 10))
    assert "chưa được trả kết quả" in ratings.refusal(dossier, at(2026, 3, 3, 10))
    with pytest.raises(ratings.RatingRefused):
        ratings.rate(user("tiepnhan.hongvan"), dossier, HAPPY, channel=KIOSK, at=at(2026, 3, 3, 10))


@pytest.mark.django_db
def test_a_rating_is_stored_with_the_competent_agency_and_audited(demo):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    rating = ratings.rate(citizen(), dossier, HAPPY, channel=WEB, at=at(2026, 3, 7, 10))
    rating.refresh_from_db()
    assert (rating.dossier_id, rating.agency_id, rating.channel) == (dossier.pk, dossier.competent_agency_id, WEB)
    assert (rating.return_time, rating.complaints, rating.overall, rating.comment) == (5, None, 5, "Nhanh gọn.")
    assert rating.rated_at == at(2026, 3, 7, 10)
    assert dossier.rating == rating
    entry = AuditEntry.objects.get(object_type="feedback.DossierRating", object_id=str(rating.pk))
    assert (entry.actor, entry.action) == (citizen(), AuditEntry.Action.CREATE)
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_one_rating_per_dossier(demo):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    ratings.rate(citizen(), dossier, HAPPY, channel=WEB, at=at(2026, 3, 7, 10))
    with pytest.raises(ratings.RatingRefused, match="đã được đánh giá"):
        ratings.rate(user("tiepnhan.hongvan"), dossier, HAPPY, channel=KIOSK, at=at(2026, 3, 7, 11))
    # The database refuses a second row even when the service is bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(
            dossier=dossier, agency=dossier.competent_agency, rated_at=timezone.now(), channel=KIOSK, overall=3
        )
    assert DossierRating.objects.count() == 1


@pytest.mark.django_db
def test_scores_are_checked(demo):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    with pytest.raises(ValidationError) as error:
        ratings.rate(citizen(), dossier, with_scores(attitude=None, overall=0), channel=WEB, at=at(2026, 3, 7, 10))
    assert set(error.value.message_dict) == {"attitude", "overall"}
    with pytest.raises(ValidationError):
        ratings.rate(citizen(), dossier, with_scores(lawfulness=6), channel=WEB, at=at(2026, 3, 7, 10))
    # The optional criteria may be "không áp dụng".
    rating = ratings.rate(
        citizen(), dossier, with_scores(publication=None, online_quality=None), channel=WEB, at=at(2026, 3, 7, 10)
    )
    assert rating.publication is None


@pytest.mark.django_db
def test_the_database_refuses_scores_outside_one_to_five(demo):
    dossier = returned(at(2026, 3, 6, 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(
            dossier=dossier, agency=dossier.competent_agency, rated_at=timezone.now(), channel=KIOSK, overall=6
        )


@pytest.mark.django_db
def test_only_the_applicant_rates_online_and_only_the_agencies_officers_at_the_kiosk(demo):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    stranger = other_citizen()
    with pytest.raises(PermissionDenied):
        ratings.rate(stranger, dossier, HAPPY, channel=WEB, at=at(2026, 3, 7, 10))
    with pytest.raises(PermissionDenied):
        ratings.rate(citizen(), dossier, HAPPY, channel=KIOSK, at=at(2026, 3, 7, 10))
    # The commune police handled nothing of this dossier; the inspector only reads.
    for outsider in ("chuyenvien.congan.hongvan", "thanhtra.hanoi"):
        with pytest.raises(PermissionDenied):
            ratings.rate(user(outsider), dossier, HAPPY, channel=KIOSK, at=at(2026, 3, 7, 10))
    rating = ratings.rate(user("tiepnhan.hongvan"), dossier, HAPPY, channel=KIOSK, at=at(2026, 3, 7, 10))
    assert rating.channel == KIOSK


@pytest.mark.parametrize(
    ("changes", "unhappy"),
    [
        ({}, False),
        ({"overall": 3, "attitude": 3}, False),
        ({"overall": 2}, True),
        ({"overall": 4, "attitude": 2}, True),
        ({"overall": 5, "complaints": 1}, True),
        ({"overall": 3, "publication": None, "online_quality": None}, False),
    ],
)
@pytest.mark.django_db
def test_an_unhappy_rating_opens_a_follow_up_for_the_leader(demo, changes, unhappy):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    rating = ratings.rate(citizen(), dossier, with_scores(**changes), channel=WEB, at=at(2026, 3, 7, 10))
    assert ratings.is_unhappy(rating) is unhappy
    follow_up = FollowUp.objects.filter(rating=rating).first()
    assert (follow_up is not None) is unhappy
    if unhappy:
        assert (follow_up.agency_id, follow_up.status) == (dossier.competent_agency_id, FollowUp.Status.OPEN)
        assert follow_up.created_at == at(2026, 3, 7, 10)


@pytest.mark.django_db
def test_a_leader_of_the_agency_resolves_the_follow_up_and_it_is_audited(demo):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    rating = ratings.rate(citizen(), dossier, with_scores(overall=1), channel=WEB, at=at(2026, 3, 7, 10))
    follow_up = rating.follow_up
    for not_allowed in ("tiepnhan.hongvan", "quantri.hongvan", "lanhdao.congan.hongvan", "thanhtra.hanoi"):
        with pytest.raises(PermissionDenied):
            ratings.resolve_follow_up(user(not_allowed), follow_up, note="Đã xem")
    leader = user("lanhdao.hongvan")
    with pytest.raises(ValidationError):
        ratings.resolve_follow_up(leader, follow_up, note="   ")
    done = ratings.resolve_follow_up(leader, follow_up, note="Đã gọi điện xin lỗi.", at=at(2026, 3, 8, 9))
    done.refresh_from_db()
    assert (done.status, done.resolved_by, done.resolved_at) == (FollowUp.Status.RESOLVED, leader, at(2026, 3, 8, 9))
    assert done.leader_note == "Đã gọi điện xin lỗi."
    entry = AuditEntry.objects.get(object_type="feedback.FollowUp", object_id=str(done.pk))
    assert entry.actor == leader and entry.changes["status"] == ["open", "resolved"]
    with pytest.raises(ratings.RatingRefused):
        ratings.resolve_follow_up(leader, done, note="Lần nữa")


@pytest.mark.django_db
def test_a_resolved_follow_up_needs_who_and_when(demo):
    dossier = returned(at(2026, 3, 6, 9), applicant=citizen())
    rating = ratings.rate(citizen(), dossier, with_scores(overall=1), channel=WEB, at=at(2026, 3, 7, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=rating.follow_up.pk).update(status=FollowUp.Status.RESOLVED)


@pytest.mark.django_db
def test_a_closed_dossier_with_a_return_instant_is_rateable(demo):
    dossier = returned(timezone.now() - datetime.timedelta(days=1))
    dossier.state = "closed"  # a closed state can only come from the lifecycle; the rule is what matters here
    assert ratings.refusal(dossier) is None
