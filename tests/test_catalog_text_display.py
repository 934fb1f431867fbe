"""Issue 14 item 6: the portal's catalog text shown as meant, on real shipped procedures — conditional documents
not "Bắt buộc", "Lưu ý" notes not as document rows, no raw "Như công bố: 1", no "Không trực tuyến" beside
"Nộp trực tuyến", and steps one per line with their numbering."""

import html
from types import SimpleNamespace

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod, ProcedureVersion, RequiredDocument
from motcua.catalog.text import is_conditional_document, is_note_row, published_time, step_lines
from motcua.portal import drafts


def test_text_helpers():
    assert published_time("1", "trong ngày") == ""
    assert published_time("Không có thông tin", "trong ngày") == ""
    assert published_time("5 Ngày làm việc", "5 ngày làm việc") == ""
    assert published_time("1 Giờ", "1 giờ làm việc") == "1 Giờ"
    assert is_conditional_document("Tài liệu, chứng cứ có liên quan (nếu có).")
    assert is_conditional_document("Văn bản ủy quyền", "Trường hợp ủy quyền thực hiện thủ tục")
    assert is_conditional_document("- Trường hợp bị tai nạn giao thông thì có thêm biên bản")
    assert not is_conditional_document("Tờ khai đăng ký khai sinh theo mẫu", "Giấy tờ phải nộp")
    assert is_note_row("*Lưu ý: Khi nộp hồ sơ trực tuyến…", "", 0, 0)
    assert is_note_row("Giấy tờ chứng minh nhân thân", "Lưu ý", 0, 0)
    assert is_note_row("- Chứng cứ chứng minh quan hệ cha, con gồm:", "Giấy tờ phải nộp", 0, 0)
    assert not is_note_row("Hộ chiếu hoặc thẻ căn cước", "Giấy tờ phải xuất trình", 0, 0)
    assert not is_note_row("Tờ khai", "", 1, 0)
    assert step_lines("1.1. Trình tự thực hiện\n1.1.1. Nộp hồ sơ.\na) Kiểm tra") == [
        (0, "1.1.1. Nộp hồ sơ."),
        (1, "a) Kiểm tra"),
    ]
    assert step_lines("- Bước 1: Nộp hồ sơ.Trường hợp 2: Nộp lại (nếu có) a) Người kê khai gửi") == [
        (1, "- Bước 1: Nộp hồ sơ."),
        (0, "Trường hợp 2: Nộp lại (nếu có)"),
        (1, "a) Người kê khai gửi"),
    ]


pytestmark_db = pytest.mark.django_db  # the helpers above need no database


def _page(client, code: str) -> str:
    return html.unescape(client.get(reverse("portal:catalog-detail", args=[code])).text)


@pytestmark_db
def test_conditional_documents_are_not_marked_required(demo, client):
    evidence = RequiredDocument.objects.get(
        version__procedure__code="2.002165", name__startswith="Tài liệu, chứng cứ có liên quan"
    )
    assert evidence.copies_text and not evidence.required and evidence.is_conditional
    proxies = RequiredDocument.objects.filter(group__startswith="Trường hợp ủy quyền", originals__gt=0)
    assert proxies.exists() and not proxies.filter(required=True).exists()
    # Papers every applicant hands in stay required.
    form = RequiredDocument.objects.get(version__procedure__code="1.001193", name__contains="Tờ khai đăng ký khai sinh")
    assert form.required
    page = _page(client, "2.002165")
    row = page[page.index("Tài liệu, chứng cứ có liên quan") :]
    row = row[: row.index("</tr>")]
    assert "Nếu thuộc trường hợp này" in row and "Bắt buộc" not in row


@pytestmark_db
def test_notes_are_shown_as_notes_not_document_rows(demo, client):
    note = RequiredDocument.objects.get(version__procedure__code="1.004222", name__startswith="*Lưu ý")
    assert note.is_note
    page = _page(client, "1.004222")
    start = note.name.splitlines()[0][:40]
    assert f'<p class="help">{start}' in page
    assert f"<td>{start}" not in page


@pytestmark_db
def test_times_are_not_shown_as_raw_numbers(demo, client):
    page = _page(client, "1.000894")  # kết hôn: the portal shows a bare "1"
    assert "Như công bố: 1" not in page and "Như công bố: 1" not in _page(client, "1.001193")
    assert "trong ngày (sau 15:00 trả ngày làm việc tiếp theo)" in page
    page = _page(client, "2.000884")  # chứng thực chữ ký: "Không có thông tin"
    assert "Như công bố: Không có thông tin" not in page


@pytestmark_db
def test_online_level_agrees_with_the_online_filing_button(demo, client):
    assert ProcedureVersion.objects.get(procedure__code="1.000894").online_level == "partial"
    page = _page(client, "1.000894")
    assert reverse("portal:submission-start", args=["1.000894"]) in page
    assert "Không trực tuyến" not in page
    # A procedure with no online method keeps "Không trực tuyến" and shows no button.
    assert ProcedureVersion.objects.get(procedure__code="2.000815").online_level == "none"
    assert "Không trực tuyến" in _page(client, "2.000815")


@pytestmark_db
def test_steps_keep_their_numbering_one_per_line(demo, client):
    page = _page(client, "1.014632")  # "…thực hiện xác nhận.Trường hợp 2: …" glued on the portal
    assert '<p class="step-level-0"><strong>Trường hợp 2: Xác nhận điều kiện' in page
    assert "xác nhận.Trường hợp 2" not in page
    page = _page(client, "3.000439")
    assert '<p class="step-level-0"><strong>1.1.1. Tổ chức, cá nhân nộp hồ sơ' in page
    assert '<p class="step-level-1">a) Hoàn thành việc thẩm định hồ sơ' in page
    assert "<strong>1.1. Trình tự thực hiện" not in page


@pytestmark_db
def test_notes_are_read_not_uploaded_or_ticked_over_the_whole_catalog(demo, client):
    """The wizard's upload pages and the desk's checklist hold documents only; every "Lưu ý" row stays on a page."""
    online = ProcedureMethod.objects.filter(channel="online", version__status="published").select_related("version")
    with_notes = 0
    for method in online:
        documents = list(method.version.documents.all())
        pages = drafts.component_groups(SimpleNamespace(method=method))
        assert all(not component.is_note for page in pages for component in page.components)
        shown = [document.pk for page in pages for document in (*page.components, *page.notes)]
        assert sorted(shown) == sorted(document.pk for document in documents), method.version.procedure.code
        with_notes += any(document.is_note for document in documents)
    assert with_notes, "the shipped catalog has online procedures with notes"

    note = RequiredDocument.objects.get(version__procedure__code="1.004222", name__startswith="*Lưu ý")
    client.force_login(User.objects.get(username="tiepnhan.hongvan"))
    page = client.get(reverse("desk:dossier_intake"), {"thu-tuc": note.version.procedure_id}).text
    start = html.escape(note.name.splitlines()[0][:40])
    assert 'class="card notes"' in page and start in page
    assert f'<p class="requirement-name">{start}' not in page
