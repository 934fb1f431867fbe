"""The leader's "chờ phân công" queue and the "khẩn nhất trước" order of the work queues (issue 14, item 5)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import intake, user
from motcua.dossiers import lifecycle, queues
from motcua.dossiers.models import Dossier, DossierStep, State

DESK, SPECIALIST, LEADER = "tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan"


def transferred(received: datetime.datetime) -> Dossier:
    """Accepted at the desk and handed to the People's Committee, nobody assigned yet."""
    dossier = lifecycle.accept(user(DESK), intake(), at=received)
    return lifecycle.transfer(user(DESK), dossier, at=received + datetime.timedelta(minutes=30))


def assigned(received: datetime.datetime) -> Dossier:
    dossier = transferred(received)
    return lifecycle.assign(
        user(LEADER), dossier, specialist=user(SPECIALIST), at=received + datetime.timedelta(hours=1)
    )


def held_to(dossier: Dossier, **fields) -> Dossier:
    """Put the dossier in a given state and deadlines directly: the order is about the stored columns."""
    Dossier.objects.filter(pk=dossier.pk).update(**fields)
    dossier.refresh_from_db()
    return dossier


def codes(queryset) -> list[str]:
    return list(queryset.values_list("code", flat=True))


@pytest.mark.django_db
def test_most_urgent_first_puts_every_overdue_dossier_above_those_with_days_left(demo):
    now = timezone.now()
    recent = now - datetime.timedelta(hours=3)
    in_fourteen_days = held_to(assigned(recent), due_at=now + datetime.timedelta(days=14))
    in_two_days = held_to(assigned(recent), due_at=now + datetime.timedelta(days=2))
    # A correction of a result issued early: its own 3-day limit ran out 2 days ago while the original due date
    # is still 10 days away. Sorted on due_at alone it came below the one with 2 days left.
    late_correction = held_to(
        assigned(recent),
        state=State.CORRECTION,
        due_at=now + datetime.timedelta(days=10),
        correction_due_at=now - datetime.timedelta(days=2),
    )
    two_days_late = held_to(assigned(recent), due_at=now - datetime.timedelta(days=2))
    one_day_late = held_to(assigned(recent), due_at=now - datetime.timedelta(days=1))

    mine = queues.queue(user(SPECIALIST), "mine", now=now)

    assert codes(mine) == [
        late_correction.code,  # held to 2 days ago (earliest), overdue
        two_days_late.code,
        one_day_late.code,
        in_two_days.code,
        in_fourteen_days.code,
    ]
    assert all(queues.is_overdue(d, now) for d in mine[:3])


@pytest.mark.django_db
def test_the_queue_page_lists_the_overdue_first_in_its_default_order(login_as):
    now = timezone.now()
    recent = now - datetime.timedelta(hours=3)
    soon = held_to(assigned(recent), due_at=now + datetime.timedelta(days=3))
    late = held_to(
        assigned(recent),
        state=State.CORRECTION,
        due_at=now + datetime.timedelta(days=9),
        correction_due_at=now - datetime.timedelta(days=2),
    )
    page = login_as(SPECIALIST).get(reverse("desk:dossiers"), {"hang-doi": "mine"}).text
    assert page.index(late.code) < page.index(soon.code)
    assert "Quá hạn 2 ngày" in page


@pytest.mark.django_db
def test_transferred_unassigned_dossiers_wait_in_the_leaders_queue_until_assigned(demo):
    now = timezone.now()
    waiting = transferred(now - datetime.timedelta(hours=2))
    taken = assigned(now - datetime.timedelta(hours=2))
    still_at_desk = lifecycle.accept(user(DESK), intake(), at=now - datetime.timedelta(hours=1))

    found = codes(queues.queue(user(LEADER), "unassigned", now=now))

    assert found == [waiting.code]
    assert taken.code not in found and still_at_desk.code not in found
    lifecycle.assign(user(LEADER), waiting, specialist=user(SPECIALIST))
    assert codes(queues.queue(user(LEADER), "unassigned", now=now)) == []


@pytest.mark.django_db
def test_the_waiting_queue_lists_the_soonest_step_deadline_first(demo):
    now = timezone.now()
    first = transferred(now - datetime.timedelta(hours=3))
    second = transferred(now - datetime.timedelta(hours=2))
    # The second's step runs out first (e.g. a same-day procedure with two hours for the step).
    DossierStep.objects.filter(dossier=second, status=DossierStep.Status.ACTIVE).update(
        due_at=now + datetime.timedelta(hours=1)
    )
    DossierStep.objects.filter(dossier=first, status=DossierStep.Status.ACTIVE).update(
        due_at=now + datetime.timedelta(days=3)
    )
    assert codes(queues.queue(user(LEADER), "unassigned", now=now)) == [second.code, first.code]


@pytest.mark.django_db
def test_the_leaders_home_shows_the_waiting_dossiers_with_a_count_and_the_step_deadline(login_as):
    now = timezone.now()
    waiting = transferred(now - datetime.timedelta(hours=4))
    step = DossierStep.objects.filter(dossier=waiting, status=DossierStep.Status.ACTIVE).order_by("due_at").first()
    assert step is not None and step.due_at is not None
    late_step_due = now - datetime.timedelta(hours=2, minutes=10)
    DossierStep.objects.filter(pk=step.pk).update(due_at=late_step_due)

    home = login_as(LEADER).get(reverse("desk:home")).text

    assert "Chờ phân công" in home
    assert '<span class="queue-count">1</span> hồ sơ' in home
    assert waiting.code in home
    assert timezone.localtime(late_step_due).strftime("%H:%M %d/%m/%Y") in home
    assert "Quá hạn 2 giờ" in home
    queue_link = f"{reverse('desk:dossiers')}?hang-doi=unassigned&amp;agency={waiting.competent_agency_id}"
    assert f'href="{queue_link}"' in home
    # The count among the leader's queues, marked as a call to act.
    assert f'<a href="{queue_link}" class="due-overdue"><span class="queue-count">1</span> Chờ phân công</a>' in home


@pytest.mark.django_db
def test_the_waiting_queue_page_shows_the_step_deadline_and_offers_assignment(login_as):
    now = timezone.now()
    waiting = transferred(now - datetime.timedelta(hours=1))
    step_due = DossierStep.objects.filter(dossier=waiting, status=DossierStep.Status.ACTIVE).order_by("due_at")[0]
    page = login_as(LEADER).get(reverse("desk:dossiers"), {"hang-doi": "unassigned"}).text
    assert "Hạn của bước" in page
    assert timezone.localtime(step_due.due_at).strftime("%H:%M %d/%m/%Y") in page
    assert "Phân công xử lý các hồ sơ đã chọn" in page
    assert waiting.code in page


@pytest.mark.django_db
def test_no_waiting_section_for_those_who_do_not_lead(login_as):
    transferred(timezone.now() - datetime.timedelta(hours=1))
    for username in (DESK, SPECIALIST):
        assert "Chờ phân công" not in login_as(username).get(reverse("desk:home")).text
