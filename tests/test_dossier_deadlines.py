"""A calendar change moves the stored due instants of the open dossiers it touches, and says so in their history."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DossierEvent
from motcua.orgs.models import Agency
from motcua.workcal import services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERSON = lifecycle.Applicant(kind="person", name="Trần Thị Bình", id_number="001190012345")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


@pytest.mark.django_db(transaction=True)
def test_a_new_day_off_moves_the_dossiers_counting_over_it(demo):
    officer = User.objects.get(username="tiepnhan.hongvan")
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )

    def accept(received_at):
        intake = lifecycle.Intake(
            method=method,
            receiving_agency=Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
            competent_agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
            applicant=PERSON,
        )
        return lifecycle.accept(officer, intake, at=received_at)

    counting = accept(at(2026, 3, 2, 10))  # 5 working days: due Monday 09/03 10:00
    after = accept(at(2026, 3, 5, 10))  # received after the day off below: due Thursday 12/03 10:00
    assert (counting.due_at, after.due_at) == (at(2026, 3, 9, 10), at(2026, 3, 12, 10))

    admin = User.objects.get(username="quantri.hethong")
    services.add_override(
        admin,
        None,
        date=datetime.date(2026, 3, 4),
        kind="day_off",
        reason="Nghỉ theo thông báo",
        legal_reference="Thông báo kiểm thử",
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    counting.refresh_from_db()
    after.refresh_from_db()
    assert counting.due_at == at(2026, 3, 10, 10)
    assert after.due_at == at(2026, 3, 12, 10)
    event = counting.events.get(kind=DossierEvent.Kind.DEADLINE_RECOMPUTED)
    assert event.actor == admin
    assert "04/03/2026" in event.note
    assert event.due_at == at(2026, 3, 10, 10)
    assert not after.events.filter(kind=DossierEvent.Kind.DEADLINE_RECOMPUTED).exists()


@pytest.mark.django_db
def test_a_dossier_decided_while_the_deadlines_are_recomputed_keeps_its_due_instant(demo, monkeypatch):
    """The recompute reads the open dossiers, then stores their new due instants batch by batch: a dossier decided in
    between (its clock unchanged) must keep the due instant its decision was timed against."""
    from dossier_helpers import processing, user
    from motcua.dossiers import deadlines
    from motcua.workcal.recompute import CalendarChange

    decided, still_open = processing(at(2026, 3, 2, 9)), processing(at(2026, 3, 2, 10))
    due = (decided.due_at, still_open.due_at)
    services.add_override(
        user("quantri.hethong"), None, date=datetime.date(2026, 3, 4), kind="day_off", reason="Nghỉ",
        legal_reference="Kiểm thử",
    )  # fmt: skip
    store = deadlines._store

    def decide_first(batch, change, now):
        # The specialist refuses one of the dossiers already read, before the recompute stores anything.
        lifecycle.refuse(user("chuyenvien.hongvan"), decided, reason="Không đủ điều kiện", at=at(2026, 3, 3, 9))
        monkeypatch.setattr(deadlines, "_store", store)
        return store(batch, change, now)

    monkeypatch.setattr(deadlines, "_store", decide_first)
    change = CalendarChange(agency_ids=None, changed_dates=(datetime.date(2026, 3, 4),), description="Nghỉ 04/03/2026")
    assert deadlines.recompute_after_calendar_change(change) == 1
    decided.refresh_from_db()
    still_open.refresh_from_db()
    assert decided.outcome == "refused"
    assert decided.due_at == due[0]
    assert not decided.events.filter(kind=DossierEvent.Kind.DEADLINE_RECOMPUTED).exists()
    assert still_open.due_at == at(2026, 3, 10, 10) and still_open.due_at != due[1]
