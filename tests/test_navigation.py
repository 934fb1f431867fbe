"""The staff navigation (issue 14, items 10, 11 and 13): grouped by what each role does, every link a role is shown
answers 200 for it, no label twice, and the kiosk screen turned to the applicant has no site navigation."""

import re

import pytest
from django.urls import reverse

from feedback_helpers import returned
from motcua.catalog.models import Procedure
from motcua.demo.reform_seed import seed_reform
from motcua.desk import navigation
from motcua.portal import drafts

DEMO_STAFF = (
    "tiepnhan.hongvan",
    "chuyenvien.hongvan",
    "lanhdao.hongvan",
    "chuyenvien.congan.hongvan",
    "lanhdao.congan.hongvan",
    "quantri.hongvan",
    "thanhtra.hanoi",
    "thanhtra.thuongtin",
    "truongdoan.hanoi",
    "quantri.hethong",
)
HOME = reverse("desk:home")


@pytest.fixture
def staff(login_as):
    """Log in as a demo staff member; the inspection team's head comes with the demo's reform data."""

    def _login(username: str):
        if username == "truongdoan.hanoi":
            seed_reform()
        return login_as(username)

    return _login


def main_nav(html: str) -> str:
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def nav_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of every link of the main navigation."""
    return [(href, label.strip()) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', main_nav(html))]


@pytest.mark.parametrize("username", DEMO_STAFF)
def test_every_link_a_role_is_shown_answers_200(staff, username):
    client = staff(username)
    links = nav_links(client.get(HOME).text)
    assert links, username
    for href, label in links:
        response = client.get(href)
        assert response.status_code == 200, (username, label, href, response.status_code)
    labels = [label for _href, label in links]
    assert len(labels) == len(set(labels)), labels  # no entry twice (there were two "Thống kê")


@pytest.mark.parametrize("username", DEMO_STAFF)
def test_no_link_the_role_may_follow_is_left_out(staff, username):
    """The other way round: a navigation link the role is not shown is one its view refuses (403), or a page of
    another role's work (the fee counter is the desk's)."""
    client = staff(username)
    shown = {href for href, _label in nav_links(client.get(HOME).text)}
    for link in navigation.all_links():
        url = reverse(link.url_name)
        if url not in shown and link.for_whom is None:
            assert client.get(url).status_code in (302, 403), (username, url)


def test_the_desk_clerk_is_not_shown_the_control_page_it_may_not_open(login_as):
    client = login_as("tiepnhan.hongvan")
    control = reverse("desk:catalog_control")
    assert client.get(control).status_code == 403
    assert f'href="{control}"' not in client.get(HOME).text
    assert f'href="{control}"' not in client.get(reverse("desk:catalog")).text
    inspector = login_as("thanhtra.hanoi")
    assert f'href="{control}"' in inspector.get(reverse("desk:catalog")).text
    assert f'href="{control}"' in main_nav(inspector.get(HOME).text)


def test_staff_are_not_offered_online_filing_which_is_for_citizens(login_as):
    code = next(p.code for p in Procedure.objects.order_by("code") if drafts.online_offer(p) is not None)
    detail = reverse("portal:catalog-detail", args=[code])
    start_url = reverse("portal:submission-start", args=[code])
    citizen_page = login_as("congdan").get(detail).text
    assert f'href="{start_url}"' in citizen_page  # citizens are offered it
    client = login_as("tiepnhan.hongvan")
    assert client.get(start_url).status_code == 403  # the view refuses staff
    assert f'href="{start_url}"' not in client.get(detail).text


def test_the_header_groups_the_links_by_what_each_role_does(login_as):
    desk = main_nav(login_as("tiepnhan.hongvan").get(HOME).text)
    groups = re.findall(r"<summary[^>]*>([^<]+)</summary>", desk)
    assert groups == ["Hồ sơ", "Thủ tục", "Báo cáo &amp; thống kê", "Cải cách"]
    assert "Tiếp nhận hồ sơ" in desk and "Quản trị" not in groups
    admin = main_nav(login_as("quantri.hethong").get(HOME).text)
    assert re.findall(r"<summary[^>]*>([^<]+)</summary>", admin)[-1] == "Quản trị"
    assert "Nhật ký hệ thống" in admin and "Tiếp nhận hồ sơ" not in admin
    # The current page is marked in its group.
    queue = main_nav(login_as("lanhdao.hongvan").get(reverse("desk:dossiers")).text)
    assert re.search(r'<a href="/can-bo/ho-so/" aria-current="page">Danh sách hồ sơ</a>', queue)


def test_the_kiosk_screen_has_no_site_navigation_and_no_logout(login_as):
    dossier = returned()
    client = login_as("tiepnhan.hongvan")
    for url in (reverse("desk:feedback-kiosk", args=[dossier.pk]),):
        page = client.get(url).text
        assert 'class="kiosk"' in page
        assert "Đăng xuất" not in page
        assert 'class="main-nav"' not in page
        assert reverse("accounts:logout") not in page
        assert 'class="brand"' in page
    # Other staff pages keep them.
    assert "Đăng xuất" in client.get(reverse("desk:feedback-home")).text
