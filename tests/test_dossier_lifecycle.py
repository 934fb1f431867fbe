"""The lifecycle of Decree 118/2025 Arts 15–24 through the service: every branch, its guards and its deadlines."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import CENTRE, POLICE, UBND, at, intake, processing, user
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import RequiredDocument
from motcua.dossiers import lifecycle
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import CodeSequence, Dossier, DossierEvent, DossierStep, Outcome, State
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

Kind = DossierEvent.Kind
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def people(demo):
    return {name: user(name) for name in ("tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan")}


def steps(dossier):
    return list(DossierStep.objects.filter(dossier=dossier).order_by("order"))


def test_the_common_path_from_intake_to_return(people):
    desk, specialist, leader = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"], people["lanhdao.hongvan"]
    # Monday 02/03/2026 10:00 + 5 working days: Monday 09/03 10:00.
    dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 10))
    assert (dossier.state, dossier.due_at, dossier.revision) == (State.RECEIVED, at(2026, 3, 9, 10), 1)
    plan = steps(dossier)
    assert [s.role for s in plan] == [Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER, Role.RECEIVING_OFFICER]
    # The desk's step is due under the 15:00 rule: received before 15:00, so the same working day.
    assert (plan[0].status, plan[0].due_at) == (DossierStep.Status.ACTIVE, at(2026, 3, 2, 17))

    dossier = lifecycle.transfer(desk, dossier, at=at(2026, 3, 2, 11))
    dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=at(2026, 3, 2, 14))
    assert (dossier.state, dossier.assignee) == (State.PROCESSING, specialist)
    plan = steps(dossier)
    assert plan[0].status == DossierStep.Status.DONE and not plan[0].late
    # The appraisal step started with the transfer: 1,920 working minutes (4 days) from 11:00 Monday.
    assert (plan[1].status, plan[1].started_at, plan[1].due_at) == ("active", at(2026, 3, 2, 11), at(2026, 3, 6, 11))
    assert plan[1].assignee == specialist

    dossier = lifecycle.submit_for_signature(specialist, dossier, note="Đủ điều kiện", at=at(2026, 3, 5, 9))
    assert dossier.state == State.AWAITING_SIGNATURE
    assert steps(dossier)[2].due_at == at(2026, 3, 6, 9)
    dossier = lifecycle.sign(leader, dossier, at=at(2026, 3, 5, 16))
    assert (dossier.state, dossier.outcome, dossier.resolved_at) == (
        State.RESULT_ISSUED,
        Outcome.GRANTED,
        at(2026, 3, 5, 16),
    )
    dossier = lifecycle.mark_ready(desk, dossier, at=at(2026, 3, 5, 16, 30))
    dossier = lifecycle.return_result(desk, dossier, method="desk", at=at(2026, 3, 6, 9))
    assert (dossier.state, dossier.returned_at) == (State.RETURNED, at(2026, 3, 6, 9))
    assert all(s.status == DossierStep.Status.DONE for s in steps(dossier))

    history = list(dossier.events.order_by("at", "pk"))
    assert [e.kind for e in history] == [
        Kind.ACCEPTED,
        Kind.TRANSFERRED,
        Kind.ASSIGNED,
        Kind.SUBMITTED_FOR_SIGNATURE,
        Kind.SIGNED,
        Kind.READY_FOR_RETURN,
        Kind.RETURNED,
    ]
    assert [e.actor.username for e in history] == [
        "tiepnhan.hongvan",
        "tiepnhan.hongvan",
        "lanhdao.hongvan",
        "chuyenvien.hongvan",
        "lanhdao.hongvan",
        "tiepnhan.hongvan",
        "tiepnhan.hongvan",
    ]
    assert [(e.from_state, e.to_state) for e in history][0:3] == [
        ("", State.RECEIVED),
        (State.RECEIVED, State.TRANSFERRED),
        (State.TRANSFERRED, State.PROCESSING),
    ]
    assert history[0].form == DossierEvent.Form.RECEIPT
    assert dossier.revision == len(history)


@pytest.mark.parametrize(
    ("received", "transfer_due"),
    [
        (at(2026, 3, 2, 14, 59), at(2026, 3, 2, 17)),  # before 15:00: the same working day
        (at(2026, 3, 2, 15, 30), at(2026, 3, 3, 8)),  # after 15:00: the start of the next working day
        (at(2026, 3, 6, 16), at(2026, 3, 9, 8)),  # Friday afternoon: Monday morning
    ],
)
def test_the_transfer_is_due_under_the_three_pm_rule(people, received, transfer_due):
    dossier = lifecycle.accept(people["tiepnhan.hongvan"], intake(), at=received)
    assert steps(dossier)[0].due_at == transfer_due


def test_a_supplement_at_intake_lists_everything_once_and_gives_no_code(people):
    desk = people["tiepnhan.hongvan"]
    dossier = lifecycle.request_intake_supplement(
        desk,
        intake(),
        items=["Bản sao giấy khai sinh", " ", "Tờ khai có chữ ký"],
        reason="Thiếu giấy tờ",
        at=at(2026, 3, 2, 9),
    )
    assert (dossier.state, dossier.code, dossier.due_at) == (State.INTAKE_SUPPLEMENT, None, None)
    event = dossier.events.get()
    assert event.form == DossierEvent.Form.SUPPLEMENT
    assert event.details["items"] == ["Bản sao giấy khai sinh", "Tờ khai có chữ ký"]
    assert "Nguyễn Thị Lan" in event.details["contact"]
    assert not CodeSequence.objects.exists()
    with pytest.raises(ValidationError, match="liệt kê đầy đủ"):
        lifecycle.request_intake_supplement(desk, intake(), items=["", "  "], at=at(2026, 3, 2, 9))


def test_a_refusal_at_intake_needs_its_reason(people):
    desk = people["tiepnhan.hongvan"]
    with pytest.raises(ValidationError, match="lý do"):
        lifecycle.refuse_intake(desk, intake(), reason="  ", at=at(2026, 3, 2, 9))
    dossier = lifecycle.refuse_intake(desk, intake(), reason="Không thuộc thẩm quyền", at=at(2026, 3, 2, 9))
    assert dossier.state == State.INTAKE_REFUSED
    assert dossier.events.get().details == {"reason": "Không thuộc thẩm quyền"}
    assert Dossier.objects.count() == 1


def test_an_online_submission_is_checked_within_eight_working_hours_then_accepted(people):
    citizen = User.objects.create_user("congdan.an", password="x", account_type=User.AccountType.CITIZEN)
    submitted = lifecycle.submit_online(citizen, intake(channel="online"), at=at(2026, 3, 6, 20))
    # Friday 20:00, outside working time: 8 working hours are the whole of Monday.
    assert (submitted.state, submitted.code, submitted.intake_due_at) == (State.SUBMITTED, None, at(2026, 3, 9, 17))
    with pytest.raises(PermissionDenied):
        lifecycle.accept(people["chuyenvien.hongvan"], submitted, at=at(2026, 3, 9, 9))
    accepted = lifecycle.accept(people["tiepnhan.hongvan"], submitted, at=at(2026, 3, 9, 9))
    assert accepted.pk == submitted.pk
    # The period counts from the acceptance, not the submission.
    assert (accepted.state, accepted.code, accepted.due_at) == (
        State.RECEIVED,
        "000.00.87.H26-260309-0001",
        at(2026, 3, 16, 9),
    )
    with pytest.raises(ActionNotAllowed):
        lifecycle.refuse_intake(people["tiepnhan.hongvan"], accepted, reason="x", at=at(2026, 3, 9, 10))


def test_a_supplement_after_appraisal_stops_the_clock_and_restarts_it_from_zero(people):
    desk, specialist = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"]
    dossier = processing(at(2026, 3, 2, 10))
    dossier = lifecycle.request_supplement(
        specialist, dossier, items=["Bản chính giấy chứng nhận"], reason="Bản sao mờ", at=at(2026, 3, 4, 10)
    )
    # The notice went out on day 2 of 3; nothing is due while waiting; the dossier closes 15 days later.
    assert (dossier.state, dossier.due_at) == (State.SUPPLEMENT_REQUESTED, None)
    assert dossier.supplement_due_at == datetime.datetime.combine(
        datetime.date(2026, 3, 19), datetime.time.max, tzinfo=dossier.supplement_due_at.tzinfo
    )
    with pytest.raises(ActionNotAllowed, match="Chờ bổ sung"):
        lifecycle.request_supplement(specialist, dossier, items=["x"], at=at(2026, 3, 4, 11))
    upload = Upload(SimpleUploadedFile("ban chinh.pdf", PDF), is_scan=True)
    dossier = lifecycle.receive_supplement(desk, dossier, documents=[upload], at=at(2026, 3, 12, 14))
    # The whole 5 working days again from Thursday 12/03 14:00.
    assert (dossier.state, dossier.due_at, dossier.supplement_due_at) == (
        State.PROCESSING,
        at(2026, 3, 19, 14),
        None,
    )
    document = dossier.documents.get()
    assert (document.stage, document.is_scan, document.name) == ("supplement", True, "ban_chinh.pdf")
    assert document.file.read() == PDF
    assert steps(dossier)[1].started_at == at(2026, 3, 12, 14)
    with pytest.raises(ActionNotAllowed, match="một lần"):
        lifecycle.request_supplement(specialist, dossier, items=["x"], at=at(2026, 3, 12, 15))


def test_a_supplement_request_after_three_working_days_is_refused(people):
    dossier = processing(at(2026, 3, 2, 10))
    with pytest.raises(ActionNotAllowed, match="3 ngày làm việc"):
        lifecycle.request_supplement(people["chuyenvien.hongvan"], dossier, items=["x"], at=at(2026, 3, 5, 10, 1))


def test_an_unanswered_supplement_closes_fifteen_days_after_the_notice(people):
    dossier = processing(at(2026, 3, 2, 10))
    lifecycle.request_supplement(people["chuyenvien.hongvan"], dossier, items=["x"], at=at(2026, 3, 3, 10))
    assert lifecycle.close_unsupplemented(now=at(2026, 3, 18, 23)) == 0
    assert lifecycle.close_unsupplemented(now=at(2026, 3, 19, 0, 1)) == 1
    dossier.refresh_from_db()
    assert (dossier.state, dossier.outcome) == (State.CLOSED, Outcome.CLOSED)
    event = dossier.events.get(kind=Kind.CLOSED)
    assert event.actor is None and "15 ngày" in event.note
    assert not DossierStep.objects.filter(dossier=dossier, status__in=["waiting", "active"]).exists()


def test_a_refusal_after_appraisal_goes_back_through_the_desk(people):
    desk, specialist = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"]
    dossier = processing(at(2026, 3, 2, 10))
    dossier = lifecycle.refuse(specialist, dossier, reason="Không đủ điều kiện theo Điều 5", at=at(2026, 3, 4, 10))
    assert (dossier.state, dossier.outcome) == (State.RESULT_ISSUED, Outcome.REFUSED)
    assert dossier.events.get(kind=Kind.REFUSED).form == DossierEvent.Form.REFUSAL
    plan = steps(dossier)
    assert [s.status for s in plan] == ["done", "skipped", "skipped", "active"]
    dossier = lifecycle.mark_ready(desk, dossier, at=at(2026, 3, 4, 11))
    dossier = lifecycle.return_result(desk, dossier, method="post", at=at(2026, 3, 5, 9))
    assert (dossier.state, dossier.return_method) == (State.RETURNED, "post")
    with pytest.raises(ActionNotAllowed, match="kết quả đã cấp"):
        lifecycle.request_correction(desk, dossier, reason="Sai tên", at=at(2026, 3, 5, 10))


def test_an_extension_is_asked_a_day_before_and_only_once(people):
    leader = people["lanhdao.hongvan"]
    dossier = processing(at(2026, 3, 2, 10))  # due Monday 09/03 10:00
    with pytest.raises(PermissionDenied):
        lifecycle.request_extension(
            people["chuyenvien.hongvan"], dossier, reason="x", new_due_at=at(2026, 3, 12, 10), at=at(2026, 3, 5, 9)
        )
    # On the due day the letter is late but still allowed (tests/test_apology_late.py); a past date is not.
    with pytest.raises(ValidationError, match="sau thời điểm hiện tại"):
        lifecycle.request_extension(leader, dossier, reason="x", new_due_at=at(2026, 3, 9, 11), at=at(2026, 3, 9, 12))
    with pytest.raises(ValidationError, match="sau hạn hiện tại"):
        lifecycle.request_extension(leader, dossier, reason="x", new_due_at=at(2026, 3, 9, 9), at=at(2026, 3, 6, 9))
    dossier = lifecycle.request_extension(
        leader, dossier, reason="Chờ kết quả xác minh", new_due_at=at(2026, 3, 12, 10), at=at(2026, 3, 6, 16)
    )
    assert (dossier.due_at, dossier.extended_due_at) == (at(2026, 3, 12, 10), at(2026, 3, 12, 10))
    event = dossier.events.get(kind=Kind.EXTENDED)
    assert event.form == DossierEvent.Form.APOLOGY
    assert datetime.datetime.fromisoformat(event.details["previous_due_at"]) == at(2026, 3, 9, 10)
    with pytest.raises(ActionNotAllowed, match="một lần"):
        lifecycle.request_extension(leader, dossier, reason="x", new_due_at=at(2026, 3, 13, 10), at=at(2026, 3, 10, 9))


@pytest.fixture
def consulted(people):
    """A second agency to consult, with a specialist: the commune police, and the district tax office."""
    police = Agency.objects.get(name=POLICE)
    tax = Agency.objects.create(name="Thuế cơ sở Thường Tín", kind="other", unit=police.unit)
    answerers = {}
    for agency, username in ((police, "chuyenvien.conganhongvan"), (tax, "chuyenvien.thue")):
        answerer = User.objects.create_user(username, password="x", account_type=User.AccountType.STAFF)
        RoleAssignment.objects.create(user=answerer, role=Role.SPECIALIST, agency=agency)
        answerers[agency] = answerer
    return answerers


def test_parallel_consultations_each_have_a_deadline_and_the_last_answer_resumes(people, consulted):
    specialist = people["chuyenvien.hongvan"]
    (police, police_user), (tax, tax_user) = consulted.items()
    dossier = processing(at(2026, 3, 2, 10))
    requests = [
        lifecycle.ConsultationRequest(police, "Xác minh nơi cư trú", 8 * 60),
        lifecycle.ConsultationRequest(tax, "Xác nhận nghĩa vụ thuế", 2 * 8 * 60),
    ]
    dossier = lifecycle.request_consultation(
        specialist, dossier, requests=requests, parallel=True, at=at(2026, 3, 3, 9)
    )
    assert dossier.state == State.CONSULTING
    sent = list(dossier.consultations.order_by("order"))
    assert [(c.sent_at, c.due_at) for c in sent] == [
        (at(2026, 3, 3, 9), at(2026, 3, 4, 9)),
        (at(2026, 3, 3, 9), at(2026, 3, 5, 9)),
    ]
    with pytest.raises(PermissionDenied):
        lifecycle.answer_consultation(police_user, sent[1], answer="x", at=at(2026, 3, 3, 10))
    assert "answer_consultation" in lifecycle.available_actions(police_user, dossier)
    dossier = lifecycle.answer_consultation(police_user, sent[0], answer="Đúng nơi cư trú", at=at(2026, 3, 3, 15))
    assert dossier.state == State.CONSULTING
    dossier = lifecycle.answer_consultation(tax_user, sent[1], answer="Không nợ thuế", at=at(2026, 3, 5, 10))
    assert dossier.state == State.PROCESSING
    answered = dossier.events.filter(kind=Kind.CONSULTATION_ANSWERED).order_by("at")
    assert [e.details["late"] for e in answered] == [False, True]
    assert [e.actor_agency for e in answered] == [police, tax]


def test_sequential_consultations_go_out_one_after_another(people, consulted):
    (police, police_user), (tax, tax_user) = consulted.items()
    dossier = processing(at(2026, 3, 2, 10))
    requests = [
        lifecycle.ConsultationRequest(police, "Xác minh", 4 * 60),
        lifecycle.ConsultationRequest(tax, "Xác nhận", 4 * 60),
    ]
    lifecycle.request_consultation(
        people["chuyenvien.hongvan"], dossier, requests=requests, parallel=False, at=at(2026, 3, 3, 9)
    )
    first, second = dossier.consultations.order_by("order")
    assert (first.due_at, second.sent_at, second.due_at) == (at(2026, 3, 3, 14), None, None)
    with pytest.raises(ActionNotAllowed, match="chưa được gửi"):
        lifecycle.answer_consultation(tax_user, second, answer="x", at=at(2026, 3, 3, 10))
    lifecycle.answer_consultation(police_user, first, answer="Đã xác minh", at=at(2026, 3, 3, 11))
    second.refresh_from_db()
    assert (second.sent_at, second.due_at) == (at(2026, 3, 3, 11), at(2026, 3, 3, 16))
    dossier = lifecycle.answer_consultation(tax_user, second, answer="Đã xác nhận", at=at(2026, 3, 3, 15))
    assert dossier.state == State.PROCESSING


def test_the_applicant_may_stop_until_the_decision_is_issued(people):
    desk = people["tiepnhan.hongvan"]
    dossier = processing(at(2026, 3, 2, 10))
    with pytest.raises(ValidationError):
        lifecycle.stop(desk, dossier, reason="", at=at(2026, 3, 3, 9))
    dossier = lifecycle.stop(desk, dossier, reason="Người nộp rút hồ sơ", refund="Hoàn lệ phí", at=at(2026, 3, 3, 9))
    assert (dossier.state, dossier.outcome, dossier.due_at) == (State.STOPPED, Outcome.WITHDRAWN, None)
    event = dossier.events.get(kind=Kind.STOPPED)
    assert event.form == DossierEvent.Form.STOP
    assert event.details == {"reason": "Người nộp rút hồ sơ", "stage": "Đang giải quyết", "refund": "Hoàn lệ phí"}
    assert dossier.clock["events"][-1]["kind"] == "pause"

    signed = processing(at(2026, 3, 2, 11))
    signed = lifecycle.submit_for_signature(people["chuyenvien.hongvan"], signed, at=at(2026, 3, 3, 9))
    signed = lifecycle.sign(people["lanhdao.hongvan"], signed, at=at(2026, 3, 3, 10))
    with pytest.raises(ActionNotAllowed, match="dừng giải quyết"):
        lifecycle.stop(desk, signed, reason="Muộn rồi", at=at(2026, 3, 3, 11))


def test_an_applicant_with_an_account_stops_their_own_dossier_only(people):
    owner = User.objects.create_user("congdan.binh", password="x", account_type=User.AccountType.CITIZEN)
    other = User.objects.create_user("congdan.chi", password="x", account_type=User.AccountType.CITIZEN)
    applicant = lifecycle.Applicant(kind="person", name="Lê Thị Bình", id_number="001190054321", user=owner)
    submitted = lifecycle.submit_online(owner, intake(channel="online", applicant=applicant), at=at(2026, 3, 2, 9))
    dossier = lifecycle.accept(people["tiepnhan.hongvan"], submitted, at=at(2026, 3, 2, 10))
    assert lifecycle.available_actions(owner, dossier) == ["stop"]
    assert lifecycle.available_actions(other, dossier) == []
    with pytest.raises(PermissionDenied):
        lifecycle.stop(other, dossier, reason="x", at=at(2026, 3, 2, 11))
    assert lifecycle.stop(owner, dossier, reason="Không cần nữa", at=at(2026, 3, 2, 11)).state == State.STOPPED


def test_a_wrong_result_is_corrected_within_three_working_days(people):
    desk, specialist, leader = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"], people["lanhdao.hongvan"]
    dossier = processing(at(2026, 3, 2, 10))
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 3, 3, 9))
    dossier = lifecycle.sign(leader, dossier, at=at(2026, 3, 3, 10))
    dossier = lifecycle.mark_ready(desk, dossier, at=at(2026, 3, 3, 11))
    dossier = lifecycle.return_result(desk, dossier, at=at(2026, 3, 3, 14))
    dossier = lifecycle.request_correction(desk, dossier, reason="Sai ngày sinh", at=at(2026, 3, 4, 9))
    assert (dossier.state, dossier.correction_due_at) == (State.CORRECTION, at(2026, 3, 9, 9))
    dossier = lifecycle.complete_correction(specialist, dossier, note="Đã sửa", at=at(2026, 3, 6, 9))
    assert dossier.state == State.READY_FOR_RETURN
    assert dossier.events.get(kind=Kind.CORRECTED).details == {"late": False}
    assert lifecycle.return_result(desk, dossier, at=at(2026, 3, 6, 10)).state == State.RETURNED


def test_a_process_with_a_parallel_group_runs_its_steps_together(people):
    desk, specialist = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"]
    dossier = processing(at(2026, 3, 2, 10), code="1.012812")  # hòa giải tranh chấp đất đai
    plan = steps(dossier)
    assert "complete_step" in lifecycle.available_actions(specialist, dossier)
    assert [s.parallel_group for s in plan][1:3] == [1, 1]
    # Both verification and consultation started with the transfer (11:00), each with 5 working days.
    assert [(s.status, s.due_at) for s in plan[1:3]] == [("active", at(2026, 3, 9, 11))] * 2
    dossier = lifecycle.complete_step(specialist, dossier, at=at(2026, 3, 9, 15))
    plan = steps(dossier)
    assert [s.status for s in plan] == ["done", "done", "done", "active", "waiting", "waiting"]
    assert plan[1].late and plan[3].started_at == at(2026, 3, 9, 15)
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 3, 17, 9))
    assert steps(dossier)[4].status == "active" and dossier.state == State.AWAITING_SIGNATURE
    with pytest.raises(PermissionDenied):
        lifecycle.sign(desk, dossier, at=at(2026, 3, 17, 10))


def test_guards_name_the_state_and_the_role(people):
    desk, specialist = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"]
    dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 10))
    with pytest.raises(ActionNotAllowed, match="Đã tiếp nhận"):
        lifecycle.sign(people["lanhdao.hongvan"], dossier, at=at(2026, 3, 2, 11))
    with pytest.raises(PermissionDenied, match="cán bộ tiếp nhận"):
        lifecycle.transfer(specialist, dossier, at=at(2026, 3, 2, 11))
    with pytest.raises(PermissionDenied):
        lifecycle.transfer(user("thanhtra.hanoi"), dossier, at=at(2026, 3, 2, 11))
    dossier = lifecycle.transfer(desk, dossier, at=at(2026, 3, 2, 11))
    with pytest.raises(ValidationError, match="phải là chuyên viên của Ủy ban"):
        lifecycle.assign(people["lanhdao.hongvan"], dossier, specialist=desk, at=at(2026, 3, 2, 12))
    other = User.objects.create_user("chuyenvien.khac", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=other, role=Role.SPECIALIST, agency=Agency.objects.get(name=UBND))
    dossier = lifecycle.assign(people["lanhdao.hongvan"], dossier, specialist=specialist, at=at(2026, 3, 2, 12))
    with pytest.raises(PermissionDenied, match="chuyên viên được phân công"):
        lifecycle.submit_for_signature(other, dossier, at=at(2026, 3, 2, 13))


def test_available_actions_follow_state_and_role(people):
    desk, specialist, leader = people["tiepnhan.hongvan"], people["chuyenvien.hongvan"], people["lanhdao.hongvan"]
    dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 10))
    # Attaching files is an action of the table too (issue 14): the desk's scans, the handler's result.
    assert lifecycle.available_actions(desk, dossier) == ["transfer", "stop", "add_documents"]
    assert lifecycle.available_actions(leader, dossier) == []
    dossier = processing(at(2026, 3, 2, 11))
    assert lifecycle.available_actions(specialist, dossier) == [
        "request_consultation",
        "send_parts",  # liên thông, Decree 118 Art. 20.2 (tests/test_interagency_parts.py)
        "request_supplement",
        "refuse",
        "submit_for_signature",
        "add_result",
    ]
    assert "request_extension" in lifecycle.available_actions(leader, dossier)
    assert lifecycle.available_actions(user("thanhtra.hanoi"), dossier) == []


def test_a_stale_revision_is_a_conflict_and_changes_nothing(people):
    desk = people["tiepnhan.hongvan"]
    dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 10))
    seen = dossier.revision
    lifecycle.transfer(desk, dossier, expected_revision=seen, at=at(2026, 3, 2, 11))
    with pytest.raises(Conflict, match="vừa được người khác xử lý"):
        lifecycle.stop(desk, dossier, reason="x", expected_revision=seen, at=at(2026, 3, 2, 12))
    dossier.refresh_from_db()
    assert dossier.state == State.TRANSFERRED


def test_a_crash_in_the_middle_of_an_action_leaves_nothing_half_written(people, monkeypatch):
    dossier = processing(at(2026, 3, 2, 10))
    before = (dossier.state, dossier.revision, [(s.status, s.completed_at) for s in steps(dossier)])
    real_advance = lifecycle.process.advance

    def advance_then_crash(*args, **kwargs):
        real_advance(*args, **kwargs)  # the steps are written ...
        raise RuntimeError("mất điện")  # ... and the server dies before the state and the event

    monkeypatch.setattr(lifecycle.process, "advance", advance_then_crash)
    with pytest.raises(RuntimeError):
        lifecycle.submit_for_signature(people["chuyenvien.hongvan"], dossier, at=at(2026, 3, 3, 9))
    dossier.refresh_from_db()
    assert (dossier.state, dossier.revision, [(s.status, s.completed_at) for s in steps(dossier)]) == before
    assert not dossier.events.filter(kind=Kind.SUBMITTED_FOR_SIGNATURE).exists()


def test_uploads_are_checked_by_content_and_a_bad_file_loses_nothing_else(people, settings):
    desk = people["tiepnhan.hongvan"]
    fake = Upload(SimpleUploadedFile("don.pdf", b"this is not a PDF at all"))
    with pytest.raises(ValidationError, match=r"don\.pdf.*không đúng định dạng"):
        lifecycle.accept(desk, intake(documents=(Upload(SimpleUploadedFile("a.pdf", PDF)), fake)), at=at(2026, 3, 2, 9))
    assert not Dossier.objects.exists() and not CodeSequence.objects.exists()
    settings.UPLOAD_MAX_MB = 1
    big = Upload(SimpleUploadedFile("to.pdf", PDF + b"0" * (1024 * 1024)))
    with pytest.raises(ValidationError, match="lớn hơn 1 MB"):
        lifecycle.accept(desk, intake(documents=(big,)), at=at(2026, 3, 2, 9))
    named = Upload(SimpleUploadedFile("../../etc/Đơn đề nghị.pdf", PDF), requirement_id=None)
    dossier = lifecycle.accept(desk, intake(documents=(named,)), at=at(2026, 3, 2, 9))
    stored = dossier.documents.get()
    assert stored.name == "Đơn_đề_nghị.pdf"
    assert stored.file.name.startswith(f"dossiers/{dossier.pk}/") and ".." not in stored.file.name
    assert stored.content_type == "application/pdf"
    foreign = RequiredDocument.objects.exclude(version=dossier.version).first()
    with pytest.raises(ValidationError, match="không thuộc thủ tục"):
        lifecycle.accept(
            desk,
            intake(documents=(Upload(SimpleUploadedFile("a.pdf", PDF), requirement_id=foreign.pk),)),
            at=at(2026, 3, 2, 10),
        )


def test_fees_are_copied_from_the_procedure_at_acceptance(people):
    dossier = lifecycle.accept(people["tiepnhan.hongvan"], intake(), at=at(2026, 3, 2, 9))
    expected = [
        (f.name, f.amount_vnd)
        for f in dossier.version.fees.all()
        if f.amount_vnd and not f.exempt and f.channel in ("", "direct")
    ]
    assert [(f.name, f.amount_vnd) for f in dossier.fees.all()] == expected
    assert dossier.events.get().details["fees"] == [{"name": n, "amount_vnd": a} for n, a in expected]


def test_the_receiving_and_competent_agencies_may_differ(people):
    """Received regardless of administrative boundary (Art. 14.2): the code names the competent agency."""
    dossier = lifecycle.accept(people["tiepnhan.hongvan"], intake(), at=at(2026, 3, 2, 9))
    assert dossier.receiving_agency.name == CENTRE
    assert dossier.code.startswith(dossier.competent_agency.electronic_id)


def test_accepting_needs_every_required_component_of_the_checklist(people):
    desk = people["tiepnhan.hongvan"]
    components = list(intake().method.version.documents.all())
    required = [doc for doc in components if doc.required]
    assert required, "the test procedure has required components"
    with pytest.raises(ValidationError, match="còn thiếu thành phần bắt buộc"):
        lifecycle.accept(desk, intake(presented=tuple(d.pk for d in required[1:])), at=at(2026, 3, 2, 9))
    assert not Dossier.objects.exists()
    dossier = lifecycle.accept(desk, intake(presented=tuple(d.pk for d in required)), at=at(2026, 3, 2, 9))
    assert [d["name"] for d in dossier.events.get().details["documents"]] == [d.name for d in required]
