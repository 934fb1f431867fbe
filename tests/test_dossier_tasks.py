"""The periodic dossier tasks: warnings before a step or a dossier falls due (counted in working hours on the
competent agency's calendar), the overdue notices, the automatic close after 15 days without a supplement, and
the `motcua run_periodic` command that enqueues them for the real task worker."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle, tasks
from motcua.dossiers.models import Dossier, DossierStep, State
from motcua.notify import reminders
from motcua.notify.models import Notification, Topic
from motcua.orgs.models import Agency
from motcua.workcal import services as calendar_services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BINH = lifecycle.Applicant(kind="person", name="Trần Thị Bình", id_number="001190012345", email="binh@example.vn")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def desk(demo):
    """Hồng Vân's staff, with the e-mail addresses their warnings go to."""
    users = {}
    for key, username in (("officer", "tiepnhan"), ("specialist", "chuyenvien"), ("leader", "lanhdao")):
        user = User.objects.get(username=f"{username}.hongvan")
        user.email = f"{username}@hongvan.example.vn"
        user.save(update_fields=["email"])
        users[key] = user
    return {
        **users,
        "centre": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        "ubnd": Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        "method": ProcedureMethod.objects.get(
            version__procedure__code="1.002211", version__status="published", channel="direct"
        ),
    }


def accept(desk, received_at=None, applicant=BINH) -> Dossier:
    intake = lifecycle.Intake(
        method=desk["method"], receiving_agency=desk["centre"], competent_agency=desk["ubnd"], applicant=applicant
    )
    return lifecycle.accept(desk["officer"], intake, at=received_at or at(2026, 3, 2, 10))


def in_processing(desk, assign=True) -> Dossier:
    """Accepted Monday 02/03/2026 10:00 (due Monday 09/03 10:00), transferred at 10:30 — the specialist's step
    then runs 4 working days, to Friday 06/03 10:30 — and assigned at 11:00."""
    dossier = accept(desk)
    lifecycle.transfer(desk["officer"], dossier, at=at(2026, 3, 2, 10, 30))
    if assign:
        lifecycle.assign(desk["leader"], dossier, specialist=desk["specialist"], at=at(2026, 3, 2, 11))
    return dossier


def warnings() -> list[tuple[str, str, str]]:
    """(what, who, subject) of every due-soon warning made so far."""
    rows = Notification.objects.filter(topic=Topic.DUE_SOON).select_related("user", "step").order_by("pk")
    return [("step" if n.step else "dossier", n.user.username, n.subject) for n in rows]


# -- warnings before the due instant --------------------------------------------------------------------------------


def test_the_specialist_is_warned_8_working_hours_before_the_step_is_due(desk, settings):
    settings.DUE_WARNING_WORKING_HOURS = 8
    dossier = in_processing(desk)
    step = dossier.steps.get(status=DossierStep.Status.ACTIVE)
    assert (step.name, step.due_at) == ("Thẩm định hồ sơ, dự thảo kết quả", at(2026, 3, 6, 10, 30))

    # Thursday 10:00 → Friday 10:30 is 9.5 working hours (lunch 12–13 excluded): not yet.
    assert reminders.warn_due_soon.call(at(2026, 3, 5, 10).isoformat()) == 0
    # Thursday 11:00 → Friday 10:30 is 7.5 working hours; the dossier (Monday 10:00) is 15 away.
    assert reminders.warn_due_soon.call(at(2026, 3, 5, 11).isoformat()) == 1
    assert warnings() == [
        ("step", "chuyenvien.hongvan", f"Sắp đến hạn: bước «Thẩm định hồ sơ, dự thảo kết quả» của hồ sơ {dossier.code}")
    ]
    notice = Notification.objects.get(topic=Topic.DUE_SOON)
    assert (notice.channel, notice.address, notice.step, notice.about_due_at) == (
        "email",
        "chuyenvien@hongvan.example.vn",
        step,
        step.due_at,
    )
    assert "sắp đến hạn: 10:30 06/03/2026" in notice.body
    # One warning only, however often the task runs.
    assert reminders.warn_due_soon.call(at(2026, 3, 5, 14).isoformat()) == 0
    assert len(warnings()) == 1


