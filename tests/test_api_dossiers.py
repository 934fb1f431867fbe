"""The desk REST API for dossiers: intake to return and every branch through the API with bearer keys, JSON errors
(409 with the reason, stale revisions, 403, 404 outside the scope), the scoped list and its filters and query
count, and the official forms as real PDF and DOCX files."""

import datetime
import io
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from motcua.accounts import tokens
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.orgs.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"
UBND = "Ủy ban nhân dân xã Hồng Vân"
POLICE = "Công an xã Hồng Vân"
DESK, SPECIALIST, LEADER = "tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan"


class Caller:
    """A script calling the API with its own key, no session."""

    def __init__(self, username: str):
        self.user = User.objects.get(username=username)
        _, key = tokens.create(self.user, "test")
        self.client = Client(headers={"Authorization": f"Bearer {key}"})

    def get(self, path: str, params=None):
        return self.client.get(API + path, params or {})

    def post(self, path: str, body=None):
        return self.client.post(API + path, body or {}, content_type="application/json")

    def act(self, ref: str, action: str, status: int = 200, **body) -> dict:
        response = self.post(f"/dossiers/{ref}/actions/{action}", body)
        assert response.status_code == status, response.json()
        return response.json()

    def upload(self, ref: str, name: str = "don.pdf", content: bytes = PDF, **fields):
        file = io.BytesIO(content)
        file.name = name
        return self.client.post(f"{API}/dossiers/{ref}/documents", {"files": [file], **fields})


@pytest.fixture
def hv(demo):
    class Hv:
        centre = Agency.objects.get(name=CENTRE)
        ubnd = Agency.objects.get(name=UBND)
        police = Agency.objects.get(name=POLICE)
        desk, specialist, leader = Caller(DESK), Caller(SPECIALIST), Caller(LEADER)

        def intake(self, decision="accept", procedure="1.002211", status=201, **extra) -> dict:
            body = {
                "procedure": procedure,
                "channel": "direct",
                "receiving_agency_id": self.centre.pk,
                "competent_agency_id": self.ubnd.pk,
                "applicant": {
                    "kind": "person",
                    "name": "Nguyễn Văn An",
                    "id_number": "001090012345",
                    "phone": "0912345678",
                    "address": "Thôn Vân Tảo, xã Hồng Vân",
                },
                "request_summary": "Cấp bản sao trích lục hộ tịch",
                "decision": decision,
                **extra,
            }
            response = self.desk.post("/dossiers", body)
            assert response.status_code == status, response.json()
            return response.json()

        def processing(self, procedure="1.002211") -> str:
            code = self.intake(procedure=procedure)["code"]
            self.desk.act(code, "transfer")
            assert self.leader.act(code, "assign", specialist=SPECIALIST)["state"] == State.PROCESSING
            return code

    return Hv()


def staff(username: str, role: str, agency: Agency) -> Caller:
    user = User.objects.create_user(username, account_type=User.AccountType.STAFF, full_name=username)
    RoleAssignment.objects.create(user=user, role=role, agency=agency)
    return Caller(username)


def kinds(dossier: dict) -> list[str]:
    return [event["kind"] for event in dossier["events"]]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


# -- the main path ------------------------------------------------------------------------------------------------


