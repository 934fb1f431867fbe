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


def _long_sheet_url(committee) -> str:
    """Add as many procedures as a sheet made at once holds (the commune's own make it longer); its PDF's address."""
    from motcua.documents import heavy

    for number in range(heavy.POSTING_AT_ONCE):
        version = make_version(f"9.{number:06d}", f"Thủ tục thử số {number}")
        AgencyOffering.objects.create(procedure=version.procedure, agency=committee, resolves=True)
    return reverse("portal:posting-sheet-pdf", args=[committee.pk])


# The task worker closes the connection after its batch: on PostgreSQL that needs real transactions.
@pytest.mark.django_db(transaction=True)
def test_a_long_sheet_pdf_is_made_once_in_the_background_for_every_visitor(
    client, commune, tmp_path, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from motcua.documents.models import BackgroundDocument

    settings.MEDIA_ROOT = tmp_path / "media"
    committee, _ = commune
    url = _long_sheet_url(committee)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    document = BackgroundDocument.objects.get()
    status_url = reverse("documents:background-status", args=[document.key])
    assert first.status_code == 302 and first.url == status_url
    assert "Đã xong 0/3 bước" in client.get(status_url).content.decode()
    # A second visitor of the same sheet shares the file: no second job.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).url == status_url
    assert BackgroundDocument.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page = client.get(status_url).content.decode()
    download = reverse("documents:background-download", args=[document.key])
    assert "Tài liệu đã sẵn sàng." in page and download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "dai.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "9.000029" in text and "1.001193" in text
    # Once done and fresh, the same content leads straight to the same finished document.
    assert client.get(url).url == status_url


def test_the_print_view_shows_each_qr_code_as_an_image_of_the_procedure_page_address(client, commune):
    """The print view encodes no QR code while it waits (a commune's 240 took seconds): each is an image whose file is
    the symbol of the procedure page's address, with the fixed mask, kept by browsers for a week."""
    import io

    import segno

    from motcua.documents.qr import FIXED_MASK

    committee, _ = commune
    page = client.get(reverse("portal:posting-sheet", args=[committee.pk])).content.decode()
    assert "<svg" not in page
    image = reverse("portal:posting-qr", args=["1.001193"])
    assert f'<img class="qr-code" src="{image}" alt="Mã QR: trang thủ tục 1.001193">' in page
    response = client.get(image)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "public" in response["Cache-Control"] and "max-age=604800" in response["Cache-Control"]
    address = "http://testserver" + reverse("portal:catalog-detail", args=["1.001193"])
    symbol = segno.make(address, error="m", mask=FIXED_MASK)
    assert symbol.mask == FIXED_MASK
    expected = io.BytesIO()
    symbol.save(expected, kind="svg", xmldecl=False, omitsize=True, title="Mã QR: trang thủ tục 1.001193")
    assert response.content == expected.getvalue()
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content and b"viewBox" in response.content
    # Only a procedure in force has a code here.
    for refused in ["1.000001", "1.000002", "9.999999"]:
        assert client.get(reverse("portal:posting-qr", args=[refused])).status_code == 404


def test_the_pdf_sheet_carries_its_qr_codes_inline(commune):
    import segno

    from motcua.documents.posting import posting_sheet
    from motcua.documents.qr import FIXED_MASK

    committee, _ = commune
    sheet = posting_sheet(committee, lambda code: f"https://motcua.example/cong-dan/thu-tuc/{code}/")
    birth = next(entry for entry in sheet.entries if entry.version.procedure.code == "1.001193")
    symbol = segno.make("https://motcua.example/cong-dan/thu-tuc/1.001193/", error="m", mask=FIXED_MASK)
    assert birth.qr == symbol.svg_inline(scale=2, title="Mã QR: trang thủ tục 1.001193", svgclass="qr-code")


def test_the_print_view_kept_in_the_cache_follows_changes_of_the_catalog_and_the_agency(client, commune):
    committee, centre = commune
    url = reverse("portal:posting-sheet", args=[committee.pk])
    assert "2.000908" not in client.get(url).content.decode()
    added = make_version("2.000908", "Chứng thực chữ ký trong các giấy tờ, văn bản", field="Chứng thực")
    AgencyOffering.objects.create(procedure=added.procedure, agency=committee, resolves=True, receives=False)
    AgencyOffering.objects.create(procedure=added.procedure, agency=centre, channels=["direct"])
    assert "2.000908" in client.get(url).content.decode()
    centre.address = "Số 9 đường Mới"
    centre.save()
    assert "Trung tâm Phục vụ hành chính công xã Thử, Số 9 đường Mới (Trực tiếp)" in client.get(url).content.decode()
    # A new version in force (published versions are never edited) replaces the old one on the sheet.
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    birth.valid_until = datetime.date(2025, 12, 31)
    birth.save()
    ProcedureVersion.objects.create(
        procedure=birth.procedure,
        number=2,
        status="published",
        valid_from=datetime.date(2026, 1, 1),
        name="Thủ tục đăng ký khai sinh (sửa đổi)",
        field=birth.field,
        levels=["commune"],
    )
    page = client.get(url).content.decode()
    assert "Thủ tục đăng ký khai sinh (sửa đổi)" in page


def test_the_long_sheet_pdf_request_does_not_lay_out_the_sheet_and_changes_file_with_the_content(
    client, commune, tmp_path, settings, django_capture_on_commit_callbacks
):
    from motcua.documents.models import BackgroundDocument

    settings.MEDIA_ROOT = tmp_path / "media"
    committee, _ = commune
    url = _long_sheet_url(committee)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    assert first.status_code == 302
    # The file to share is chosen by the content key: no sheet is built, no template laid out, no QR code made.
    assert [template.name for template in first.templates] == []
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).url == first.url
    added = make_version("2.000908", "Chứng thực chữ ký trong các giấy tờ, văn bản", field="Chứng thực")
    AgencyOffering.objects.create(procedure=added.procedure, agency=committee, resolves=True)
    with django_capture_on_commit_callbacks(execute=True):
        changed = client.get(url)
    assert changed.url != first.url
    assert BackgroundDocument.objects.count() == 2
