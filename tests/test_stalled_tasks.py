"""A task whose worker was killed is run again (issue 18: "every notification was sent exactly once" with a worker
killed under load): django-tasks-db leaves such a task RUNNING for ever; the periodic requeue_stalled_tasks hands it
back after MOTCUA_TASK_STALLED_MINUTES and the real worker (`motcua db_worker`) then does its work, once."""

import datetime

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dossier_helpers import intake, user
from motcua.core import periodic
from motcua.core.stalled_tasks import requeue_stalled
from motcua.dossiers import lifecycle
from motcua.notify.models import Notification
from motcua.notify.notices import make_event_notice

APPLICANT = lifecycle.Applicant(kind="person", name="Trần Thị Bình", id_number="001190012345", email="binh@example.vn")


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def accept_one():
    return lifecycle.accept(user("tiepnhan.hongvan"), intake(applicant=APPLICANT))


def claimed_by_a_worker_that_died(started: datetime.datetime) -> DBTaskResult:
    """The intake's make_event_notice task as a worker leaves it when killed right after claiming it."""
    task = DBTaskResult.objects.get(task_path=make_event_notice.module_path)
    task.claim("worker-killed")  # the library's own claim: RUNNING, started now, the worker's id recorded
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=started)
    return task


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_killed_worker_is_run_again_once(demo, settings, mailoutbox):
    settings.TASK_STALLED_MINUTES = 30
    accept_one()
    now = timezone.now()
    task = claimed_by_a_worker_that_died(now - datetime.timedelta(minutes=31))

    run_worker()  # a living worker: the library never gives it a task marked running
    assert not Notification.objects.exists() and mailoutbox == []

    assert requeue_stalled(now) == 1
    task.refresh_from_db()
    assert (task.status, task.started_at) == (TaskResultStatus.READY, None)
    run_worker()  # makes the notice, then its send task sends it
    [notice] = Notification.objects.filter(channel="email")
    assert notice.status == Notification.Status.SENT
    assert len(mailoutbox) == 1

    assert requeue_stalled(now) == 0  # nothing left running; the finished task is not touched
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_a_task_running_for_less_than_the_limit_is_left_to_its_worker(demo, settings):
    settings.TASK_STALLED_MINUTES = 30
    accept_one()
    now = timezone.now()
    task = claimed_by_a_worker_that_died(now - datetime.timedelta(minutes=29))
    assert requeue_stalled(now) == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert requeue_stalled(now + datetime.timedelta(minutes=1)) == 1


@pytest.mark.django_db
def test_the_sweep_is_a_periodic_job_of_every_node(demo):
    job = {job.name: job for job in periodic.jobs()}["requeue_stalled_tasks"]
    accept_one()
    claimed_by_a_worker_that_died(timezone.now() - datetime.timedelta(days=1))
    assert job.task.call() == 1
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
