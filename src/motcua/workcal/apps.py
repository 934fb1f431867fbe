from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalConfig(AppConfig):
    name = "motcua.workcal"
    verbose_name = _("Lịch làm việc")

    def ready(self) -> None:
        from motcua.core.audit import track_changes
        from motcua.workcal.models import CalendarOverride, WorkCalendar

        for model in (WorkCalendar, CalendarOverride):
            track_changes(model)
