from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "motcua.notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from motcua.notify.channels import check_production_gateway

        check_production_gateway()

        from motcua.dossiers.signals import event_recorded
        from motcua.notify.notices import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="motcua.notify.event_notices")

        from motcua.notify import part_notices

        event_recorded.connect(part_notices.on_event_recorded, dispatch_uid="motcua.notify.part_notices")

        from motcua.core import periodic
        from motcua.notify.reminders import notify_overdue, warn_due_soon, warn_intake_due_soon
        from motcua.notify.tasks import requeue_stalled_notifications

        periodic.register("notify_overdue", notify_overdue)
        periodic.register("warn_due_soon", warn_due_soon)
        periodic.register("warn_intake_due_soon", warn_intake_due_soon)
        periodic.register("requeue_stalled_notifications", requeue_stalled_notifications)

        from motcua.core import retention
        from motcua.notify.retention import purge_outbox

        retention.register("notify.outbox", "RETENTION_OUTBOX_DAYS", purge_outbox, summary="sent and failed notices")
