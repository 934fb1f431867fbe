"""The results of a Decree 63/2024/NĐ-CP group come back together: a part's result waits at the desk until every
part has its result (or has ended without one), then all are handed over at once; the group is tracked as one,
with each part's own state, lateness and refusal (docs/groups.md)."""

import pytest
from django.test import Client
from django.urls import reverse

from dossier_helpers import at, user
from group_helpers import HOUR, file_at_desk, file_online, handle, sign
from motcua.dossiers import lifecycle
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import DossierEvent, Outcome, State
from motcua.groups import services
from motcua.groups.definitions import GroupKind
from motcua.groups.delivery import deliver_together
from motcua.groups.status import GroupStatus, overview, status_of
from motcua.portal.tracking_service import THROTTLE_LIMIT

Kind = DossierEvent.Kind
RECEIVED = at(2026, 12, 1, 8, 30)  # a Tuesday


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _in_progress():
    """A death group: death registered and signed; the other two parts still being resolved."""
    group = file_at_desk(GroupKind.DEATH, at=RECEIVED)
    dossiers = [handle(d, RECEIVED + HOUR) for d in services.members(group)]
    sign(dossiers[0], RECEIVED + 3 * HOUR)
    return group


def test_a_part_with_its_result_is_held_until_the_others_have_theirs(demo):
    """Decree 63/2024: the results are returned together. The desk cannot receive (mark ready) or return the
    death registration alone while residence removal and the funeral allowance are still being resolved."""
    group = _in_progress()
    first = services.members(group)[0]
    assert first.state == State.RESULT_ISSUED
    assert overview(services.members(group), RECEIVED + 4 * HOUR).status == GroupStatus.PROCESSING

    with pytest.raises(ActionNotAllowed, match=group.reference):
        lifecycle.mark_ready(user("tiepnhan.hongvan"), first, at=RECEIVED + 4 * HOUR)
    first.refresh_from_db()
    assert first.state == State.RESULT_ISSUED  # rolled back whole: no state change, no event
    assert not first.events.filter(kind=Kind.READY_FOR_RETURN).exists()

    with pytest.raises(ActionNotAllowed, match="còn chờ"):
        deliver_together(user("tiepnhan.hongvan"), group, at=RECEIVED + 4 * HOUR)
    assert not DossierEvent.objects.filter(kind=Kind.RETURNED).exists()


def test_all_results_in_then_handed_over_once_together(demo):
    """Decree 63/2024: once every part has its result the group is 'all results in' and the desk hands them over
    in one act: each part received and returned at the same instant, each in its own history."""
    group = _in_progress()
    for dossier in services.members(group)[1:]:
        sign(dossier, RECEIVED + 5 * HOUR)
    assert overview(services.members(group)).status == GroupStatus.RESULTS_READY

    handed = RECEIVED + 8 * HOUR
    deliver_together(user("tiepnhan.hongvan"), group, method="desk", at=handed)

    dossiers = services.members(group)
    assert [d.state for d in dossiers] == [State.RETURNED] * 3
    assert {d.returned_at for d in dossiers} == {handed}
    assert all(d.events.filter(kind=Kind.READY_FOR_RETURN, at=handed).exists() for d in dossiers)
    assert overview(dossiers).status == GroupStatus.RETURNED


def test_only_the_receiving_desk_hands_the_results_over(demo):
    group = _in_progress()
    for dossier in services.members(group)[1:]:
        sign(dossier, RECEIVED + 5 * HOUR)
    with pytest.raises(Exception, match="Chỉ cán bộ tiếp nhận"):
        deliver_together(user("lanhdao.hongvan"), group, at=RECEIVED + 6 * HOUR)
    assert {d.state for d in services.members(group)} == {State.RESULT_ISSUED}


def test_a_part_refused_after_appraisal_is_handed_over_with_the_others(demo):
    """Decree 118 Art. 19.3: a refusal after appraisal is the part's answer (Mẫu 03), returned through the desk —
    here with the group's other results, once all are in."""
    group = _in_progress()
    dossiers = services.members(group)
    leader = user("lanhdao.bhxh")
    lifecycle.refuse(leader, dossiers[2], reason="Người chết không thuộc diện hưởng tử tuất.", at=RECEIVED + 5 * HOUR)
    assert overview(services.members(group)).status == GroupStatus.PROCESSING  # residence removal still open
    sign(dossiers[1], RECEIVED + 6 * HOUR)

    deliver_together(user("tiepnhan.hongvan"), group, at=RECEIVED + 7 * HOUR)
    dossiers = services.members(group)
    assert [d.outcome for d in dossiers] == [Outcome.GRANTED, Outcome.GRANTED, Outcome.REFUSED]
    assert {d.state for d in dossiers} == {State.RETURNED}


