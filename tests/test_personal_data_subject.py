"""The data subject's side (issue 16 item 10; Law 91/2025/QH15 Art. 4 — the rights to know, to consent, to obtain
and to ask for deletion — and Art. 9; Decree 356/2025/NĐ-CP Art. 6.1: consent by an explicit act): the processing
notice and consent at sign-up, stored with its version and time; the citizen's copy of their data; the request
that the account be deleted, seen by staff and carried out by anonymising the account while the dossiers stay.
"""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile, DeletionRequest, PersonalDataConsent, User
from motcua.accounts.personal_data_requests import NOTICE_VERSION, anonymise
from motcua.catalog.models import ProcedureMethod
from motcua.core.models import AuditEntry
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-dang-ky-2026"
SIGNUP = reverse("accounts:signup")
CONSENT_ERROR = "Hãy đọc thông báo xử lý dữ liệu cá nhân và đánh dấu đồng ý để đăng ký."


def signup_form(**extra) -> dict:
    return {
        "account_type": "citizen",
        "full_name": "Lê Thị Hoa",
        "contact": "hoa@example.vn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


@pytest.mark.django_db
def test_the_sign_up_page_shows_the_notice_and_refuses_without_consent(client, mailoutbox):
    page = client.get(SIGNUP).content.decode()
    assert "Thông báo xử lý dữ liệu cá nhân" in page and NOTICE_VERSION in page
    assert 'name="consent"' in page and "checked" not in page.split('name="consent"')[1].split(">")[0]

    response = client.post(SIGNUP, signup_form())

    assert response.status_code == 200
    assert response.context["form"].errors["consent"] == [CONSENT_ERROR]
    assert mailoutbox == []  # no code sent, nothing stored


@pytest.mark.django_db
def test_consent_is_stored_with_its_version_and_time_when_the_account_is_made(client, mailoutbox):
    before = datetime.datetime.now(datetime.UTC)
    client.post(SIGNUP, signup_form(consent="on"))
    code = re.search(r"\b(\d{6})\b", mailoutbox[0].body).group(1)
    client.post(reverse("accounts:signup_verify"), {"code": code})

    consent = PersonalDataConsent.objects.get()
    assert consent.user == User.objects.get(email="hoa@example.vn")
    assert consent.notice_version == NOTICE_VERSION
    assert before <= consent.given_at <= datetime.datetime.now(datetime.UTC)


@pytest.fixture
def filed(demo, settings, tmp_path):
    """The demo citizen's dossier at Hồng Vân, and another citizen's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    officer = User.objects.get(username="tiepnhan.hongvan")
    citizen = User.objects.get(username="congdan")
    other = User.objects.create_user("khac", full_name="Trần Văn Khác", account_type=User.AccountType.CITIZEN)

    def accept(user, name, id_number):
        intake = lifecycle.Intake(
            method=method,
            receiving_agency=Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
            competent_agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
            applicant=lifecycle.Applicant(kind="person", name=name, id_number=id_number, phone="0912345678", user=user),
        )
        return lifecycle.accept(officer, intake, at=datetime.datetime(2026, 3, 2, 8, 0, tzinfo=VN))

    return {
        "citizen": citizen,
        "mine": accept(citizen, "Nguyễn Văn An", "001090012345"),
        "theirs": accept(other, "Trần Văn Khác", "001090099999"),
    }


def test_the_citizen_downloads_their_data_as_a_json_file(client, filed):
    citizen = filed["citizen"]
    client.force_login(citizen)

    response = client.get(reverse("accounts:personal_data_download"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "congdan" and data["account"]["phone"] == citizen.phone
    [dossier] = data["dossiers"]  # not the other citizen's
    assert dossier["code"] == filed["mine"].code
    assert dossier["applicant"]["id_number"] == "001090012345"
    assert [event["kind"] for event in dossier["events"]] == list(
        filed["mine"].events.order_by("at", "pk").values_list("kind", flat=True)
    )
    assert "001090099999" not in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERSONAL_READ)
    assert entry.actor == citizen and "001090012345" not in json.dumps(entry.changes)


def test_a_visitor_gets_no_data_and_cannot_ask_for_a_deletion(client, db):
    assert client.get(reverse("accounts:personal_data_download")).status_code == 302
    assert client.post(reverse("accounts:personal_data_delete")).status_code == 302
    assert not DeletionRequest.objects.exists()


def test_a_deletion_request_is_recorded_once_and_staff_see_it(client, filed):
    citizen = filed["citizen"]
    client.force_login(citizen)
    url = reverse("accounts:personal_data_delete")
    assert client.get(url).status_code == 405  # asked by a POST only

    client.post(url)
    client.post(url)

    assert DeletionRequest.objects.filter(user=citizen, done_at__isnull=True).count() == 1
    assert "đang chờ xử lý" in client.get(reverse("accounts:personal_data")).content.decode()
    client.force_login(User.objects.get(username="quantri.hethong"))
    listing = client.get(reverse("admin:accounts_deletionrequest_changelist"))
    assert listing.status_code == 200 and f">{citizen}<" in listing.content.decode()


def test_deletion_anonymises_the_account_and_keeps_the_dossiers(client, filed):
    citizen, mine = filed["citizen"], filed["mine"]
    assert ApplicantProfile.objects.filter(user=citizen).exists()  # the demo citizen's profile
    personal_id = citizen.applicant_profile.personal_id
    request = DeletionRequest.objects.create(user=citizen, requested_at=datetime.datetime.now(datetime.UTC))
    staff = User.objects.get(username="quantri.hethong")
    last_entry = AuditEntry.objects.order_by("pk").last().pk

    user = anonymise(request, staff)

    assert (user.full_name, user.email, user.phone, user.is_active) == ("", "", "", False)
    assert not user.has_usable_password()
    assert not ApplicantProfile.objects.filter(user=user).exists()
    request.refresh_from_db()
    assert request.done_at is not None and request.done_by == staff
    # The dossier is an archived public record: kept as filed, still the account's.
    kept = Dossier.objects.get(pk=mine.pk)
    assert kept.applicant_user_id == user.pk and kept.applicant_name == "Nguyễn Văn An"
    # The audit log says it was done, and does not keep the erased values.
    new_entries = AuditEntry.objects.filter(pk__gt=last_entry)
    text = " ".join(f"{e.object_label} {e.changes}" for e in new_entries)
    assert "anonymised" in text
    assert "0912345678" not in text and personal_id not in text and "congdan@example.com" not in text
    assert user.username != "congdan" and not User.objects.filter(username="congdan").exists()
