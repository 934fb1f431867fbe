"""The rating pages: the citizen's own page, the desk's kiosk screen, and the leaders' follow-up list."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import user
from feedback_helpers import citizen, other_citizen, returned
from motcua.core.models import AuditEntry
from motcua.feedback.models import DossierRating, FollowUp

HAPPY_POST = {
    "return_time": "5",
    "publication": "",
    "attitude": "5",
    "lawfulness": "5",
    "complaints": "",
    "online_quality": "",
    "overall": "5",
    "comment": "Cán bộ nhiệt tình.",
}


def rating_url(dossier) -> str:
    return reverse("portal:rating-form", args=[dossier.pk])


def kiosk_url(dossier) -> str:
    return reverse("desk:feedback-kiosk", args=[dossier.pk])


@pytest.mark.django_db
def test_the_citizen_rates_their_returned_dossier(client, demo):
    dossier = returned(applicant=citizen())
    client.force_login(citizen())
    page = client.get(rating_url(dossier))
    assert page.status_code == 200
    html = page.text
    assert f"Đánh giá hồ sơ {dossier.code}" in html
    for label in ("Thái độ của cán bộ khi tiếp đón, hướng dẫn", "Rất hài lòng", "Không áp dụng", "Gửi đánh giá"):
        assert label in html
    response = client.post(rating_url(dossier), HAPPY_POST)
    assert response.status_code == 302 and response["Location"] == rating_url(dossier)
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.overall, rating.attitude, rating.publication) == ("web", 5, 5, None)
    assert rating.comment == "Cán bộ nhiệt tình."
    after = client.get(rating_url(dossier)).text
    assert "Cảm ơn anh/chị đã đánh giá" in after and "đã đánh giá hồ sơ này" in after
    assert "Gửi đánh giá" not in after


@pytest.mark.django_db
def test_a_second_rating_is_refused_with_a_friendly_message(client, demo):
    dossier = returned(applicant=citizen())
    client.force_login(citizen())
    client.post(rating_url(dossier), HAPPY_POST)
    again = client.post(rating_url(dossier), {**HAPPY_POST, "overall": "1"})
    assert again.status_code == 200
    assert "Mỗi hồ sơ chỉ được đánh giá một lần" in again.text
    assert DossierRating.objects.get(dossier=dossier).overall == 5


@pytest.mark.django_db
def test_missing_answers_are_shown_next_to_their_question_and_the_choices_kept(client, demo):
    dossier = returned(applicant=citizen())
    client.force_login(citizen())
    incomplete = {**HAPPY_POST, "attitude": "", "overall": ""}
    response = client.post(rating_url(dossier), incomplete)
    assert response.status_code == 422
    html = response.text
    assert html.count("Xin chọn một mức đánh giá.") == 1
    assert "Xin chọn mức độ hài lòng chung." in html
    # What was chosen stays chosen, the comment stays typed.
    assert re.search(r'<input type="radio" name="return_time" value="5"[^>]*checked', html)
    assert "Cán bộ nhiệt tình." in html
    assert not DossierRating.objects.exists()


@pytest.mark.django_db
def test_another_citizen_and_staff_get_not_found(client, demo):
    dossier = returned(applicant=citizen())
    client.force_login(other_citizen())
    assert client.get(rating_url(dossier)).status_code == 404
    assert client.post(rating_url(dossier), HAPPY_POST).status_code == 404
    client.force_login(user("tiepnhan.hongvan"))
    assert client.get(rating_url(dossier)).status_code == 404
    assert not DossierRating.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, demo):
    dossier = returned(applicant=citizen())
    response = client.get(rating_url(dossier))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.django_db
def test_after_the_window_the_page_says_so(client, demo, settings):
    settings.RATING_WINDOW_DAYS = 14
    dossier = returned(timezone.now() - datetime.timedelta(days=15), applicant=citizen())
    client.force_login(citizen())
    page = client.get(rating_url(dossier))
    assert page.status_code == 200 and "Đã hết thời hạn đánh giá" in page.text and "Gửi đánh giá" not in page.text
    assert client.post(rating_url(dossier), HAPPY_POST).status_code == 200
    assert not DossierRating.objects.exists()


@pytest.mark.django_db
def test_the_desk_opens_a_fresh_kiosk_form_for_a_returned_dossier(client, demo):
    dossier = returned()
    client.force_login(user("tiepnhan.hongvan"))
    home = client.get(reverse("desk:feedback-home"))
    assert kiosk_url(dossier) in home.text
    found = client.get(reverse("desk:feedback-home"), {"code": dossier.code})
    assert found.status_code == 302 and found["Location"] == kiosk_url(dossier)
    page = client.get(kiosk_url(dossier))
    assert page.status_code == 200 and 'class="kiosk"' in page.text and "Gửi đánh giá" in page.text
    # The applicant's personal data is not on the screen handed over to them.
    assert dossier.applicant_id_number not in page.text
    response = client.post(kiosk_url(dossier), {**HAPPY_POST, "attitude": "2", "overall": "3"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "desk:feedback-kiosk-done", args=[dossier.pk]
    )
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.attitude) == ("kiosk", 2)
    assert FollowUp.objects.filter(rating=rating, status="open").exists()
    assert "Cảm ơn anh/chị đã đánh giá!" in client.get(response["Location"]).text
    again = client.get(kiosk_url(dossier))
    assert "đã được đánh giá" in again.text and "Gửi đánh giá" not in again.text
    # Rated dossiers leave the list of returns waiting for a rating.
    assert kiosk_url(dossier) not in client.get(reverse("desk:feedback-home")).text


@pytest.mark.django_db
def test_another_agencys_officer_and_inspectors_cannot_open_the_kiosk(client, demo):
    dossier = returned()
    for outsider in ("chuyenvien.congan.hongvan", "thanhtra.hanoi"):
        client.force_login(user(outsider))
        assert client.get(kiosk_url(dossier)).status_code == 404
        assert client.post(kiosk_url(dossier), HAPPY_POST).status_code == 404
        unknown = client.get(reverse("desk:feedback-home"), {"code": dossier.code})
        assert unknown.status_code == 200 and "Không tìm thấy hồ sơ có mã này" in unknown.text
    client.force_login(citizen())
    assert client.get(kiosk_url(dossier)).status_code == 403
    assert not DossierRating.objects.exists()


@pytest.mark.django_db
def test_leaders_list_and_resolve_unhappy_ratings(client, demo):
    dossiers = [returned() for _ in range(3)]
    client.force_login(user("tiepnhan.hongvan"))
    for dossier in dossiers:
        client.post(kiosk_url(dossier), {**HAPPY_POST, "overall": "1", "comment": f"Chậm {dossier.code}"})
    assert FollowUp.objects.count() == 3
    assert client.get(reverse("desk:feedback-follow-ups")).status_code == 403

    client.force_login(user("lanhdao.hongvan"))
    listing = client.get(reverse("desk:feedback-follow-ups"))
    assert listing.status_code == 200
    assert all(f"Chậm {d.code}" in listing.text for d in dossiers)
    follow_up = FollowUp.objects.get(rating__dossier=dossiers[0])
    url = reverse("desk:feedback-follow-up", args=[follow_up.pk])
    assert "Đánh dấu đã xử lý" in client.get(url).text
    empty = client.post(url, {"leader_note": ""})
    assert empty.status_code == 422 and "Xin ghi kết quả xử lý" in empty.text
    done = client.post(url, {"leader_note": "Đã gọi điện xin lỗi, nhắc bộ phận một cửa."})
    assert done.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.resolved_by) == ("resolved", user("lanhdao.hongvan"))
    assert AuditEntry.objects.filter(object_type="feedback.FollowUp", actor=user("lanhdao.hongvan")).exists()
    still_open = client.get(reverse("desk:feedback-follow-ups")).text
    assert f"Chậm {dossiers[0].code}" not in still_open and f"Chậm {dossiers[1].code}" in still_open
    resolved = client.get(reverse("desk:feedback-follow-ups"), {"tinh-trang": "resolved"}).text
    assert f"Chậm {dossiers[0].code}" in resolved

    # The police's leader sees nothing of another agency; the agency's administrator reads but cannot resolve.
    client.force_login(user("lanhdao.congan.hongvan"))
    assert f"Chậm {dossiers[1].code}" not in client.get(reverse("desk:feedback-follow-ups")).text
    other = FollowUp.objects.get(rating__dossier=dossiers[1])
    other_url = reverse("desk:feedback-follow-up", args=[other.pk])
    assert client.get(other_url).status_code == 404
    client.force_login(user("quantri.hongvan"))
    page = client.get(other_url)
    assert page.status_code == 200 and "Đánh dấu đã xử lý" not in page.text
    assert client.post(other_url, {"leader_note": "x"}).status_code == 403
    other.refresh_from_db()
    assert other.status == "open"


@pytest.mark.django_db
def test_the_follow_up_list_is_paged(client, demo):
    for _ in range(26):
        client.force_login(user("tiepnhan.hongvan"))
        client.post(kiosk_url(returned()), {**HAPPY_POST, "overall": "2"})
    client.force_login(user("lanhdao.hongvan"))
    first = client.get(reverse("desk:feedback-follow-ups")).text
    assert "Trang 1/2" in first and 'rel="next"' in first
    second = client.get(reverse("desk:feedback-follow-ups"), {"trang": 2}).text
    assert second.count('href="/can-bo/danh-gia/can-xu-ly/') == 1
