from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self) -> None:
        from motcua.accounts import signals, two_factor  # noqa: F401  (login audit; the check of the role names)
        from motcua.accounts.models import ApplicantProfile, RoleAssignment, User
        from motcua.core.audit import track_changes

        for model in (User, RoleAssignment, ApplicantProfile):
            track_changes(model)

        from motcua.accounts.retention import purge_codes
        from motcua.core import retention

        retention.register(
            "accounts.verification_codes", "RETENTION_VERIFICATION_CODE_DAYS", purge_codes, summary="one-time codes"
        )
