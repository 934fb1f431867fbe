"""Decree 118/2025 Art. 33 b) "number of agencies contacted" and c) "number of contacts with the receiving place"
(regulations.md §5) on the rating pages: counts, not 1–5 scores — facts from the dossier's history for a dossier
filed at the desk, numbers the citizen may correct (prefilled) for one filed online; and the follow-up rule."""

import dataclasses
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dossier_helpers import user
from feedback_helpers import HAPPY, citizen, returned
from motcua.feedback import ratings
from motcua.feedback.models import DossierRating, FollowUp

SCORES_POST = {
    "return_time": "5",
    "publication": "",
    "attitude": "5",
    "lawfulness": "5",
    "complaints": "",
    "online_quality": "",
    "overall": "5",
    "comment": "Cán bộ nhiệt tình.",
}
COUNT_ERROR = "Xin ghi một số từ 0 đến 50."


def rating_url(dossier) -> str:
    return reverse("portal:rating-form", args=[dossier.pk])


def kiosk_url(dossier) -> str:
    return reverse("desk:feedback-kiosk", args=[dossier.pk])


def count_block(html: str, name: str) -> str:
    """The form block of one count question: from its label to its input."""
    match = re.search(rf'<div class="score count[^"]*">(?:(?!</div>).)*name="{name}"[^>]*>', html, re.S)
    assert match, f"no input {name}"
    return match.group(0)


@pytest.mark.django_db
def test_desk_filing_shows_the_counts_from_history_and_they_cannot_be_changed_art_33_b_c(client, demo):
    dossier = returned(applicant=citizen())
    client.force_login(citizen())
    html = client.get(rating_url(dossier)).text
    assert "Số cơ quan anh/chị phải đến hoặc liên hệ" in html and "Số lần phải đi lại" in html
    # Shown as facts (filed once, collected once, at one agency), not as inputs or 1–5 buttons.
    assert re.findall(r'class="count-value">(\d+)<', html) == ["1", "2"]
    assert 'name="agencies_count"' not in html and 'name="contacts_count"' not in html
    # A tampered post cannot overwrite what the history knows.
    response = client.post(rating_url(dossier), {**SCORES_POST, "agencies_count": "9", "contacts_count": "9"})
    assert response.status_code == 302
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.agencies_count, rating.contacts_count, rating.supplements_count) == (1, 2, 0)
    assert (rating.agencies_count_source, rating.contacts_count_source) == ("history", "history")
    assert not FollowUp.objects.filter(rating=rating).exists()


@pytest.mark.django_db
def test_online_filing_prefills_editable_counts_from_history_art_33_b_c(client, demo):
    dossier = returned(applicant=citizen(), channel="online")
    client.force_login(citizen())
    html = client.get(rating_url(dossier)).text
    # The desk saw only the collection of the result: one visit, one agency; the citizen may correct both.
    assert 'value="1"' in count_block(html, "agencies_count")
    assert 'value="1"' in count_block(html, "contacts_count")
    assert 'type="number"' in count_block(html, "contacts_count")
    response = client.post(rating_url(dossier), {**SCORES_POST, "agencies_count": "1", "contacts_count": "2"})
    assert response.status_code == 302
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.agencies_count, rating.contacts_count) == (1, 2)
    assert (rating.agencies_count_source, rating.contacts_count_source) == ("citizen", "citizen")


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["-1", "51", "hai", ""])
def test_a_bad_count_is_refused_beside_its_field_and_nothing_is_lost_art_33_c(client, demo, bad):
    dossier = returned(applicant=citizen(), channel="online")
    client.force_login(citizen())
    post = {**SCORES_POST, "attitude": "4", "agencies_count": "1", "contacts_count": bad}
    response = client.post(rating_url(dossier), post)
    assert response.status_code == 422
    assert not DossierRating.objects.filter(dossier=dossier).exists()
    html = response.text
    assert COUNT_ERROR in count_block(html, "contacts_count")
    assert COUNT_ERROR not in count_block(html, "agencies_count")
    # What was typed and chosen is still there.
    assert f'value="{bad}"' in count_block(html, "contacts_count")
    assert re.search(r'name="attitude" value="4"[^>]*checked', html)
    assert "Cán bộ nhiệt tình." in html


@pytest.mark.django_db
def test_the_service_requires_counts_only_when_history_does_not_know_them_art_33_b_c(demo):
    online = returned(applicant=citizen(), channel="online")
    with pytest.raises(ValidationError) as error:
        ratings.rate(citizen(), online, dataclasses.replace(HAPPY, contacts_count=None), channel="web")
    assert set(error.value.message_dict) == {"contacts_count"}
    with pytest.raises(ValidationError):
        ratings.rate(citizen(), online, dataclasses.replace(HAPPY, agencies_count=51), channel="web")
    desk = returned()
    rating = ratings.rate(
        user("tiepnhan.hongvan"), desk, dataclasses.replace(HAPPY, contacts_count=None), channel="kiosk"
    )
    assert (rating.contacts_count, rating.contacts_count_source) == (2, "history")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("agencies", "contacts", "follow_up"),
    [
        (1, 1, False),  # low counts are good news, not "không hài lòng" scores
        (0, 0, False),
        (1, 2, False),  # filed and collected: what a one-stop is
        (1, 3, True),  # came back to complete the dossier
        (2, 1, True),  # had to go to a second agency
    ],
)
def test_many_contacts_or_agencies_open_a_follow_up_even_with_good_scores_art_33_b_c(
    demo, agencies, contacts, follow_up
):
    dossier = returned(applicant=citizen(), channel="online")
    scores = dataclasses.replace(HAPPY, agencies_count=agencies, contacts_count=contacts)
    rating = ratings.rate(citizen(), dossier, scores, channel="web")
    assert FollowUp.objects.filter(rating=rating).exists() == follow_up == ratings.is_unhappy(rating)


@pytest.mark.django_db
def test_the_kiosk_shows_the_history_counts_and_the_leader_sees_them_art_33_b_c(client, demo):
    dossier = returned()
    client.force_login(user("tiepnhan.hongvan"))
    page = client.get(kiosk_url(dossier)).text
    assert 'class="kiosk"' in page and re.findall(r'class="count-value">(\d+)<', page) == ["1", "2"]
    response = client.post(kiosk_url(dossier), {**SCORES_POST, "attitude": "2"})
    assert response.status_code == 302
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.contacts_count, rating.contacts_count_source) == ("kiosk", 2, "history")
    follow_up = FollowUp.objects.get(rating=rating)
    client.force_login(user("lanhdao.hongvan"))
    leader_page = client.get(reverse("desk:feedback-follow-up", args=[follow_up.pk])).text
    assert "Số cơ quan, số lần phải liên hệ (Điều 33 điểm b, c)" in leader_page
    assert "Theo lịch sử hồ sơ" in leader_page
