"""Staff home page (desk:home): one section per role held, each showing only what the scope allows."""

import re

import pytest
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.orgs.models import Agency

URL = reverse("desk:home")


def section(html: str, role: str) -> str:
    """The HTML of the section marked with data-role; fails if the page has none."""
    match = re.search(rf'<section[^>]*data-role="{role}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section for {role}"
    return match.group(1)


def roles_on(html: str) -> list[str]:
    return re.findall(r'<section[^>]*data-role="([a-z_]+)"', html)


@pytest.mark.parametrize(
    ("username", "role", "heading", "agency", "electronic_id", "colleague"),
    [
        (
            "tiepnhan.hongvan",
            Role.RECEIVING_OFFICER,
            "Cán bộ tiếp nhận",
            "Trung tâm Phục vụ hành chính công xã Hồng Vân",
            "000.01.87.H26",
            None,
        ),
        (
            "chuyenvien.hongvan",
            Role.SPECIALIST,
            "Chuyên viên xử lý",
            "Ủy ban nhân dân xã Hồng Vân",
            "000.00.87.H26",
            "Lê Văn Hùng",
        ),
        (
            "lanhdao.hongvan",
            Role.LEADER,
            "Lãnh đạo (người ký)",
            "Ủy ban nhân dân xã Hồng Vân",
            "000.00.87.H26",
            "Trần Văn Minh",
        ),
    ],
)
def test_agency_staff_see_their_agency_card_and_colleagues(
    login_as, username, role, heading, agency, electronic_id, colleague
):
    response = login_as(username).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert roles_on(html) == [role]
    part = section(html, role)
    assert re.search(rf"<h2[^>]*>{re.escape(heading)}", part)
    assert agency in part
    assert electronic_id in part
    assert "Xã Hồng Vân" in part  # the unit
    assert "Ủy ban nhân dân" in part  # the parent
    if colleague:
        assert colleague in part
    full_name = User.objects.get(username=username).full_name
    assert full_name not in part  # one is not one's own colleague
    assert "Nguyễn Văn An" not in html  # the citizen
    assert "Thường Tín" not in part


def test_agency_admin_sees_the_members_of_the_subtree_and_the_audit_link(login_as):
    html = login_as("quantri.hongvan").get(URL).content.decode()
    assert roles_on(html) == [Role.AGENCY_ADMIN]
    part = section(html, Role.AGENCY_ADMIN)
    assert "Quản trị cơ quan" in part
    for name in ("Nguyễn Thị Lan", "Trần Văn Minh", "Lê Văn Hùng", "Phạm Thị Hoa"):
        assert name in part
    assert "Cán bộ tiếp nhận" in part and "Trung tâm Phục vụ hành chính công xã Hồng Vân" in part
    for outsider in ("Đỗ Quang Vinh", "Vũ Thị Mai", "Hoàng Minh Tuấn"):
        assert outsider not in part
    assert f'href="{reverse("desk:audit")}"' in part


def test_inspector_sees_agencies_and_units_in_scope_paginated_and_searchable(login_as):
    client = login_as("thanhtra.hanoi")
    html = client.get(URL).content.decode()
    assert roles_on(html) == [Role.INSPECTOR]
    part = section(html, Role.INSPECTOR)
    assert "Thanh tra, kiểm tra (chỉ xem)" in part
    assert "Chỉ xem" in part
    assert "Ủy ban nhân dân Thành phố Hà Nội" in part
    assert "Trang 1/" in part  # hundreds of units: more than one page
    assert "trang-don-vi=2" in part

    found = section(client.get(URL, {"q": "Hồng Vân"}).content.decode(), Role.INSPECTOR)
    assert "Ủy ban nhân dân xã Hồng Vân" in found
    assert "Xã Hồng Vân" in found
    assert "Ủy ban nhân dân xã Thường Tín" not in found
    assert 'value="Hồng Vân"' in found

    second = client.get(URL, {"trang-don-vi": 2}).context["sections"][0].data["units"].page
    assert second.number == 2


def test_legacy_district_inspector_sees_only_legacy_agencies(login_as):
    part = section(login_as("thanhtra.thuongtin").get(URL).content.decode(), Role.INSPECTOR)
    assert "Ủy ban nhân dân huyện Thường Tín" in part
    assert "Ủy ban nhân dân xã Hồng Vân (cũ)" in part
    assert "000.00.87.H26" not in part  # the new UBND xã Hồng Vân
    assert "Ủy ban nhân dân xã Thường Tín" not in part


def test_system_admin_sees_counts_and_links(login_as):
    html = login_as("quantri.hethong").get(URL).content.decode()
    assert roles_on(html) == [Role.SYSTEM_ADMIN]
    part = section(html, Role.SYSTEM_ADMIN)
    assert "Quản trị hệ thống" in part
    assert f"<p>{Agency.objects.count()}</p>" in part
    assert f"{User.objects.count()} tài khoản" in part
    assert 'href="/quan-tri/"' in part
    assert f'href="{reverse("desk:audit")}"' in part


def test_a_person_with_several_roles_gets_a_section_for_each(login_as):
    person = User.objects.get(username="lanhdao.hongvan")
    RoleAssignment.objects.create(
        user=person, role=Role.AGENCY_ADMIN, agency=Agency.objects.get(name="Công an xã Hồng Vân")
    )
    html = login_as("lanhdao.hongvan").get(URL).content.decode()
    assert roles_on(html) == [Role.LEADER, Role.AGENCY_ADMIN]
    assert "Công an xã Hồng Vân" in section(html, Role.AGENCY_ADMIN)


def test_staff_without_a_role_are_told_so(login_as):
    User.objects.create_user("moi.vao", full_name="Người Mới", account_type="staff")
    html = login_as("moi.vao").get(URL).content.decode()
    assert roles_on(html) == []
    assert "Bạn chưa được giao vai trò nào." in html


def test_citizens_get_403_and_anonymous_users_go_to_login(client, login_as):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    refused = login_as("congdan").get(URL)
    assert refused.status_code == 403
    assert "Trang này dành cho cán bộ, công chức." in refused.content.decode()


def main_nav(html: str) -> str:
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_navigation_offers_the_audit_log_only_to_those_who_may_read_it(login_as):
    audit = f'href="{reverse("desk:audit")}"'
    for username in ("quantri.hongvan", "quantri.hethong"):
        nav = main_nav(login_as(username).get(URL).content.decode())
        assert "Trang làm việc" in nav
        assert audit in nav
    for username in ("tiepnhan.hongvan", "thanhtra.hanoi"):
        assert audit not in main_nav(login_as(username).get(URL).content.decode())
