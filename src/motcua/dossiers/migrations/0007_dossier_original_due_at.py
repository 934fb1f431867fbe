"""Dossier.original_due_at: the legal due instant an extension (Mẫu 04) replaced, which form II.06a judges
timeliness against (motcua.reports.ii06a.legal_due). Backfilled from the extension events, whose details keep
`previous_due_at`, for the dossiers whose extension still stands (extended_due_at set)."""

import datetime

from django.db import migrations, models


def backfill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    extended = Dossier.objects.filter(extended_due_at__isnull=False, original_due_at__isnull=True)
    for pk in extended.values_list("pk", flat=True).iterator():
        event = DossierEvent.objects.filter(dossier_id=pk, kind="extended").order_by("-at", "-pk").first()
        previous = (event.details or {}).get("previous_due_at") if event else None
        if previous:
            Dossier.objects.filter(pk=pk).update(original_due_at=datetime.datetime.fromisoformat(previous))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_event_kind_forwarded"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="original_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hạn giải quyết trước khi hẹn lại"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
