"""Bad input to the REST API is a 4xx with a Vietnamese message, never a 5xx (issue 16 item 8): over-long texts, numbers
and offsets past their columns, NUL bytes, dates in year 9999, odd file names, too many files, far-future books,
invalid phone numbers and e-mail addresses, a new appointment in year 9999. Each case was a 500 (on PostgreSQL, or on
SQLite for the arithmetic overflows) or stored the value as given."""

import io

import pytest
from django.test import Client

from api_errors import messages_at
from motcua.accounts import tokens
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HUGE = 2**63  # one past BIGINT
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"
UBND = "Ủy ban nhân dân xã Hồng Vân"


def caller(username: str) -> Client:
    _, key = tokens.create(User.objects.get(username=username), "test")
    return Client(headers={"Authorization": f"Bearer {key}"}, raise_request_exception=False)


@pytest.fixture
def desk(demo):
    return caller("tiepnhan.hongvan")


@pytest.fixture
def centre(demo):
    return Agency.objects.get(name=CENTRE)


def intake_body(centre, applicant=None, **extra) -> dict:
    return {
        "procedure": "1.002211",
        "channel": "direct",
        "receiving_agency_id": centre.pk,
        "competent_agency_id": Agency.objects.get(name=UBND).pk,
        "applicant": {"kind": "person", "name": "Nguyễn Văn An", "id_number": "001090012345", **(applicant or {})},
        "decision": "accept",
        **extra,
    }


def post_intake(desk, body):
    return desk.post(f"{API}/dossiers", body, content_type="application/json")


def refused(response, status: int = 422) -> dict:
    """The answer is the given 4xx in JSON, with a Vietnamese detail; nothing leaks as a server error."""
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["code"] and body["detail"]
    return body


@pytest.fixture
def dossier_ref(desk, centre):
    response = post_intake(desk, intake_body(centre, {"phone": "0912345678"}))
    assert response.status_code == 201
    return response.json()["ref"]


def test_an_over_long_name_is_refused_with_the_column_width(desk, centre):
    body = refused(post_intake(desk, intake_body(centre, {"name": "A" * 256})))
    assert messages_at(body, "name") == ["Dài quá 255 ký tự."]
    assert not Dossier.objects.exists()


def test_an_over_long_reason_is_refused(desk, centre):
    body = refused(post_intake(desk, intake_body(centre, decision="refuse", reason="x" * 2001)))
    assert messages_at(body, "reason") == ["Dài quá 2000 ký tự."]


@pytest.mark.parametrize("copies", [0, 100, 32768, 2**70])
def test_copies_are_between_one_and_ninety_nine(desk, centre, copies):
    body = refused(post_intake(desk, intake_body(centre, copies=copies)))
    assert messages_at(body, "copies")[0].startswith("Phải ")
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("field", ["q", "procedure"])
def test_a_nul_byte_in_a_search_is_refused(desk, field):
    body = refused(desk.get(f"{API}/dossiers", {field: "Nguy\x00ễn"}))
    assert messages_at(body, field) == ["Nội dung chứa ký tự không hợp lệ (NUL)."]


def test_a_nul_byte_in_a_dossier_name_is_not_found(desk):
    refused(desk.get(f"{API}/dossiers/000.00.87%00"), 404)


@pytest.mark.parametrize("offset", [2**62, HUGE])
def test_an_offset_past_any_list_is_refused(desk, offset):
    body = refused(desk.get(f"{API}/dossiers", {"offset": offset}))
    assert messages_at(body, "offset") == ["Phải nhỏ hơn hoặc bằng 10000000."]
    refused(desk.get(f"{API}/agencies", {"offset": offset}))
    refused(desk.get(f"{API}/units", {"offset": offset}))


@pytest.mark.parametrize(
    "query",
    [
        {"received_to": "9999-12-31"},
        {"received_from": "0001-01-01"},
        {"due_before": "9999-12-31T23:59:59"},
        {"due_before": "0001-01-01T00:00:00"},
    ],
)
def test_dates_outside_2000_to_2099_are_refused(desk, query):
    (field,) = query
    body = refused(desk.get(f"{API}/dossiers", query))
    assert messages_at(body, field) == ["Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2099."]


@pytest.mark.parametrize(
    "path", ["/dossiers?agency={huge}", "/dossiers/{ref}/documents/{huge}", "/dossiers/{ref}/forms/01?event={huge}"]
)
def test_ids_past_bigint_are_refused(desk, dossier_ref, path):
    body = refused(desk.get(API + path.format(huge=HUGE, ref=dossier_ref)))
    assert body["code"] == "invalid"


