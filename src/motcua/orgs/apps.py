from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "motcua.orgs"
    verbose_name = "Tổ chức, đơn vị"

    def ready(self) -> None:
        from motcua.core.audit import track_changes
        from motcua.orgs.models import Agency

        # Units and their mapping come from the loader, not from people; agencies are edited by admins.
        track_changes(Agency)
