from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save
        from django.tasks.signals import task_finished, task_started
        from django_tasks_db.models import DBTaskResult

        from motcua.core import periodic
        from motcua.core.append_only import register_sqlite_function
        from motcua.core.request_id import forget_after_request
        from motcua.core.task_request_id import adopt_for_task, forget_after_task, stamp_task_row
        from motcua.core.tasks import purge_idempotency_keys, report_orphan_files, requeue_stalled_tasks

        # The SQLite triggers of the legal history call this function (motcua.core.append_only).
        connection_created.connect(register_sqlite_function, dispatch_uid="motcua-history-guard")
        request_finished.connect(forget_after_request, dispatch_uid="motcua-request-id")
        # The request id travels with the tasks a request enqueues (motcua.core.task_request_id).
        pre_save.connect(stamp_task_row, sender=DBTaskResult, dispatch_uid="motcua-task-request-id")
        task_started.connect(adopt_for_task, dispatch_uid="motcua-task-request-id")
        task_finished.connect(forget_after_task, dispatch_uid="motcua-task-request-id")
        periodic.register("purge_idempotency_keys", purge_idempotency_keys, minutes=60)
        periodic.register("requeue_stalled_tasks", requeue_stalled_tasks, summary="stalled background tasks")
        periodic.register("report_orphan_files", report_orphan_files, minutes=24 * 60)

        from motcua.core.retention import purge_expired_records

        periodic.register("purge_expired_records", purge_expired_records, minutes=24 * 60)
