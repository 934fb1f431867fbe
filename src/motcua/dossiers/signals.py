"""Sent after the transaction of a lifecycle action has committed (never for a rolled-back one), so notification
and synchronisation modules can react without the lifecycle knowing them."""

from django.dispatch import Signal

# Arguments: dossier_id, event_id, kind (DossierEvent.Kind value), and event: the committed DossierEvent itself, its
# `.dossier` the dossier as the action stored it (agencies and version loaded), so a receiver need not read it again.
event_committed = Signal()
