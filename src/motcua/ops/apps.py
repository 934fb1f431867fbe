from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "motcua.ops"
    verbose_name = _("Vận hành")

    def ready(self):
        from django.tasks.signals import task_started

        from motcua.core import periodic
        from motcua.ops.heartbeat import beat_on_task_start
        from motcua.ops.tasks import worker_heartbeat

        task_started.connect(beat_on_task_start, dispatch_uid="motcua-worker-heartbeat")
        # An idle cluster still gets a task, and so a heartbeat, every period of the cron (motcua run_periodic).
        periodic.register("worker_heartbeat", worker_heartbeat, minutes=15, summary="worker heartbeat")
