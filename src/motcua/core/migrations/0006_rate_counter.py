# The counters of motcua.core.rate_limit (issue 16 item 7): one row per limit and client, bumped atomically.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_history_hash_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("bucket", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("hits", models.PositiveIntegerField()),
                ("resets_at", models.DateTimeField(db_index=True)),
            ],
        ),
    ]
