"""Staff catalog pages through the real HTTP stack: drafting, publishing, offerings, processes, postings, control."""

import datetime

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog import processes, versions
from motcua.catalog.models import (
    AgencyOffering,
    Field,
    InternalProcess,
    Posting,
    Procedure,
    ProcedureMethod,
    ProcedureVersion,
)
from motcua.core.models import AuditEntry
from motcua.orgs.models import Agency

CHILD_PREFIXES = ("methods", "documents", "fees", "legal_bases", "results")


@pytest.fixture
def field(db):
    return Field.objects.get_or_create(name="Hộ tịch (kiểm thử)")[0]


@pytest.fixture
def hong_van(demo):
    return Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")


@pytest.fixture
def published(demo, field):
    """A procedure in force since 01/07/2025 whose direct method takes 5 working days."""
    admin = User.objects.get(username="quantri.hethong")

    def methods(version):
        ProcedureMethod.objects.create(version=version, channel="direct", time_amount=5, time_unit="working_days")

    draft = versions.create_procedure(
        admin, "9.600001", ProcedureVersion(name="Thủ tục đăng ký kết hôn", field=field, levels=["commune"]), methods
    )
    return versions.publish(admin, draft, number="7/QĐ", effective_on=datetime.date(2025, 7, 1))


def _management(prefix, total=1, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _draft_form(field, **overrides):
    data = {
        "code": "9.600002",
        "name": "Thủ tục đăng ký khai tử",
        "field": str(field.pk),
        "levels": ["commune"],
        "online_level": "partial",
        "methods-0-order": "1",
        "methods-0-channel": "direct",
        "methods-0-time_amount": "3",
        "methods-0-time_unit": "working_days",
        "documents-0-order": "1",
        "documents-0-name": "Tờ khai đăng ký khai tử",
        "documents-0-originals": "1",
        "documents-0-copies": "0",
        "documents-0-required": "on",
        "fees-0-order": "1",
        "fees-0-kind": "charge",
        "fees-0-name": "Lệ phí đăng ký khai tử",
        "fees-0-exempt": "on",
        "legal_bases-0-order": "1",
        "legal_bases-0-number": "60/2014/QH13",
        "results-0-order": "1",
        "results-0-name": "Trích lục khai tử",
    }
    for prefix in CHILD_PREFIXES:
        data.update(_management(prefix))
    data.update(overrides)
    return data


def test_admin_drafts_and_publishes_a_procedure(login_as, field):
    client = login_as("quantri.hethong")
    url = reverse("desk:catalog_create")
    assert client.get(url).status_code == 200
    # A fee both exempt and charged is refused, and everything typed is still there.
    refused = client.post(url, _draft_form(field, **{"fees-0-amount_vnd": "8000"}))
    assert refused.status_code == 200
    assert "Khoản được miễn thì không ghi số tiền." in refused.text
    assert "Tờ khai đăng ký khai tử" in refused.text and 'value="60/2014/QH13"' in refused.text
    assert not Procedure.objects.filter(code="9.600002").exists()

    response = client.post(url, _draft_form(field))
    version = ProcedureVersion.objects.get(procedure__code="9.600002")
    assert response.url == reverse("desk:catalog_version", args=[version.pk])
    assert (version.status, version.search_text) == ("draft", "9.600002 thu tuc dang ky khai tu")
    assert [d.name for d in version.documents.all()] == ["Tờ khai đăng ký khai tử"]
    assert AuditEntry.objects.filter(object_type="catalog.RequiredDocument", actor__username="quantri.hethong")

    publish_url = reverse("desk:catalog_publish", args=[version.pk])
    decision = {
        "number": "12/QĐ-UBND",
        "signed_on": "2026-01-05",
        "signer": "Chủ tịch",
        "issuer": "UBND Thành phố Hà Nội",
        "effective_on": "2026-01-10",
    }
    unconfirmed = client.post(publish_url, decision)
    assert "Hãy xác nhận đã kiểm tra nội dung trước khi công bố." in unconfirmed.text
    assert 'value="12/QĐ-UBND"' in unconfirmed.text
    client.post(publish_url, {**decision, "confirm": "on"})
    version.refresh_from_db()
    assert (version.status, version.valid_from) == ("published", datetime.date(2026, 1, 10))
    page = client.get(reverse("desk:catalog_version", args=[version.pk]))
    assert "12/QĐ-UBND" in page.text and "Sửa bản dự thảo" not in page.text
    # A published version is never edited through the editor either.
    edit = client.post(reverse("desk:catalog_draft_edit", args=[version.pk]), _draft_form(field), follow=True)
    assert "Phiên bản đã công bố không được sửa" in edit.text


def test_new_version_is_edited_as_a_draft(login_as, published):
    client = login_as("quantri.hethong")
    response = client.post(reverse("desk:catalog_draft_new", args=[published.procedure.pk]))
    draft = ProcedureVersion.objects.get(procedure=published.procedure, number=2)
    assert response.url == reverse("desk:catalog_draft_edit", args=[draft.pk])
    form = client.get(response.url)
    assert "Thủ tục đăng ký kết hôn</textarea>" in form.text  # the copy of the published version
    method = draft.methods.get()
    data = _draft_form(
        published.field,
        name="Thủ tục đăng ký kết hôn (sửa đổi)",
        **_management("methods", total=2, initial=1),
        **{
            "methods-0-id": str(method.pk),
            "methods-0-version": str(draft.pk),
            "methods-0-time_amount": "4",
            "methods-1-order": "0",  # what a browser sends for the untouched blank row
        },
    )
    data.pop("code")
    edited = client.post(response.url, data)
    assert edited.status_code == 302, edited.text[edited.text.find("errorlist") - 300 :][:1500]
    draft.refresh_from_db()
    assert draft.name == "Thủ tục đăng ký kết hôn (sửa đổi)"
    assert draft.methods.get(pk=method.pk).time_amount == 4
    assert published.methods.get().time_amount == 5  # the published version is untouched
    update = AuditEntry.objects.get(object_type="catalog.ProcedureMethod", action="update")
    assert update.changes["time_amount"] == ["5.00", "4.00"]


def test_catalog_search_ignores_diacritics(login_as, published):
    client = login_as("chuyenvien.hongvan")
    found = client.get(reverse("desk:catalog"), {"q": "DANG KY KET HON"})
    assert found.status_code == 200 and "9.600001" in found.text
    assert "Thêm thủ tục" not in found.text  # officers read only
    assert "9.600001" not in client.get(reverse("desk:catalog"), {"q": "khai tu"}).text
    assert "9.600001" in client.get(reverse("desk:catalog"), {"q": "9.600001", "status": "published"}).text
    assert "9.600001" not in client.get(reverse("desk:catalog"), {"status": "draft"}).text
    assert client.post(reverse("desk:catalog_draft_new", args=[published.procedure.pk])).status_code == 403


def test_agency_admin_edits_only_its_own_offering(login_as, published, hong_van):
    client = login_as("quantri.hongvan")
    own = reverse("desk:catalog_offering", args=[published.procedure.pk, hong_van.pk])
    response = client.post(own, {"action": "offering", "receives": "on", "resolves": "on", "channels": ["direct"]})
    assert response.status_code == 302
    offering = AgencyOffering.objects.get(agency=hong_van, procedure=published.procedure)
    assert offering.channels == ["direct"]
    assert AuditEntry.objects.filter(object_type="catalog.AgencyOffering", actor__username="quantri.hongvan").exists()
    other = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    other_url = reverse("desk:catalog_offering", args=[published.procedure.pk, other.pk])
    assert client.get(other_url).status_code == 403  # not in scope at all
    denied = client.post(other_url, {"action": "offering", "receives": "on", "channels": ["direct"]})
    assert denied.status_code == 403
    assert not AgencyOffering.objects.filter(agency=other).exists()
    # An inspector over the city reads the page but cannot change it.
    inspector = login_as("thanhtra.hanoi")
    assert "Bạn chỉ được xem thông tin này." in inspector.get(own).text
    assert inspector.post(own, {"action": "offering", "receives": "on", "channels": ["direct"]}).status_code == 403


def test_process_editor_shows_the_excess_and_keeps_the_steps(login_as, published, hong_van):
    client = login_as("quantri.hongvan")
    admin = User.objects.get(username="quantri.hethong")
    processes.save_offering(admin, published.procedure, hong_van, receives=True, resolves=True, channels=["direct"])
    url = reverse("desk:catalog_process", args=[published.procedure.pk, hong_van.pk, published.pk])
    steps = {
        **_management("buoc", total=3),
        "decision_number": "5/QĐ-UBND",
        "buoc-0-order": "1",
        "buoc-0-name": "Tiếp nhận hồ sơ",
        "buoc-0-role": "receiving_officer",
        "buoc-0-hours": "4",
        "buoc-1-order": "2",
        "buoc-1-name": "Thẩm định hồ sơ",
        "buoc-1-role": "specialist",
        "buoc-1-hours": "40",
        "buoc-2-order": "3",
        "buoc-2-name": "Ký kết quả",
        "buoc-2-role": "leader",
        "buoc-2-hours": "6",
    }
    refused = client.post(url, steps)
    assert refused.status_code == 200
    assert "Tổng thời gian các bước là 6 ngày 2 giờ làm việc, vượt thời hạn 5 ngày làm việc là 1 ngày 2 giờ." in (
        refused.text
    )
    assert 'value="Thẩm định hồ sơ"' in refused.text and 'value="5/QĐ-UBND"' in refused.text
    assert not InternalProcess.objects.filter(version=published).exists()
    saved = client.post(url, {**steps, "buoc-1-hours": "30"}, follow=True)
    assert "Đã lưu quy trình nội bộ." in saved.text
    process = InternalProcess.objects.get(version=published)
    assert [step.allotted_minutes for step in process.steps.all()] == [240, 1800, 360]
    assert "5 ngày làm việc" in saved.text


def test_posting_records_and_control_dashboard(login_as, published, hong_van):
    admin = User.objects.get(username="quantri.hethong")
    processes.save_offering(admin, published.procedure, hong_van, receives=True, resolves=True, channels=["direct"])
    client = login_as("quantri.hongvan")
    control_url = reverse("desk:catalog_control")
    mine = {"q": "9.600001"}  # the demo catalog has its own items
    page = client.get(control_url, {"van_de": "not_posted", **mine})
    assert page.status_code == 200
    assert "9.600001" in page.text and "chưa niêm yết" in page.text
    offering_url = reverse("desk:catalog_offering", args=[published.procedure.pk, hong_van.pk])
    assert offering_url in page.text
    assert "Sửa quy trình nội bộ" not in page.text  # filtered to postings

    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(offering_url, {"action": "posting", "location": "Bảng tin trụ sở", "posted_on": future})
    assert "Ngày niêm yết không được ở tương lai." in refused.text and 'value="Bảng tin trụ sở"' in refused.text
    client.post(offering_url, {"action": "posting", "location": "Bảng tin trụ sở", "posted_on": "2025-07-03"})
    posting = Posting.objects.get(agency=hong_van)
    assert posting.recorded_by.username == "quantri.hongvan"
    page = client.get(control_url, mine)
    assert "Chưa niêm yết" in page.text  # the filter label stays, but the item is gone:
    assert "chưa niêm yết (" not in page.text
    assert "Chưa có quy trình nội bộ cho phiên bản 1." in page.text

    client.post(reverse("desk:catalog_posting_remove", args=[posting.pk]), {"removed_on": "2025-12-31"})
    posting.refresh_from_db()
    assert posting.removed_on == datetime.date(2025, 12, 31)
    assert AuditEntry.objects.filter(object_type="catalog.Posting", action="update").exists()
    assert "chưa niêm yết (" in client.get(control_url, mine).text

    assert login_as("thanhtra.hanoi").get(control_url).status_code == 200
    assert login_as("tiepnhan.hongvan").get(control_url).status_code == 403


def test_abolish_needs_confirmation(login_as, published):
    client = login_as("quantri.hethong")
    url = reverse("desk:catalog_abolish", args=[published.procedure.pk])
    unconfirmed = client.post(url, {"abolished_on": "2026-02-01", "decision": "15/QĐ-UBND"})
    assert "Hãy xác nhận trước khi bãi bỏ." in unconfirmed.text
    assert 'value="15/QĐ-UBND"' in unconfirmed.text  # nothing typed is lost
    too_early = client.post(url, {"abolished_on": "2025-07-01", "decision": "15/QĐ-UBND", "confirm": "on"})
    assert "Ngày bãi bỏ phải sau ngày 01/07/2025" in too_early.text
    client.post(url, {"abolished_on": "2026-02-01", "decision": "15/QĐ-UBND", "confirm": "on"})
    published.refresh_from_db()
    assert published.valid_until == datetime.date(2026, 1, 31)
    assert published.procedure.abolition_decision == "15/QĐ-UBND"
    page = client.get(reverse("desk:catalog_procedure", args=[published.procedure.pk]))
    assert "Thủ tục đã bị bãi bỏ từ ngày 01/02/2026" in page.text


def test_pages_render_for_readers_and_drafts_can_be_discarded(login_as, published, hong_van):
    admin = User.objects.get(username="quantri.hethong")
    processes.save_offering(admin, published.procedure, hong_van, receives=True, resolves=True, channels=["direct"])
    pk = published.procedure.pk
    inspector = login_as("thanhtra.hanoi")
    for url in (
        reverse("desk:catalog"),
        reverse("desk:catalog_procedure", args=[pk]),
        reverse("desk:catalog_version", args=[published.pk]),
        reverse("desk:catalog_offering", args=[pk, hong_van.pk]),
        reverse("desk:catalog_process", args=[pk, hong_van.pk, published.pk]),
    ):
        page = inspector.get(url)
        assert page.status_code == 200, url
        assert "Thủ tục đăng ký kết hôn" in page.text or "9.600001" in page.text, url
    assert inspector.get(reverse("desk:catalog_create")).status_code == 403

    client = login_as("quantri.hethong")
    client.post(reverse("desk:catalog_draft_new", args=[pk]))
    draft = ProcedureVersion.objects.get(procedure_id=pk, number=2)
    delete_url = reverse("desk:catalog_draft_delete", args=[draft.pk])
    assert "Xóa bản dự thảo" in client.get(delete_url).text  # asks first
    assert ProcedureVersion.objects.filter(pk=draft.pk).exists()
    client.post(delete_url)
    assert not ProcedureVersion.objects.filter(pk=draft.pk).exists()
    assert ProcedureVersion.objects.filter(pk=published.pk).exists()
    assert AuditEntry.objects.filter(object_type="catalog.ProcedureVersion", action="delete").exists()
