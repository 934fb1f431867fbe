"""Form II.06a in Debian's chromium on a 360 px phone: an inspector picks the area and the period, reads the table,
opens the dossiers behind a figure and downloads the workbook."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from motcua.demo.seed import DEMO_PASSWORD, seed
from reports_scenario import build_scenario

USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(transactional_db, live_server):
    seed()
    return live_server.url, build_scenario()


def test_an_inspector_reads_the_form_and_opens_the_late_dossiers(browser, site, axe_violations):
    url, scenario = site
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill("thanhtra.hanoi")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url + "/can-bo/")

    page.goto(url + "/can-bo/bao-cao/")
    page.get_by_role("link", name="Biểu số II.06a – Tình hình, kết quả giải quyết thủ tục hành chính").click()
    page.get_by_label("Cơ quan hoặc địa bàn").select_option(label="Xã Hồng Vân")
    page.get_by_label("Từ ngày").fill("2026-03-01")
    page.get_by_label("Đến ngày").fill("2026-03-31")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    total = page.locator("tr.total td a")
    # H is late against its first due date (ii06a.legal_due); P, refused after appraisal, is in column 9 by its note
    # (ii06a.refused_after_appraisal): early 4, on time 4, late 4.
    assert total.all_inner_texts() == ["18", "2", "12", "4", "12", "4", "4", "4", "6", "3", "3"]
    # The wide table scrolls inside its wrapper; the page itself does not get wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []

    mediation = page.locator("tr", has=page.get_by_text("1.002211", exact=True))
    mediation.locator("td a").nth(7).click()  # column 10: decided late
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ của cột (10)"
    for letter in "CGI":
        expect(page.get_by_role("link", name=scenario[letter].code)).to_be_visible()
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biểu Excel (XLSX)").click()
    assert download.value.suggested_filename == "bieu-II06a-20260301-20260331.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["B13"].value == "Tổng cộng" and sheet["C13"].value == 18
    context.close()
