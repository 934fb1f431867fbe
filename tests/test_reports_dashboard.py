"""The dashboards for leaders and inspectors (/can-bo/thong-ke/) through the HTTP stack: who may see which area,
the charts, and the agreement of every figure with form II.06a on the demo dossiers of Hồng Vân."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.reports import ii06a, index766
from motcua.reports.areas import agency_ids_of_area
from motcua.reports.measures import Measures
from test_reports_index766 import AFTER, MARCH, march  # noqa: F401 – the five dossiers of March 2026

INSPECTOR = "thanhtra.hanoi"


def _cells_of(found: Measures) -> tuple:
    return (
        found.received_online,
        found.received_direct,
        found.resolved_early,
        found.resolved_on_time,
        found.resolved_late,
    )


def _ii06a(cells: ii06a.Cells) -> tuple:
    return (
        cells.received_online,
        cells.received_direct,
        cells.resolved_early,
        cells.resolved_on_time,
        cells.resolved_late,
    )


def _list_count(client, url: str) -> int:
    """Follow a dossier list page by page and count its rows."""
    rows = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        rows += len(re.findall(r'<td><a href="/can-bo/ho-so/\d+/">', page))
        following = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = html.unescape(following.group(1)) if following else None
        if url and url.startswith("?"):
            url = reverse("desk:dashboard-dossiers") + url
    return rows


@pytest.mark.django_db
def test_dashboard_agrees_with_form_ii06a_on_the_demo_dossiers(demo_dossiers, login_as):
    client = login_as(INSPECTOR)
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=140)).replace(day=1)
    response = client.get(reverse("desk:dashboard"), {"pham_vi": f"u{hanoi.pk}", "tu": start, "den": today})
    assert response.status_code == 200
    board = response.context["board"]
    ids = agency_ids_of_area(hanoi)
    report = ii06a.build(ids, start, today)
    assert board.total.received == 300 - 8 - 14 - 4  # all demo dossiers but those never received
    assert _cells_of(board.total) == _ii06a(report.total)
    assert board.total.pending_overdue == report.total.pending_overdue > 0
    # By field: the form's field rows.
    assert {field.pk: (_cells_of(m), m.pending_overdue) for field, m in board.by_field} == {
        row.field_id: (_ii06a(row.cells), row.cells.pending_overdue) for row in report.field_rows
    }
    # By month: the form for each month.
    assert len(board.by_month) >= 5
    for first, found in board.by_month:
        last = min((first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1), today)
        assert _cells_of(found) == _ii06a(ii06a.build(ids, first, last).total), first
    # By unit: Hồng Vân holds every demo dossier, so its figures are the area's.
    by_unit = {unit.label: found for unit, found in board.by_unit}
    assert _cells_of(by_unit["Xã Hồng Vân"]) == _ii06a(report.total)
    assert by_unit["Xã Hồng Vân"].pending_overdue == report.total.pending_overdue

    # Every figure links to its dossiers: the on-time tile lists the whole of its rate — the decided dossiers
    # without those the note of column 9 places there (withdrawn, closed, refused) —, the overdue tile the
    # overdue ones, page after page.
    page = response.content.decode()
    tiles = dict(re.findall(r'<h2>([^<]+)</h2><p class="lead"><a href="([^"]+)"', page))
    assert board.total.on_time.whole < report.total.resolved_total  # the demo has withdrawn and refused dossiers
    assert _list_count(client, html.unescape(tiles["Tỷ lệ giải quyết đúng hạn"])) == board.total.on_time.whole
    assert _list_count(client, html.unescape(tiles["Hồ sơ đang quá hạn (cuối kỳ)"])) == report.total.pending_overdue


@pytest.mark.usefixtures("march")
def test_charts_are_svg_with_linked_points_and_no_inline_style(login_as):
    client = login_as("lanhdao.hongvan")
    response = client.get(reverse("desk:dashboard"), {"tu": "2026-02-01", "den": "2026-04-30"})
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main") :]
    assert main.count("<svg") >= 5
    assert "style=" not in main and "<script" not in main
    points = re.findall(r'<a href="([^"]+)" aria-label="[^"]+"><circle', main)
    assert points, "each point of a line chart is a link"
    # February has nothing decided; March's point lists the three dossiers decided then and timed by their deadline
    # (the fourth, withdrawn, is left out of the on-time rate: ii06a.WITHDRAWN_OR_CLOSED_IN_COLUMN_9).
    assert _list_count(client, html.unescape(points[0])) == 3
    # Each tile lists the whole of its ratio: decided and timed, late, overdue, received, with fees, rated.
    tiles = dict(re.findall(r'<h2>([^<]+)</h2><p class="lead"><a href="([^"]+)"', main))
    expected = {
        "Tỷ lệ giải quyết đúng hạn": 3,
        "Hồ sơ giải quyết quá hạn": 1,
        "Hồ sơ đang quá hạn (cuối kỳ)": 1,
        "Tỷ lệ hồ sơ trực tuyến": 5,
        "Tỷ lệ thanh toán trực tuyến": 2,
        "Tỷ lệ hài lòng": 2,
    }
    assert {label: _list_count(client, html.unescape(url)) for label, url in tiles.items()} == expected
    # The leader's own area is their agency.
    assert response.context["area"].agency == Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")


def test_who_may_see_the_dashboards(demo, login_as, client):
    url = reverse("desk:dashboard")
    assert client.get(url).status_code == 302  # to the login page
    assert login_as("chuyenvien.hongvan").get(url).status_code == 403
    assert login_as("tiepnhan.hongvan").get(url).status_code == 403
    assert login_as("congdan").get(url).status_code == 403
    # The district inspector of before July 2025 reads the old district, not the whole city.
    inspector = login_as("thanhtra.thuongtin")
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    refused = inspector.get(url, {"pham_vi": f"u{hanoi.pk}"})
    assert refused.status_code == 422
    assert "Địa bàn hoặc cơ quan không hợp lệ." in refused.content.decode()
    assert "board" not in refused.context
    ubnd = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    listing = reverse("desk:dashboard-dossiers")
    assert inspector.get(listing, {"pham_vi": f"a{ubnd.pk}", "chi_so": "on_time"}).status_code == 404
    assert inspector.get(reverse("desk:dashboard-766"), {"pham_vi": f"u{hanoi.pk}"}).status_code == 422
    assert login_as("quantri.hongvan").get(url).status_code == 200


def test_period_is_validated_with_a_clear_message(demo, login_as):
    client = login_as(INSPECTOR)
    response = client.get(reverse("desk:dashboard"), {"tu": "2026-05-01", "den": "2026-04-01"})
    assert response.status_code == 422
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in response.content.decode()
    assert 'value="2026-05-01"' in response.content.decode()  # what was typed is kept
    response = client.get(reverse("desk:dashboard"), {"tu": "2023-01-01", "den": "2026-04-01"})
    assert "Chỉ xem được tối đa 24 tháng một lần." in response.content.decode()


@pytest.mark.usefixtures("march")
def test_index_766_page_shows_components_trend_and_ranking(login_as):
    client = login_as(INSPECTOR)
    response = client.get(reverse("desk:dashboard-766"), {"tu": "2026-01-01", "den": "2026-06-30"})
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("CKMB", "TDGQ", "DVCTT", "TTTT", "MDHL", "MDSH"):
        assert code in page
    ranked = [one.subunit.label for one in response.context["ranking"]]
    assert ranked[0] == "Xã Hồng Vân"
    result = response.context["result"]
    assert result.total is not None and 0 < result.total <= 100
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    assert len(response.context["trend"]) == 6
    assert result.total == pytest.approx(index766.index(agency_ids_of_area(hanoi), *MARCH, now=AFTER).total)
