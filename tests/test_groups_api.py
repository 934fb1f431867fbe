"""A Decree 63/2024/NĐ-CP group through the REST API, read-only (docs/api.md, docs/groups.md): one reference, its
kind, the status derived from its members and each member's state and own deadline — for the applicant who filed it
and for staff who see one of its dossiers; nobody else learns that it exists."""

import datetime

import pytest
from django.test import Client

from dossier_helpers import VN, user
from group_helpers import HOUR, file_at_desk, file_online, handle, sign
from motcua.accounts.models import User
from motcua.dossiers import queues
from motcua.groups import services
from motcua.groups.definitions import GroupKind
from motcua.groups.status import GroupStatus

API = "/api/v1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def test_the_citizen_tracks_the_group_they_filed_online_as_one(demo):
    """Decree 63/2024 Art. 6 (one submission, one group tracked as one): the citizen's own group, its three parts."""
    group = file_online(GroupKind.BIRTH, at=datetime.datetime.now(VN) - HOUR)
    response = client_of("congdan").get(f"{API}/groups/{group.pk}")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert (body["reference"], body["kind"], body["status"]) == (group.reference, "birth", GroupStatus.WAITING_INTAKE)
    dossiers = services.members(group)
    assert [m["ref"] for m in body["members"]] == [str(d.pk) for d in dossiers]  # no code before acceptance
    assert {m["state"] for m in body["members"]} == {"submitted"}
    assert [m["competent_agency"]["id"] for m in body["members"]] == [d.competent_agency_id for d in dossiers]
    # Another citizen, or nobody logged in, does not learn the group exists.
    other = User.objects.create_user("congdan.khac", password="x", account_type=User.AccountType.CITIZEN)
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(f"{API}/groups/{group.pk}").status_code == 404
    assert Client().get(f"{API}/groups/{group.pk}").status_code == 401


def test_staff_see_a_group_through_their_own_part_with_its_deadlines_and_lateness(demo):
    """Each agency resolves its part with its own deadline (Decree 63/2024); the group is late when a part is."""
    received = (datetime.datetime.now(VN) - datetime.timedelta(days=60)).replace(second=0, microsecond=0)
    group = file_at_desk(GroupKind.DEATH, at=received)
    dossiers = [handle(d, received + HOUR) for d in services.members(group)]
    sign(dossiers[0], received + 3 * HOUR)
    body = client_of("chuyenvien.bhxh").get(f"{API}/groups/{group.pk}").json()  # social insurance: one part
    assert body["status"] == GroupStatus.PROCESSING
    members = {m["code"]: m for m in body["members"]}
    now = datetime.datetime.now(VN)
    for dossier in services.members(group):
        member = members[dossier.code]
        assert member["state"] == dossier.state
        assert member["overdue"] == queues.is_overdue(dossier, now)
    assert any(m["overdue"] for m in body["members"])  # sixty days on, the open parts are past their deadlines
    assert datetime.datetime.fromisoformat(body["due_at"]) == max(
        d.due_at for d in services.members(group) if d.state != "result_issued"
    )
    # Filed at the desk: the citizen's account did not file it, and sees no group.
    assert client_of("congdan").get(f"{API}/groups/{group.pk}").status_code == 404
    assert client_of("chuyenvien.bhxh").get(f"{API}/groups/{group.pk + 1000}").status_code == 404
