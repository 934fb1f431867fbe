from django.db import migrations

from motcua.reform import shipped


def load(apps, schema_editor):
    get = apps.get_model
    shipped.load_checklist(
        get("reform", "CriterionTemplate"), get("reform", "ChecklistTemplate"), get("reform", "ChecklistTemplateItem")
    )
    shipped.load_index(get("reform", "IndexTemplate"), get("reform", "IndexNode"))


class Migration(migrations.Migration):
    dependencies = [("reform", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
