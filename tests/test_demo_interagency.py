"""The demo's inter-agency work and forwarding (motcua.demo.interagency_seed, run by `motcua demo` after the other
seeds): the participating agencies' queue «Phần việc liên thông được giao» has open, late and done parts (Decree
118/2025 Art. 20.2), and the desk is offered «Chuyển đến cơ quan có thẩm quyền» for an online submission filed at
the wrong desk (Art. 17.2)."""

import pytest
from django.urls import reverse

from dossier_helpers import CENTRE, user
from motcua.demo.interagency_seed import OTHER_CENTRE, OTHER_COMMITTEE, seed_interagency
from motcua.dossiers import forwarding, interagency, transitions
from motcua.dossiers.models import InteragencyPart, State

Status = InteragencyPart.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seeded(demo):
    return seed_interagency()


def test_the_participating_agencies_have_parts_in_their_queue(seeded, login_as):
    """Art. 20.2: each participating agency's part is its own work, with its own deadline — one late."""
    open_one, finished, _submitted = seeded
    assert open_one.state == State.PROCESSING and finished.state == State.RETURNED
    assert {p.status for p in finished.parts.all()} == {Status.DONE}
    assert all(p.result_file and p.result_file.open("rb").read().startswith(b"%PDF") for p in finished.parts.all())
    police_queue = list(interagency.queue(user("chuyenvien.congan.hongvan")))
    assert [p.overdue for p in police_queue if p.is_open] == [True]  # sent three working days ago, one day given
    assert {p.status for p in police_queue} == {Status.SENT, Status.DONE}
    office_queue = list(interagency.queue(user("chuyenvien.bhxh")))
    assert {(p.status, p.overdue) for p in office_queue} == {(Status.RECEIVED, False), (Status.DONE, False)}
    page = login_as("chuyenvien.congan.hongvan").get(reverse("desk:parts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert all(p.code in text for p in police_queue) and "Quá hạn" in text


def test_the_demo_desk_is_offered_the_forward_to_the_competent_agency(seeded, login_as):
    """Art. 17.2: a submission to a desk that is not competent is forwarded; another desk receives it online."""
    submitted = seeded[2]
    assert submitted.state == State.SUBMITTED and submitted.receiving_agency.name == CENTRE
    desks, resolvers = forwarding.choices(submitted)
    assert [a.name for a in desks] == [OTHER_CENTRE] and OTHER_COMMITTEE in [a.name for a in resolvers]
    assert "forward_online" in transitions.available(user("tiepnhan.hongvan"), submitted)
    page = login_as("tiepnhan.hongvan").get(reverse("desk:dossier", args=[submitted.pk]))
    assert "Chuyển đến cơ quan có thẩm quyền" in page.content.decode()


def test_seeding_again_adds_nothing(seeded):
    assert seed_interagency() == []
    assert InteragencyPart.objects.count() == 4
