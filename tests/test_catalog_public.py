"""Public catalog pages: no login, browse by field / level / agency, search, procedure page, QR, form download."""

import datetime
import re

import pytest
import segno
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.catalog.models import (
    AgencyOffering,
    Channel,
    FeeItem,
    Field,
    LegalBasis,
    Procedure,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    TimeUnit,
)
from motcua.orgs.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db

CATALOG = reverse("portal:catalog")


def make_version(code, name, *, field="Hộ tịch", levels=("commune",), status="published", **extra):
    procedure, _ = Procedure.objects.get_or_create(code=code)
    field_row, _ = Field.objects.get_or_create(name=field)
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=extra.pop("number", 1),
        status=status,
        valid_from=extra.pop("valid_from", datetime.date(2025, 7, 1)),
        name=name,
        field=field_row,
        levels=list(levels),
        **extra,
    )


def make_agency(name, code="99001"):
    unit, _ = AdministrativeUnit.objects.get_or_create(
        scheme="2025", level=3, code=code, defaults={"name": "Xã Thử", "division_type": "Xã", "codename": "xa_thu"}
    )
    return Agency.objects.create(name=name, kind=Agency.Kind.SERVICE_CENTRE, unit=unit, address="Số 1 đường Thử")


def result_codes(response):
    return re.findall(r'href="/cong-dan/thu-tuc/([\d.]+)/"', response.content.decode())


@pytest.fixture
def birth():
    """1.001193 Đăng ký khai sinh with every component a citizen needs."""
    version = make_version(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        kind="TTHC được luân chuyển",
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        applicants="Công dân Việt Nam",
        requirements="Không có yêu cầu đặc biệt",
        receiving_agencies="Trung tâm Phục vụ hành chính công cấp xã",
        online_level="partial",
        boundary_free=True,
        source_url="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/abc",
    )
    ProcedureMethod.objects.create(
        version=version,
        channel=Channel.DIRECT,
        time_unit=TimeUnit.SAME_DAY,
        cutoff=datetime.time(15, 0),
        time_text="1",
        fee_text="Miễn phí (lệ phí do HĐND tỉnh quyết định)",
    )
    ProcedureMethod.objects.create(
        version=version, channel=Channel.ONLINE, time_amount=3, time_unit=TimeUnit.WORKING_DAYS, time_text="3"
    )
    RequiredDocument.objects.create(
        version=version, group="Giấy tờ phải nộp", name="Tờ khai đăng ký khai sinh", originals=1, form_name="TK1.doc"
    )
    RequiredDocument.objects.create(version=version, name="Giấy chứng sinh", originals=1, copies=2, required=False)
    FeeItem.objects.create(version=version, kind="charge", name="Đăng ký khai sinh đúng hạn", exempt=True)
    FeeItem.objects.create(version=version, kind="charge", name="Đăng ký khai sinh quá hạn", amount_vnd=8000)
    LegalBasis.objects.create(version=version, number="60/2014/QH13", title="Luật Hộ tịch")
    ProcedureResult.objects.create(version=version, name="Giấy khai sinh", code="KQ.G15.000031")
    PublicationDecision.objects.create(
        version=version, number="163/QĐ-BTP", signer="Nguyễn Văn A", signed_on=datetime.date(2025, 6, 20)
    )
    return version


def test_catalog_is_public_and_lists_only_versions_in_force(client, birth):
    make_version("1.000001", "Đăng ký khai sinh bản dự thảo", status="draft")
    make_version("1.000002", "Đăng ký khai sinh tương lai", valid_from=datetime.date(2099, 1, 1))
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert result_codes(response) == ["1.001193"]
    assert "dự thảo" not in response.content.decode()


def test_search_box_ignores_diacritics(client, birth):
    make_version("1.000656", "Thủ tục đăng ký khai tử")
    response = client.get(CATALOG, {"q": "dang ky khai sinh"})
    assert result_codes(response) == ["1.001193"]
    assert "Tìm thấy 1 thủ tục" in response.content.decode()


def test_search_with_nothing_found_says_so(client, birth):
    response = client.get(CATALOG, {"q": "xyzxyz"})
    assert result_codes(response) == []
    assert "Không tìm thấy thủ tục nào cho “xyzxyz”" in response.content.decode()


def test_browse_by_field_and_level(client, birth):
    make_version("2.000815", "Chứng thực bản sao từ bản chính", field="Chứng thực", levels=("province", "commune"))
    make_version("3.000439", "Giao khu vực biển", field="Biển và hải đảo", levels=("province",))
    field = Field.objects.get(name="Chứng thực")
    assert result_codes(client.get(CATALOG, {"linh_vuc": field.pk})) == ["2.000815"]
    assert sorted(result_codes(client.get(CATALOG, {"cap": "commune"}))) == ["1.001193", "2.000815"]
    assert sorted(result_codes(client.get(CATALOG, {"cap": "province"}))) == ["2.000815", "3.000439"]
    combined = client.get(CATALOG, {"cap": "province", "q": "chung thuc"})
    assert result_codes(combined) == ["2.000815"]


