"""Online submission by a citizen: a draft filled in step by step and resumed, errors shown next to their field
with nothing lost, files checked as they are uploaded, and the dossier entering the lifecycle as an online
submission that the desk must check within 8 working hours (Decree 118/2025 Art. 17.2)."""

import datetime
import re

import pytest
import weasyprint
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import CENTRE, UBND, user
from motcua.accounts.models import ApplicantProfile, User
from motcua.catalog.models import AgencyOffering, Procedure
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, ReturnMethod, State
from motcua.orgs.models import Agency
from motcua.portal import drafts
from motcua.portal.models import Draft, DraftFile
from motcua.workcal.calendars import engine_calendar

CODE = "1.002211"  # Thủ tục công nhận hòa giải viên (cấp xã): two components, offered online at Hồng Vân


def pdf(text: str = "Biên bản kiểm phiếu") -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(client, demo):
    client.force_login(user("congdan"))
    return client


def started(client) -> Draft:
    response = client.post(reverse("portal:submission-start", args=[CODE]))
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:submission-agency", args=[draft.pk])
    return draft


def components(draft: Draft):
    return list(draft.method.version.documents.all())


def test_pages_need_a_citizen_account(client, demo):
    start = reverse("portal:submission-start", args=[CODE])
    response = client.get(start)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(user("tiepnhan.hongvan"))
    assert client.get(start).status_code == 403


