"""Drop the single-column indexes that a composite index already leads with (agencies, state, assignee; a step's
dossier): every dossier action paid to update them and no query needs them.

The database side is plain DROP INDEX: AlterField would also drop and re-add the foreign keys, revalidating every
row of a province's dossier table under an exclusive lock."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (index, table, column) as Django named them when it made them, the same on PostgreSQL and SQLite.
DROPPED = (
    ("dossiers_dossier_assignee_id_127f79ea", "dossiers_dossier", "assignee_id"),
    ("dossiers_dossier_competent_agency_id_a13707a3", "dossiers_dossier", "competent_agency_id"),
    ("dossiers_dossier_receiving_agency_id_d0b091b4", "dossiers_dossier", "receiving_agency_id"),
    ("dossiers_dossier_state_796edfbc", "dossiers_dossier", "state"),
    ("dossiers_dossierstep_dossier_id_c1142212", "dossiers_dossierstep", "dossier_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0002_order_children_by_dossier_id"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    [f"DROP INDEX IF EXISTS {name}" for name, _table, _column in DROPPED]
                    # PostgreSQL's pattern index of the state column (none on SQLite).
                    + ["DROP INDEX IF EXISTS dossiers_dossier_state_796edfbc_like"],
                    reverse_sql=[f"CREATE INDEX {name} ON {table} ({column})" for name, table, column in DROPPED],
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assigned_dossiers",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="chuyên viên xử lý",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="competent_agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="competent_dossiers",
                        to="orgs.agency",
                        verbose_name="cơ quan giải quyết",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="receiving_agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="received_dossiers",
                        to="orgs.agency",
                        verbose_name="cơ quan tiếp nhận",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="state",
                    field=models.CharField(
                        choices=[
                            ("submitted", "Chờ tiếp nhận (nộp trực tuyến)"),
                            ("intake_supplement", "Yêu cầu bổ sung khi tiếp nhận"),
                            ("intake_refused", "Từ chối tiếp nhận"),
                            ("received", "Đã tiếp nhận"),
                            ("transferred", "Đã chuyển cơ quan giải quyết"),
                            ("processing", "Đang giải quyết"),
                            ("consulting", "Đang lấy ý kiến, xác minh"),
                            ("supplement_requested", "Chờ bổ sung hồ sơ"),
                            ("awaiting_signature", "Chờ lãnh đạo ký"),
                            ("result_issued", "Đã có kết quả"),
                            ("ready_for_return", "Chờ trả kết quả"),
                            ("returned", "Đã trả kết quả"),
                            ("correction", "Đang đính chính kết quả"),
                            ("stopped", "Dừng giải quyết (rút hồ sơ)"),
                            ("closed", "Đóng hồ sơ (không bổ sung)"),
                        ],
                        max_length=24,
                        verbose_name="trạng thái",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierstep",
                    name="dossier",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="dossiers.dossier",
                    ),
                ),
            ],
        )
    ]
