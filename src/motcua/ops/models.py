from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last moment a task worker (tiến trình nền, `motcua db_worker`) started a task: /readyz and the metrics
    tell from it whether the background work is being done. One row per worker process id (django-tasks-db makes
    a new id at each start); rows of workers gone for a week are deleted by the worker_heartbeat job."""

    worker_id = models.CharField(_("mã tiến trình nền"), max_length=64, primary_key=True)
    beat_at = models.DateTimeField(_("hoạt động lúc"), db_index=True)

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
