"""Decree 118/2025 Art. 17.2: the desk has 8 working hours to check an online submission; it is warned, once per
dossier, INTAKE_WARNING_WORKING_HOURS working hours (default 2) before they run out — and not once it has decided.
`warn_due_soon` cannot do it: before acceptance a dossier has no due_at, only its intake_due_at."""

import pytest
from django.conf import settings as django_settings

from dossier_helpers import at, user
from motcua.accounts.models import User
from motcua.core import periodic
from motcua.dossiers import lifecycle
from motcua.notify import reminders
from motcua.notify.models import Notification, Topic
from online_check_helpers import other_commune, submitted


def warnings() -> list[tuple[str, str, str]]:
    rows = Notification.objects.filter(topic=Topic.INTAKE_DUE_SOON, channel="email").order_by("pk")
    return [(n.dossier.reference, n.user.username, n.subject) for n in rows.select_related("dossier", "user")]


def run(*moment) -> int:
    return reminders.warn_intake_due_soon.call(at(*moment).isoformat())


def test_the_default_is_two_working_hours_and_the_task_is_registered():
    assert django_settings.INTAKE_WARNING_WORKING_HOURS == 2
    assert {job.name: job.task for job in periodic.jobs()}["warn_intake_due_soon"] is reminders.warn_intake_due_soon


def test_the_desk_is_warned_once_two_working_hours_before_the_check_runs_out(demo):
    dossier = submitted()  # Monday 08:00 → the check is due Monday 17:00
    assert dossier.intake_due_at == at(2026, 3, 2, 17)
    assert reminders.warn_due_soon.call(at(2026, 3, 2, 15, 30).isoformat()) == 0  # no due_at yet: not its job
    assert run(2026, 3, 2, 14, 30) == 0  # 2.5 working hours left
    assert run(2026, 3, 2, 15) == 1  # 2 left: the desk's receiving officer is told
    assert warnings() == [
        (dossier.reference, "tiepnhan.hongvan", f"Sắp hết hạn kiểm tra hồ sơ nộp trực tuyến {dossier.reference}")
    ]
    notice = Notification.objects.get(topic=Topic.INTAKE_DUE_SOON, channel="email")
    assert notice.about_due_at == dossier.intake_due_at
    assert "chậm nhất 17:00 02/03/2026" in " ".join(notice.body.split())
    assert run(2026, 3, 2, 16) == 0  # once only
    assert run(2026, 3, 2, 17, 30) == 0  # and not after the instant has passed (the overdue queue shows it)
    assert len(warnings()) == 1


def test_working_hours_not_clock_hours_count_towards_the_warning(demo):
    dossier = submitted(at(2026, 3, 2, 14))  # Monday 14:00 → due Tuesday 14:00 (3 + 5 working hours)
    assert dossier.intake_due_at == at(2026, 3, 3, 14)
    assert run(2026, 3, 2, 16, 30) == 0  # 17.5 clock hours but 4.5 working hours before the end
    assert run(2026, 3, 3, 10, 30) == 0  # 2.5 working hours left
    assert run(2026, 3, 3, 11) == 1  # 3 hours on the clock, but 2 working hours (lunch 12–13)


def test_a_decided_dossier_is_not_warned(demo):
    desk = user("tiepnhan.hongvan")
    lifecycle.accept(desk, submitted(), at=at(2026, 3, 2, 9))
    lifecycle.refuse_intake(desk, submitted(), reason="Không đủ điều kiện", at=at(2026, 3, 2, 9))
    lifecycle.request_intake_supplement(desk, submitted(), items=["Tờ khai"], at=at(2026, 3, 2, 9))
    assert run(2026, 3, 2, 15) == 0
    assert warnings() == []


def test_a_forwarded_dossier_warns_its_new_desk_for_its_new_instant(demo):
    vantao = other_commune()
    dossier = submitted()
    assert run(2026, 3, 2, 15) == 1  # the Hồng Vân desk, about 17:00 Monday
    forwarded = lifecycle.forward_online(
        user("tiepnhan.hongvan"), dossier, agency=vantao["centre"], reason="Sai nơi nộp", at=at(2026, 3, 2, 16)
    )
    assert forwarded.intake_due_at == at(2026, 3, 3, 16)
    assert run(2026, 3, 3, 13, 30) == 0
    assert run(2026, 3, 3, 14) == 1
    assert [w[1] for w in warnings()] == ["tiepnhan.hongvan", "tiepnhan.vantao"]


def test_zero_turns_the_warning_off(demo, settings):
    settings.INTAKE_WARNING_WORKING_HOURS = 0
    submitted()
    assert run(2026, 3, 2, 16) == 0


@pytest.fixture(autouse=True)
def desk_address(demo):
    """The demo desk officer has no address of their own; warnings go by e-mail."""
    User.objects.filter(username="tiepnhan.hongvan").update(email="tiepnhan@hongvan.example.vn")
