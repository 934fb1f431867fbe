"""The work queues' partial indexes (issue 17): (agency, state, due_at) over the dossiers still in work only, so a
queue page reads the open work and not the closed history. On a large existing table build them by hand first with
CREATE INDEX CONCURRENTLY under the same names, then mark this migration applied with `motcua migrate dossiers 0011
--fake` (docs/performance.md)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_procedure_abolition_decision_and_more'),
        ('dossiers', '0010_dossier_dossier_received_at_idx'),
        ('orgs', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(condition=models.Q(('state__in', ('submitted', 'intake_supplement', 'received', 'transferred', 'processing', 'consulting', 'supplement_requested', 'awaiting_signature', 'result_issued', 'ready_for_return', 'correction'))), fields=['competent_agency', 'state', 'due_at'], name='dossier_open_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(condition=models.Q(('state__in', ('submitted', 'intake_supplement', 'received', 'transferred', 'processing', 'consulting', 'supplement_requested', 'awaiting_signature', 'result_issued', 'ready_for_return', 'correction'))), fields=['receiving_agency', 'state', 'due_at'], name='dossier_open_desk_idx'),
        ),
    ]
