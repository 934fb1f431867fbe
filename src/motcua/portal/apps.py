from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "motcua.portal"
    verbose_name = _("Cổng dịch vụ công")

    def ready(self) -> None:
        from motcua.core import retention
        from motcua.portal.retention import purge_drafts

        retention.register("portal.drafts", "RETENTION_DRAFT_DAYS", purge_drafts, summary="online drafts")
