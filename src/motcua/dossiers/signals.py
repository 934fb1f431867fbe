"""Signals of the lifecycle, so notification and synchronisation modules can react without the lifecycle knowing them.

Both carry: dossier_id, event_id, kind (DossierEvent.Kind value), and event: the DossierEvent itself, its `.dossier`
the dossier as the action stored it (agencies and version loaded), so a receiver need not read it again.

- `event_recorded` is sent INSIDE the action's transaction, right after the event row is written. What a receiver
  writes commits or rolls back with the action (the notify app's outbox). A receiver must not let a database error
  escape into the action: it works in a savepoint of its own and logs its failures.
- `event_committed` is sent after the transaction has committed (never for a rolled-back action).
"""

from django.dispatch import Signal

event_recorded = Signal()
event_committed = Signal()
