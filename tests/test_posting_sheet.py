"""Posting sheet (niêm yết): the agency's procedures in force as an A4 print view and a PDF from the same template."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from motcua.catalog.models import (
    AgencyOffering,
    Channel,
    FeeItem,
    Field,
    Procedure,
    ProcedureMethod,
    ProcedureVersion,
    TimeUnit,
)
from motcua.orgs.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db


def make_version(code, name, *, field="Hộ tịch", status="published", **dates):
    procedure, _ = Procedure.objects.get_or_create(code=code)
    field_row, _ = Field.objects.get_or_create(name=field)
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        status=status,
        valid_from=dates.get("valid_from", datetime.date(2025, 7, 1)),
        valid_until=dates.get("valid_until"),
        name=name,
        field=field_row,
        levels=["commune"],
    )


@pytest.fixture
def commune():
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level=3, code="99001", name="Xã Thử", division_type="Xã", codename="xa_thu"
    )
    committee = Agency.objects.create(name="Ủy ban nhân dân xã Thử", kind=Agency.Kind.PEOPLES_COMMITTEE, unit=unit)
    centre = Agency.objects.create(
        name="Trung tâm Phục vụ hành chính công xã Thử",
        kind=Agency.Kind.SERVICE_CENTRE,
        unit=unit,
        parent=committee,
        address="Số 1 đường Hồng Vân",
    )
    birth = make_version("1.001193", "Thủ tục đăng ký khai sinh")
    ProcedureMethod.objects.create(
        version=birth, channel=Channel.DIRECT, time_unit=TimeUnit.SAME_DAY, cutoff=datetime.time(15, 0)
    )
    ProcedureMethod.objects.create(
        version=birth, channel=Channel.ONLINE, time_amount=3, time_unit=TimeUnit.WORKING_DAYS
    )
    FeeItem.objects.create(version=birth, kind="charge", name="Đăng ký quá hạn", amount_vnd=8000)
    mediation = make_version("1.012812", "Hòa giải tranh chấp đất đai", field="Đất đai")
    ProcedureMethod.objects.create(
        version=mediation,
        channel=Channel.DIRECT,
        time_amount=45,
        time_unit=TimeUnit.CALENDAR_DAYS,
        fee_text="Không thu phí",
    )
    draft = make_version("1.000001", "Thủ tục dự thảo chưa công bố", status="draft")
    expired = make_version("1.000002", "Thủ tục đã hết hiệu lực", valid_until=datetime.date(2025, 12, 31))
    withdrawn = make_version("2.000815", "Chứng thực bản sao từ bản chính", field="Chứng thực")
    for version in (birth, mediation, draft, expired):
        AgencyOffering.objects.create(procedure=version.procedure, agency=committee, resolves=True, receives=False)
        AgencyOffering.objects.create(procedure=version.procedure, agency=centre, channels=["direct", "online"])
    AgencyOffering.objects.create(procedure=withdrawn.procedure, agency=committee, resolves=True, active=False)
    return committee, centre


def test_print_view_lists_the_agency_procedures_in_force_with_qr_codes(client, commune):
    committee, _ = commune
    response = client.get(reverse("portal:posting-sheet", args=[committee.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "DANH MỤC THỦ TỤC HÀNH CHÍNH" in page
    assert "Ủy ban nhân dân xã Thử".upper() in page
    for expected in [
        "Thủ tục đăng ký khai sinh",
        "1.001193",
        "Hòa giải tranh chấp đất đai",
        "Lĩnh vực Hộ tịch",
        "Lĩnh vực Đất đai",
        "Trực tiếp: trong ngày (sau 15:00 trả ngày làm việc tiếp theo)",
        "Trực tuyến: 3 ngày làm việc",
        "Trực tiếp: 45 ngày",
        "Lệ phí Đăng ký quá hạn: 8.000 đồng",
        "<p>Không thu phí</p>",
        # The committee resolves but does not receive: the sheet sends citizens to the commune's centre.
        "Trung tâm Phục vụ hành chính công xã Thử, Số 1 đường Hồng Vân (Trực tiếp, Trực tuyến)",
    ]:
        assert expected in page, expected
    for hidden in ["Thủ tục dự thảo chưa công bố", "Thủ tục đã hết hiệu lực", "Chứng thực bản sao"]:
        assert hidden not in page
    assert page.count('class="qr-code"') == 2
    assert 'href="/static/documents/print.css"' in page


def test_pdf_has_the_content_with_diacritics_and_embeds_the_serif_font(client, commune, tmp_path):
    committee, _ = commune
    response = client.get(reverse("portal:posting-sheet-pdf", args=[committee.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "niem-yet.pdf"
    pdf.write_bytes(response.content)
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(raw.split())  # table cells wrap at their width
    for expected in [
        "DANH MỤC THỦ TỤC HÀNH CHÍNH",
        "ỦY BAN NHÂN DÂN XÃ THỬ",
        "Thủ tục đăng ký khai sinh",
        "1.001193",
        "Hòa giải tranh chấp đất đai",
        "1.012812",
        "8.000 đồng",
    ]:
        assert expected in text, expected
    assert "dự thảo" not in text
    assert "Tải bản PDF" not in text  # the screen toolbar is not printed
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    serif = [line for line in fonts.splitlines() if re.search(r"\+Liberation-?Serif", line)]
    assert serif, fonts
    # pdffonts columns: name type encoding emb sub uni object ID
    assert all(line.split()[-5] == "yes" for line in serif), fonts


def test_pdf_rendering_reads_only_static_files():
    from motcua.documents.pdf import StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch("http://testserver/static/documents/print.css")
    assert b"@page" in css.read()
    for refused in ["http://example.org/x.css", "file:///etc/passwd", "http://testserver/static/../../settings.py"]:
        with pytest.raises(Exception):  # noqa: B017 - refused is what matters, whatever the reason
            fetcher.fetch(refused)


def test_sheet_of_an_agency_without_offerings_is_not_found(client, commune):
    unit = AdministrativeUnit.objects.get(code="99001")
    idle = Agency.objects.create(name="Công an xã Thử", kind=Agency.Kind.VERTICAL, unit=unit)
    for name in ["portal:posting-sheet", "portal:posting-sheet-pdf"]:
        response = client.get(reverse(name, args=[idle.pk]))
        assert response.status_code == 404
        assert "Cơ quan này không có thủ tục nào đang niêm yết." in response.content.decode()


def test_agency_list_links_each_sheet(client, commune):
    committee, centre = commune
    page = client.get(reverse("portal:posting-agencies")).content.decode()
    for agency in (committee, centre):
        assert reverse("portal:posting-sheet", args=[agency.pk]) in page
        assert reverse("portal:posting-sheet-pdf", args=[agency.pk]) in page


def test_pdf_follows_changes_of_the_catalog(client, commune, tmp_path):
    committee, _ = commune
    url = reverse("portal:posting-sheet-pdf", args=[committee.pk])
    before = client.get(url).content
    assert client.get(url).content == before
    added = make_version("2.000908", "Chứng thực chữ ký trong các giấy tờ, văn bản", field="Chứng thực")
    AgencyOffering.objects.create(procedure=added.procedure, agency=committee, resolves=True)
    pdf = tmp_path / "sau.pdf"
    pdf.write_bytes(client.get(url).content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "2.000908" in text
