from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Phí, lệ phí và thanh toán")

    def ready(self) -> None:
        from motcua.core.audit import track_changes
        from motcua.payments.models import Payment

        # Who recorded, confirmed or cancelled which payment, and every callback's effect, are in the audit log.
        track_changes(Payment)
