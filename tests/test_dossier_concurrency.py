"""No lost update: two people acting on one dossier at the same moment — one wins, the other is told why."""

import threading

import pytest
from django.db import connection

from dossier_helpers import UBND, at, intake, processing, user
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.dossiers import lifecycle
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.orgs.models import Agency

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent actions need PostgreSQL's row locks"),
    pytest.mark.django_db(transaction=True),
]


def race(*actions):
    """Run the actions in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_leaders_assigning_from_the_same_page_one_wins_one_gets_a_conflict(demo):
    ubnd = Agency.objects.get(name=UBND)
    second_leader = User.objects.create_user("lanhdao2.hongvan", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=second_leader, role=Role.LEADER, agency=ubnd)
    other_specialist = User.objects.create_user("chuyenvien2", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=other_specialist, role=Role.SPECIALIST, agency=ubnd)
    desk = user("tiepnhan.hongvan")
    dossier = lifecycle.transfer(desk, lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 9)), at=at(2026, 3, 2, 10))
    seen = dossier.revision

    outcomes = race(
        lambda: lifecycle.assign(
            user("lanhdao.hongvan"), dossier, specialist=user("chuyenvien.hongvan"), expected_revision=seen
        ),
        lambda: lifecycle.assign(second_leader, dossier, specialist=other_specialist, expected_revision=seen),
    )
    winners = [o for o in outcomes if isinstance(o, Dossier)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], Conflict) and "vừa được người khác xử lý" in losers[0].message
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.assignee == winners[0].assignee
    assert stored.events.filter(kind=DossierEvent.Kind.ASSIGNED).count() == 1
    assert stored.revision == seen + 1


def test_two_desk_officers_transferring_at_once_transfer_once(demo):
    centre = user("tiepnhan.hongvan").roles.get(role=Role.RECEIVING_OFFICER).agency
    colleague = User.objects.create_user("tiepnhan2.hongvan", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=colleague, role=Role.RECEIVING_OFFICER, agency=centre)
    dossier = lifecycle.accept(user("tiepnhan.hongvan"), intake(), at=at(2026, 3, 2, 9))

    outcomes = race(
        lambda: lifecycle.transfer(user("tiepnhan.hongvan"), dossier, at=at(2026, 3, 2, 10)),
        lambda: lifecycle.transfer(colleague, dossier, at=at(2026, 3, 2, 10)),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["ActionNotAllowed", "Dossier"]
    refused = next(o for o in outcomes if isinstance(o, ActionNotAllowed))
    assert "Đã chuyển cơ quan giải quyết" in refused.message
    assert Dossier.objects.get(pk=dossier.pk).events.filter(kind=DossierEvent.Kind.TRANSFERRED).count() == 1


def test_a_signature_racing_a_stop_request_never_leaves_both(demo):
    dossier = processing(at(2026, 3, 2, 9))
    dossier = lifecycle.submit_for_signature(user("chuyenvien.hongvan"), dossier, at=at(2026, 3, 3, 9))

    outcomes = race(
        lambda: lifecycle.sign(user("lanhdao.hongvan"), dossier, at=at(2026, 3, 3, 10)),
        lambda: lifecycle.stop(user("tiepnhan.hongvan"), dossier, reason="Rút hồ sơ", at=at(2026, 3, 3, 10)),
    )
    assert sum(isinstance(o, Dossier) for o in outcomes) == 1
    assert sum(isinstance(o, ActionNotAllowed) for o in outcomes) == 1
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.state in (State.RESULT_ISSUED, State.STOPPED)
    assert stored.events.filter(kind__in=[DossierEvent.Kind.SIGNED, DossierEvent.Kind.STOPPED]).count() == 1
