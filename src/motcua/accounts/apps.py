from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self) -> None:
        from motcua.accounts import signals  # noqa: F401  (login audit)
        from motcua.accounts.models import ApplicantProfile, RoleAssignment, User
        from motcua.core.audit import track_changes

        for model in (User, RoleAssignment, ApplicantProfile):
            track_changes(model)
