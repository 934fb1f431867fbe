from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        from motcua.catalog.models import (
            AgencyOffering,
            InternalProcess,
            Posting,
            ProcedureVersion,
            PublicationDecision,
        )
        from motcua.catalog.public_cache import watch_catalog_models
        from motcua.core.audit import track_changes

        for model in (ProcedureVersion, PublicationDecision, Posting, AgencyOffering, InternalProcess):
            track_changes(model)
        watch_catalog_models()
