"""Notices to applicants: written in the lifecycle action's transaction (an outbox), enqueued when it commits, sent
by the real task worker through e-mail (Django's mail outbox in tests) and SMS (the logging gateway), retried with
backoff and left visibly failed, never lost."""

import datetime
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notify.channels import Channel, PermanentDeliveryError, register_channel, unregister_channel
from motcua.notify.models import ChannelPreference, Notification, Topic
from motcua.notify.services import muted
from motcua.notify.tasks import backoff, requeue_stalled, send_notification
from motcua.orgs.models import Agency
from notice_helpers import make_notices

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Notification.Status
BINH = lifecycle.Applicant(
    kind="person", name="Trần Thị Bình", id_number="001190012345", phone="0912000111", email="binh@example.vn"
)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def desk(demo):
    return {
        "officer": User.objects.get(username="tiepnhan.hongvan"),
        "specialist": User.objects.get(username="chuyenvien.hongvan"),
        "leader": User.objects.get(username="lanhdao.hongvan"),
        "centre": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        "ubnd": Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        "method": ProcedureMethod.objects.get(
            version__procedure__code="1.002211", version__status="published", channel="direct"
        ),
    }


def intake(desk, applicant=BINH, **extra) -> lifecycle.Intake:
    return lifecycle.Intake(
        method=desk["method"],
        receiving_agency=desk["centre"],
        competent_agency=desk["ubnd"],
        applicant=applicant,
        **extra,
    )


def accept(desk, applicant=BINH, received_at=None, **extra) -> Dossier:
    return lifecycle.accept(desk["officer"], intake(desk, applicant, **extra), at=received_at or at(2026, 3, 2, 10))


def in_processing(desk, applicant=BINH, **extra) -> Dossier:
    dossier = accept(desk, applicant, **extra)
    lifecycle.transfer(desk["officer"], dossier, at=at(2026, 3, 2, 10, 30))
    return lifecycle.assign(desk["leader"], dossier, specialist=desk["specialist"], at=at(2026, 3, 2, 11))


class FailingChannel(Channel):
    """A gateway that is down: the plugin interface with a real failure, counting its attempts."""

    def __init__(self, error: Exception):
        self.error = error
        self.calls = 0

    def send(self, message) -> None:
        self.calls += 1
        raise self.error


@pytest.fixture
def broken_sms():
    channel = FailingChannel(ConnectionError("SMS gateway unreachable"))
    register_channel("sms", channel)
    yield channel
    unregister_channel("sms")


# -- sending through the worker -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_acceptance_is_mailed_and_texted_to_the_applicant(desk, mailoutbox, caplog):
    caplog.set_level(logging.INFO, logger="motcua.sms")
    dossier = accept(desk)
    assert not Notification.objects.exists()  # the action wrote only the task that makes the notice
    assert DBTaskResult.objects.get().task_path == "motcua.notify.notices.make_event_notice"

    run_worker()  # makes the notices, then sends them

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["binh@example.vn"]
    assert mail.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "Kính gửi: Trần Thị Bình," in mail.body
    assert f"Mã hồ sơ: {dossier.code}" in mail.body
    assert "Ngày hẹn trả kết quả: 10:00 09/03/2026" in mail.body
    assert f"http://127.0.0.1:8000/cong-dan/tra-cuu/?ma={dossier.code}" in mail.body
    sms = [record for record in caplog.records if record.name == "motcua.sms"]
    assert len(sms) == 1
    assert "0912000111" in sms[0].getMessage()
    assert f"đã tiếp nhận hồ sơ {dossier.code}, hẹn trả kết quả 10:00 09/03/2026" in sms[0].getMessage()
    sent = Notification.objects.filter(status=Status.SENT)
    assert {(n.channel, n.address, n.attempts) for n in sent} == {
        ("email", "binh@example.vn", 1),
        ("sms", "0912000111", 1),
    }
    assert all(n.sent_at and n.dossier == dossier and n.topic == Topic.ACCEPTED for n in sent)
    assert all(n.event.kind == DossierEvent.Kind.ACCEPTED for n in sent)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_tells_nobody(desk, mailoutbox):
    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        accept(desk)
        raise Crash
    run_worker()
    assert not Dossier.objects.exists()
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert mailoutbox == []