def test_a_dossier_from_intake_to_return_through_the_api(hv):
    accepted = hv.intake()
    code = accepted["code"]
    assert code.startswith("000.00.87.H26-") and code.endswith("-0001")
    assert (accepted["ref"], accepted["state"], accepted["revision"]) == (code, State.RECEIVED, 1)
    assert accepted["due_at"].endswith("+07:00")
    assert accepted["procedure"]["code"] == "1.002211"
    assert accepted["applicant"]["id_number"] == "001090012345"
    assert accepted["received_by"]["username"] == DESK
    assert "transfer" in accepted["available_actions"] and "sign" not in accepted["available_actions"]
    assert [step["status"] for step in accepted["steps"]] == ["active", "waiting", "waiting", "waiting"]
    assert [form["form"] for form in accepted["forms"]] == ["01", "06"]

    dossier = Dossier.objects.get(code=code)
    requirement = dossier.version.documents.order_by("pk").first()
    uploaded = hv.desk.upload(code, "Tờ khai.pdf", requirement_id=requirement.pk, is_scan="true")
    assert uploaded.status_code == 201, uploaded.json()
    [document] = uploaded.json()["documents"]
    assert (document["requirement_id"], document["is_scan"], document["content_type"]) == (
        requirement.pk,
        True,
        "application/pdf",
    )
    download = hv.desk.client.get(document["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]

    assert hv.desk.act(code, "transfer")["state"] == State.TRANSFERRED
    assert hv.leader.get(f"/dossiers/{code}").json()["available_actions"] == ["assign"]
    assigned = hv.leader.act(code, "assign", specialist=SPECIALIST)
    assert (assigned["state"], assigned["assignee"]["username"]) == (State.PROCESSING, SPECIALIST)
    assert hv.specialist.act(code, "submit_for_signature", note="Đủ điều kiện")["state"] == State.AWAITING_SIGNATURE
    signed = hv.leader.act(code, "sign")
    assert (signed["state"], signed["outcome"]) == (State.RESULT_ISSUED, "granted")
    assert hv.desk.act(code, "mark_ready")["state"] == State.READY_FOR_RETURN
    returned = hv.desk.act(code, "return_result", method="post")
    assert (returned["state"], returned["return_method"], returned["available_actions"]) == (
        State.RETURNED,
        "post",
        ["request_correction"],
    )
    assert kinds(returned) == [
        "accepted",
        "document_added",
        "transferred",
        "assigned",
        "submitted_for_signature",
        "signed",
        "ready_for_return",
        "returned",
    ]
    assert [event["actor"]["username"] for event in returned["events"]] == [DESK] * 3 + [LEADER, SPECIALIST] + [
        LEADER
    ] + [DESK] * 2
    assert returned["revision"] == 8
    assert {step["status"] for step in returned["steps"]} == {"done"}


def test_intake_can_ask_to_supplement_or_refuse_and_those_dossiers_go_by_number(hv):
    incomplete = hv.intake("request_supplement", items=["Tờ khai có chữ ký", "Bản sao CCCD"], reason="Thiếu giấy tờ")
    assert (incomplete["code"], incomplete["state"]) == (None, State.INTAKE_SUPPLEMENT)
    assert incomplete["ref"] == str(incomplete["id"])
    assert incomplete["events"][0]["details"]["items"] == ["Tờ khai có chữ ký", "Bản sao CCCD"]
    assert [form["form"] for form in incomplete["forms"]] == ["02"]
    again = hv.desk.get(f"/dossiers/{incomplete['id']}").json()
    assert again["state"] == State.INTAKE_SUPPLEMENT
    # Before it has a code the dossier is also found by its tracking reference, as an applicant may type it.
    reference = incomplete["reference"]
    assert reference.startswith("TN")
    typed = reference.replace("-", "").lower()
    assert hv.desk.get(f"/dossiers/{typed}").json()["id"] == incomplete["id"]

    refused = hv.intake("refuse", reason="Không thuộc thẩm quyền")
    assert (refused["code"], refused["state"], refused["events"][0]["note"]) == (
        None,
        State.INTAKE_REFUSED,
        "Không thuộc thẩm quyền",
    )
    no_items = hv.intake("request_supplement", status=422)
    assert (no_items["code"], list(no_items["errors"])) == ("invalid", ["items"])
    no_reason = hv.intake("refuse", status=422)
    assert no_reason["errors"] == {"reason": ["Hãy ghi rõ lý do."]}
    assert Dossier.objects.count() == 2


def test_online_submissions_are_checked_through_actions(hv):
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="online"
    )
    citizen = User.objects.get(username="congdan")

    def submit():
        applicant = lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number="001090012345", user=citizen)
        intake = lifecycle.Intake(
            method=method, receiving_agency=hv.centre, competent_agency=hv.ubnd, applicant=applicant
        )
        return str(lifecycle.submit_online(citizen, intake).pk)

    first, second, third = submit(), submit(), submit()
    waiting = hv.desk.get(f"/dossiers/{first}").json()
    assert waiting["available_actions"] == ["accept", "request_intake_supplement", "refuse_intake"]
    accepted = hv.desk.act(first, "accept", expected_revision=waiting["revision"])
    assert accepted["state"] == State.RECEIVED and accepted["code"]
    assert hv.desk.act(second, "request_intake_supplement", items=["Ảnh chụp rõ hơn"])["state"] == (
        State.INTAKE_SUPPLEMENT
    )
    assert hv.desk.act(third, "refuse_intake", reason="Trùng hồ sơ")["state"] == State.INTAKE_REFUSED


