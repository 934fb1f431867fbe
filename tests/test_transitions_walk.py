"""One transition table: for every (state, role) pair, what the desk's dossier page shows (its action forms, parsed
from the rendered page), what the REST API allows (each action called: not 403/404/409) and what the lifecycle
service accepts (each function called with valid input: not PermissionDenied/ActionNotAllowed/Conflict) are the
same set — and the one `available_actions` lists. Every attempt runs in a savepoint that is rolled back, so each
starts from the same dossier."""

import dataclasses
import datetime
import re

import pytest
import weasyprint
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import PERSON, POLICE, UBND, intake, user
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import AgencyOffering, Channel, Procedure
from motcua.documents import signing
from motcua.dossiers import interagency, lifecycle, transitions
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import Dossier, DossierDocument, InteragencyPart, State
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

API = "/api/v1"
REFUSED_STATUSES = {401, 403, 404, 409}
# Not a state: a dossier in processing with a part handed to the commune police (liên thông, Art. 20.2).
WITH_PART = "processing, part sent"
PDF = weasyprint.HTML(string="<p>Quyết định</p>").write_pdf()


class Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_AGENCIES = {}
    signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)


def pdf_upload(name="tep.pdf") -> Upload:
    return Upload(SimpleUploadedFile(name, PDF))


@pytest.fixture
def roles(demo):
    ubnd = Agency.objects.get(name=UBND)
    unassigned = User.objects.create_user("chuyenvien.khac", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=unassigned, role=Role.SPECIALIST, agency=ubnd)
    # Staff of another commune: every role there, none at Hồng Vân.
    elsewhere = Agency.objects.exclude(name__icontains="Hồng Vân").exclude(pk=ubnd.pk).order_by("pk").first()
    other = User.objects.create_user("canbo.xakhac", password="x", account_type=User.AccountType.STAFF)
    for role in (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER):
        RoleAssignment.objects.create(user=other, role=role, agency=elsewhere)
    # A desk that receives the walk's procedure online, for the desk to forward a submission to (Art. 17.2).
    AgencyOffering.objects.create(
        procedure=Procedure.objects.get(code="1.002211"), agency=forward_target(), channels=[Channel.ONLINE]
    )
    return {
        "desk officer": user("tiepnhan.hongvan"),
        "leader": user("lanhdao.hongvan"),
        "assigned specialist": user("chuyenvien.hongvan"),
        "unassigned specialist": unassigned,
        "consulted agency": user("chuyenvien.congan.hongvan"),
        "applicant": user("congdan"),
        "other-commune staff": other,
        "inspector": user("thanhtra.hanoi"),
    }


def forward_target() -> Agency:
    return Agency.objects.get_or_create(
        name="Trung tâm Phục vụ hành chính công xã Vân Tảo",
        defaults={"kind": Agency.Kind.SERVICE_CENTRE, "unit": Agency.objects.get(name=UBND).unit},
    )[0]


