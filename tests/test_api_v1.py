"""REST API v1: session login required, results limited by scope, paging validated."""

import pytest

from motcua.accounts.models import User
from motcua.orgs.loader import load_units
from motcua.orgs.models import AdministrativeUnit, Agency

HO_CHI_MINH = 79


@pytest.fixture
def two_provinces(demo):
    load_units({HO_CHI_MINH})
    saigon = AdministrativeUnit.objects.get(scheme="2025", level=1, code="79")
    Agency.objects.create(name="Ủy ban nhân dân Thành phố Hồ Chí Minh", kind="ubnd", unit=saigon)


@pytest.mark.parametrize("path", ["/api/v1/agencies", "/api/v1/units"])
def test_anonymous_callers_get_401_in_vietnamese(client, db, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Bạn cần đăng nhập để dùng API này."}


def test_agencies_of_a_province_inspector_stay_in_the_province(login_as, two_provinces):
    body = login_as("thanhtra.hanoi").get("/api/v1/agencies").json()
    names = {item["name"] for item in body["items"]}
    assert "Ủy ban nhân dân Thành phố Hồ Chí Minh" not in names
    assert "Ủy ban nhân dân xã Hồng Vân" in names
    assert body["count"] == Agency.objects.count() - 1
    assert {item["unit_code"] for item in body["items"]} <= set(
        AdministrativeUnit.objects.filter(agencies__isnull=False).exclude(code="79").values_list("code", flat=True)
    )


def test_agencies_of_a_commune_officer_and_a_citizen(login_as, demo):
    officer = login_as("tiepnhan.hongvan").get("/api/v1/agencies").json()
    assert [item["electronic_id"] for item in officer["items"]] == ["000.01.87.H26"]
    citizen = login_as("congdan").get("/api/v1/agencies").json()
    assert citizen == {"count": 0, "items": []}


def test_agency_paging(login_as, demo):
    client = login_as("quantri.hethong")
    everything = client.get("/api/v1/agencies", {"limit": 500}).json()
    assert everything["count"] == Agency.objects.count() == len(everything["items"])
    ids = [item["id"] for item in everything["items"]]
    second = client.get("/api/v1/agencies", {"limit": 3, "offset": 3}).json()
    assert [item["id"] for item in second["items"]] == ids[3:6]
    assert second["count"] == everything["count"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "nhiều"}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/agencies", "/api/v1/units"])
def test_bad_paging_is_refused(login_as, demo, path, params, field):
    response = login_as("thanhtra.hanoi").get(path, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Tham số không hợp lệ, xem danh sách lỗi."
    assert [error["loc"] for error in body["errors"]] == [["query", field]]


def test_units_are_scoped(login_as, two_provinces):
    client = login_as("thanhtra.hanoi")
    provinces = client.get("/api/v1/units", {"level": 1, "scheme": "2025"}).json()
    assert [item["code"] for item in provinces["items"]] == ["01"]
    legacy = login_as("thanhtra.thuongtin").get("/api/v1/units").json()
    assert {(item["scheme"], item["code"]) for item in legacy["items"]} == {("legacy", "279"), ("legacy", "10207")}
    admin = login_as("quantri.hethong").get("/api/v1/units", {"level": 1, "scheme": "2025"}).json()
    assert [item["code"] for item in admin["items"]] == ["01", "79"]


def test_units_filter_by_parent_and_page(login_as, demo):
    client = login_as("thanhtra.hanoi")
    communes = client.get("/api/v1/units", {"scheme": "2025", "parent": "01", "limit": 500}).json()
    assert communes["count"] == 126
    assert len(communes["items"]) == 126
    assert {item["parent_code"] for item in communes["items"]} == {"01"}
    hong_van = next(item for item in communes["items"] if item["code"] == "10210")
    assert hong_van == {
        "id": hong_van["id"],
        "scheme": "2025",
        "level": 3,
        "code": "10210",
        "name": "Xã Hồng Vân",
        "division_type": "xã",
        "parent_code": "01",
        "valid_from": "2025-07-01",
        "valid_until": None,
    }
    page = client.get("/api/v1/units", {"scheme": "2025", "parent": "01", "limit": 10, "offset": 120}).json()
    assert [item["code"] for item in page["items"]] == [item["code"] for item in communes["items"][120:]]
    districts = client.get("/api/v1/units", {"scheme": "legacy", "level": 2, "parent": "01"}).json()
    assert districts["count"] == 30


def test_unknown_filter_values_are_refused(login_as, demo):
    client = login_as("thanhtra.hanoi")
    for params in ({"scheme": "2024"}, {"level": 4}):
        response = client.get("/api/v1/units", params)
        assert response.status_code == 422
        assert response.json()["detail"] == "Tham số không hợp lệ, xem danh sách lỗi."


def test_inactive_users_are_logged_out_of_the_api(login_as, demo):
    client = login_as("thanhtra.hanoi")
    User.objects.filter(username="thanhtra.hanoi").update(is_active=False)
    assert client.get("/api/v1/agencies").status_code == 401


def test_openapi_docs_are_served_locally(client, db):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/agencies", "/api/v1/units"} <= set(schema["paths"])
    assert schema["paths"]["/api/v1/units"]["get"]["summary"] == "Đơn vị hành chính trong phạm vi của người dùng"
