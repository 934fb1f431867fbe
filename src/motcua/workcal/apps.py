from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "motcua.workcal"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        from motcua.core.audit import track_changes
        from motcua.workcal.models import CalendarOverride, WorkCalendar

        for model in (WorkCalendar, CalendarOverride):
            track_changes(model)