def dossiers_in_every_state(roles) -> dict[str, Dossier]:
    """One online dossier of the demo citizen (result returned electronically) in each state of the lifecycle."""
    desk, leader, specialist = roles["desk officer"], roles["leader"], roles["assigned specialist"]
    citizen = roles["applicant"]
    police = Agency.objects.get(name=POLICE)

    def submitted():
        applicant = dataclasses.replace(PERSON, user=citizen)
        return lifecycle.submit_online(
            citizen, intake(channel="online", applicant=applicant, return_method="electronic")
        )

    def processing():
        accepted = lifecycle.accept(desk, submitted())
        return lifecycle.assign(leader, lifecycle.transfer(desk, accepted), specialist=specialist)

    def awaiting():
        dossier = lifecycle.add_result(specialist, processing(), documents=[pdf_upload("ket-qua.pdf")])
        return lifecycle.submit_for_signature(specialist, dossier, note="Dự thảo quyết định")

    states = {}
    closing = lifecycle.request_supplement(specialist, processing(), items=["Biên bản"])
    lifecycle.close_unsupplemented(now=closing.supplement_due_at + datetime.timedelta(days=1))
    states[State.CLOSED] = Dossier.objects.get(pk=closing.pk)
    states[State.SUBMITTED] = submitted()
    states[State.INTAKE_SUPPLEMENT] = lifecycle.request_intake_supplement(desk, submitted(), items=["Tờ khai"])
    states[State.INTAKE_REFUSED] = lifecycle.refuse_intake(desk, submitted(), reason="Không thuộc thẩm quyền")
    states[State.RECEIVED] = lifecycle.accept(desk, submitted())
    states[State.TRANSFERRED] = lifecycle.transfer(desk, lifecycle.accept(desk, submitted()))
    states[State.PROCESSING] = processing()
    states[State.CONSULTING] = lifecycle.request_consultation(
        specialist, processing(), requests=[lifecycle.ConsultationRequest(police, "Xác minh nơi cư trú", 480)]
    )
    states[State.SUPPLEMENT_REQUESTED] = lifecycle.request_supplement(specialist, processing(), items=["Bản sao"])
    states[State.AWAITING_SIGNATURE] = awaiting()
    states[State.RESULT_ISSUED] = lifecycle.sign(leader, awaiting())
    states[State.READY_FOR_RETURN] = lifecycle.mark_ready(desk, lifecycle.sign(leader, awaiting()))
    issued = lifecycle.mark_ready(desk, lifecycle.sign(leader, awaiting()))
    states[State.RETURNED] = lifecycle.return_result(desk, issued, method="electronic")
    correction = lifecycle.return_result(desk, lifecycle.mark_ready(desk, lifecycle.sign(leader, awaiting())))
    states[State.CORRECTION] = lifecycle.request_correction(desk, correction, reason="Sai năm sinh")
    states[State.STOPPED] = lifecycle.stop(citizen, processing(), reason="Không cần nữa")
    assert {str(s) for s in states} == set(State.values), "a state is missing from the walk"
    assert all(d.state == s for s, d in states.items())
    states[WITH_PART] = lifecycle.send_parts(
        specialist, processing(), parts=[interagency.PartRequest(police, "Xác nhận nơi cư trú", 480)]
    )
    return states


# -- the service: each lifecycle function with valid input --------------------------------------------------------


def call_service(name: str, who, dossier: Dossier, other_specialist) -> None:
    police = Agency.objects.get(name=POLICE)
    rev = dossier.revision
    due = dossier.due_at or timezone.now() + datetime.timedelta(days=10)
    calls = {
        "accept": lambda: lifecycle.accept(who, dossier, expected_revision=rev),
        "request_intake_supplement": lambda: lifecycle.request_intake_supplement(who, dossier, items=["Tờ khai"]),
        "refuse_intake": lambda: lifecycle.refuse_intake(who, dossier, reason="Lý do"),
        "forward_online": lambda: lifecycle.forward_online(who, dossier, agency=forward_target(), reason="Lý do"),
        "transfer": lambda: lifecycle.transfer(who, dossier),
        "assign": lambda: lifecycle.assign(who, dossier, specialist=other_specialist),
        "complete_step": lambda: lifecycle.complete_step(who, dossier),
        "request_consultation": lambda: lifecycle.request_consultation(
            who, dossier, requests=[lifecycle.ConsultationRequest(police, "Xác minh", 480)]
        ),
        "request_supplement": lambda: lifecycle.request_supplement(who, dossier, items=["Bản sao"]),
        "receive_supplement": lambda: lifecycle.receive_supplement(who, dossier),
        "refuse": lambda: lifecycle.refuse(who, dossier, reason="Không đủ điều kiện"),
        "request_extension": lambda: lifecycle.request_extension(
            who, dossier, reason="Xin lỗi", new_due_at=due + datetime.timedelta(days=2)
        ),
        "submit_for_signature": lambda: lifecycle.submit_for_signature(who, dossier),
        "send_back": lambda: lifecycle.send_back(who, dossier, reason="Sửa dự thảo"),
        "sign": lambda: lifecycle.sign(who, dossier),
        "mark_ready": lambda: lifecycle.mark_ready(who, dossier),
        "return_result": lambda: lifecycle.return_result(who, dossier, method="electronic"),
        "stop": lambda: lifecycle.stop(who, dossier, reason="Theo đề nghị"),
        "request_correction": lambda: lifecycle.request_correction(who, dossier, reason="Sai sót"),
        "complete_correction": lambda: lifecycle.complete_correction(who, dossier),
        "add_documents": lambda: lifecycle.add_documents(who, dossier, documents=[pdf_upload()], expected_revision=rev),
        "add_result": lambda: lifecycle.add_result(who, dossier, documents=[pdf_upload()], expected_revision=rev),
        "send_supplement": lambda: lifecycle.send_supplement(who, dossier, documents=[pdf_upload()]),
        "send_parts": lambda: lifecycle.send_parts(
            who, dossier, parts=[interagency.PartRequest(police, "Xác minh", 480)], expected_revision=rev
        ),
    }
    if name in ("receive_part", "complete_part", "refuse_part"):
        part = dossier.parts.filter(status__in=interagency.ACTIVE).first()
        if part is None:
            raise ActionNotAllowed("no part to work on")  # only the dossier with a part has one (checked below)
        if name == "receive_part":
            lifecycle.receive_part(who, part)
        elif name == "complete_part":
            lifecycle.complete_part(who, part, document=pdf_upload("ket-qua-phan-viec.pdf"))
        else:
            lifecycle.refuse_part(who, part, reason="Không thuộc thẩm quyền")
        return
    if name == "answer_consultation":
        consultation = dossier.consultations.filter(answered_at__isnull=True).first()
        if consultation is None:
            raise ActionNotAllowed("no consultation to answer")  # only a consulting dossier has one (checked below)
        lifecycle.answer_consultation(who, consultation, answer="Đúng")
        return
    if name == "deliver_result":
        document = dossier.documents.filter(stage=DossierDocument.Stage.RESULT).first()
        if document is None:
            raise ActionNotAllowed("no result to deliver")  # only a signed dossier has one (checked below)
        lifecycle.deliver_result(who, dossier, document)
        return
    calls[name]()


