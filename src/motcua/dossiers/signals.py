"""Signals of the lifecycle, so notification and synchronisation modules can react without the lifecycle knowing them.

Both carry: dossier_id, event_id, kind (DossierEvent.Kind value), and event: the DossierEvent itself, its `.dossier`
the dossier as the action stored it (agencies and version loaded), so a receiver need not read it again.

- `event_recorded` is sent INSIDE the action's transaction, right after the event row is written. What a receiver
  writes commits or rolls back with the action (the notify app's outbox). A receiver whose work may fail without
  harm to the action (making notices inline) must not let a database error escape into it: it works in a savepoint
  of its own and logs its failures. A single write the action's consistency depends on fails the action instead:
  the notice's task row (motcua.notify.notices) and the reports' stale-month mark (motcua.reports.marking, no
  statement for a current month), without which a notice would be lost or a stored monthly figure stay wrong.
- `event_committed` is sent after the transaction has committed (never for a rolled-back action).
"""

from django.dispatch import Signal

event_recorded = Signal()
event_committed = Signal()
