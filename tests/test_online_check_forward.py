"""Decree 118/2025 Art. 17.2: within 8 working hours of an online submission the desk accepts it, asks for a
supplement, refuses it — or, when its agency is not competent, forwards it to the competent agency, telling the
applicant. Forwarding moves the dossier to the other agency's desk queue; the 8 working hours start again there."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dossier_helpers import CENTRE, at, user
from motcua.dossiers import lifecycle, queues
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.notify.models import Notification, Topic
from motcua.orgs.models import Agency
from notice_helpers import make_notices
from online_check_helpers import other_commune, submitted

API = "/api/v1"
FORWARDED_AT = at(2026, 3, 2, 14)  # Monday 14:00: the new desk's 8 working hours end Tuesday 14:00


@pytest.fixture
def vantao(demo):
    return other_commune()


def test_the_desk_forwards_an_online_submission_to_the_competent_agencys_desk(vantao, client):
    """Art. 17.2.c: "không thuộc thẩm quyền" — sent on, with the reason; the new desk sees it, the old one not."""
    desk = user("tiepnhan.hongvan")
    dossier = submitted()
    assert dossier.intake_due_at == at(2026, 3, 2, 17)
    assert dossier in queues.queue(desk, "intake")

    client.force_login(desk)
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).content.decode()
    assert "Chuyển đến cơ quan có thẩm quyền" in page and vantao["centre"].name in page
    response = client.post(
        reverse("desk:dossier", args=[dossier.pk]) + "thao-tac/forward_online/",
        {
            "forward_online-revision": dossier.revision,
            "forward_online-agency": vantao["centre"].pk,
            "forward_online-competent_agency": vantao["committee"].pk,
            "forward_online-reason": "Người nộp thường trú tại xã Vân Tảo",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("desk:dossiers")  # the old desk no longer reaches the dossier

    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.state == State.SUBMITTED
    assert (dossier.receiving_agency, dossier.competent_agency) == (vantao["centre"], vantao["committee"])
    event = dossier.events.get(kind=DossierEvent.Kind.FORWARDED)
    assert (event.actor, event.actor_agency.name) == (desk, CENTRE)
    assert event.details["to_agency"] == vantao["centre"].pk
    assert event.details["from_agency"] == Agency.objects.get(name=CENTRE).pk
    assert event.details["reason"] == "Người nộp thường trú tại xã Vân Tảo"
    assert datetime.datetime.fromisoformat(event.details["previous_intake_due_at"]) == at(2026, 3, 2, 17)
    # The 8 working hours start again at the new desk, from the forwarding (docs/online.md).
    assert dossier.intake_due_at > at(2026, 3, 2, 17)
    assert (
        dossier.intake_due_at
        == lifecycle.engine_calendar(agency=vantao["centre"])
        .add(dossier.events.get(kind=DossierEvent.Kind.FORWARDED).at, lifecycle.ONLINE_CHECK)
        .due_at
    )

    assert dossier in queues.queue(vantao["officer"], "intake")
    assert dossier not in queues.queue(desk, "intake")
    assert client.get(reverse("desk:dossier", args=[dossier.pk])).status_code == 404
    # The new desk checks it as any online submission.
    assert "accept" in lifecycle.available_actions(vantao["officer"], dossier)
    accepted = lifecycle.accept(vantao["officer"], dossier)
    assert accepted.code and accepted.competent_agency == vantao["committee"]

    make_notices()
    email = Notification.objects.get(dossier=dossier, topic=Topic.FORWARDED, channel="email")
    assert email.address == "an@example.vn"
    assert "đã được chuyển đến cơ quan có thẩm quyền" in email.subject
    assert vantao["centre"].name in email.body and "Người nộp thường trú tại xã Vân Tảo" in email.body
    assert "Ông/bà không cần nộp lại" in email.body
    sms = Notification.objects.get(dossier=dossier, topic=Topic.FORWARDED, channel="sms")
    assert vantao["centre"].name in sms.body


def test_without_a_named_resolver_the_chosen_agency_resolves_if_it_can_else_the_filed_one_stays(vantao):
    desk = user("tiepnhan.hongvan")
    kept = lifecycle.forward_online(desk, submitted(), agency=vantao["centre"], reason="Sai nơi nộp", at=FORWARDED_AT)
    assert kept.competent_agency == vantao["hongvan_ubnd"]  # Vân Tảo's centre receives but does not resolve
    assert kept.intake_due_at == at(2026, 3, 3, 14)  # Monday 14:00 + 8 working hours (3 today, 5 tomorrow)
    assert kept.events.get(kind="forwarded").details["late"] is False  # before Monday 17:00
    late = lifecycle.forward_online(
        user("tiepnhan.hongvan"), submitted(), agency=vantao["centre"], reason="Sai nơi nộp", at=at(2026, 3, 3, 9)
    )
    assert late.events.get(kind="forwarded").details["late"] is True  # the first desk's 8 hours ended Monday 17:00


def test_forwarding_to_an_agency_that_does_not_offer_the_procedure_is_refused(vantao):
    """Art. 17.2 sends it to the *competent* agency: one that, by the catalog, receives the procedure online."""
    desk = user("tiepnhan.hongvan")
    dossier = submitted()
    police = Agency.objects.get(name="Công an xã Hồng Vân")
    with pytest.raises(ValidationError) as refused:
        lifecycle.forward_online(desk, dossier, agency=vantao["committee"], reason="Không thuộc thẩm quyền")
    assert "không tiếp nhận thủ tục 1.002211" in refused.value.message_dict["agency"][0]
    with pytest.raises(ValidationError) as refused:
        lifecycle.forward_online(desk, dossier, agency=vantao["centre"], competent_agency=police, reason="Lý do")
    assert refused.value.message_dict["competent_agency"] == ["Công an xã Hồng Vân không giải quyết thủ tục 1.002211."]
    with pytest.raises(ValidationError) as refused:
        lifecycle.forward_online(desk, dossier, agency=Agency.objects.get(name=CENTRE), reason="Lý do")
    assert "hãy chọn một cơ quan khác" in refused.value.message_dict["agency"][0]
    with pytest.raises(ValidationError) as refused:
        lifecycle.forward_online(desk, dossier, agency=vantao["centre"], reason="  ")
    assert refused.value.message_dict["reason"] == ["Hãy ghi rõ lý do."]
    dossier.refresh_from_db()
    assert dossier.receiving_agency.name == CENTRE and not dossier.events.filter(kind="forwarded").exists()


def test_the_api_forwards_and_refuses_a_non_offering_agency_with_422(vantao, client):
    dossier = submitted()
    client.force_login(user("tiepnhan.hongvan"))
    url = f"{API}/dossiers/{dossier.pk}/actions/forward_online"
    refused = client.post(
        url, json.dumps({"agency_id": vantao["committee"].pk, "reason": "Lý do"}), content_type="application/json"
    )
    assert refused.status_code == 422
    assert "không tiếp nhận thủ tục 1.002211" in refused.json()["detail"]
    done = client.post(
        url,
        json.dumps({"agency_id": vantao["centre"].pk, "reason": "Sai nơi nộp", "expected_revision": dossier.revision}),
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert Dossier.objects.get(pk=dossier.pk).receiving_agency == vantao["centre"]


@pytest.mark.parametrize("username", ["lanhdao.hongvan", "chuyenvien.hongvan", "tiepnhan.vantao"])
def test_only_the_receiving_desk_may_forward(vantao, client, username):
    """The desk of the receiving agency decides the online check (Art. 17.2); nobody else, not even the target."""
    dossier = submitted()
    someone = user(username)
    with pytest.raises(PermissionDenied):
        lifecycle.forward_online(someone, dossier, agency=vantao["centre"], reason="Lý do")
    client.force_login(someone)
    response = client.post(
        f"{API}/dossiers/{dossier.pk}/actions/forward_online",
        json.dumps({"agency_id": vantao["centre"].pk, "reason": "Lý do"}),
        content_type="application/json",
    )
    assert response.status_code in (403, 404)  # 404 for staff who cannot see the dossier at all
    if username != "tiepnhan.vantao":
        assert response.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).receiving_agency.name == CENTRE


def test_a_decided_dossier_is_not_forwarded(vantao):
    desk = user("tiepnhan.hongvan")
    accepted = lifecycle.accept(desk, submitted())
    assert "forward_online" not in lifecycle.available_actions(desk, accepted)
    with pytest.raises(ActionNotAllowed):
        lifecycle.forward_online(desk, accepted, agency=vantao["centre"], reason="Lý do")


def test_not_offered_when_no_other_desk_receives_the_procedure_online(demo):
    """A button that leads nowhere is not shown: the demo catalog has one desk for the procedure."""
    desk = user("tiepnhan.hongvan")
    dossier = submitted()
    assert lifecycle.available_actions(desk, dossier) == ["accept", "request_intake_supplement", "refuse_intake"]
    with pytest.raises(ActionNotAllowed) as refused:
        lifecycle.forward_online(desk, dossier, agency=Agency.objects.get(name=CENTRE), reason="Lý do")
    assert refused.value.message == "Không có cơ quan nào khác tiếp nhận trực tuyến thủ tục này để chuyển hồ sơ đến."
