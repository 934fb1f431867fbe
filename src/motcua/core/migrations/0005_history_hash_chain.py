"""The audit log becomes a hash chain and append-only at the database, TRUNCATE included (issue 16 item 3).

Existing entries are chained in id order, then the guard of motcua.core.append_only replaces 0002's trigger: UPDATE,
DELETE and TRUNCATE refused (the one UPDATE let through still clears actor_id when an account is deleted), lifted
only inside append_only.maintenance() by the table's owner. SQLite gets the same triggers for UPDATE and DELETE.
"""

import django.utils.timezone
from django.db import migrations, models

from motcua.core import append_only, hash_chain

TABLE = "core_auditentry"
# The table's columns as of this migration (the SQLite exemption compares every one but actor_id).
COLUMNS = (
    "id", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label", "changes",
    "ip_address", "user_agent", "prev_hash", "hash",
)
HASHED_FIELDS = (
    "at", "actor_label", "action", "object_type", "object_id", "object_label", "changes", "ip_address", "user_agent",
)


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ChainHead = apps.get_model("core", "ChainHead")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS core_auditentry_append_only ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS core_auditentry_append_only()")
    head, last, batch = hash_chain.GENESIS, None, []
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        head, last = hash_chain.seal(entry, head, HASHED_FIELDS), entry.pk
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["prev_hash", "hash"])
    ChainHead.objects.create(chain="audit", hash=head, entry_id=last)


def guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [append_only.PG_FUNCTION] if vendor == "postgresql" else []
    for statement in statements + append_only.create_sql(vendor, TABLE, COLUMNS, clearable="actor_id"):
        # No parameters: the % in the function's message is PL/pgSQL's placeholder, not the driver's.
        schema_editor.execute(statement, params=None)


def unguard(apps, schema_editor):
    for statement in append_only.drop_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_periodic_claim'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('chain', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
                ('entry_id', models.BigIntegerField(null=True)),
            ],
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='mã băm'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='mã băm bản ghi trước'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', 'Tạo mới'), ('update', 'Sửa'), ('delete', 'Xóa'), ('login', 'Đăng nhập'), ('login_failed', 'Đăng nhập thất bại'), ('logout', 'Đăng xuất'), ('import', 'Nhập dữ liệu'), ('dossier_event', 'Thao tác trên hồ sơ')], max_length=20, verbose_name='hành động'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='thời điểm'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