def test_browse_by_agency_offers_only_agencies_that_offer_something(client, birth):
    make_version("2.000815", "Chứng thực bản sao từ bản chính", field="Chứng thực")
    centre = make_agency("Trung tâm Phục vụ hành chính công xã Thử")
    idle = make_agency("Ủy ban nhân dân xã Thử")
    AgencyOffering.objects.create(procedure=birth.procedure, agency=centre, channels=["direct"])
    response = client.get(CATALOG, {"co_quan": centre.pk})
    assert result_codes(response) == ["1.001193"]
    page = response.content.decode()
    assert f'<option value="{centre.pk}" selected>' in page
    assert "Ủy ban nhân dân xã Thử" not in page
    refused = client.get(CATALOG, {"co_quan": idle.pk})
    assert "Có ô lọc chưa hợp lệ" in refused.content.decode()


def test_pagination_keeps_the_query(client):
    for number in range(25):
        make_version(f"9.{number:06d}", f"Thủ tục đăng ký thử số {number:02d}")
    first = client.get(CATALOG, {"q": "dang ky thu"})
    assert len(result_codes(first)) == 20
    assert "?q=dang+ky+thu&amp;trang=2" in first.content.decode()
    second = client.get(CATALOG, {"q": "dang ky thu", "trang": 2})
    assert len(result_codes(second)) == 5
    assert not set(result_codes(first)) & set(result_codes(second))


def test_procedure_page_shows_every_component(client, birth):
    centre = make_agency("Trung tâm Phục vụ hành chính công xã Thử")
    AgencyOffering.objects.create(procedure=birth.procedure, agency=centre, channels=["direct"])
    response = client.get(reverse("portal:catalog-detail", args=["1.001193"]))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in [
        "Thủ tục đăng ký khai sinh",
        "1.001193",
        "Hộ tịch",
        "Cấp xã",
        "Một phần",
        "Có: nộp tại bất kỳ Trung tâm",
        "Bước 2: Nhận kết quả.",
        "trong ngày (sau 15:00 trả ngày làm việc tiếp theo)",
        "3 ngày làm việc",
        "Miễn phí (lệ phí do HĐND tỉnh quyết định)",
        "Giấy tờ phải nộp",
        "Tờ khai đăng ký khai sinh",
        "1 bản chính, 2 bản sao",
        "Không bắt buộc",
        "TK1.doc",
        "Công dân Việt Nam",
        "Không có yêu cầu đặc biệt",
        "8.000 đồng",
        "Giấy khai sinh (mã KQ.G15.000031)",
        "60/2014/QH13: Luật Hộ tịch",
        "Quyết định số 163/QĐ-BTP ngày 20/06/2025",
        "Trung tâm Phục vụ hành chính công xã Thử",
    ]:
        assert expected in page, expected


def test_procedure_page_qr_code_encodes_its_absolute_address(client, birth):
    response = client.get(reverse("portal:catalog-detail", args=["1.001193"]))
    page = response.content.decode()
    address = "http://testserver/cong-dan/thu-tuc/1.001193/"
    expected = segno.make(address, error="m").svg_inline(scale=4)
    path = re.search(r'<path[^>]* d="([^"]+)"', expected).group(1)
    assert f'd="{path}"' in page
    assert address in page


@pytest.mark.parametrize("status", ["draft", "published-expired"])
def test_procedure_page_of_a_version_not_in_force_is_not_found(client, status):
    if status == "draft":
        make_version("1.000001", "Thủ tục bí mật", status="draft")
    else:
        make_version("1.000001", "Thủ tục bí mật", valid_until=datetime.date(2025, 12, 31))
    response = client.get(reverse("portal:catalog-detail", args=["1.000001"]))
    assert response.status_code == 404
    assert "Không có thủ tục mã 1.000001 đang có hiệu lực." in response.content.decode()
    assert "Thủ tục bí mật" not in response.content.decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_form_file_of_a_public_version_downloads(client, birth, media):
    document = birth.documents.get(form_name="TK1.doc")
    document.form_file.save("TK1.doc", ContentFile(b"to khai khai sinh"))
    page = client.get(reverse("portal:catalog-detail", args=["1.001193"])).content.decode()
    url = reverse("portal:catalog-form", args=["1.001193", document.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"to khai khai sinh"
    assert "attachment" in response["Content-Disposition"]


def test_form_download_refuses_drafts_other_procedures_and_missing_files(client, birth, media):
    draft = make_version("1.000001", "Thủ tục dự thảo", status="draft")
    hidden = RequiredDocument.objects.create(version=draft, name="Tờ khai nháp", originals=1)
    hidden.form_file.save("nhap.doc", ContentFile(b"secret"))
    assert client.get(reverse("portal:catalog-form", args=["1.000001", hidden.pk])).status_code == 404
    assert client.get(reverse("portal:catalog-form", args=["1.001193", hidden.pk])).status_code == 404
    no_file = birth.documents.get(name="Giấy chứng sinh")
    assert client.get(reverse("portal:catalog-form", args=["1.001193", no_file.pk])).status_code == 404
    gone = birth.documents.get(form_name="TK1.doc")
    gone.form_file.save("TK1.doc", ContentFile(b"x"))
    gone.form_file.storage.delete(gone.form_file.name)
    response = client.get(reverse("portal:catalog-form", args=["1.001193", gone.pk]))
    assert response.status_code == 404
    assert "Tệp mẫu đơn, tờ khai hiện không có trên máy chủ." in response.content.decode()


def test_landing_page_links_the_catalog(client):
    assert f'href="{CATALOG}"' in client.get(reverse("home")).content.decode()
