from django.db import migrations, models


def mark_stored_months_stale(apps, schema_editor):
    """The months stored before put a dossier with an inter-agency part with the others, where the participating
    agencies do not count it: computed again on their next read (ii06a.PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER)."""
    StoredMonth = apps.get_model("reports", "StoredMonth")
    StaleMonth = apps.get_model("reports", "StaleMonth")
    months = StoredMonth.objects.values_list("month", flat=True)
    StaleMonth.objects.bulk_create([StaleMonth(month=month) for month in months], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_procedure_abolition_decision_and_more"),
        ("orgs", "0001_initial"),
        ("reports", "0006_month_facts_refused_after_appraisal"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="monthfacts", name="month_facts_unique"),
        migrations.AddField(
            model_name="monthfacts",
            name="interagency_dossier",
            field=models.PositiveBigIntegerField(default=0, verbose_name="hồ sơ liên thông"),
        ),
        migrations.AddConstraint(
            model_name="monthfacts",
            constraint=models.UniqueConstraint(
                fields=("month", "competent_agency", "receiving_agency", "version", "interagency_dossier"),
                name="month_facts_unique",
            ),
        ),
        migrations.RunPython(mark_stored_months_stale, migrations.RunPython.noop),
    ]