def test_a_revision_past_integer_is_refused(desk, dossier_ref):
    response = desk.post(
        f"{API}/dossiers/{dossier_ref}/actions/transfer", {"expected_revision": HUGE}, content_type="application/json"
    )
    assert messages_at(refused(response), "expected_revision") == [f"Phải nhỏ hơn hoặc bằng {2**31 - 1}."]


def upload(desk, ref: str, *names: str):
    files = []
    for name in names:
        file = io.BytesIO(PDF)
        file.name = name
        files.append(file)
    return desk.post(f"{API}/dossiers/{ref}/documents", {"files": files})


def test_a_file_named_htaccess_is_stored_under_a_neutral_name(desk, dossier_ref):
    response = upload(desk, dossier_ref, ".htaccess")
    assert response.status_code == 201, response.content[:300]
    assert [d["name"] for d in response.json()["documents"]] == ["tep.pdf"]


def test_more_than_a_hundred_files_are_refused_in_json(desk, dossier_ref):
    body = refused(upload(desk, dossier_ref, *(f"to-khai-{i}.pdf" for i in range(101))))
    assert body["errors"] == {"files": ["Mỗi lần gửi được tối đa 100 tệp."]}
    assert not Dossier.objects.get(code=dossier_ref).documents.exists()


def test_the_tracking_book_refuses_far_future_dates_and_a_huge_part(desk, centre):
    book = f"{API}/agencies/{centre.pk}/tracking-book"
    future = refused(desk.get(book, {"from": "2026-01-01", "to": "9999-12-31"}))
    assert future["errors"] == {} or "to" in str(future)
    huge = refused(desk.get(book, {"from": "2026-01-01", "to": "2026-01-31", "part": HUGE}))
    assert messages_at(huge, "part") == [f"Phải nhỏ hơn hoặc bằng {2**31 - 1}."]
    assert refused(desk.get(book, {"from": "2026-01-01", "to": "2026-01-31", "part": 2}))["errors"] == {
        "part": ["Sổ của kỳ này có 1 phần."]
    }


@pytest.mark.parametrize("phone", ["abc", "12ab", "091234567", "0912345678901", "+1 415 555 0100"])
def test_an_invalid_phone_number_is_refused_not_stored(desk, centre, phone):
    body = refused(post_intake(desk, intake_body(centre, {"phone": phone})))
    assert messages_at(body, "phone") == ["Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0."]
    assert not Dossier.objects.exists()


def test_a_phone_number_is_stored_in_its_one_spelling(desk, centre):
    response = post_intake(desk, intake_body(centre, {"phone": "+84 912 345 678", "email": "An@Example.VN"}))
    assert response.status_code == 201
    dossier = Dossier.objects.get()
    assert (dossier.applicant_phone, dossier.applicant_email) == ("0912345678", "An@example.vn")


@pytest.mark.parametrize("email", ["abc", "an@", "an@@example.vn", "a" * 250 + "@example.vn"])
def test_an_invalid_email_address_is_refused_not_stored(desk, centre, email):
    body = refused(post_intake(desk, intake_body(centre, {"email": email})))
    assert messages_at(body, "email")
    assert not Dossier.objects.exists()


def act(client: Client, ref: str, action: str, **body):
    return client.post(f"{API}/dossiers/{ref}/actions/{action}", body, content_type="application/json")


@pytest.mark.parametrize("new_due_at", ["9999-12-31T23:59:59", "9999-12-31T23:59:59-12:00", "2099-12-31T17:00:00"])
def test_a_leader_cannot_move_the_appointment_to_year_9999(desk, dossier_ref, new_due_at):
    """Decree 118 Art. 19.6 lets the leader set a new appointment once (Mẫu 04); a date years away took the dossier out
    of the overdue statistics for good. Past 2099 is refused by the API's type, beyond a year from now by the
    lifecycle's bound (motcua.dossiers.apology.MAX_NEW_APPOINTMENT); nothing is recorded either way."""
    leader = caller("lanhdao.hongvan")
    assert act(desk, dossier_ref, "transfer").status_code == 200
    assert act(leader, dossier_ref, "assign", specialist="chuyenvien.hongvan").status_code == 200
    body = refused(act(leader, dossier_ref, "request_extension", reason="Cần xác minh thêm", new_due_at=new_due_at))
    if new_due_at.startswith("9999"):
        assert messages_at(body, "new_due_at") == ["Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2099."]
    else:
        assert body["errors"] == {
            "new_due_at": ["Ngày hẹn trả mới không được quá 01 năm kể từ hôm nay; hãy kiểm tra lại."]
        }
    dossier = Dossier.objects.get(code=dossier_ref)
    assert dossier.extended_due_at is None
    assert not dossier.events.filter(kind="extended").exists()
