from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = _("Báo cáo và chỉ số")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from motcua.core.audit import track_changes
        from motcua.dossiers.models import DossierDocument, DossierFee
        from motcua.dossiers.signals import event_recorded
        from motcua.payments.models import Payment
        from motcua.reports import marking
        from motcua.reports.models import IndicatorSetting

        # The 766 points and targets decide every agency's score: who changed them must be on record.
        track_changes(IndicatorSetting)
        # A change to a stored month's facts marks it stale in the change's own transaction (motcua.reports.facts).
        event_recorded.connect(marking.on_event_recorded, dispatch_uid="motcua.reports.facts.event")
        post_save.connect(marking.on_payment_saved, sender=Payment, dispatch_uid="motcua.reports.facts.payment_saved")
        post_delete.connect(
            marking.on_payment_saved, sender=Payment, dispatch_uid="motcua.reports.facts.payment_deleted"
        )
        for part in (DossierFee, DossierDocument):
            uid = f"motcua.reports.facts.{part._meta.model_name}"
            post_save.connect(marking.on_dossier_part_saved, sender=part, dispatch_uid=f"{uid}_saved")
            post_delete.connect(marking.on_dossier_part_saved, sender=part, dispatch_uid=f"{uid}_deleted")

        from motcua.core import periodic
        from motcua.reports.tasks import store_recent_months

        periodic.register("store_recent_months", store_recent_months)
