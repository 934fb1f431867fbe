"""The II.06a staff page, its XLSX and the API agree with each other and with the hand-computed figures; scope."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from dossier_helpers import POLICE, UBND
from motcua.orgs.models import Agency
from motcua.reports import ii06a
from reports_scenario import EXPECTED_MARCH, build_scenario

QUERY = {"tu": "2026-03-01", "den": "2026-03-31"}


@pytest.fixture
def scenario(demo):
    return build_scenario()


def hong_van_unit():
    return f"u{Agency.objects.get(name=UBND).unit_id}"


def page_figures(response) -> dict[str, tuple[int, ...]]:
    """The figures of each procedure row and the total as rendered (from the links' text), by procedure code."""
    html = response.content.decode()
    figures = {}
    for code, cells in re.findall(r'<span class="code">([\d.]+)</span></td>(.*?)</tr>', html, re.S):
        figures[code] = tuple(int(n) for n in re.findall(r'<a href="[^"]*">(\d+)</a>', cells))
    total = re.search(r'<tr class="total">(.*?)</tr>', html, re.S).group(1)
    figures["total"] = tuple(int(n) for n in re.findall(r'<a href="[^"]*">(\d+)</a>', total))
    return figures


def sheet_figures(content: bytes) -> dict[str, tuple[int, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    figures = {}
    for row in sheet.iter_rows(min_row=13, values_only=True):
        label = row[1] or ""
        if label == "Tổng cộng":
            figures["total"] = tuple(row[2:13])
        elif match := re.search(r"\(([\d.]+)\)$", label):
            figures[match.group(1)] = tuple(row[2:13])
    return figures


def api_figures(body: dict) -> dict[str, tuple[int, ...]]:
    figures = {row["code"]: tuple(row["cells"].values()) for row in body["rows"] if row["level"] == "procedure"}
    figures["total"] = tuple(body["total"].values())
    return figures


def test_screen_xlsx_and_api_agree_with_the_hand_computed_figures(scenario, login_as):
    client = login_as("thanhtra.hanoi")
    unit = hong_van_unit()
    page = client.get(reverse("desk:report-06a"), {**QUERY, "pham_vi": unit})
    assert page.status_code == 200
    xlsx = client.get(reverse("desk:report-06a-xlsx"), {**QUERY, "pham_vi": unit})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    api = client.get("/api/v1/reports/06a", {"unit": unit[1:], "from": "2026-03-01", "to": "2026-03-31"})
    assert api.status_code == 200, api.content
    expected = {**EXPECTED_MARCH, "total": tuple(map(sum, zip(*EXPECTED_MARCH.values(), strict=True)))}
    assert page_figures(page) == expected
    assert sheet_figures(xlsx.content) == expected
    assert api_figures(api.json()) == expected
    assert api.json()["from"] == "2026-03-01" and api.json()["to"] == "2026-03-31"


def test_each_figure_links_to_its_dossiers(scenario, login_as):
    client = login_as("thanhtra.hanoi")
    page = client.get(reverse("desk:report-06a"), {**QUERY, "pham_vi": hong_van_unit()})
    cells = next(cells for row, cells in page.context["rows"] if row.code == "1.002211")
    late_value, late_url = cells[ii06a.CELL_NAMES.index("resolved_late")]
    assert late_value == 4  # C, G, I and H (late against its first due date: ii06a.legal_due)
    assert late_url.replace("&", "&amp;") in page.content.decode()
    listed = client.get(late_url)
    assert listed.status_code == 200
    codes = {dossier.code for dossier in listed.context["paged"].page}
    expected = {scenario[letter].code for letter in "CGHI"}
    assert codes == expected
    for code in expected:
        assert code in listed.content.decode()


def test_the_dossier_list_is_paged(scenario, login_as, monkeypatch):
    monkeypatch.setattr("motcua.desk.report_views.PER_PAGE", 5)
    client = login_as("thanhtra.hanoi")
    params = {**QUERY, "pham_vi": hong_van_unit(), "o": "received_total"}
    first = client.get(reverse("desk:report-06a-dossiers"), params)
    second = client.get(reverse("desk:report-06a-dossiers"), {**params, "trang": 2})
    assert len(first.context["paged"].page) == 5 and first.context["paged"].next_url
    assert first.context["paged"].page.paginator.count == 18
    assert not {d.pk for d in first.context["paged"].page} & {d.pk for d in second.context["paged"].page}


def test_an_officer_sees_only_their_own_agency(scenario, login_as):
    client = login_as("lanhdao.hongvan")
    page = client.get(reverse("desk:report-06a"), QUERY)  # no choice: the leader's own People's Committee
    codes = {row.code for row, _ in page.context["rows"] if row.level == "procedure"}
    assert codes == {"1.002211", "2.000908"}  # the police's residence dossiers are not theirs
    police = Agency.objects.get(name=POLICE)
    refused = client.get(reverse("desk:report-06a"), {**QUERY, "pham_vi": f"a{police.pk}"})
    assert "report" not in refused.context and "Cơ quan hoặc địa bàn không hợp lệ." in refused.content.decode()
    api = client.get("/api/v1/reports/06a", {"agency": police.pk, "from": "2026-03-01", "to": "2026-03-31"})
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    # Through a unit the leader may name, still only their own agency is counted.
    area = client.get("/api/v1/reports/06a", {"unit": hong_van_unit()[1:], "from": "2026-03-01", "to": "2026-03-31"})
    assert area.status_code == 200
    assert area.json()["agency_ids"] == [Agency.objects.get(name=UBND).pk]


def test_the_legacy_district_inspector_does_not_see_the_new_commune(scenario, login_as):
    client = login_as("thanhtra.thuongtin")
    api = client.get(
        "/api/v1/reports/06a",
        {"agency": Agency.objects.get(name=UBND).pk, "from": "2026-03-01", "to": "2026-03-31"},
    )
    assert api.status_code == 404


def test_citizens_and_anonymous_callers_are_refused(demo, client, login_as):
    params = {"agency": Agency.objects.get(name=UBND).pk, "from": "2026-03-01", "to": "2026-03-31"}
    assert client.get("/api/v1/reports/06a", params).status_code == 401
    assert client.get(reverse("desk:report-06a")).status_code == 302
    citizen = login_as("congdan")
    assert citizen.get("/api/v1/reports/06a", params).status_code == 403
    assert citizen.get(reverse("desk:report-06a")).status_code == 403


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-01", "to": "2026-03-31"}, "agency"),
        ({"agency": 1, "unit": 1, "from": "2026-03-01", "to": "2026-03-31"}, "agency"),
        ({"agency": 1, "from": "2026-04-01", "to": "2026-03-31"}, "from"),
    ],
)
def test_the_api_explains_a_bad_choice(demo, login_as, params, field):
    response = login_as("thanhtra.hanoi").get("/api/v1/reports/06a", params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]


def test_the_api_refuses_a_malformed_date(demo, login_as):
    response = login_as("thanhtra.hanoi").get("/api/v1/reports/06a", {"agency": 1, "from": "01/03/2026", "to": "x"})
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_a_bad_period_on_screen_is_explained_and_kept(demo, login_as):
    page = login_as("thanhtra.hanoi").get(reverse("desk:report-06a"), {"tu": "2026-04-01", "den": "2026-03-01"})
    html = page.content.decode()
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in html
    assert 'value="2026-04-01"' in html and "report" not in page.context