def test_the_start_page_says_what_is_needed_and_makes_no_draft_until_asked(citizen):
    response = citizen.get(reverse("portal:submission-start", args=[CODE]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "PDF, JPG, PNG, TIFF, DOCX, XLSX" in text and "20 MB" in text
    assert CENTRE in text and UBND in text
    assert not Draft.objects.exists()


def test_a_procedure_not_offered_online_has_no_submission(citizen):
    AgencyOffering.objects.filter(procedure__code=CODE).update(channels=["direct"])
    assert citizen.get(reverse("portal:submission-start", args=[CODE])).status_code == 404
    assert drafts.online_offer(Procedure.objects.get(code=CODE)) is None


def test_a_full_submission_enters_the_lifecycle_waiting_for_the_desk(citizen, django_capture_on_commit_callbacks):
    draft = started(citizen)
    # The only desk and the only resolving agency are chosen already; the applicant is prefilled from the profile.
    assert draft.receiving_agency.name == CENTRE and draft.competent_agency.name == UBND
    page = citizen.get(reverse("portal:submission-applicant", args=[draft.pk])).content.decode()
    assert 'value="001090012345"' in page and 'value="Nguyễn Văn An"' in page

    response = citizen.post(
        reverse("portal:submission-agency", args=[draft.pk]),
        {"receiving_agency": draft.receiving_agency_id, "competent_agency": draft.competent_agency_id, "next": ""},
    )
    assert response["Location"] == reverse("portal:submission-applicant", args=[draft.pk])
    citizen.post(
        reverse("portal:submission-applicant", args=[draft.pk]),
        {
            "applicant_kind": "person",
            "applicant_name": "Nguyễn Văn An",
            "applicant_id_number": "001090012345",
            "applicant_phone": "0912345678",
            "applicant_email": "congdan@example.com",
            "applicant_address": "Thôn Hồng Vân",
            "next": "",
        },
    )
    response = citizen.post(
        reverse("portal:submission-request", args=[draft.pk]),
        {"request_summary": "Đề nghị công nhận hòa giải viên thôn Hồng Vân", "return_method": "electronic"},
    )
    assert response["Location"] == reverse("portal:submission-documents", args=[draft.pk, 1])
    first, second = components(draft)
    response = citizen.post(
        reverse("portal:submission-documents", args=[draft.pk, 1]),
        {
            f"tep_{first.pk}": SimpleUploadedFile("bien ban.pdf", pdf()),
            f"tep_{second.pk}": SimpleUploadedFile("danh-sach.pdf", pdf("Danh sách")),
            "next": "",
        },
    )
    assert response["Location"] == reverse("portal:submission-review", args=[draft.pk])
    review = citizen.get(response["Location"]).content.decode()
    assert "bien_ban.pdf" in review and "danh-sach.pdf" in review
    kept = [f.file.name for f in DraftFile.objects.all()]

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(reverse("portal:submission-review", args=[draft.pk]))

    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:my-dossier", args=[dossier.pk])
    # The confirmation gives the tracking reference at once (the legal code comes with acceptance).
    confirmation = citizen.get(response["Location"]).content.decode()
    assert dossier.code is None and f"Mã tra cứu của hồ sơ: {dossier.reference}" in confirmation
    assert dossier.state == State.SUBMITTED and dossier.channel == "online"
    assert dossier.applicant_user == user("congdan") and dossier.return_method == ReturnMethod.ELECTRONIC
    assert dossier.request_summary == "Đề nghị công nhận hòa giải viên thôn Hồng Vân"
    assert dossier.events.get().kind == DossierEvent.Kind.SUBMITTED
    # Art. 17.2: the desk answers within 8 working hours on the receiving agency's calendar.
    calendar = engine_calendar(agency=dossier.receiving_agency)
    expected = calendar.add(dossier.submitted_at, lifecycle.ONLINE_CHECK).due_at
    assert dossier.intake_due_at == expected and dossier.submitted_at >= before
    stored = dossier.documents.order_by("name")
    assert [(d.name, d.stage, d.requirement_id) for d in stored] == [
        ("bien_ban.pdf", DossierDocument.Stage.INTAKE, first.pk),
        ("danh-sach.pdf", DossierDocument.Stage.INTAKE, second.pk),
    ]
    with stored[0].file.open("rb") as handle:
        assert handle.read() == pdf()
    # The draft and its files are gone once the dossier has them.
    assert not Draft.objects.exists() and not any(default_storage.exists(name) for name in kept)


def test_the_desk_queue_shows_the_8_working_hour_clock(citizen):
    draft = started(citizen)
    drafts.attach(draft, components(draft)[0], SimpleUploadedFile("a.pdf", pdf()))
    citizen.post(reverse("portal:submission-review", args=[draft.pk]))
    dossier = Dossier.objects.get()

    desk = user("tiepnhan.hongvan")
    citizen.force_login(desk)
    page = citizen.get(reverse("desk:dossiers"), {"hang-doi": "intake"}).content.decode()
    due = timezone.localtime(dossier.intake_due_at).strftime("%H:%M %d/%m/%Y")
    assert due in page


def test_a_draft_is_kept_and_resumed_later_with_its_files(citizen, client):
    draft = started(citizen)
    citizen.post(
        reverse("portal:submission-applicant", args=[draft.pk]),
        {
            "applicant_kind": "person",
            "applicant_name": "Nguyễn Văn An",
            "applicant_id_number": "001090012345",
            "applicant_phone": "0987654321",
            "applicant_address": "Số 5, thôn Hồng Vân",
            "save": "",
        },
    )
    first = components(draft)[0]
    response = citizen.post(
        reverse("portal:submission-documents", args=[draft.pk, 1]),
        {f"tep_{first.pk}": SimpleUploadedFile("bien-ban.pdf", pdf()), "save": ""},
    )
    assert response["Location"] == reverse("portal:submission-drafts")

    # Another day, another session: the list offers the draft and everything is where it was left.
    citizen.logout()
    citizen.force_login(user("congdan"))
    listing = citizen.get(reverse("portal:submission-drafts")).content.decode()
    assert reverse("portal:submission-review", args=[draft.pk]) in listing
    page = citizen.get(reverse("portal:submission-applicant", args=[draft.pk])).content.decode()
    assert 'value="0987654321"' in page and 'value="Số 5, thôn Hồng Vân"' in page
    documents = citizen.get(reverse("portal:submission-documents", args=[draft.pk, 1])).content.decode()
    assert "bien-ban.pdf" in documents


def test_a_wrong_value_is_shown_next_to_its_field_and_nothing_typed_is_lost(citizen):
    draft = started(citizen)
    response = citizen.post(
        reverse("portal:submission-applicant", args=[draft.pk]),
        {
            "applicant_kind": "person",
            "applicant_name": "Nguyễn Văn Bình",
            "applicant_id_number": "12345",
            "applicant_phone": "12ab",
            "applicant_email": "khong-phai-thu",
            "applicant_address": "Xóm Mới, thôn Hồng Vân",
            "next": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    errors = dict(re.findall(r'id="id_(\w+)-loi"><li>([^<]+)</li>', page))
    assert errors["applicant_id_number"] == "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."
    assert errors["applicant_phone"] == "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0."
    assert errors["applicant_email"] == "Địa chỉ thư điện tử không hợp lệ."
    for typed in ("Nguyễn Văn Bình", "12345", "12ab", "khong-phai-thu", "Xóm Mới, thôn Hồng Vân"):
        assert f'value="{typed}"' in page
    draft.refresh_from_db()
    assert draft.applicant_name == "Nguyễn Văn An"  # nothing half-checked was saved


def test_an_organisation_is_checked_by_its_tax_code(citizen):
    draft = started(citizen)
    data = {"applicant_kind": "organisation", "applicant_name": "HTX Hồng Vân", "next": ""}
    response = citizen.post(
        reverse("portal:submission-applicant", args=[draft.pk]), {**data, "applicant_id_number": "001090012345"}
    )
    assert "Mã số thuế phải gồm 10 chữ số" in response.content.decode()
    response = citizen.post(
        reverse("portal:submission-applicant", args=[draft.pk]), {**data, "applicant_id_number": "0100109106"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.applicant_kind, draft.applicant_id_number) == ("organisation", "0100109106")


def test_a_refused_file_is_named_next_to_its_component_and_the_good_one_is_kept(citizen):
    draft = started(citizen)
    first, second = components(draft)
    response = citizen.post(
        reverse("portal:submission-documents", args=[draft.pk, 1]),
        {
            f"tep_{first.pk}": SimpleUploadedFile("bien-ban.pdf", pdf()),
            f"tep_{second.pk}": SimpleUploadedFile("danh-sach.pdf", b"this is only text, not a PDF"),
            "next": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_tep_{second.pk}-loi"' in page
    assert "Tệp «danh-sach.pdf» không đúng định dạng cho phép (PDF, JPG, PNG, TIFF, DOCX, XLSX)." in page
    assert [(f.requirement_id, f.name) for f in draft.files.all()] == [(first.pk, "bien-ban.pdf")]
    assert "bien-ban.pdf" in page  # shown as kept on the page that reports the error


def test_a_new_file_replaces_the_earlier_one_for_the_component(citizen, django_capture_on_commit_callbacks):
    draft = started(citizen)
    first = components(draft)[0]
    old = drafts.attach(draft, first, SimpleUploadedFile("cu.pdf", pdf("cũ")))
    old_name = old.file.name
    with django_capture_on_commit_callbacks(execute=True):
        drafts.attach(draft, first, SimpleUploadedFile("moi.pdf", pdf("mới")))
    assert [f.name for f in draft.files.all()] == ["moi.pdf"]
    assert not default_storage.exists(old_name)


def test_submitting_without_any_file_is_refused_and_the_draft_stays(citizen):
    draft = started(citizen)
    response = citizen.post(reverse("portal:submission-review", args=[draft.pk]))
    assert response.status_code == 422
    assert "Hãy tải lên ít nhất một giấy tờ của hồ sơ trước khi nộp." in response.content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists() and not Dossier.objects.exists()


def test_a_rule_of_the_lifecycle_is_reported_on_the_review_page(citizen):
    draft = started(citizen)
    drafts.attach(draft, components(draft)[0], SimpleUploadedFile("a.pdf", pdf()))
    Draft.objects.filter(pk=draft.pk).update(applicant_id_number="999999999999")
    response = citizen.post(reverse("portal:submission-review", args=[draft.pk]))
    assert response.status_code == 422
    assert "không phải mã tỉnh" in response.content.decode()
    assert draft.files.count() == 1 and not Dossier.objects.exists()


def test_another_citizens_draft_is_not_found(citizen, client):
    draft = started(citizen)
    other = User.objects.create_user("congdan2", password="x", account_type=User.AccountType.CITIZEN)
    ApplicantProfile.objects.create(user=other, personal_id="001090054321")
    client.force_login(other)
    for name in ("submission-agency", "submission-applicant", "submission-review", "submission-discard"):
        assert client.get(reverse(f"portal:{name}", args=[draft.pk])).status_code == 404
    assert client.post(reverse("portal:submission-review", args=[draft.pk])).status_code == 404
    assert not Dossier.objects.exists()


def test_discarding_needs_confirmation_and_removes_the_files(citizen, django_capture_on_commit_callbacks):
    draft = started(citizen)
    kept = drafts.attach(draft, components(draft)[0], SimpleUploadedFile("a.pdf", pdf())).file.name
    url = reverse("portal:submission-discard", args=[draft.pk])
    response = citizen.post(url, {})
    assert "Hãy đánh dấu để xác nhận xóa." in response.content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        citizen.post(url, {"confirm": "on"})
    assert not Draft.objects.exists() and not default_storage.exists(kept)


def test_an_agency_outside_the_offer_is_refused(citizen):
    draft = started(citizen)
    police = Agency.objects.get(name="Công an xã Hồng Vân")
    response = citizen.post(
        reverse("portal:submission-agency", args=[draft.pk]),
        {"receiving_agency": police.pk, "competent_agency": draft.competent_agency_id},
    )
    assert response.status_code == 200 and "receiving_agency" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.receiving_agency.name == CENTRE


def test_the_submission_is_made_at_the_time_of_submitting(citizen):
    """The clock starts when the dossier is submitted, not when the draft was begun."""
    draft = started(citizen)
    Draft.objects.filter(pk=draft.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    drafts.attach(draft, components(draft)[0], SimpleUploadedFile("a.pdf", pdf()))
    citizen.post(reverse("portal:submission-review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert timezone.now() - dossier.submitted_at < datetime.timedelta(minutes=5)