# -- branches -----------------------------------------------------------------------------------------------------


def test_supplement_after_appraisal_then_received_at_the_desk(hv):
    code = hv.processing()
    asked = hv.specialist.act(code, "request_supplement", items=["Giấy xác nhận cư trú"], reason="Thiếu")
    assert (asked["state"], asked["due_at"]) == (State.SUPPLEMENT_REQUESTED, None)
    assert asked["supplement_due_at"] is not None
    assert [form["form"] for form in asked["forms"]] == ["01", "02", "06"]
    assert "receive_supplement" in hv.desk.get(f"/dossiers/{code}").json()["available_actions"]
    second = hv.specialist.act(code, "request_supplement", 409, items=["Thêm nữa"])
    assert second["code"] == "invalid_state"

    assert hv.desk.upload(code, "xac-nhan.pdf", stage="supplement").status_code == 201
    received = hv.desk.act(code, "receive_supplement")
    assert (received["state"], received["supplement_due_at"]) == (State.PROCESSING, None)
    assert received["due_at"] is not None
    assert [document["stage"] for document in received["documents"]] == ["supplement"]
    assert kinds(received)[-3:] == ["supplement_requested", "document_added", "supplement_received"]


def test_refusal_after_appraisal(hv):
    code = hv.processing()
    refused = hv.specialist.act(code, "refuse", reason="Không đủ điều kiện theo quy định")
    assert (refused["state"], refused["outcome"]) == (State.RESULT_ISSUED, "refused")
    assert refused["events"][-1]["details"] == {"reason": "Không đủ điều kiện theo quy định"}
    assert "03" in [form["form"] for form in refused["forms"]]


def test_extension_once(hv):
    code = hv.processing()
    due = datetime.datetime.fromisoformat(hv.leader.get(f"/dossiers/{code}").json()["due_at"])
    new_due = (due + datetime.timedelta(days=7)).replace(tzinfo=None)  # no offset: read as Vietnam time
    extended = hv.leader.act(code, "request_extension", reason="Cần xác minh thêm", new_due_at=new_due.isoformat())
    assert datetime.datetime.fromisoformat(extended["due_at"]) == new_due.replace(tzinfo=VN)
    assert extended["extended_due_at"] == extended["due_at"]
    assert "04" in [form["form"] for form in extended["forms"]]
    again = hv.leader.act(
        code, "request_extension", 409, reason="Lần nữa", new_due_at=(new_due + datetime.timedelta(days=3)).isoformat()
    )
    assert again == {  # Decree 118 Art. 19.6: "không quá một lần"
        "code": "invalid_state",
        "detail": "Hồ sơ đã có văn bản xin lỗi và hẹn lại; chỉ được hẹn lại một lần (Nghị định 118/2025 Điều 19.6).",
    }
    by_specialist = hv.specialist.act(code, "request_extension", 403, reason="x", new_due_at=new_due.isoformat())
    assert by_specialist["code"] == "forbidden"


