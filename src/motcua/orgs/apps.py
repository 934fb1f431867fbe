from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "motcua.orgs"
    verbose_name = _("Tổ chức, đơn vị")

    def ready(self) -> None:
        from motcua.core.audit import track_changes
        from motcua.orgs.models import Agency

        # Units and their mapping come from the loader, not from people; agencies are edited by admins.
        track_changes(Agency)
