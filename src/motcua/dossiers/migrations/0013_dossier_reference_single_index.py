"""The tracking reference indexed once (issue 17), as the code in 0012: its uniqueness becomes the named constraint
dossier_reference_unique, and PostgreSQL's second index of the column (dossiers_dossier_reference_6e341596_like,
varchar_pattern_ops, for LIKE 'prefix%') goes: a reference is only looked up whole (tracking, the API, the uniqueness
check when one is allocated). About 30 MB per million dossiers, and one index less to update at every submission.

On PostgreSQL the existing unique constraint is renamed (nothing rebuilt) and the pattern index dropped; SQLite's
column UNIQUE already is the one index."""

from django.db import migrations, models

TABLE = "dossiers_dossier"
PATTERN_INDEX = "dossiers_dossier_reference_6e341596_like"  # as Django named it in 0004, the same in every database


def single_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} RENAME CONSTRAINT dossiers_dossier_reference_key TO dossier_reference_unique"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {PATTERN_INDEX}")


def both_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} RENAME CONSTRAINT dossier_reference_unique TO dossiers_dossier_reference_key"
        )
        schema_editor.execute(f"CREATE INDEX {PATTERN_INDEX} ON {TABLE} (reference varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0012_dossier_code_single_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(single_index, both_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="reference",
                    field=models.CharField(
                        blank=True,
                        help_text="Cấp ngay khi nộp; dùng để tra cứu trước khi có mã hồ sơ.",
                        max_length=20,
                        null=True,
                        verbose_name="mã tra cứu",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="dossier",
                    constraint=models.UniqueConstraint(fields=("reference",), name="dossier_reference_unique"),
                ),
            ],
        )
    ]