def test_consultation_answered_by_the_consulted_agency(hv):
    code = hv.processing()
    police_officer = staff("chuyenvien.congan", Role.SPECIALIST, hv.police)
    assert police_officer.get(f"/dossiers/{code}").status_code == 404
    sent = hv.specialist.act(
        code,
        "request_consultation",
        requests=[{"agency_id": hv.police.pk, "content": "Xác minh nơi cư trú", "minutes": 480}],
        parallel=True,
    )
    assert sent["state"] == State.CONSULTING
    [consultation] = sent["consultations"]
    assert (consultation["agency"]["id"], consultation["answered_at"]) == (hv.police.pk, None)
    seen = police_officer.get(f"/dossiers/{code}").json()
    assert seen["available_actions"] == ["answer_consultation"]
    # A request that is not this dossier's is the caller's input error, for one who may answer.
    wrong = police_officer.act(code, "answer_consultation", 422, consultation_id=999999, answer="x")
    assert list(wrong["errors"]) == ["consultation_id"]
    answered = police_officer.act(code, "answer_consultation", consultation_id=consultation["id"], answer="Đúng")
    assert answered["state"] == State.PROCESSING
    assert answered["consultations"][0]["answer"] == "Đúng"
    assert answered["consultations"][0]["answered_by"]["username"] == "chuyenvien.congan"
    # One who may not answer is told so before anything about the request they name (the transition table's guard).
    refused = hv.specialist.act(code, "answer_consultation", 403, consultation_id=999999, answer="x")
    assert refused["code"] == "forbidden"


def test_stop_at_the_applicants_request(hv):
    code = hv.processing()
    stopped = hv.desk.act(code, "stop", reason="Người nộp xin rút hồ sơ", refund="Hoàn lệ phí 8.000 đồng")
    assert (stopped["state"], stopped["outcome"], stopped["due_at"]) == (State.STOPPED, "withdrawn", None)
    assert stopped["events"][-1]["details"]["refund"] == "Hoàn lệ phí 8.000 đồng"
    assert "05" in [form["form"] for form in stopped["forms"]]
    assert stopped["available_actions"] == []


def test_correction_of_a_returned_result(hv):
    code = hv.processing()
    hv.specialist.act(code, "submit_for_signature")
    hv.leader.act(code, "sign")
    hv.desk.act(code, "mark_ready")
    hv.desk.act(code, "return_result")
    asked = hv.desk.act(code, "request_correction", reason="Sai ngày sinh")
    assert (asked["state"], asked["correction_due_at"] is not None) == (State.CORRECTION, True)
    corrected = hv.specialist.act(code, "complete_correction", note="Đã sửa ngày sinh")
    assert corrected["state"] == State.READY_FOR_RETURN
    assert hv.desk.act(code, "return_result")["state"] == State.RETURNED


def test_send_back_and_complete_step_on_a_multi_step_process(hv):
    code = hv.processing("1.012812")
    steps = hv.specialist.get(f"/dossiers/{code}").json()["steps"]
    assert len(steps) > 4
    stepped = hv.specialist.act(code, "complete_step", note="Đã xác minh thực địa")
    assert stepped["events"][-1]["kind"] == "step_completed"
    assert [s["status"] for s in stepped["steps"]].count("done") > [s["status"] for s in steps].count("done")
    for _ in steps:  # the remaining specialist steps, until the next one is the signature
        response = hv.specialist.post(f"/dossiers/{code}/actions/complete_step", {})
        if response.status_code == 409:
            assert response.json()["detail"] == "Bước tiếp theo là trình ký; hãy dùng «Trình ký»."
            break
        assert response.status_code == 200, response.json()
    else:
        pytest.fail("complete_step never reached the signature")
    hv.specialist.act(code, "submit_for_signature")
    back = hv.leader.act(code, "send_back", reason="Bổ sung biên bản")
    assert (back["state"], back["events"][-1]["note"]) == (State.PROCESSING, "Bổ sung biên bản")