def service_accepts(name: str, who, dossier: Dossier, other_specialist) -> bool:
    try:
        with transaction.atomic():
            call_service(name, who, Dossier.objects.get(pk=dossier.pk), other_specialist)
            raise Rollback
    except Rollback:
        return True
    except (PermissionDenied, ActionNotAllowed, Conflict):
        return False


# -- the API: each action route called ------------------------------------------------------------------------------


def api_body(name: str, dossier: Dossier, other_specialist) -> tuple[dict, bool]:
    police = Agency.objects.get(name=POLICE)
    due = dossier.due_at or timezone.now() + datetime.timedelta(days=10)
    pending = dossier.consultations.filter(answered_at__isnull=True).first()
    bodies = {
        "request_intake_supplement": {"items": ["Tờ khai"]},
        "refuse_intake": {"reason": "Lý do"},
        "forward_online": {"agency_id": forward_target().pk, "reason": "Lý do"},
        "assign": {"specialist": other_specialist.username},
        "request_consultation": {"requests": [{"agency_id": police.pk, "content": "Xác minh", "minutes": 480}]},
        "send_parts": {"parts": [{"agency_id": police.pk, "task": "Xác minh", "minutes": 480}]},
        "answer_consultation": {"consultation_id": pending.pk if pending else 0, "answer": "Đúng"},
        "request_supplement": {"items": ["Bản sao"]},
        "refuse": {"reason": "Không đủ điều kiện"},
        "request_extension": {"reason": "Xin lỗi", "new_due_at": (due + datetime.timedelta(days=2)).isoformat()},
        "send_back": {"reason": "Sửa"},
        "return_result": {"method": "electronic"},
        "stop": {"reason": "Theo đề nghị"},
        "request_correction": {"reason": "Sai sót"},
    }
    if name in ("add_documents", "add_result"):
        return {"files": SimpleUploadedFile("tep.pdf", PDF), "expected_revision": dossier.revision}, True
    return {"expected_revision": dossier.revision, **bodies.get(name, {})}, False


def api_allows(client: Client, name: str, dossier: Dossier, other_specialist) -> bool:
    body, multipart = api_body(name, Dossier.objects.get(pk=dossier.pk), other_specialist)
    url = f"{API}/dossiers/{dossier.pk}/actions/{name}"
    try:
        with transaction.atomic():
            extra = {} if multipart else {"content_type": "application/json"}
            response = client.post(url, body, **extra)
            raise Rollback
    except Rollback:
        pass
    assert response.status_code < 500, (name, response.status_code, response.content[:300])
    return response.status_code not in REFUSED_STATUSES


# -- the desk page: the action forms it renders ---------------------------------------------------------------------


def desk_shows(client: Client, dossier: Dossier) -> set[str]:
    response = client.get(reverse("desk:dossier", args=[dossier.pk]))
    if response.status_code != 200:
        return set()
    prefix = re.escape(reverse("desk:dossier", args=[dossier.pk]))
    return set(re.findall(rf'action="{prefix}thao-tac/([\w-]+)/"', response.content.decode()))


