"""Masking by need and the log of reads (issue 16 item 10; Law 91/2025/QH15; Decree 356/2025/NĐ-CP Art. 3:
identity and phone numbers are basic personal data).

The officers whose task on a dossier needs the applicant's numbers (the desk that received it, the specialist and
the leader of the competent agency) see them in full; inspectors, agency administrators and consulted agencies
see them masked, and may show them with an audited "Hiện thông tin". Every view and download of a dossier's
personal data is an audit entry without the data, one per page view.
"""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.core.masking import mask
from motcua.core.models import AuditEntry
from motcua.dossiers import lifecycle
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ID_NUMBER, PHONE = "001199012377", "0912345678"
ID_MASKED, PHONE_MASKED = "0011******77", "0912****78"
PDF_BYTES = weasyprint.HTML(string="<p>Đơn đề nghị</p>").write_pdf()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(demo):
    """1.002211 received at Hồng Vân's centre, resolved by its People's Committee, with one file, at the specialist,
    the police consulted."""
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    officer, leader = User.objects.get(username="tiepnhan.hongvan"), User.objects.get(username="lanhdao.hongvan")
    specialist = User.objects.get(username="chuyenvien.hongvan")
    received = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=VN)
    intake = lifecycle.Intake(
        method=method,
        receiving_agency=Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        competent_agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        applicant=lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number=ID_NUMBER, phone=PHONE),
        documents=(Upload(SimpleUploadedFile("don.pdf", PDF_BYTES, content_type="application/pdf")),),
    )
    dossier = lifecycle.accept(officer, intake, at=received)
    dossier = lifecycle.transfer(officer, dossier, at=received + datetime.timedelta(minutes=30))
    dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=received + datetime.timedelta(hours=1))
    police = Agency.objects.get(role_assignments__user__username="chuyenvien.congan.hongvan")
    request = lifecycle.ConsultationRequest(agency=police, content="Xác minh nơi cư trú", minutes=60 * 24)
    return lifecycle.request_consultation(
        specialist, dossier, requests=[request], at=received + datetime.timedelta(hours=2)
    )


def page(client, dossier) -> str:
    response = client.get(reverse("desk:dossier", args=[dossier.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_mask_keeps_four_first_and_two_last_characters():
    assert mask(ID_NUMBER) == ID_MASKED
    assert mask(PHONE) == PHONE_MASKED
    assert mask("123456") == "******"  # too short to keep anything
    assert mask("") == ""


@pytest.mark.parametrize("username", ["tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan"])
def test_the_officers_whose_task_needs_them_see_the_numbers_in_full(login_as, dossier, username):
    text = page(login_as(username), dossier)
    assert ID_NUMBER in text and PHONE in text
    assert reverse("desk:dossier_reveal", args=[dossier.pk]) not in text


@pytest.mark.parametrize("username", ["thanhtra.hanoi", "quantri.hongvan", "chuyenvien.congan.hongvan"])
def test_inspectors_admins_and_consulted_agencies_see_them_masked(login_as, dossier, username):
    text = page(login_as(username), dossier)
    assert ID_NUMBER not in text and PHONE not in text
    assert ID_MASKED in text and PHONE_MASKED in text
    assert reverse("desk:dossier_reveal", args=[dossier.pk]) in text


def test_showing_them_is_audited_with_its_reason_and_lasts_a_while(login_as, dossier, settings, monkeypatch):
    client = login_as("thanhtra.hanoi")
    response = client.post(reverse("desk:dossier_reveal", args=[dossier.pk]), {"reason": "Đối chiếu đơn khiếu nại"})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERSONAL_REVEAL)
    assert (entry.actor_label, entry.object_id, entry.object_label) == ("thanhtra.hanoi", str(dossier.pk), dossier.code)
    assert entry.changes == {"reason": "Đối chiếu đơn khiếu nại"}
    assert ID_NUMBER in page(client, dossier)

    later = time.time() + settings.PERSONAL_DATA_REVEAL_MINUTES * 60 + 1
    monkeypatch.setattr("motcua.core.masking.time.time", lambda: later)
    assert ID_NUMBER not in page(client, dossier)  # the window closed


def test_showing_is_a_post_within_scope(login_as, dossier):
    url = reverse("desk:dossier_reveal", args=[dossier.pk])
    assert login_as("thanhtra.hanoi").get(url).status_code == 405
    assert login_as("thanhtra.thuongtin").post(url).status_code == 404  # another district's inspector
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PERSONAL_REVEAL).exists()


def test_a_page_view_is_one_audit_entry_without_the_data(login_as, dossier):
    client = login_as("thanhtra.hanoi")
    page(client, dossier)

    reads = AuditEntry.objects.filter(action=AuditEntry.Action.PERSONAL_READ)
    assert reads.count() == 1
    entry = reads.get()
    assert (entry.actor_label, entry.object_id, entry.object_label) == ("thanhtra.hanoi", str(dossier.pk), dossier.code)
    stored = f"{entry.object_label} {entry.changes}"
    assert ID_NUMBER not in stored and "Nguyễn Văn An" not in stored

    page(client, dossier)
    assert reads.count() == 2  # another view, another entry


def test_a_download_is_logged_with_the_file(login_as, dossier):
    document = dossier.documents.get()
    response = login_as("chuyenvien.hongvan").get(reverse("desk:dossier_document", args=[dossier.pk, document.pk]))
    b"".join(response.streaming_content)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERSONAL_READ)
    assert entry.changes == {"document": str(document.pk)}
    assert entry.actor_label == "chuyenvien.hongvan"


def test_a_refused_download_is_not_logged_as_a_read(login_as, dossier):
    document = dossier.documents.get()
    response = login_as("thanhtra.thuongtin").get(reverse("desk:dossier_document", args=[dossier.pk, document.pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PERSONAL_READ).exists()