# -- errors -------------------------------------------------------------------------------------------------------


def test_an_action_in_the_wrong_state_is_409_with_the_reason(hv):
    code = hv.intake()["code"]
    response = hv.leader.act(code, "sign", 409)
    assert response == {
        "code": "invalid_state",
        "detail": f"Không thể «ký, ban hành kết quả» khi hồ sơ {code} đang ở trạng thái «Đã tiếp nhận».",
    }
    assert Dossier.objects.get(code=code).state == State.RECEIVED


def test_a_stale_revision_is_409_conflict(hv):
    dossier = hv.intake()
    stale = hv.desk.act(dossier["code"], "transfer", 409, expected_revision=dossier["revision"] - 1)
    assert stale["code"] == "conflict"
    assert "vừa được người khác xử lý" in stale["detail"]
    done = hv.desk.act(dossier["code"], "transfer", expected_revision=dossier["revision"])
    assert done["revision"] == dossier["revision"] + 1
    late = hv.leader.act(dossier["code"], "assign", 409, specialist=SPECIALIST, expected_revision=dossier["revision"])
    assert late["code"] == "conflict"


def test_unknown_actions_dossiers_and_files_are_404_json(hv):
    code = hv.intake()["code"]
    assert hv.desk.act(code, "approve_everything", 404) == {
        "code": "not_found",
        "detail": "Không có thao tác «approve_everything».",
    }
    missing = hv.desk.get("/dossiers/000.00.87.H26-260101-9999")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert hv.desk.get("/dossiers/987654321").status_code == 404
    assert hv.desk.get(f"/dossiers/{code}/documents/1").status_code == 404


def test_bad_input_is_422_with_field_errors(hv):
    bad_id = hv.intake(status=422, applicant={"kind": "person", "name": "A", "id_number": "123"})
    assert bad_id["code"] == "invalid" and bad_id["detail"]
    unknown = hv.intake(status=422, procedure="9.999999")
    assert unknown["errors"] == {"procedure": ["Không có thủ tục mã «9.999999»."]}
    schema = hv.intake(status=422, copies="nhiều")
    assert schema["code"] == "invalid"
    assert [error["loc"] for error in schema["errors"]] == [["body", "body", "copies"]]
    code = hv.intake()["code"]
    text = hv.desk.upload(code, "ghi-chu.pdf", b"chi la van ban, khong phai PDF")
    assert text.status_code == 422
    assert "không đúng định dạng" in text.json()["detail"]
    foreign = hv.desk.upload(code, requirement_id=0)
    assert list(foreign.json()["errors"]) == ["requirement_id"]
    assert not Dossier.objects.get(code=code).documents.exists()
    assert Dossier.objects.count() == 1


# -- scope --------------------------------------------------------------------------------------------------------


def test_outside_the_scope_a_dossier_does_not_exist(hv):
    code = hv.intake()["code"]
    other_desk = staff(
        "tiepnhan.thuongtin", Role.RECEIVING_OFFICER, Agency.objects.get(name__endswith="xã Thường Tín", kind="ttpvhcc")
    )
    outsider = Caller("thanhtra.thuongtin")
    nowhere = hv.desk.get("/dossiers/000.00.87.H26-260101-9999").json()
    for caller in (other_desk, outsider):
        response = caller.get(f"/dossiers/{code}")
        assert response.status_code == 404
        assert response.json() == {**nowhere, "detail": nowhere["detail"].replace("000.00.87.H26-260101-9999", code)}
        assert caller.act(code, "transfer", 404)["code"] == "not_found"
        assert caller.get(f"/dossiers/{code}/forms/01").status_code == 404
        assert caller.get("/dossiers").json()["items"] == []


