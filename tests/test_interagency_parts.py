"""Inter-agency parts (phần việc liên thông, Decree 118/2025 Art. 20.2) through the service: each participating
agency's part is its own tracked work — its own code, its own deadline on its own calendar, its receipt, its result
file or its refusal — sequentially (Art. 20.2.a) or in parallel (Art. 20.2.b); the lead agency returns the combined
result only when every part is answered."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import POLICE, at, processing, user
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.dossiers import interagency, lifecycle
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import DossierEvent, InteragencyPart, State
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency
from motcua.workcal.models import CalendarOverride, WorkCalendar

Kind = DossierEvent.Kind
Status = InteragencyPart.Status
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DAY = 8 * 60  # one working day, in working minutes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partners(demo):
    """Two participating agencies with a specialist each: the commune police and a tax office."""
    police = Agency.objects.get(name=POLICE)
    tax = Agency.objects.create(name="Thuế cơ sở Thường Tín", kind="other", unit=police.unit)
    staff = User.objects.create_user("chuyenvien.thue", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=staff, role=Role.SPECIALIST, agency=tax)
    return {"police": (police, user("chuyenvien.congan.hongvan")), "tax": (tax, staff)}


def result(name="ket-qua-phan-viec.pdf") -> Upload:
    return Upload(SimpleUploadedFile(name, PDF))


def send(dossier, requests, *, parallel, when):
    return lifecycle.send_parts(user("chuyenvien.hongvan"), dossier, parts=requests, parallel=parallel, at=when)


def test_parallel_parts_each_have_their_own_code_deadline_result_and_block_the_combined_result(partners):
    """Art. 20.2.b: sent to all participating agencies at once, each with its task and its own deadline."""
    (police, police_user), (tax, tax_user) = partners["police"], partners["tax"]
    specialist = user("chuyenvien.hongvan")
    dossier = processing(at(2026, 3, 2, 10))
    dossier = send(
        dossier,
        [
            interagency.PartRequest(police, "Xác nhận nơi cư trú", DAY),
            interagency.PartRequest(tax, "Xác định nghĩa vụ thuế", 2 * DAY),
        ],
        parallel=True,
        when=at(2026, 3, 3, 9),
    )
    assert dossier.state == State.PROCESSING  # the lead keeps working while the parts are out
    first, second = dossier.parts.order_by("order")
    assert (first.code, second.code) == (f"{dossier.code}-LT01", f"{dossier.code}-LT02")
    assert [(p.status, p.sent_at, p.due_at) for p in (first, second)] == [
        (Status.SENT, at(2026, 3, 3, 9), at(2026, 3, 4, 9)),
        (Status.SENT, at(2026, 3, 3, 9), at(2026, 3, 5, 9)),
    ]
    sent = dossier.events.get(kind=Kind.PART_SENT)
    assert sent.details["parallel"] is True and [p["code"] for p in sent.details["parts"]] == [first.code, second.code]

    # The combined result cannot go for signature while a part is open (Art. 20.2: the lead returns the whole).
    assert "submit_for_signature" not in lifecycle.available_actions(specialist, dossier)
    with pytest.raises(ActionNotAllowed, match="phần việc liên thông"):
        lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 3, 3, 10))

    # Each agency works only on its own part.
    assert lifecycle.available_actions(police_user, dossier) == ["receive_part", "complete_part", "refuse_part"]
    with pytest.raises(PermissionDenied):
        lifecycle.receive_part(police_user, second, at=at(2026, 3, 3, 10))
    with pytest.raises(PermissionDenied):
        lifecycle.complete_part(specialist, first, document=result(), at=at(2026, 3, 3, 10))

    lifecycle.receive_part(police_user, first, at=at(2026, 3, 3, 10))
    lifecycle.complete_part(police_user, first, document=result(), note="Đúng nơi cư trú", at=at(2026, 3, 3, 15))
    with pytest.raises(PermissionDenied):  # answered: the police has nothing left to do on this dossier
        lifecycle.complete_part(police_user, first, document=result(), at=at(2026, 3, 3, 16))
    # The tax office answers a day after its due instant: late, on its own record.
    lifecycle.complete_part(tax_user, second, document=result("thue.pdf"), at=at(2026, 3, 6, 9))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.received_at, first.late) == (Status.DONE, at(2026, 3, 3, 10), False)
    assert (second.status, second.received_at, second.late) == (Status.DONE, at(2026, 3, 6, 9), True)
    assert first.result_file.read() == PDF and second.result_name == "thue.pdf"
    done = dossier.events.filter(kind=Kind.PART_DONE).order_by("at")
    assert [(e.actor_agency, e.details["late"]) for e in done] == [(police, False), (tax, True)]

    dossier = lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 3, 6, 10))
    assert dossier.state == State.AWAITING_SIGNATURE


def test_sequential_parts_go_out_one_after_another_each_deadline_from_its_own_sending(partners):
    """Art. 20.2.a: each agency passes the dossier on; the next part's deadline counts from when it is sent."""
    (police, police_user), (tax, tax_user) = partners["police"], partners["tax"]
    dossier = send(
        processing(at(2026, 3, 2, 10)),
        [interagency.PartRequest(police, "Xác minh", 4 * 60), interagency.PartRequest(tax, "Xác định thuế", 4 * 60)],
        parallel=False,
        when=at(2026, 3, 3, 9),
    )
    first, second = dossier.parts.order_by("order")
    assert (first.due_at, second.status, second.sent_at, second.due_at) == (
        at(2026, 3, 3, 14),
        Status.WAITING,
        None,
        None,
    )
    assert lifecycle.available_actions(tax_user, dossier) == []  # not its turn yet
    with pytest.raises(PermissionDenied):
        lifecycle.complete_part(tax_user, second, document=result(), at=at(2026, 3, 3, 10))
    lifecycle.complete_part(police_user, first, document=result(), at=at(2026, 3, 3, 11))
    second.refresh_from_db()
    assert (second.status, second.sent_at, second.due_at) == (Status.SENT, at(2026, 3, 3, 11), at(2026, 3, 3, 16))
    assert dossier.events.get(kind=Kind.PART_DONE).details["next_part"] == second.code


