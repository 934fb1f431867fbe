"""The tracking reference (mã tra cứu) of every dossier; the dossiers made before it get one now, drawn the same way
as new ones (motcua.dossiers.codes) for the local day they were submitted."""

import datetime
import secrets
import zoneinfo

from django.db import migrations, models

# Copied, not imported: a migration must keep working when the module it would import changes.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2000


def backfill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    taken = set(Dossier.objects.exclude(reference=None).values_list("reference", flat=True))
    pending = []
    for dossier in Dossier.objects.filter(reference=None).only("pk", "submitted_at").iterator(chunk_size=BATCH):
        day = (dossier.submitted_at or datetime.datetime.now(datetime.UTC)).astimezone(LOCAL).date()
        while True:
            candidate = f"TN{day:%y%m%d}-" + "".join(secrets.choice(ALPHABET) for _ in range(6))
            if candidate not in taken:
                break
        taken.add(candidate)
        dossier.reference = candidate
        pending.append(dossier)
        if len(pending) >= BATCH:
            Dossier.objects.bulk_update(pending, ["reference"])
            pending = []
    if pending:
        Dossier.objects.bulk_update(pending, ["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_drop_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="reference",
            field=models.CharField(
                blank=True,
                help_text="Cấp ngay khi nộp; dùng để tra cứu trước khi có mã hồ sơ.",
                max_length=20,
                null=True,
                unique=True,
                verbose_name="mã tra cứu",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