def test_an_inspector_reads_but_cannot_act(hv):
    code = hv.intake()["code"]
    inspector = Caller("thanhtra.hanoi")
    seen = inspector.get(f"/dossiers/{code}").json()
    assert (seen["code"], seen["available_actions"]) == (code, [])
    assert [item["code"] for item in inspector.get("/dossiers").json()["items"]] == [code]
    refused = inspector.act(code, "transfer", 403)
    assert refused == {"code": "forbidden", "detail": f"Chỉ cán bộ tiếp nhận của {CENTRE} được làm việc này."}
    assert Dossier.objects.get(code=code).state == State.RECEIVED


# -- the list -----------------------------------------------------------------------------------------------------


@pytest.fixture
def seeded(hv):
    """Four dossiers at known times: two long overdue, one fresh, one refused at intake (no code)."""
    officer = hv.desk.user

    def intake(when, code="1.002211", name="Nguyễn Văn An", decide=lifecycle.accept, **kwargs):
        method = ProcedureMethod.objects.get(
            version__procedure__code=code, version__status="published", channel="direct"
        )
        applicant = lifecycle.Applicant(kind="person", name=name, id_number="001090012345")
        intake = lifecycle.Intake(
            method=method, receiving_agency=hv.centre, competent_agency=hv.ubnd, applicant=applicant
        )
        return decide(officer, intake, at=when, **kwargs)

    return {
        "march": intake(datetime.datetime(2026, 3, 2, 9, tzinfo=VN)),
        "refused": intake(datetime.datetime(2026, 3, 3, 9, tzinfo=VN), decide=lifecycle.refuse_intake, reason="Sai"),
        "guardian": intake(datetime.datetime(2026, 3, 16, 9, tzinfo=VN), code="1.004837", name="Trần Thị Bình"),
        "fresh": intake(timezone.now()),
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_list_filters(hv, seeded):
    march, refused, guardian, fresh = (seeded[k].pk for k in ("march", "refused", "guardian", "fresh"))
    get = hv.desk.get
    assert ids(get("/dossiers")) == [fresh, guardian, refused, march]
    assert ids(get("/dossiers?state=received")) == [fresh, guardian, march]
    assert ids(get("/dossiers?state=intake_refused&state=received&ordering=submitted_at")) == [
        march,
        refused,
        guardian,
        fresh,
    ]
    assert ids(get("/dossiers", {"overdue": "true"})) == [guardian, march]
    assert ids(get("/dossiers", {"overdue": "false"})) == [fresh, refused]
    assert ids(get("/dossiers", {"procedure": "1.004837"})) == [guardian]
    assert ids(get("/dossiers", {"q": "Bình"})) == [guardian]
    assert ids(get("/dossiers", {"q": seeded["march"].code})) == [march]
    assert ids(get("/dossiers", {"received_from": "2026-03-02", "received_to": "2026-03-03"})) == [march]
    assert ids(get("/dossiers", {"due_before": "2026-03-12T00:00"})) == [march]
    assert ids(get("/dossiers", {"agency": hv.police.pk})) == []
    assert ids(get("/dossiers", {"agency": hv.ubnd.pk, "ordering": "due_at"})) == [march, guardian, fresh, refused]
    row = get("/dossiers", {"q": seeded["march"].code}).json()["items"][0]
    assert (row["overdue"], row["procedure"]["code"], row["competent_agency"]["name"]) == (True, "1.002211", UBND)
    assert get("/dossiers", {"ordering": "applicant_name"}).status_code == 422
    assert get("/dossiers", {"state": "dang_xu_ly"}).json()["code"] == "invalid"


def test_list_pages_without_counting(hv, seeded):
    first = hv.desk.get("/dossiers", {"limit": 3}).json()
    assert len(first["items"]) == 3 and "count" not in first
    assert first["next"].startswith("http://testserver/api/v1/dossiers?")
    second = hv.desk.client.get(first["next"]).json()
    assert second["offset"] == 3
    assert [item["id"] for item in first["items"] + second["items"]] == ids(hv.desk.get("/dossiers"))
    assert second["next"] is None
    assert hv.desk.get("/dossiers", {"limit": 201}).status_code == 422


def test_the_list_costs_a_fixed_number_of_queries(hv, seeded, django_assert_max_num_queries):
    def listed() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = hv.leader.get("/dossiers", {"limit": 200})
        return len(response.json()["items"]), len(queries)

    listed()  # the key's first use is written down once
    rows, queries = listed()
    assert rows == 4
    for _ in range(3):
        lifecycle.accept(hv.desk.user, _intake(hv))
    lifecycle.transfer(hv.desk.user, seeded["fresh"])  # and a row with an assignee
    lifecycle.assign(hv.leader.user, seeded["fresh"], specialist=hv.specialist.user)
    with django_assert_max_num_queries(4):  # the key, whether a system administrator, the agency ids, the page
        assert len(hv.leader.get("/dossiers", {"limit": 200}).json()["items"]) == 7
    assert listed() == (7, queries)


def _intake(hv) -> lifecycle.Intake:
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    applicant = lifecycle.Applicant(kind="person", name="Lê Thị Hoa", id_number="001090012345")
    return lifecycle.Intake(method=method, receiving_agency=hv.centre, competent_agency=hv.ubnd, applicant=applicant)


def test_every_lifecycle_action_has_its_endpoint(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for action in lifecycle.ACTIONS:
        assert f"/api/v1/dossiers/{{code_or_id}}/actions/{action}" in paths


# -- forms --------------------------------------------------------------------------------------------------------


def test_forms_as_pdf_and_docx(hv, tmp_path):
    code = hv.intake()["code"]
    receipt = hv.desk.get(f"/dossiers/{code}/forms/01")
    assert (receipt.status_code, receipt["Content-Type"]) == (200, "application/pdf")
    text = pdf_text(receipt.content, tmp_path)
    assert code in text and "Nguyễn Văn An" in text
    editable = hv.desk.get(f"/dossiers/{code}/forms/01", {"format": "docx"})
    assert editable["Content-Disposition"] == f'attachment; filename="mau-01-{code}.docx"'
    document = Document(io.BytesIO(editable.content))
    words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert code in words
    slip = hv.desk.get(f"/dossiers/{code}/forms/06")
    assert code in pdf_text(slip.content, tmp_path)
    assert hv.desk.get(f"/dossiers/{code}/forms/04").json()["code"] == "not_found"
    assert hv.desk.get(f"/dossiers/{code}/forms/07").status_code == 422
    assert hv.desk.get(f"/dossiers/{code}/forms/01", {"format": "odt"}).status_code == 422
    assert Caller("thanhtra.hanoi").get(f"/dossiers/{code}/forms/01").status_code == 200

    today = timezone.localdate().isoformat()
    book = hv.desk.get(f"/agencies/{hv.centre.pk}/tracking-book", {"from": today, "to": today})
    assert book.status_code == 200, book.content[:300]
    assert code in pdf_text(book.content, tmp_path)
    assert hv.desk.get(f"/agencies/{hv.police.pk}/tracking-book", {"from": today, "to": today}).status_code == 404
    backwards = hv.desk.get(f"/agencies/{hv.centre.pk}/tracking-book", {"from": today, "to": "2020-01-01"})
    assert backwards.status_code == 422


def test_a_logged_in_session_works_the_same(hv, client):
    code = hv.intake()["code"]
    client.force_login(hv.desk.user)
    assert client.get(f"{API}/dossiers/{code}").json()["available_actions"] == ["transfer", "stop", "add_documents"]
    moved = client.post(f"{API}/dossiers/{code}/actions/transfer", {}, content_type="application/json")
    assert moved.status_code == 200
    assert moved.json()["events"][-1]["actor"]["username"] == DESK
