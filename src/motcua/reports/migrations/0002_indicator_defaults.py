"""The published point split of Decision 766 (18 / 20 / 12 / 10 / 18 / 22) as editable rows; targets 100%."""

from django.db import migrations

DEFAULTS = {
    "posted_on_time": 18,
    "resolved_on_time": 20,
    "procedures_online": 6,
    "dossiers_online": 6,
    "paid_online": 10,
    "satisfied": 18,
    "digitised": 11,
    "electronic_result": 11,
}


def create_defaults(apps, schema_editor):
    setting = apps.get_model("reports", "IndicatorSetting")
    for indicator, points in DEFAULTS.items():
        setting.objects.get_or_create(indicator=indicator, defaults={"points": points, "target_percent": 100})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
