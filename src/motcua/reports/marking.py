"""Who changes a stored month's facts, and the receivers that mark it stale (motcua.reports.facts.mark_stale), in the
transaction of the change. Connected in ReportsConfig.ready, so that the dossiers and payments never import reports.

- Every dossier event (motcua.dossiers.signals.event_recorded, sent inside the action's transaction): the month of
  the event. A decision, a stop or a closing is counted in the month of its instant, which the demo and the tests
  set in the past (`at=`); receipts likewise.
- Events that add files to a dossier received or decided earlier (DOSSIER_FILES): also the months the dossier was
  received and decided. Its files count for the received month (digitised: intake or supplement files) and for the
  decided month (electronic_results: result files). The lifecycle stores them with bulk_create, which sends no
  post_save, so the event of the action stands for them.
- Parts handed to participating agencies (PARTS_SENT, Decree 118/2025 Art. 20.2): also the months the dossier was
  received and decided, whose stored rows then keep it apart for the participating agencies.
- Online payments (post_save / post_delete of motcua.payments.models.Payment; the services save payments one by one):
  a gateway payment that is or was paid changes paid_online of its dossier's received month.
- A fee or a file saved or deleted one by one (post_save / post_delete of DossierFee, DossierDocument: outside the
  lifecycle, which bulk-creates them): the dossier's received and decided months. Nothing on the intake path.

What is not marked, and why:
- Other events change nothing stored: transfer, assignment, steps, consultations, supplement requests and
  extensions come before the decision (only the pending snapshot, never stored, sees them); returning, correcting
  and marking ready keep resolved_at, outcome and the deadlines; the fees (DossierFee) are only made at acceptance.
- The deadline recompute after a calendar change (motcua.dossiers.deadlines) replays open dossiers only: a decided
  dossier's due instant, on which early / on time / late depend, does not move.
- Ratings are not stored (always read live).
"""

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierFee
from motcua.payments.models import Payment
from motcua.reports import facts

# Events that add files to a dossier that may have been received or decided in an earlier month.
DOSSIER_FILES = (DossierEvent.Kind.DOCUMENT_ADDED, DossierEvent.Kind.SUPPLEMENT_RECEIVED)
# Parts handed to participating agencies: the dossier now has a stored row of its own, which they count (facts).
PARTS_SENT = (DossierEvent.Kind.PART_SENT,)


def on_event_recorded(sender, event: DossierEvent | None = None, **kwargs) -> None:
    """Receiver of event_recorded, inside the action's transaction. Unlike the notices, a failure here fails the
    action: a change committed without its mark would leave wrong figures stored for good."""
    if event is None:  # every sender passes the event; without it there is nothing to date
        return
    moments = [event.at]
    if event.kind in DOSSIER_FILES or event.kind in PARTS_SENT:
        dossier = event.dossier  # loaded by the action
        moments += [dossier.received_at, dossier.resolved_at]
    facts.mark_stale(*moments)


def _counts_online(payment: Payment) -> bool:
    """A gateway payment that is paid, or was: only PAID sets paid_at, and nothing clears it."""
    return payment.method == Payment.Method.GATEWAY and (
        payment.status == Payment.Status.PAID or payment.paid_at is not None
    )


def _received_at(payment: Payment):
    if Payment.dossier.is_cached(payment):
        return payment.dossier.received_at
    return Dossier.objects.filter(pk=payment.dossier_id).values_list("received_at", flat=True).first()


def on_payment_saved(sender, instance: Payment, raw: bool = False, **kwargs) -> None:
    """Receiver of Payment's post_save and post_delete: a paid (or formerly paid) online payment marks its dossier's
    received month. Fixtures (raw) are left alone: `motcua refresh_report_facts` is for loaded data."""
    if raw or not _counts_online(instance):
        return
    facts.mark_stale(_received_at(instance))


def on_dossier_part_saved(sender, instance: DossierFee | DossierDocument, raw: bool = False, **kwargs) -> None:
    """Receiver of post_save and post_delete of DossierFee and DossierDocument saved one by one: its dossier's
    received month (with_fees, digitised) and decided month (electronic_results)."""
    if raw:
        return
    if type(instance).dossier.is_cached(instance):
        moments = [instance.dossier.received_at, instance.dossier.resolved_at]
    else:
        moments = Dossier.objects.filter(pk=instance.dossier_id).values_list("received_at", "resolved_at").first()
    facts.mark_stale(*(moments or ()))
