"""The Django admin (/quan-tri/) in Vietnamese: units read-only, agencies editable with validation."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from motcua.accounts.models import User
from motcua.core.models import AuditEntry
from motcua.orgs.models import AdministrativeUnit, Agency, UnitSuccession

CHANGELISTS = [
    ("orgs", "administrativeunit", "đơn vị hành chính"),
    ("orgs", "unitsuccession", "bảng chuyển đổi đơn vị hành chính"),
    ("orgs", "agency", "cơ quan, đơn vị"),
    ("accounts", "user", "tài khoản"),
    ("core", "auditentry", "nhật ký hệ thống"),
]


@pytest.fixture
def admin_client(login_as):
    return login_as("quantri.hethong")


def test_admin_is_mounted_at_quan_tri(admin_client):
    response = admin_client.get("/quan-tri/")
    assert response.status_code == 200
    assert "Quản trị dữ liệu" in response.content.decode()


@pytest.mark.parametrize(("app", "model", "plural"), CHANGELISTS)
def test_changelists_open_in_vietnamese(admin_client, app, model, plural):
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert plural in html.lower()
    assert "Tìm kiếm" in html or "Lọc" in html


def test_unit_list_filters_and_search(admin_client):
    url = reverse("admin:orgs_administrativeunit_changelist")
    response = admin_client.get(url, {"q": "Hồng Vân", "scheme__exact": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "10210" in html
    assert "10207" not in html  # the legacy xã Hồng Vân is filtered out
    for facet in ("hệ thống đơn vị", "cấp", "loại"):
        assert f"Bởi {facet}" in html
    by_code = admin_client.get(url, {"q": "10207"}).content.decode()
    assert "Xã Hồng Vân" in by_code


@pytest.mark.parametrize("model", [AdministrativeUnit, UnitSuccession, AuditEntry])
def test_loaded_and_logged_data_cannot_be_added_changed_or_deleted(admin_client, model):
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="quantri.hethong")
    model_admin = site._registry[model]
    obj = model.objects.first()
    assert obj is not None
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert model_admin.has_view_permission(request, obj)
    label = model._meta.label_lower.replace(".", "_")
    assert admin_client.get(reverse(f"admin:{label}_add")).status_code == 403
    assert admin_client.get(reverse(f"admin:{label}_change", args=[obj.pk])).status_code == 200
    assert admin_client.post(reverse(f"admin:{label}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def agency_form(unit: AdministrativeUnit, **overrides) -> dict:
    data = {
        "name": "Sở Tư pháp Thành phố Hà Nội",
        "short_name": "",
        "kind": Agency.Kind.SPECIALISED,
        "electronic_id": "000.00.05.H26",
        "unit": unit.pk,
        "parent": "",
        "address": "",
        "phone": "",
        "email": "",
        "valid_from": "",
        "valid_until": "",
    }
    data.update(overrides)
    return data


def test_malformed_electronic_id_is_rejected_in_vietnamese(admin_client):
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    response = admin_client.post(reverse("admin:orgs_agency_add"), agency_form(hanoi, electronic_id="000.00.5.H26"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mã định danh phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2" in html
    assert not Agency.objects.filter(name="Sở Tư pháp Thành phố Hà Nội").exists()


def test_agency_is_added_through_the_admin(admin_client):
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    top = Agency.objects.get(electronic_id="000.00.00.H26")
    response = admin_client.post(reverse("admin:orgs_agency_add"), agency_form(hanoi, parent=top.pk))
    assert response.status_code == 302
    agency = Agency.objects.get(name="Sở Tư pháp Thành phố Hà Nội")
    assert agency.parent == top


def test_agency_cycle_is_rejected_through_the_admin(admin_client):
    top = Agency.objects.get(electronic_id="000.00.00.H26")
    below = Agency.objects.get(electronic_id="000.00.87.H26")
    data = agency_form(top.unit, name=top.name, kind=top.kind, electronic_id=top.electronic_id, parent=below.pk)
    response = admin_client.post(reverse("admin:orgs_agency_change", args=[top.pk]), data)
    assert response.status_code == 200
    assert "Cơ quan cấp trên không được là chính cơ quan này hoặc cơ quan cấp dưới của nó." in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_agency_form_autocompletes_units(admin_client):
    page = admin_client.get(reverse("admin:orgs_agency_add")).content.decode()
    assert "admin-autocomplete" in page
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Hồng Vân", "app_label": "orgs", "model_name": "agency", "field_name": "unit"},
    )
    assert response.status_code == 200
    names = {result["text"] for result in response.json()["results"]}
    assert names == {"Xã Hồng Vân"}
    assert len(response.json()["results"]) == 2  # the current and the legacy commune


def test_user_admin_shows_roles_and_profile(admin_client):
    citizen = User.objects.get(username="congdan")
    html = admin_client.get(reverse("admin:accounts_user_change", args=[citizen.pk])).content.decode()
    for text in (
        "họ và tên",
        "số điện thoại",
        "loại tài khoản",
        "vai trò được giao",
        "hồ sơ người nộp",
        "001090012345",
    ):
        assert text in html.lower()
    add_page = admin_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="full_name"' in add_page
    assert 'name="account_type"' in add_page


def test_only_superusers_use_the_admin(login_as):
    """Agency staff are refused, whether or not they carry the is_staff flag."""
    for username in ("quantri.hongvan", "thanhtra.hanoi"):
        client = login_as(username)
        assert client.get("/quan-tri/").status_code == 302
    officer = User.objects.get(username="quantri.hongvan")
    officer.is_staff = True
    officer.save()
    refused = login_as("quantri.hongvan").get("/quan-tri/", follow=True)
    assert refused.status_code == 403
    assert "không có quyền vào trang quản trị" in refused.text
    assert login_as("quantri.hethong").get("/quan-tri/").status_code == 200
