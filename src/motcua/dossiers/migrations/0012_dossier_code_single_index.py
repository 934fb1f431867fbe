"""The dossier code indexed once (issue 17): its uniqueness becomes the named constraint dossier_code_unique, and
PostgreSQL's second index of the column (dossiers_dossier_code_6d68c351_like, varchar_pattern_ops, which Django adds
beside the unique index of a unique CharField for LIKE 'prefix%') goes: no query searches codes by prefix — they are
looked up whole (exact, iexact: UPPER(code) = …) or anywhere in them (icontains: UPPER(code) LIKE '%…%'), neither
of which that index serves. About 50 MB per million dossiers, and one index less to update at every intake.

On PostgreSQL the database side renames the existing unique constraint (its index keeps its pages: nothing is
rebuilt, no long lock on a province's table) and drops the pattern index. SQLite has no pattern index, and its
column UNIQUE is already the one index the constraint needs; the next rebuild of the table writes it as the named
constraint."""

from django.db import migrations, models

TABLE = "dossiers_dossier"
PATTERN_INDEX = "dossiers_dossier_code_6d68c351_like"  # as Django named it in 0001, the same in every database


def single_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT dossiers_dossier_code_key TO dossier_code_unique")
        schema_editor.execute(f"DROP INDEX IF EXISTS {PATTERN_INDEX}")


def both_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT dossier_code_unique TO dossiers_dossier_code_key")
        schema_editor.execute(f"CREATE INDEX {PATTERN_INDEX} ON {TABLE} (code varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0011_open_queue_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(single_index, both_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="code",
                    field=models.CharField(
                        blank=True, help_text="Cấp khi tiếp nhận.", max_length=40, null=True, verbose_name="mã hồ sơ"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="dossier",
                    constraint=models.UniqueConstraint(fields=("code",), name="dossier_code_unique"),
                ),
            ],
        )
    ]
