from django.db import migrations, models


def mark_stored_months_stale(apps, schema_editor):
    """The months stored before count a refusal after appraisal by its timing and have no refused_after_appraisal
    count: computed again on their next read (form II.06a's note of column 9, «Trả lại»)."""
    StoredMonth = apps.get_model("reports", "StoredMonth")
    StaleMonth = apps.get_model("reports", "StaleMonth")
    months = StoredMonth.objects.values_list("month", flat=True)
    StaleMonth.objects.bulk_create([StaleMonth(month=month) for month in months], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_month_facts_withdrawn_or_closed"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthfacts",
            name="refused_after_appraisal",
            field=models.PositiveIntegerField(default=0, verbose_name="từ chối giải quyết sau thẩm định"),
        ),
        migrations.RunPython(mark_stored_months_stale, migrations.RunPython.noop),
    ]