def test_the_dossier_warning_counts_working_hours_across_the_weekend(desk, settings):
    settings.DUE_WARNING_WORKING_HOURS = 8
    dossier = in_processing(desk)
    # Friday 09:00 → Monday 10:00 is 72 hours on the clock but 9 working hours (7 on Friday, 2 on Monday).
    reminders.warn_due_soon.call(at(2026, 3, 6, 9).isoformat())
    assert [w for w in warnings() if w[0] == "dossier"] == []
    reminders.warn_due_soon.call(at(2026, 3, 6, 10).isoformat())  # 8 working hours left
    assert [w for w in warnings() if w[0] == "dossier"] == [
        ("dossier", "chuyenvien.hongvan", f"Sắp đến hạn giải quyết hồ sơ {dossier.code}")
    ]
    assert "sắp đến hạn giải quyết: 10:00 09/03/2026" in Notification.objects.get(step=None, topic="due_soon").body


def test_a_day_off_on_the_calendar_brings_the_warning_forward(desk, settings):
    settings.DUE_WARNING_WORKING_HOURS = 8
    dossier = in_processing(desk)
    reminders.warn_due_soon.call(at(2026, 3, 5, 11).isoformat())
    assert [w[0] for w in warnings()] == ["step"]  # the dossier (Monday 10:00) is 15 working hours away
    admin = User.objects.get(username="quantri.hethong")
    calendar_services.add_override(
        admin, None, date=datetime.date(2026, 3, 6), kind="day_off", reason="Nghỉ theo thông báo", legal_reference="X"
    )
    # With Friday off, Thursday 11:30 → Monday 10:00 is 4.5 + 2 working hours (the stored due instant is the
    # recomputer's business, docs/deadlines.md; here it has not moved).
    reminders.warn_due_soon.call(at(2026, 3, 5, 11, 30).isoformat())
    assert warnings()[-1] == ("dossier", "chuyenvien.hongvan", f"Sắp đến hạn giải quyết hồ sơ {dossier.code}")


def test_an_unassigned_step_warns_the_leaders_and_a_desk_step_the_desk(desk, settings):
    settings.DUE_WARNING_WORKING_HOURS = 8
    waiting = in_processing(desk, assign=False)
    late_arrival = accept(desk, received_at=at(2026, 3, 2, 16))  # after 15:00: transfer due 08:00 next day
    assert late_arrival.steps.get(order=1).due_at == at(2026, 3, 3, 8)

    reminders.warn_due_soon.call(at(2026, 3, 2, 16, 30).isoformat())
    assert warnings() == [
        (
            "step",
            "tiepnhan.hongvan",
            f"Sắp đến hạn: bước «Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý» của hồ sơ {late_arrival.code}",
        )
    ]
    reminders.warn_due_soon.call(at(2026, 3, 5, 11).isoformat())
    assert warnings()[-1] == (
        "step",
        "lanhdao.hongvan",
        f"Sắp đến hạn: bước «Thẩm định hồ sơ, dự thảo kết quả» của hồ sơ {waiting.code}",
    )


def test_a_moved_deadline_is_warned_about_again(desk, settings):
    settings.DUE_WARNING_WORKING_HOURS = 8
    dossier = in_processing(desk)
    reminders.warn_due_soon.call(at(2026, 3, 6, 10).isoformat())
    assert [w[0] for w in warnings()].count("dossier") == 1
    lifecycle.request_extension(
        desk["leader"], dossier, reason="Cần xác minh thêm", new_due_at=at(2026, 3, 13, 10), at=at(2026, 3, 6, 11)
    )
    reminders.warn_due_soon.call(at(2026, 3, 6, 12).isoformat())
    assert [w[0] for w in warnings()].count("dossier") == 1  # new due instant is far away
    reminders.warn_due_soon.call(at(2026, 3, 12, 10).isoformat())
    assert [w[0] for w in warnings()].count("dossier") == 2


