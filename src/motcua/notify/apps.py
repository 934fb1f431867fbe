from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "motcua.notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from motcua.dossiers.signals import event_recorded
        from motcua.notify.notices import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="motcua.notify.event_notices")
