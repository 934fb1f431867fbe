"""What the role journeys of issue 14 share (tests/browser/test_journeys_*.py): the two screens each journey is
walked on, logging in through the real form, the check every page a journey touches must pass (it fits the screen
and axe-core finds no serious or critical violation), and acting on the staff dossier page."""

import weasyprint

from motcua.demo.seed import DEMO_PASSWORD

SCREENS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"
# The citizen's journeys (fixture paying_site of tests/browser/conftest.py): who signs, what the procedure costs.
UBND = "Ủy ban nhân dân xã Hồng Vân"
FEE_VND = 20_000


def login(browser, site: str, username: str, screen: str, home: str = "/can-bo/"):
    """A page of its own browser context (its own cookies), logged in as `username` and on their home page."""
    context = browser.new_context(locale="vi-VN", viewport=SCREENS[screen], accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared, busy machine: generous auto-waits, never a sleep
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + home)
    return page


def page_width(page) -> int:
    """The loaded page's full width in CSS pixels: more than the viewport means the person must scroll sideways.
    It waits for the document first, because a click's navigation may still be under way (the old document is gone
    and the new one has no root element yet)."""
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement !== null")
    return page.evaluate("() => document.documentElement.scrollWidth")


def fits_the_screen(page) -> bool:
    return page_width(page) <= page.viewport_size["width"]


def menu(page, group: str | None, link: str) -> None:
    """Follow `link` of the header's menu as a person does: on a phone the «Menu» button opens it first; a staff
    menu groups its links (`group`, a <details> that opens on a click)."""
    button = page.locator("summary.menu-button")
    if button.is_visible() and page.locator("details.site-menu").get_attribute("open") is None:
        button.click()
    navigation = page.get_by_role("navigation", name="Điều hướng chính")
    if group:
        summary = navigation.locator("summary", has_text=group)
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    navigation.get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()


def fill_date(field, day) -> None:
    """Type a date as the person reads it: dd/mm/yyyy in the site's text box, ISO in a browser's own date picker."""
    field.fill(day.isoformat() if field.get_attribute("type") == "date" else day.strftime("%d/%m/%Y"))


class PageChecker:
    """Runs the accessibility check on every page a journey touches and remembers which pages it checked."""

    def __init__(self, axe_violations):
        self.axe_violations = axe_violations
        self.checked: list[str] = []

    def __call__(self, page) -> None:
        width = page_width(page)
        assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"
        violations = self.axe_violations(page)
        blocking = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
        assert blocking == [], page.url
        self.checked.append(page.url)


def act(page, name: str, button: str, fields: dict | None = None, files: dict | None = None) -> None:
    """Fill and submit the action `name` (its section #thao-tac-<name> on the staff dossier page), confirm it when the
    form asks for a confirmation box, and check the page says it was done."""
    section = page.locator(f"#thao-tac-{name}")
    for label, value in (fields or {}).items():
        field = section.get_by_label(label, exact=True)
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    for label, path in (files or {}).items():
        section.get_by_label(label, exact=True).set_input_files(str(path))
    for box in section.get_by_role("checkbox").all():
        box.check()
    section.get_by_role("button", name=button, exact=True).click()
    page.get_by_text(f"Đã thực hiện: {button}.").wait_for()


def pdf(text: str) -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()