def test_a_part_refused_at_intake_ends_alone_and_the_group_goes_on(demo):
    """Online, the desk checks each part (Decree 118 Art. 17.2); a part refused at intake has nothing to hand over,
    the others are resolved and returned together."""
    group = file_online(GroupKind.BIRTH, at=RECEIVED)
    desk = user("tiepnhan.hongvan")
    birth, residence, card = services.members(group)
    lifecycle.refuse_intake(desk, residence, reason="Chỗ ở không đủ điều kiện đăng ký thường trú.", at=RECEIVED + HOUR)
    for dossier in (birth, card):
        dossier = lifecycle.accept(desk, dossier, at=RECEIVED + HOUR)
        sign(handle(dossier, RECEIVED + 2 * HOUR), RECEIVED + 3 * HOUR)
    assert overview(services.members(group)).status == GroupStatus.RESULTS_READY

    deliver_together(desk, group, at=RECEIVED + 4 * HOUR)
    assert [d.state for d in services.members(group)] == [State.RETURNED, State.INTAKE_REFUSED, State.RETURNED]


def test_a_late_part_makes_the_group_late_and_is_named(demo, login_as):
    """Each part keeps its own deadline (Decree 63/2024; Decree 118 Art. 19): the death registration is due the
    same day; unsigned the next morning it is overdue, and the group shows it while the others are on time."""
    group = file_at_desk(GroupKind.DEATH, at=RECEIVED)
    dossiers = [handle(d, RECEIVED + HOUR) for d in services.members(group)]
    next_morning = at(2026, 12, 2, 9, 0)

    summary = overview(services.members(group), next_morning)
    assert [d.pk for d in summary.overdue] == [dossiers[0].pk]
    page = login_as("tiepnhan.hongvan").get(reverse("desk:group", args=[group.pk])).content.decode()
    assert "Có hồ sơ quá hạn" in page

    # Signed late, the part is counted as finished late once the others are in.
    sign(dossiers[0], next_morning)
    for dossier in dossiers[1:]:
        sign(dossier, next_morning + HOUR)
    summary = overview(services.members(group), next_morning + 2 * HOUR)
    assert summary.status == GroupStatus.RESULTS_READY
    assert [d.pk for d in summary.finished_late] == [dossiers[0].pk]


@pytest.mark.parametrize(
    ("states", "status"),
    [
        (["submitted", "submitted", "submitted"], GroupStatus.WAITING_INTAKE),
        (["received", "submitted", "processing"], GroupStatus.PROCESSING),
        (["result_issued", "processing", "ready_for_return"], GroupStatus.PROCESSING),
        (["result_issued", "stopped", "ready_for_return"], GroupStatus.RESULTS_READY),
        (["returned", "intake_refused", "returned"], GroupStatus.RETURNED),
        (["intake_refused", "stopped", "closed"], GroupStatus.ENDED),
    ],
)
def test_group_status_is_derived_from_the_parts(states, status):
    assert status_of(states) == status


# -- tracking the group as one ----------------------------------------------------------------------------------


def test_public_tracking_by_the_group_reference_shows_each_part(demo):
    group = _in_progress()
    client = Client()
    url = reverse("portal:group-tracking")
    page = client.post(url, {"code": group.reference.lower().replace("-", ""), "secret": "0912345678"})

    text = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert group.reference in text and "Đang giải quyết" in text
    assert all(d.code in text for d in services.members(group))
    assert "Nguyễn Văn An" not in text  # the applicant's name is never shown to a lookup


def test_public_tracking_with_a_wrong_phone_finds_nothing(demo):
    group = _in_progress()
    page = Client().post(reverse("portal:group-tracking"), {"code": group.reference, "secret": "0900000000"})
    text = page.content.decode()
    assert "Không tìm thấy nhóm hồ sơ" in text and services.members(group)[0].code not in text


def test_the_desk_page_hands_the_results_over_together(demo, login_as):
    group = _in_progress()
    for dossier in services.members(group)[1:]:
        sign(dossier, RECEIVED + 5 * HOUR)
    client = login_as("tiepnhan.hongvan")
    page = client.get(reverse("desk:group", args=[group.pk])).content.decode()
    assert "Trả kết quả của cả nhóm" in page

    refused = client.post(reverse("desk:group_deliver", args=[group.pk]), {"method": "desk"})
    assert refused.status_code == 422  # the confirmation box must be ticked
    done = client.post(reverse("desk:group_deliver", args=[group.pk]), {"method": "desk", "confirm": "on"})
    assert done.status_code == 302
    assert {d.state for d in services.members(group)} == {State.RETURNED}


def test_group_lookups_share_the_tracking_throttle(demo):
    """Guessing group references is as slow as guessing dossier codes: the same count per address."""
    client, url = Client(), reverse("portal:group-tracking")
    for _ in range(THROTTLE_LIMIT):
        assert client.post(url, {"code": "LT261201-AAAAAA", "secret": "0912345678"}).status_code == 200
    assert client.post(url, {"code": "LT261201-AAAAAA", "secret": "0912345678"}).status_code == 429
