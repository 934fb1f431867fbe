"""Pauses of password logins after a password spray (issue 16 item 6): motcua.accounts.spraying."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_apitoken_scope_expiry"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginBlock",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("address", "Địa chỉ mạng"), ("password", "Mật khẩu")],
                        max_length=10,
                        verbose_name="loại",
                    ),
                ),
                ("key_hash", models.CharField(max_length=64, verbose_name="mã băm có khóa")),
                ("until", models.DateTimeField(db_index=True, verbose_name="chặn đến")),
            ],
            options={
                "verbose_name": "chặn đăng nhập",
                "verbose_name_plural": "chặn đăng nhập",
                "constraints": [models.UniqueConstraint(fields=("kind", "key_hash"), name="login_block_unique")],
            },
        ),
    ]