def test_a_part_is_due_on_the_participating_agencys_own_calendar(partners):
    """Art. 20.2: "thời hạn giải quyết của từng cơ quan" — its working time on its own calendar, from its sending."""
    (tax, _staff) = partners["tax"]
    calendar = WorkCalendar.objects.create(name="Lịch riêng của Thuế cơ sở", agency=tax)
    CalendarOverride.objects.create(
        calendar=calendar, date=datetime.date(2026, 3, 4), kind="day_off", reason="Nghỉ", legal_reference="QĐ 1"
    )
    dossier = send(
        processing(at(2026, 3, 2, 10)),
        [interagency.PartRequest(tax, "Xác định thuế", DAY)],
        parallel=True,
        when=at(2026, 3, 3, 9),
    )
    # One working day from Tuesday 09:00; the tax office does not work on Wednesday 04/03: Thursday 09:00.
    assert dossier.parts.get().due_at == at(2026, 3, 5, 9)


def test_a_refused_part_informs_the_lead_and_breaks_a_sequential_chain(partners):
    """The participating agency refuses with a reason; the lead sees it in its history and decides."""
    (police, police_user), (tax, _tax_user) = partners["police"], partners["tax"]
    specialist = user("chuyenvien.hongvan")
    dossier = send(
        processing(at(2026, 3, 2, 10)),
        [interagency.PartRequest(police, "Xác minh", DAY), interagency.PartRequest(tax, "Thuế", DAY)],
        parallel=False,
        when=at(2026, 3, 3, 9),
    )
    first, second = dossier.parts.order_by("order")
    with pytest.raises(ValidationError):
        lifecycle.refuse_part(police_user, first, reason=" ", at=at(2026, 3, 3, 10))
    lifecycle.refuse_part(police_user, first, reason="Không thuộc thẩm quyền xác minh", at=at(2026, 3, 3, 10))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.result_note, second.status) == (
        Status.REFUSED,
        "Không thuộc thẩm quyền xác minh",
        Status.CANCELLED,
    )
    refused = dossier.events.get(kind=Kind.PART_REFUSED)
    assert (refused.actor_agency, refused.details["cancelled"]) == (police, [second.code])
    # Nothing is open any more: the lead may give the part again or go on to its decision.
    assert "submit_for_signature" in lifecycle.available_actions(specialist, dossier)
    again = send(dossier, [interagency.PartRequest(tax, "Thuế", DAY)], parallel=True, when=at(2026, 3, 3, 11))
    assert again.parts.get(batch=2).code == f"{dossier.code}-LT03"


def test_stopping_or_refusing_the_dossier_cancels_its_open_parts(partners):
    (police, police_user) = partners["police"]
    dossier = send(
        processing(at(2026, 3, 2, 10)),
        [interagency.PartRequest(police, "Xác minh", DAY)],
        parallel=True,
        when=at(2026, 3, 3, 9),
    )
    dossier = lifecycle.stop(user("tiepnhan.hongvan"), dossier, reason="Người nộp rút", at=at(2026, 3, 3, 10))
    part = dossier.parts.get()
    assert part.status == Status.CANCELLED
    assert dossier.events.get(kind=Kind.STOPPED).details["cancelled_parts"] == [part.code]
    assert lifecycle.available_actions(police_user, dossier) == []


def test_the_input_of_a_batch_is_checked(partners):
    (police, _user) = partners["police"]
    lead = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    dossier = processing(at(2026, 3, 2, 10))
    for requests, message in (
        ([], "ít nhất một"),
        ([interagency.PartRequest(lead, "x", DAY)], "chính mình"),
        ([interagency.PartRequest(police, " ", DAY)], "nhiệm vụ"),
        ([interagency.PartRequest(police, "x", 0)], "lớn hơn 0"),
        ([interagency.PartRequest(police, "x", DAY), interagency.PartRequest(police, "y", DAY)], "một phần việc"),
    ):
        with pytest.raises(ValidationError, match=message):
            send(dossier, requests, parallel=True, when=at(2026, 3, 3, 9))
    assert not InteragencyPart.objects.exists()
    # Only the handler of the lead agency gives parts.
    with pytest.raises(PermissionDenied):
        lifecycle.send_parts(
            user("chuyenvien.congan.hongvan"), dossier, parts=[interagency.PartRequest(police, "x", DAY)]
        )
