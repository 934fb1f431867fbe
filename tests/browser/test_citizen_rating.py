"""Rating in Debian's chromium: the citizen rates a returned dossier on a 360 px phone, the desk hands its
tablet to an applicant for the kiosk rating, and a respondent answers a satisfaction survey by its public link;
each page passes axe-core (no serious or critical violation) and fits the screen."""

import sys
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.accounts.models import User
from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.feedback import surveys
from motcua.feedback.models import DossierRating, FollowUp, SurveyAnswer, SurveyResponse
from motcua.orgs.models import Agency

sys.path.insert(0, str(Path(__file__).parent.parent))
from playwright.sync_api import expect

from feedback_helpers import returned
from journeys import fits_the_screen

PHONE = {"width": 360, "height": 780}
TABLET = {"width": 800, "height": 1280}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(transactional_db, live_server):
    seed()
    return live_server.url


def open_page(browser, viewport):
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def log_in(page, username: str) -> None:
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def no_blocking_violations(axe_violations, page) -> list:
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)]


def test_the_citizen_rates_a_returned_dossier_on_a_phone(browser, site, axe_violations):
    dossier = returned(applicant=User.objects.get(username="congdan"), channel="online")
    page = open_page(browser, PHONE)
    page.goto(f"{site}/cong-dan/danh-gia/{dossier.pk}/")
    log_in(page, "congdan")
    assert page.get_by_role("heading", level=1).inner_text() == f"Đánh giá hồ sơ {dossier.code}"
    assert fits_the_screen(page)
    assert no_blocking_violations(axe_violations, page) == []
    # Art. 33 b) and c) of an online filing: numbers prefilled from the history (the result collected at the desk).
    contacts = page.get_by_label("Số lần phải đi lại, liên hệ để hoàn thiện hồ sơ")
    assert page.get_by_label("Số cơ quan anh/chị phải đến hoặc liên hệ").input_value() == "1"
    assert contacts.input_value() == "1"

    # Sending with nothing chosen and a count that cannot be shows the errors, in Vietnamese, next to each question.
    contacts.fill("-1")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert page.get_by_text("Xin chọn một mức đánh giá.").count() == 3
    assert page.get_by_text("Xin ghi một số từ 0 đến 50.").count() == 1
    assert contacts.input_value() == "-1"
    assert no_blocking_violations(axe_violations, page) == []

    contacts.fill("3")
    page.get_by_role("group", name="Thái độ của cán bộ khi tiếp đón, hướng dẫn").get_by_label(
        "Hài lòng", exact=True
    ).check()
    for legend in (
        "Thời gian trả kết quả so với giấy hẹn",
        "Kết quả và chi phí đúng quy định, không phải trả thêm",
        "Nhìn chung, anh/chị hài lòng thế nào?",
    ):
        page.get_by_role("group", name=legend).get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("group", name="Chất lượng dịch vụ công trực tuyến").get_by_label("Không áp dụng").check()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Phải lên xã thêm một lần nữa.")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()

    expect(page.get_by_text("Cảm ơn anh/chị đã đánh giá. Ý kiến đã được gửi tới cơ quan.")).to_be_visible()
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.attitude, rating.overall, rating.online_quality) == ("web", 4, 4, None)
    assert (rating.contacts_count, rating.contacts_count_source) == (3, "citizen")
    assert rating.comment == "Phải lên xã thêm một lần nữa."
    # Happy scores, but a third contact with the receiving place is enough to reach the leader (Art. 33 c).
    assert FollowUp.objects.filter(rating=rating, status="open").exists()
    assert no_blocking_violations(axe_violations, page) == []


def test_the_desk_hands_the_kiosk_screen_to_the_applicant(browser, site, axe_violations):
    dossier = returned()
    page = open_page(browser, TABLET)
    page.goto(f"{site}/can-bo/danh-gia/")
    log_in(page, "tiepnhan.hongvan")
    page.get_by_role("link", name=f"Mở màn hình đánh giá hồ sơ {dossier.code}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Xin anh/chị đánh giá việc giải quyết hồ sơ"
    assert no_blocking_violations(axe_violations, page) == []
    # Filed at the desk: Art. 33 b) and c) are shown from the history (one agency, two visits), not asked.
    assert page.locator(".count-value").all_inner_texts() == ["1", "2"]
    assert page.locator("input[type=number]").count() == 0
    for group in page.locator("main").get_by_role("group").all():
        group.get_by_label("Rất hài lòng", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Cảm ơn anh/chị đã đánh giá!"
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.overall, rating.complaints) == ("kiosk", 5, 5)
    assert (rating.agencies_count, rating.contacts_count, rating.contacts_count_source) == (1, 2, "history")
    assert not FollowUp.objects.exists()


def test_a_respondent_answers_a_survey_by_its_link_on_a_phone(browser, site, axe_violations):
    leader = User.objects.get(username="lanhdao.hongvan")
    agency = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    today = timezone.localdate()
    survey = surveys.create_survey(leader, agency, title="Khảo sát quý này", period_start=today, period_end=today)
    surveys.open_survey(leader, survey)
    page = open_page(browser, PHONE)
    page.goto(f"{site}/cong-dan/danh-gia/khao-sat/{survey.token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Khảo sát quý này"
    assert fits_the_screen(page)
    assert no_blocking_violations(axe_violations, page) == []
    page.get_by_role("group", name="Ông/bà hài lòng thế nào với thái độ của cán bộ?").get_by_label(
        "Rất hài lòng", exact=True
    ).check()
    page.get_by_role("group", name="Ông/bà hài lòng thế nào với thời gian nhận được kết quả?").get_by_label(
        "Không hài lòng", exact=True
    ).check()
    page.get_by_role("button", name="Gửi phiếu").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Cảm ơn anh/chị đã trả lời.")).to_be_visible()
    response = SurveyResponse.objects.get(survey=survey)
    assert (response.channel, response.dossier_code) == ("online", "")
    assert sorted(SurveyAnswer.objects.filter(response=response).values_list("value", flat=True)) == [2, 5]