def test_a_rolled_back_action_leaves_no_notice_and_enqueues_nothing(desk, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        accept(desk)
        assert DBTaskResult.objects.count() == 1  # the notice's task, written with the event ...
        raise RuntimeError("crash after the action, before the commit")
    assert callbacks == []
    assert not DBTaskResult.objects.exists()  # ... and rolled back with it
    assert not Notification.objects.exists()


def test_the_action_writes_the_notices_task_and_the_worker_makes_the_notice(desk):
    """With the tasks in the database (the default), the action writes one task row beside its event; the worker's
    task makes the notice of each channel and a send task for each. A rolled-back action leaves nothing."""
    with transaction.atomic():
        dossier = accept(desk)
        event = dossier.events.get(kind=DossierEvent.Kind.ACCEPTED)
        [task] = DBTaskResult.objects.all()
        assert (task.task_path, task.args_kwargs["args"]) == ("motcua.notify.notices.make_event_notice", [event.pk])
        assert not Notification.objects.exists()
    assert make_notices() == 1
    notices = Notification.objects.filter(dossier=dossier)
    assert {(n.channel, n.event_id, n.status) for n in notices} == {
        ("email", event.pk, Status.PENDING),
        ("sms", event.pk, Status.PENDING),
    }
    assert "10:00 09/03/2026" in notices.get(channel="sms").body  # the due instant the event recorded
    enqueued = DBTaskResult.objects.filter(task_path="motcua.notify.tasks.send_notification")
    assert sorted(task.args_kwargs["args"][0] for task in enqueued) == sorted(n.pk for n in notices)

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        accept(desk, received_at=at(2026, 3, 3, 9))
        raise Undone
    assert make_notices() == 0
    assert Notification.objects.count() == 2


def test_with_tasks_kept_elsewhere_the_send_waits_for_the_commit(desk, settings, django_capture_on_commit_callbacks):
    """A task backend outside the database (here Django's in-memory one) could run a task before the commit, or lose
    it: the notices are then made in the action's own transaction, and the sending is enqueued only once the action
    has committed."""
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dossier = accept(desk)
        assert Notification.objects.filter(dossier=dossier).count() == 2
        assert task_backends["default"].results == []
    for callback in callbacks:
        callback()  # the commit
    sent = sorted(result.args[0] for result in task_backends["default"].results)
    assert sent == sorted(Notification.objects.filter(dossier=dossier).values_list("pk", flat=True))
    assert not DBTaskResult.objects.exists()


def test_a_database_error_while_making_the_notice_does_not_break_the_action(
    desk, django_capture_on_commit_callbacks, monkeypatch, caplog, settings
):
    """Notices made in the action's transaction (tasks kept outside the database) are made in a savepoint."""
    from django.db import connection

    from motcua.notify import notices

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    def broken_context(dossier, event):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")  # on PostgreSQL this aborts the enclosing transaction
        return {}

    monkeypatch.setattr(notices, "event_context", broken_context)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = accept(desk)
        lifecycle.transfer(desk["officer"], dossier, at=at(2026, 3, 2, 10, 30))  # the transaction is still usable
    dossier.refresh_from_db()
    assert dossier.state == "transferred"
    assert list(dossier.events.values_list("kind", flat=True).order_by("pk")) == ["accepted", "transferred"]
    assert not Notification.objects.exists()
    assert "Could not make the applicant's notice" in caplog.text


def test_the_notice_costs_the_action_one_insert(desk, django_capture_on_commit_callbacks):
    """The notice of an event costs the action the INSERT of its task row and nothing else: no savepoint, no
    rendering, no read (counted, not timed: speed is the benchmark's business)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(hour: int) -> list[str]:
        with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as captured:
            accept(desk, received_at=at(2026, 3, 3, hour))
        return [query["sql"] for query in captured.captured_queries]

    accept(desk)  # builds the calendar, which later intakes reuse
    with muted():
        silent = statements(9)
    told = statements(10)
    assert len(told) == len(silent) + 1
    [extra] = [sql for sql in told if "django_tasks_database_dbtaskresult" in sql]
    assert extra.startswith('INSERT INTO "django_tasks_database_dbtaskresult"')
    assert not any("notify_notification" in sql for sql in told)

    def savepoints(sqls: list[str]) -> int:
        return sum("SAVEPOINT" in sql for sql in sqls)

    assert savepoints(told) == savepoints(silent)


@pytest.mark.django_db(transaction=True)
def test_a_failing_channel_is_retried_then_left_visibly_failed(desk, broken_sms, mailoutbox, settings, caplog):
    settings.NOTIFY_RETRY_SECONDS = 0  # every retry due at once, so one worker batch runs the whole series
    settings.NOTIFY_MAX_ATTEMPTS = 3
    accept(desk)
    run_worker()

    sms = Notification.objects.get(channel="sms")
    assert (sms.status, sms.attempts, sms.sent_at, sms.next_attempt_at) == (Status.FAILED, 3, None, None)
    assert sms.last_error == "ConnectionError: SMS gateway unreachable"
    assert broken_sms.calls == 3
    assert Notification.objects.get(channel="email").status == Status.SENT  # the other channel is unaffected
    assert len(mailoutbox) == 1
    assert any(r.levelno == logging.ERROR and f"Notification {sms.pk}" in r.getMessage() for r in caplog.records)
    # Three attempts, three task runs: the retries went through the queue.
    runs = DBTaskResult.objects.filter(task_path="motcua.notify.tasks.send_notification", args_kwargs__args=[sms.pk])
    assert runs.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_retry_waits_its_backoff_in_the_queue(desk, broken_sms, settings):
    settings.NOTIFY_RETRY_SECONDS = 60
    accept(desk, applicant=lifecycle.Applicant(kind="person", name="A B", id_number="001190012345", phone="0912000111"))
    before = timezone.now()
    run_worker()

    sms = Notification.objects.get()
    assert (sms.status, sms.attempts) == (Status.PENDING, 1)
    assert (
        before + datetime.timedelta(seconds=60)
        <= sms.next_attempt_at
        <= timezone.now() + datetime.timedelta(seconds=60)
    )
    retry = DBTaskResult.objects.get(status="READY")  # enqueued, not run: the batch worker found nothing due
    assert retry.run_after == sms.next_attempt_at
    assert retry.args_kwargs["args"] == [sms.pk]
    assert broken_sms.calls == 1


def test_the_backoff_grows_fourfold(settings):
    settings.NOTIFY_RETRY_SECONDS = 60
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [60, 240, 960, 3840, 15360]


@pytest.mark.django_db(transaction=True)
def test_a_permanent_error_fails_at_once(desk, settings):
    channel = FailingChannel(PermanentDeliveryError("số điện thoại không tồn tại"))
    register_channel("sms", channel)
    try:
        accept(desk)
        run_worker()
    finally:
        unregister_channel("sms")
    sms = Notification.objects.get(channel="sms")
    assert (sms.status, sms.attempts, channel.calls) == (Status.FAILED, 1, 1)
    assert "số điện thoại không tồn tại" in sms.last_error


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_task_sends_nothing_twice(desk, mailoutbox):
    accept(desk, applicant=lifecycle.Applicant(kind="person", name="A B", id_number="001190012345", email="a@b.vn"))
    make_notices()
    notification = Notification.objects.get()
    send_notification.enqueue(notification.pk)  # a second task for the same notice
    run_worker()
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_a_notice_whose_task_was_lost_is_found_again(desk, mailoutbox):
    accept(desk, applicant=lifecycle.Applicant(kind="person", name="A B", id_number="001190012345", email="a@b.vn"))
    make_notices()
    DBTaskResult.objects.all().delete()  # the worker's queue lost the send task
    run_worker()
    assert mailoutbox == []
    assert requeue_stalled() == 0  # not stalled yet: its attempt is due now
    Notification.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(hours=1))

    assert requeue_stalled() == 1
    run_worker()
    assert len(mailoutbox) == 1
    assert Notification.objects.get().status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_the_command_lists_failures_and_retries_them(desk, broken_sms, settings, capsys):
    settings.NOTIFY_RETRY_SECONDS = 0
    settings.NOTIFY_MAX_ATTEMPTS = 2
    dossier = accept(desk)
    run_worker()
    failed = Notification.objects.get(status=Status.FAILED)

    call_command("notifications", "--failed")
    out = capsys.readouterr().out
    assert f"#{failed.pk}" in out
    assert "0912000111" in out
    assert dossier.code in out
    assert "ConnectionError: SMS gateway unreachable" in out
    assert "1 thông báo «Gửi không thành công»" in out

    unregister_channel("sms")  # the gateway is back
    call_command("notifications", "--retry")
    assert "Đã xếp lại 1 thông báo" in capsys.readouterr().out
    run_worker()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)


# -- who is told, by which channel ----------------------------------------------------------------------------------


def notices_of(dossier) -> dict[str, Notification]:
    make_notices()
    return {n.channel: n for n in Notification.objects.filter(dossier=dossier)}


def test_the_channels_follow_the_addresses_the_dossier_has(desk, django_capture_on_commit_callbacks):
    phone_only = lifecycle.Applicant(kind="person", name="A B", id_number="001190012345", phone="0987654321")
    email_only = lifecycle.Applicant(kind="person", name="C D", id_number="001190012346", email="cd@example.vn")
    nothing = lifecycle.Applicant(kind="person", name="E G", id_number="001190012347")
    with django_capture_on_commit_callbacks(execute=True):
        by_phone, by_mail, unreachable = accept(desk, phone_only), accept(desk, email_only), accept(desk, nothing)
    assert {c: n.address for c, n in notices_of(by_phone).items()} == {"sms": "0987654321"}
    assert {c: n.address for c, n in notices_of(by_mail).items()} == {"email": "cd@example.vn"}
    assert notices_of(unreachable) == {}


def test_an_account_holders_choice_of_channel_is_respected(desk, django_capture_on_commit_callbacks):
    citizen = User.objects.get(username="congdan")
    ChannelPreference.objects.create(user=citizen, email=False, sms=True)
    applicant = lifecycle.Applicant(
        kind="person",
        name="Nguyễn Văn An",
        id_number="001090012345",
        email="an@example.vn",
        phone="0912345678",
        user=citizen,
    )
    with django_capture_on_commit_callbacks(execute=True):
        dossier = accept(desk, applicant)
    assert {c: n.address for c, n in notices_of(dossier).items()} == {"sms": "0912345678"}
    assert notices_of(dossier)["sms"].user == citizen


def test_an_account_without_a_choice_uses_its_own_addresses_when_the_dossier_has_none(
    desk, django_capture_on_commit_callbacks
):
    citizen = User.objects.get(username="congdan")  # congdan@example.com, 0912345678
    applicant = lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number="001090012345", user=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = accept(desk, applicant)
    assert {c: n.address for c, n in notices_of(dossier).items()} == {
        "email": "congdan@example.com",
        "sms": "0912345678",
    }


def test_notices_are_vietnamese_whatever_the_officers_language(desk, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        dossier = accept(desk)
    email = notices_of(dossier)["email"]
    assert email.subject.startswith("Hồ sơ ")
    assert "Kính gửi" in email.body


def test_muted_loading_tells_nobody(desk, django_capture_on_commit_callbacks):
    with muted(), django_capture_on_commit_callbacks(execute=True):
        accept(desk)
    assert not Notification.objects.exists()


def test_an_event_is_told_once_even_if_announced_twice(desk, django_capture_on_commit_callbacks):
    from motcua.dossiers.signals import event_recorded

    with django_capture_on_commit_callbacks(execute=True):
        dossier = accept(desk)
    event = dossier.events.get(kind=DossierEvent.Kind.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        # the same event announced again: the dedupe keys refuse both channels
        event_recorded.send(sender=Dossier, dossier_id=dossier.pk, event_id=event.pk, kind=event.kind, event=event)
    assert make_notices() == 2  # both announcements' tasks ran ...
    assert Notification.objects.filter(dossier=dossier).count() == 2  # ... but the dedupe keys refused the second
    assert DBTaskResult.objects.filter(task_path="motcua.notify.tasks.send_notification").count() == 2


# -- what each notice says ------------------------------------------------------------------------------------------


def email_of(dossier, topic) -> Notification:
    make_notices()
    return Notification.objects.get(dossier=dossier, topic=topic, channel="email")


def sms_of(dossier, topic) -> Notification:
    make_notices()
    return Notification.objects.get(dossier=dossier, topic=topic, channel="sms")


def test_supplement_request_lists_the_items_and_the_deadline(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = in_processing(desk)
        lifecycle.request_supplement(
            desk["specialist"],
            dossier,
            items=["Bản sao giấy khai sinh", "Ảnh 4x6"],
            reason="Thiếu giấy tờ chứng minh",
            at=at(2026, 3, 3, 9),
        )
    email = email_of(dossier, Topic.SUPPLEMENT_REQUESTED)
    assert email.subject == f"Hồ sơ {dossier.code} cần bổ sung, hoàn thiện"
    assert "- Bản sao giấy khai sinh\n- Ảnh 4x6\n" in email.body
    assert "Lý do: Thiếu giấy tờ chứng minh" in email.body
    assert "Hạn nộp bổ sung: 23:59 18/03/2026" in email.body  # 15 days after the notice
    assert "hồ sơ sẽ bị đóng" in email.body
    sms = sms_of(dossier, Topic.SUPPLEMENT_REQUESTED).body
    assert "Bản sao giấy khai sinh; Ảnh 4x6" in sms
    assert "23:59 18/03/2026" in sms
    assert "\n" not in sms


def test_intake_supplement_and_intake_refusal(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incomplete = lifecycle.request_intake_supplement(
            desk["officer"], intake(desk), items=["Tờ khai có chữ ký"], reason="Tờ khai chưa ký", at=at(2026, 3, 2, 9)
        )
        refused = lifecycle.refuse_intake(
            desk["officer"], intake(desk), reason="Thủ tục không thuộc thẩm quyền của xã", at=at(2026, 3, 2, 9)
        )
    email = email_of(incomplete, Topic.INTAKE_SUPPLEMENT)
    assert email.subject == "Hồ sơ của ông/bà cần bổ sung, hoàn thiện trước khi tiếp nhận"
    assert "- Tờ khai có chữ ký" in email.body
    assert "Lý do: Tờ khai chưa ký" in email.body
    assert "tra-cuu" not in email.body  # no code yet, nothing to track
    email = email_of(refused, Topic.INTAKE_REFUSED)
    assert email.subject == "Hồ sơ của ông/bà không được tiếp nhận"
    assert "Lý do: Thủ tục không thuộc thẩm quyền của xã" in email.body
    assert "Thủ tục không thuộc thẩm quyền của xã" in sms_of(refused, Topic.INTAKE_REFUSED).body


def test_refusal_extension_and_result(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        refused = in_processing(desk)
        lifecycle.refuse(desk["specialist"], refused, reason="Người đề nghị không đủ điều kiện", at=at(2026, 3, 3, 9))
        lifecycle.mark_ready(desk["officer"], refused, at=at(2026, 3, 3, 14))

        late = in_processing(desk)
        lifecycle.request_extension(
            desk["leader"], late, reason="Cần xác minh thêm", new_due_at=at(2026, 3, 13, 10), at=at(2026, 3, 5, 9)
        )
        lifecycle.submit_for_signature(desk["specialist"], late, at=at(2026, 3, 12, 9))
        lifecycle.sign(desk["leader"], late, at=at(2026, 3, 12, 10))
        lifecycle.mark_ready(desk["officer"], late, at=at(2026, 3, 12, 14))

    email = email_of(refused, Topic.REFUSED)
    assert email.subject == f"Hồ sơ {refused.code} không được giải quyết"
    assert "Lý do: Người đề nghị không đủ điều kiện" in email.body
    assert "Văn bản trả lời về hồ sơ" in email_of(refused, Topic.READY_FOR_RETURN).body

    email = email_of(late, Topic.EXTENDED)
    assert "xin lỗi" in email.subject.lower()
    assert "thành thật xin lỗi" in email.body
    assert "(10:00 09/03/2026)" in email.body
    assert "Ngày hẹn trả kết quả mới: 10:00 13/03/2026" in email.body
    assert "10:00 13/03/2026" in sms_of(late, Topic.EXTENDED).body
    email = email_of(late, Topic.READY_FOR_RETURN)
    assert email.subject == f"Hồ sơ {late.code} đã có kết quả"
    assert "Mời ông/bà đến Trung tâm Phục vụ hành chính công xã Hồng Vân để nhận kết quả" in email.body


def test_an_electronic_result_points_to_the_tracking_page(desk, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://motcua.hongvan.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        dossier = in_processing(desk, return_method="electronic")
        lifecycle.submit_for_signature(desk["specialist"], dossier, at=at(2026, 3, 4, 9))
        lifecycle.sign(desk["leader"], dossier, at=at(2026, 3, 4, 10))
        lifecycle.mark_ready(desk["officer"], dossier, at=at(2026, 3, 4, 11))
    link = f"https://motcua.hongvan.gov.vn/cong-dan/tra-cuu/?ma={dossier.code}"
    assert link in email_of(dossier, Topic.READY_FOR_RETURN).body
    assert link in sms_of(dossier, Topic.READY_FOR_RETURN).body


def test_stop_and_close(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stopped = in_processing(desk)
        lifecycle.stop(desk["officer"], stopped, reason="Người nộp xin rút hồ sơ", at=at(2026, 3, 3, 9))
        closed = in_processing(desk)
        lifecycle.request_supplement(desk["specialist"], closed, items=["Ảnh 4x6"], at=at(2026, 3, 3, 9))
        assert lifecycle.close_unsupplemented(now=at(2026, 3, 19, 8)) == 1
    email = email_of(stopped, Topic.STOPPED)
    assert email.subject == f"Hồ sơ {stopped.code} đã dừng giải quyết theo yêu cầu"
    assert "Lý do: Người nộp xin rút hồ sơ" in email.body
    email = email_of(closed, Topic.CLOSED)
    assert email.subject == f"Hồ sơ {closed.code} đã bị đóng vì không được bổ sung"
    assert "quá 15 ngày" in email.body


def test_internal_steps_tell_the_applicant_nothing(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = in_processing(desk)  # accepted, transferred, assigned
    make_notices()
    assert set(Notification.objects.filter(dossier=dossier).values_list("topic", flat=True)) == {Topic.ACCEPTED}


def test_the_outbox_is_readable_and_unchangeable_in_the_admin(desk, login_as, django_capture_on_commit_callbacks):
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        dossier = accept(desk)
    make_notices()
    client = login_as("quantri.hethong")
    response = client.get(reverse("admin:notify_notification_changelist"), {"q": dossier.code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "binh@example.vn" in html
    assert "0912000111" in html
    notice = Notification.objects.get(channel="email")
    page = client.get(reverse("admin:notify_notification_change", args=[notice.pk])).content.decode()
    assert f"Mã hồ sơ: {dossier.code}" in page
    assert 'name="_save"' not in page  # read-only
    assert client.get(reverse("admin:notify_notification_add")).status_code == 403
