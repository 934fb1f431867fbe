from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self) -> None:
        from motcua.dossiers.deadlines import recompute_after_calendar_change
        from motcua.workcal.recompute import register_recomputer

        register_recomputer("dossiers", recompute_after_calendar_change)

        from motcua.core import periodic
        from motcua.dossiers.tasks import close_unsupplemented

        periodic.register("close_unsupplemented", close_unsupplemented)
