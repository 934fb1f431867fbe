"""The desk clerk's journey of issue 14 in Debian's chromium, on a 360 px phone and a 1280 px screen: accept a paper
dossier at the counter (receipt Mẫu 01), ask for a supplement of another (Mẫu 02), refuse an online dossier that
cannot be accepted (Mẫu 03, a secondary action that asks for a confirmation) and return a signed result. Every page
touched fits the screen and axe-core finds no serious or critical violation on it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dossier_helpers import PERSON, intake, processing, user
from journeys import SCREENS, PageChecker, act, login, menu, pdf
from motcua.demo.seed import seed
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    return live_server.url


def online_submission() -> Dossier:
    applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": user("congdan")})
    return lifecycle.submit_online(user("congdan"), intake(channel="online", applicant=applicant))


def signed() -> Dossier:
    """A paper dossier taken in an hour ago, processed and signed: its result is on its way back to the desk."""
    dossier = processing(timezone.now() - datetime.timedelta(hours=3))
    dossier = lifecycle.submit_for_signature(user("chuyenvien.hongvan"), dossier)
    return lifecycle.sign(user("lanhdao.hongvan"), dossier)


def take_in(page, checked, scan) -> None:
    """The counter's intake form of the mediation procedure, with the applicant and every document ticked."""
    menu(page, "Hồ sơ", "Tiếp nhận hồ sơ")
    checked(page)
    page.get_by_label("Mã hoặc tên thủ tục").fill("hoa giai vien")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="1.002211 Thủ tục công nhận hòa giải viên (cấp xã)").click()
    checked(page)
    page.get_by_label("Họ và tên cá nhân hoặc tên tổ chức").fill("Nguyễn Văn An")
    page.get_by_label("Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)").fill("001090012345")
    page.get_by_label("Số điện thoại").fill("0912345678")
    for checkbox in page.get_by_label("Đã có", exact=True).all():
        checkbox.check()
    page.get_by_label("Tệp (bản quét, ảnh chụp)").first.set_input_files(str(scan))
    page.get_by_label("Bản quét từ giấy").first.check()


@pytest.mark.parametrize("screen", SCREENS)
def test_desk_accepts_asks_for_a_supplement_refuses_and_returns(browser, site, tmp_path, axe_violations, screen):
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(pdf("Biên bản kiểm phiếu"))
    waiting_online = online_submission()
    result_due = signed()
    checked = PageChecker(axe_violations)

    desk = login(browser, site, "tiepnhan.hongvan", screen)
    checked(desk)

    # -- Accept a paper dossier: code, receipt (Mẫu 01), the scan among its documents.
    take_in(desk, checked, scan)
    desk.get_by_role("button", name="Tiếp nhận", exact=True).click()
    desk.get_by_role("link", name="Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)").first.wait_for()
    accepted = Dossier.objects.exclude(pk__in=[waiting_online.pk, result_due.pk]).get()
    assert accepted.state == State.RECEIVED and accepted.code
    assert desk.get_by_role("heading", level=1).inner_text() == f"Hồ sơ {accepted.code}"
    expect(desk.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    checked(desk)
    act(desk, "transfer", "Chuyển cơ quan giải quyết")
    checked(desk)

    # -- Another applicant's papers are incomplete: a supplement request (Mẫu 02) instead of a receipt.
    take_in(desk, checked, scan)
    desk.get_by_label("Nội dung cần bổ sung, hoàn thiện khác (mỗi dòng một nội dung)").fill("Biên bản họp thôn")
    desk.get_by_role("button", name="Yêu cầu bổ sung", exact=True).click()
    desk.get_by_role("link", name="Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (PDF)").first.wait_for()
    asked = Dossier.objects.get(state=State.INTAKE_SUPPLEMENT)
    assert asked.events.filter(kind="intake_supplement").exists()
    checked(desk)

    # -- An online dossier from the intake queue that cannot be accepted: refused (Mẫu 03), after a confirmation.
    desk.goto(site + "/can-bo/ho-so/?hang-doi=intake")
    checked(desk)
    desk.get_by_role("link", name=str(waiting_online), exact=True).click()
    checked(desk)
    refusal = desk.locator("#thao-tac-refuse_intake")
    refuse_button = refusal.get_by_role("button", name="Từ chối tiếp nhận (Mẫu 03)", exact=True)
    assert "button-primary" not in (refuse_button.get_attribute("class") or "")
    # The usual next step comes before the destructive one.
    accept = desk.locator("#thao-tac-accept")
    assert accept.bounding_box()["y"] < refusal.bounding_box()["y"]
    # Refusing is not one click: without the confirmation box the dossier stays as it was.
    refusal.get_by_label("Lý do", exact=True).fill("Thủ tục không thuộc thẩm quyền của xã")
    refuse_button.click()
    desk.locator("#thao-tac-refuse_intake .errorlist").wait_for()
    waiting_online.refresh_from_db()
    assert waiting_online.state == State.SUBMITTED
    act(desk, "refuse_intake", "Từ chối tiếp nhận (Mẫu 03)", {"Lý do": "Thủ tục không thuộc thẩm quyền của xã"})
    waiting_online.refresh_from_db()
    assert waiting_online.state == State.INTAKE_REFUSED
    checked(desk)

    # -- A signed result comes back to the desk and is handed over.
    desk.goto(site + "/can-bo/ho-so/?hang-doi=ready")
    checked(desk)
    desk.get_by_role("link", name=result_due.code).click()
    checked(desk)
    act(desk, "mark_ready", "Nhận kết quả, chờ trả")
    act(desk, "return_result", "Trả kết quả")
    result_due.refresh_from_db()
    assert result_due.state == State.RETURNED
    assert desk.locator(".dossier-state").inner_text().startswith("Đã trả kết quả")
    checked(desk)
    desk.context.close()


def test_the_intake_queue_names_an_online_dossier_by_its_reference(browser, site):
    waiting_online = online_submission()
    desk = login(browser, site, "tiepnhan.hongvan", "desktop")
    desk.goto(site + "/can-bo/ho-so/?hang-doi=intake")
    expect(desk.get_by_role("link", name=waiting_online.reference)).to_be_visible()
    desk.context.close()
