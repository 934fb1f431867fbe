from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "motcua.groups"
    verbose_name = _("Nhóm thủ tục liên thông điện tử")

    def ready(self) -> None:
        from motcua.dossiers import holds
        from motcua.groups.delivery import held_reason

        # The members' results are handed over together (Decree 63/2024): a member's own "result received" and
        # "return" are neither offered nor allowed until the group delivers them all (motcua.groups.delivery).
        holds.register(held_reason)
