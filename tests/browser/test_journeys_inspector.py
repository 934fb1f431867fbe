"""The provincial inspector's journey of issue 14 in Debian's chromium, on a 360 px phone and a 1280 px screen,
through the staff menu only: the dashboards of xã Hồng Vân for March 2026 and the dossiers behind a figure, the 766
index, form II.06a with the dossiers behind a cell, and the signed record of the city's inspection of the commune
(the page and its PDF). Read-only: the inspector is offered no action. Every page touched fits the screen and
axe-core finds no serious or critical violation on it."""

import datetime
import io
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from journeys import SCREENS, PageChecker, fill_date, login, menu
from motcua.demo.seed import seed
from motcua.reform.services import inspections
from reform_helpers import city_leader, planned, ready_to_sign
from reports_scenario import build_scenario

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A transactional test empties the tables after itself, the shipped templates of the data migration included.
    call_command("load_reform_templates", stdout=io.StringIO())
    seed()
    scenario = build_scenario()
    lead = city_leader()
    inspection = ready_to_sign(lead, planned(lead))
    inspections.sign(lead, inspection)
    return live_server.url, scenario


def pick_hong_van_in_march(page, area_label: str) -> None:
    page.get_by_label(area_label).select_option(label="Xã Hồng Vân")
    fill_date(page.get_by_label("Từ ngày"), MARCH[0])
    fill_date(page.get_by_label("Đến ngày"), MARCH[1])
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("screen", SCREENS)
def test_inspector_reads_dashboards_766_ii06a_and_an_inspection_record(browser, site, tmp_path, axe_violations, screen):
    url, scenario = site
    checked = PageChecker(axe_violations)
    page = login(browser, url, "thanhtra.hanoi", screen)
    checked(page)

    # -- Dashboards: March at Hồng Vân (tests/reports_scenario.py: 12 decided; the rate leaves out L, M and P, 5/9).
    menu(page, "Báo cáo & thống kê", "Thống kê, điều hành")
    checked(page)
    pick_hong_van_in_march(page, "Địa bàn hoặc cơ quan")
    assert page.get_by_role("heading", level=1).inner_text() == "Thống kê, bảng điều hành: Xã Hồng Vân"
    on_time = page.locator("ul.cards li").filter(has_text="Tỷ lệ giải quyết đúng hạn")
    assert on_time.locator("p").inner_text() == "55,6%"
    checked(page)
    on_time.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tỷ lệ giải quyết đúng hạn: danh sách hồ sơ"
    expect(page.get_by_text(scenario["C"].code).first).to_be_visible()
    checked(page)

    # -- The 766 index of the city, with its monthly trend.
    menu(page, "Báo cáo & thống kê", "Bộ chỉ số 766")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)")
    )
    expect(page.get_by_role("heading", name="Diễn biến theo tháng")).to_be_visible()
    checked(page)

    # -- Form II.06a for March and the late dossiers behind column 10.
    menu(page, "Báo cáo & thống kê", "Báo cáo")
    checked(page)
    page.get_by_role("link", name="Biểu số II.06a – Tình hình, kết quả giải quyết thủ tục hành chính").click()
    pick_hong_van_in_march(page, "Cơ quan hoặc địa bàn")
    total = page.locator("tr.total td a")
    # H is late against its first due date (ii06a.legal_due); P, refused after appraisal, is in column 9 by its note
    # (ii06a.refused_after_appraisal): early 4, on time 4, late 4.
    assert total.all_inner_texts() == ["18", "2", "12", "4", "12", "4", "4", "4", "6", "3", "3"]
    checked(page)
    mediation = page.locator("tr", has=page.get_by_text("1.002211", exact=True))
    mediation.locator("td a").nth(7).click()  # column 10: decided late
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ của cột (10)"
    checked(page)

    # -- The signed record of the city's inspection of Hồng Vân: readable, printable, not editable by the inspector.
    menu(page, "Cải cách", "Kiểm tra")
    checked(page)
    page.get_by_role("link", name="Ủy ban nhân dân xã Hồng Vân").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Kiểm tra Ủy ban nhân dân xã Hồng Vân"
    assert page.get_by_role("button", name="Lưu đánh giá").count() == 0
    checked(page)
    record = page.get_by_role("link", name="Biên bản (PDF)")
    response = page.request.get(url + record.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "BIÊN BẢN KIỂM TRA" in text and "Kết luận của đoàn." in " ".join(text.split())
    page.context.close()