def test_a_step_due_with_its_dossier_does_not_hide_the_dossiers_warning(desk, settings):
    settings.DUE_WARNING_WORKING_HOURS = 8
    dossier = in_processing(desk)
    # A process whose specialist step runs to the dossier's own due instant.
    DossierStep.objects.filter(dossier=dossier, status=DossierStep.Status.ACTIVE).update(due_at=dossier.due_at)
    reminders.warn_due_soon.call(at(2026, 3, 6, 10).isoformat())
    assert sorted(w[0] for w in warnings()) == ["dossier", "step"]


def test_warnings_are_off_at_zero_and_skip_a_paused_dossier(desk, settings):
    dossier = in_processing(desk)
    settings.DUE_WARNING_WORKING_HOURS = 0
    assert reminders.warn_due_soon.call(at(2026, 3, 6, 10).isoformat()) == 0
    settings.DUE_WARNING_WORKING_HOURS = 8
    lifecycle.request_supplement(desk["specialist"], dossier, items=["Ảnh 4x6"], at=at(2026, 3, 3, 9))
    assert reminders.warn_due_soon.call(at(2026, 3, 6, 10).isoformat()) == 0  # the clock waits for the applicant


def test_the_warning_queries_do_not_grow_with_the_dossiers_that_do_not_qualify(
    desk, settings, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DUE_WARNING_WORKING_HOURS = 8
    in_processing(desk)
    moment = at(2026, 3, 2, 12).isoformat()  # nothing due within 8 working hours
    with CaptureQueriesContext(connection) as few:
        assert reminders.warn_due_soon.call(moment) == 0
    for day in (3, 4, 5):
        accept(desk, received_at=at(2026, 3, day, 9))
    with CaptureQueriesContext(connection) as many:
        assert reminders.warn_due_soon.call(moment) == 0
    assert len(many) == len(few)


# -- overdue ----------------------------------------------------------------------------------------------------------


def test_an_overdue_dossier_is_told_once_to_the_applicant_and_the_staff(desk):
    dossier = in_processing(desk)
    assert reminders.notify_overdue.call(at(2026, 3, 9, 9, 59).isoformat()) == 0
    made = reminders.notify_overdue.call(at(2026, 3, 9, 10, 15).isoformat())
    told = {(n.recipient_kind, n.address) for n in Notification.objects.filter(dossier=dossier, topic=Topic.OVERDUE)}
    assert made == 3
    assert told == {
        ("applicant", "binh@example.vn"),
        ("staff", "chuyenvien@hongvan.example.vn"),
        ("staff", "lanhdao@hongvan.example.vn"),
    }
    applicant = Notification.objects.get(dossier=dossier, topic=Topic.OVERDUE, recipient_kind="applicant")
    assert applicant.subject == f"Hồ sơ {dossier.code} đã quá hạn giải quyết"
    assert "thành thật xin lỗi" in applicant.body
    assert "(10:00 09/03/2026)" in applicant.body
    assert reminders.notify_overdue.call(at(2026, 3, 10, 10).isoformat()) == 0


def test_paused_decided_and_returned_dossiers_are_not_overdue(desk):
    paused = in_processing(desk)
    lifecycle.request_supplement(desk["specialist"], paused, items=["Ảnh 4x6"], at=at(2026, 3, 3, 9))
    decided = in_processing(desk)
    lifecycle.submit_for_signature(desk["specialist"], decided, at=at(2026, 3, 4, 9))
    lifecycle.sign(desk["leader"], decided, at=at(2026, 3, 4, 10))
    assert reminders.notify_overdue.call(at(2026, 3, 16, 10).isoformat()) == 0


# -- the 15-day close ------------------------------------------------------------------------------------------------


def test_a_dossier_without_its_supplement_closes_after_15_days(desk):
    dossier = in_processing(desk)
    lifecycle.request_supplement(desk["specialist"], dossier, items=["Ảnh 4x6"], at=at(2026, 3, 3, 9))
    dossier.refresh_from_db()
    assert dossier.supplement_due_at == at(2026, 3, 18, 23, 59, 59, 999999)  # 15 days after the notice
    assert tasks.close_unsupplemented.call(at(2026, 3, 18, 23, 58).isoformat()) == 0
    assert tasks.close_unsupplemented.call(at(2026, 3, 19, 0, 1).isoformat()) == 1
    dossier.refresh_from_db()
    assert (dossier.state, dossier.outcome) == (State.CLOSED, "closed")


# -- through the real worker -------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_closes_warns_and_sends(desk, settings, mailoutbox):
    settings.DUE_WARNING_WORKING_HOURS = 8
    unsupplemented = in_processing(desk)
    lifecycle.request_supplement(desk["specialist"], unsupplemented, items=["Ảnh 4x6"], at=at(2026, 3, 3, 9))
    # Accepted Monday 16/03 10:00 (due Monday 23/03 10:00), warned about on Friday 20/03 at 10:00.
    running = accept(desk, received_at=at(2026, 3, 16, 10))
    mailoutbox.clear()  # the notices of the actions themselves
    moment = at(2026, 3, 20, 10).isoformat()
    for periodic in (tasks.close_unsupplemented, reminders.notify_overdue, reminders.warn_due_soon):
        periodic.enqueue(moment)

    run_worker()

    unsupplemented.refresh_from_db()
    assert unsupplemented.state == State.CLOSED
    subjects = {(mail.to[0], mail.subject) for mail in mailoutbox}
    assert ("binh@example.vn", f"Hồ sơ {unsupplemented.code} đã bị đóng vì không được bổ sung") in subjects
    assert ("tiepnhan@hongvan.example.vn", f"Sắp đến hạn giải quyết hồ sơ {running.code}") in subjects
    assert not Notification.objects.exclude(status="sent").exists()
    finished = DBTaskResult.objects.filter(
        task_path__in=[
            "motcua.dossiers.tasks.close_unsupplemented",
            *(f"motcua.notify.reminders.{name}" for name in ("notify_overdue", "warn_due_soon")),
        ]
    )
    assert sorted(finished.values_list("status", "return_value")) == [
        ("SUCCESSFUL", 0),  # nothing overdue
        ("SUCCESSFUL", 1),  # one dossier closed
        ("SUCCESSFUL", 1),  # the running dossier warned about (its desk step was due on 16/03 already)
    ]


@pytest.mark.django_db(transaction=True)
def test_run_periodic_enqueues_the_periodic_tasks(desk, capsys):
    call_command("run_periodic")
    queued = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == [
        "motcua.core.retention.purge_expired_records",
        "motcua.core.tasks.purge_idempotency_keys",
        "motcua.core.tasks.report_orphan_files",
        "motcua.core.tasks.requeue_stalled_tasks",
        "motcua.documents.tasks.remove_expired_documents",
        "motcua.dossiers.tasks.close_unsupplemented",
        "motcua.notify.reminders.notify_overdue",
        "motcua.notify.reminders.warn_due_soon",
        "motcua.notify.reminders.warn_intake_due_soon",
        "motcua.notify.tasks.requeue_stalled_notifications",
        "motcua.ops.tasks.worker_heartbeat",
        "motcua.reports.tasks.store_recent_months",
    ]
    run_worker()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    # Cron on a second node in the same period: every job was claimed already, nothing is queued twice.
    DBTaskResult.objects.all().delete()
    call_command("run_periodic")
    assert not DBTaskResult.objects.exists()

    call_command("run_periodic", "--now")
    assert "close_unsupplemented: 0" in capsys.readouterr().out
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_a_periodic_job_is_claimed_once_per_period_across_nodes():
    from motcua.core import periodic

    job = next(job for job in periodic.jobs() if job.name == "notify_overdue")
    start = at(2026, 3, 5, 10)
    assert periodic.claim(job, start)
    # Another node, later in the same 15 minutes: refused by the unique claim; the next period is free again.
    assert not periodic.claim(job, start + datetime.timedelta(minutes=14))
    assert periodic.claim(job, start + datetime.timedelta(minutes=15))
    assert [j.name for j in periodic.jobs()] == [
        "purge_idempotency_keys",
        "requeue_stalled_tasks",
        "report_orphan_files",
        "purge_expired_records",
        "remove_expired_documents",
        "close_unsupplemented",
        "notify_overdue",
        "warn_due_soon",
        "warn_intake_due_soon",
        "requeue_stalled_notifications",
        "store_recent_months",
        "worker_heartbeat",
    ]
