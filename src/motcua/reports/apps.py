from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = _("Báo cáo và chỉ số")

    def ready(self) -> None:
        from motcua.core.audit import track_changes
        from motcua.reports.models import IndicatorSetting

        # The 766 points and targets decide every agency's score: who changed them must be on record.
        track_changes(IndicatorSetting)