def part_pages_show(client: Client, dossier: Dossier) -> set[str]:
    """The action forms on the pages of the dossier's parts (the participating agency's face, Face.PART)."""
    shown = set()
    for part in InteragencyPart.objects.filter(dossier=dossier):
        response = client.get(reverse("desk:part", args=[part.pk]))
        if response.status_code == 200:
            prefix = re.escape(reverse("desk:part", args=[part.pk]))
            shown |= set(re.findall(rf'action="{prefix}thao-tac/([\w-]+)/"', response.content.decode()))
    return shown


def test_the_desk_the_api_and_the_service_agree_for_every_state_and_role(roles):
    states = dossiers_in_every_state(roles)
    other_specialist = roles["unassigned specialist"]
    desk_names = set(transitions.names_for(transitions.Face.DESK))
    api_names = set(transitions.names_for(transitions.Face.API))
    portal_names = set(transitions.names_for(transitions.Face.PORTAL))
    part_names = set(transitions.names_for(transitions.Face.PART))
    mismatches, offered = [], {}
    for role, who in roles.items():
        client = Client()
        client.force_login(who)
        for state, dossier in states.items():
            accepted = {t.name for t in transitions.TABLE if service_accepts(t.name, who, dossier, other_specialist)}
            listed = set(lifecycle.available_actions(who, Dossier.objects.get(pk=dossier.pk)))
            shown = desk_shows(client, dossier)
            on_parts = part_pages_show(client, dossier)
            allowed = {name for name in api_names if api_allows(client, name, dossier, other_specialist)}
            offered[(role, state)] = accepted
            staff = who.account_type == User.AccountType.STAFF
            # The desk's pages are for staff only; the API takes any logged-in user (a citizen may stop their own).
            expected_desk = accepted & desk_names if staff else set()
            expected_api = accepted & api_names
            for face, got, want in (
                ("available_actions", listed, accepted),
                ("desk page", shown, expected_desk),
                ("API", allowed, expected_api),
                ("part page", on_parts, accepted & part_names if staff else set()),
            ):
                if got != want:
                    mismatches.append(f"{role} / {state} / {face}: shows {sorted(got)}, service {sorted(want)}")
            if not staff and accepted - portal_names:
                mismatches.append(f"{role} / {state}: the service accepts {sorted(accepted - portal_names)}")
    assert not mismatches, "\n".join(mismatches)

    # The walk is not empty-handed: every action of the table is done by somebody somewhere.
    done = set().union(*offered.values())
    assert done == set(transitions.TRANSITIONS) - {"complete_step"}, sorted(set(transitions.TRANSITIONS) - done)
    # And some plain facts of Decree 118, so a table that allowed nothing or everything would fail.
    assert offered[("desk officer", State.SUBMITTED)] == {
        "accept",
        "request_intake_supplement",
        "refuse_intake",
        "forward_online",
    }
    assert offered[("applicant", State.INTAKE_SUPPLEMENT)] == {"send_supplement"}
    assert offered[("leader", State.AWAITING_SIGNATURE)] >= {"sign", "send_back", "request_extension", "refuse"}
    assert "sign" not in offered[("assigned specialist", State.AWAITING_SIGNATURE)]
    assert offered[("unassigned specialist", State.PROCESSING)] == set()
    assert offered[("consulted agency", State.CONSULTING)] == {"answer_consultation"}
    # Liên thông (Art. 20.2): the participating agency works on its part; the combined result waits for it.
    assert offered[("consulted agency", WITH_PART)] == {"receive_part", "complete_part", "refuse_part"}
    assert "send_parts" in offered[("assigned specialist", State.PROCESSING)]
    assert "submit_for_signature" in offered[("assigned specialist", State.PROCESSING)]
    assert "submit_for_signature" not in offered[("assigned specialist", WITH_PART)]
    assert offered[("applicant", State.RETURNED)] == {"deliver_result"}
    assert offered[("applicant", State.READY_FOR_RETURN)] == {"deliver_result"}
    assert offered[("applicant", State.CORRECTION)] == set()  # returned at the desk: no electronic copy
    for state in states:
        assert offered[("inspector", state)] == set() and offered[("other-commune staff", state)] == set()
