"""The supplement asked for at intake (Mẫu 02, Art. 17.1.c) sent online: the dossier goes back to the desk as a
submission with a fresh 8-working-hour check (Art. 17.2), and the desk accepts, asks again or refuses it."""

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import PERSON, at, intake, user
from motcua.accounts.models import User
from motcua.dossiers import lifecycle
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import DossierDocument, DossierEvent, State
from motcua.dossiers.uploads import Upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
Kind = DossierEvent.Kind


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name: str = "to-khai.pdf") -> Upload:
    return Upload(SimpleUploadedFile(name, PDF))


@pytest.fixture
def asked(demo):
    """An online dossier of the demo citizen the desk asked to complete (Friday 20:00 → Monday 09:00)."""
    citizen = user("congdan")
    applicant = dataclasses.replace(PERSON, user=citizen)
    dossier = lifecycle.submit_online(citizen, intake(channel="online", applicant=applicant), at=at(2026, 3, 6, 20))
    return lifecycle.request_intake_supplement(
        user("tiepnhan.hongvan"), dossier, items=["Tờ khai có chữ ký"], at=at(2026, 3, 9, 9)
    )


def test_the_supplement_sent_online_puts_the_dossier_back_to_the_desks_check(asked):
    assert asked.state == State.INTAKE_SUPPLEMENT
    # A fresh check of 8 working hours from the moment the supplement arrives, on the desk's calendar.
    sent = lifecycle.send_supplement(user("congdan"), asked, documents=[upload()], at=at(2026, 3, 10, 10))
    assert sent.state == State.SUBMITTED
    assert sent.intake_due_at > at(2026, 3, 10, 10)
    assert (
        sent.intake_due_at
        == lifecycle.engine_calendar(agency=sent.receiving_agency)
        .add(at(2026, 3, 10, 10), lifecycle.ONLINE_CHECK)
        .due_at
    )
    event = sent.events.order_by("-pk").first()
    assert (event.kind, event.from_state, event.to_state, event.actor) == (
        Kind.INTAKE_SUPPLEMENT_SENT,
        State.INTAKE_SUPPLEMENT,
        State.SUBMITTED,
        user("congdan"),
    )
    assert "to-khai.pdf" in event.note
    assert list(sent.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT).values_list("name", flat=True)) == [
        "to-khai.pdf"
    ]
    # The desk "confirms it": accepts it as any submission, and the legal code comes now.
    accepted = lifecycle.accept(user("tiepnhan.hongvan"), sent, at=at(2026, 3, 10, 14))
    assert accepted.state == State.RECEIVED and accepted.code


def test_the_desk_may_ask_again_or_refuse_after_the_supplement(asked):
    desk = user("tiepnhan.hongvan")
    sent = lifecycle.send_supplement(user("congdan"), asked, documents=[upload()], at=at(2026, 3, 10, 10))
    again = lifecycle.request_intake_supplement(desk, sent, items=["Bản sao CCCD"], at=at(2026, 3, 10, 11))
    assert again.state == State.INTAKE_SUPPLEMENT
    sent = lifecycle.send_supplement(user("congdan"), again, documents=[upload("cccd.pdf")], at=at(2026, 3, 10, 15))
    refused = lifecycle.refuse_intake(desk, sent, reason="Không thuộc thẩm quyền", at=at(2026, 3, 11, 9))
    assert refused.state == State.INTAKE_REFUSED and refused.code is None
    with pytest.raises(ActionNotAllowed):
        lifecycle.send_supplement(user("congdan"), refused, documents=[upload()], at=at(2026, 3, 11, 10))


def test_only_the_applicant_sends_the_supplement_and_nothing_is_stored_otherwise(asked):
    stranger = User.objects.create_user("congdan.khac", password="x", account_type=User.AccountType.CITIZEN)
    for who in (stranger, user("tiepnhan.hongvan")):
        with pytest.raises(PermissionDenied):
            lifecycle.send_supplement(who, asked, documents=[upload()], at=at(2026, 3, 10, 10))
    with pytest.raises(ValidationError):
        lifecycle.send_supplement(user("congdan"), asked, documents=[], at=at(2026, 3, 10, 10))
    asked.refresh_from_db()
    assert asked.state == State.INTAKE_SUPPLEMENT
    assert not asked.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT).exists()


def test_a_paper_dossier_sent_back_at_intake_is_completed_at_the_desk(demo):
    citizen = user("congdan")
    paper = lifecycle.request_intake_supplement(
        user("tiepnhan.hongvan"),
        intake(applicant=dataclasses.replace(PERSON, user=citizen)),
        items=["Tờ khai"],
        at=at(2026, 3, 9, 9),
    )
    with pytest.raises(ActionNotAllowed):
        lifecycle.send_supplement(citizen, paper, documents=[upload()], at=at(2026, 3, 9, 10))
    assert not paper.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT).exists()


def test_the_supplement_after_appraisal_still_waits_for_the_desk(asked):
    desk, leader, specialist = user("tiepnhan.hongvan"), user("lanhdao.hongvan"), user("chuyenvien.hongvan")
    sent = lifecycle.send_supplement(user("congdan"), asked, documents=[upload()], at=at(2026, 3, 10, 10))
    dossier = lifecycle.transfer(desk, lifecycle.accept(desk, sent, at=at(2026, 3, 10, 11)), at=at(2026, 3, 10, 12))
    dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=at(2026, 3, 10, 13))
    dossier = lifecycle.request_supplement(specialist, dossier, items=["Biên bản"], at=at(2026, 3, 10, 14))
    dossier = lifecycle.send_supplement(user("congdan"), dossier, documents=[upload("bb.pdf")], at=at(2026, 3, 11, 9))
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.events.order_by("-pk").first().kind == Kind.DOCUMENT_ADDED


def test_the_desk_page_says_the_applicant_completed_the_dossier(asked, client):
    from django.urls import reverse

    notice = "Người nộp đã bổ sung, hoàn thiện hồ sơ trực tuyến theo Mẫu 02"
    client.force_login(user("tiepnhan.hongvan"))
    url = reverse("desk:dossier", args=[asked.pk])
    assert notice not in client.get(url).content.decode()
    lifecycle.send_supplement(user("congdan"), asked, documents=[upload()], at=at(2026, 3, 10, 10))
    html = client.get(url).content.decode()
    assert notice in html and 'id="thao-tac-accept"' in html and "to-khai.pdf" in html
