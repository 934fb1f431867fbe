"""Read indexes on the dossier tables for form II.06a and the inspection lists (owned here: only the reads need them).

- reports_end_event_idx / reports_end_event_at_idx: the stop or closing event of a withdrawn or closed dossier, by
  (dossier, at) for the per-dossier probes and by `at` for "ended since the start of the period"; partial, so they
  hold a few rows per hundred dossiers.
- reports_open_or_decided_idx, reports_competent_open_idx, reports_receiving_open_idx (PostgreSQL): COALESCE(
  resolved_at, NEVER) of the dossiers that were not withdrawn or closed — the dossiers still pending at the start
  of a period or decided since are one range of it (motcua.reports.ii06a.period_parts) — with received_at for a
  province, and after the competent or receiving agency for a commune. The constant must stay equal to
  ii06a.NEVER for the planner to use them.
"""

from django.db import migrations

DECIDED_OR_OPEN = "(COALESCE(resolved_at, '9999-12-31 00:00:00+00'::timestamptz))"
NOT_ENDED = "WHERE state NOT IN ('stopped', 'closed')"
EXPRESSION_INDEXES = {
    "reports_open_or_decided_idx": f"({DECIDED_OR_OPEN}, received_at) {NOT_ENDED}",
    "reports_competent_open_idx": f"(competent_agency_id, {DECIDED_OR_OPEN}) {NOT_ENDED}",
    "reports_receiving_open_idx": f"(receiving_agency_id, {DECIDED_OR_OPEN}) {NOT_ENDED}",
}


def create_expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in EXPRESSION_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON dossiers_dossier {definition}")


def drop_expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in EXPRESSION_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_indicator_defaults"),
        ("dossiers", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reports_end_event_idx ON dossiers_dossierevent (dossier_id, at) "
            "WHERE kind IN ('stopped', 'closed')",
            "DROP INDEX IF EXISTS reports_end_event_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reports_end_event_at_idx ON dossiers_dossierevent (at) "
            "WHERE kind IN ('stopped', 'closed')",
            "DROP INDEX IF EXISTS reports_end_event_at_idx",
        ),
        migrations.RunPython(create_expression_indexes, drop_expression_indexes),
    ]
