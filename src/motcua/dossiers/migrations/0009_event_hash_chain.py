"""The dossier history becomes one hash chain per dossier and append-only at the database (issue 16 item 3).

Existing events are chained per dossier in id order; then the guard of motcua.core.append_only (the function made
by core 0005): UPDATE, DELETE and TRUNCATE refused, lifted only inside append_only.maintenance() by the table's
owner. The dossier link becomes PROTECT: a dossier with a history is removed only by the owner's purge
(motcua.dossiers.history_chain.purge_dossiers). A later migration that rebuilds this table on SQLite drops the
triggers; verify_history reports them missing.
"""

import django.db.models.deletion
from django.db import migrations, models

from motcua.core import append_only, hash_chain

TABLE = "dossiers_dossierevent"
HASHED_FIELDS = (
    "dossier", "at", "kind", "actor", "actor_agency", "from_state", "to_state", "note", "due_at", "form", "details",
)
BATCH = 2000


def chain_existing(apps, schema_editor):
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    head, dossier_id, batch = hash_chain.GENESIS, None, []
    for event in DossierEvent.objects.order_by("dossier_id", "pk").iterator(chunk_size=BATCH):
        if event.dossier_id != dossier_id:
            head, dossier_id = hash_chain.GENESIS, event.dossier_id
        head = hash_chain.seal(event, head, HASHED_FIELDS)
        batch.append(event)
        if len(batch) >= BATCH:
            DossierEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    DossierEvent.objects.bulk_update(batch, ["prev_hash", "hash"])


def guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in append_only.create_sql(vendor, TABLE, ()):
        schema_editor.execute(statement, params=None)


def unguard(apps, schema_editor):
    for statement in append_only.drop_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_history_hash_chain'),
        ('dossiers', '0008_interagency_parts'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossierevent',
            name='hash',
            field=models.CharField(db_default='', editable=False, max_length=64, verbose_name='mã băm'),
        ),
        migrations.AddField(
            model_name='dossierevent',
            name='prev_hash',
            field=models.CharField(db_default='', editable=False, max_length=64, verbose_name='mã băm sự kiện trước'),
        ),
        migrations.AlterField(
            model_name='dossierevent',
            name='dossier',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='dossiers.dossier'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
