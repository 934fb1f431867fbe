"""API keys get a scope (read / act) and an expiry (issue 16 item 6).

Keys made before this change could do everything and never expired: they keep the "act" scope and expire
MOTCUA_API_TOKEN_DAYS after this migration runs, so no running integration stops at the upgrade.
"""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def existing_keys_keep_acting_for_one_period(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    expiry = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    ApiToken.objects.update(scope="act", expires_at=expiry)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_verification_codes_external_identities"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Chỉ đọc"), ("act", "Đọc và thao tác")],
                default="read",
                max_length=10,
                verbose_name="phạm vi",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="hết hạn lúc"),
        ),
        migrations.RunPython(existing_keys_keep_acting_for_one_period, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="hết hạn lúc"),
        ),
    ]
