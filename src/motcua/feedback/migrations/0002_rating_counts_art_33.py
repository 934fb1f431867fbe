"""Art. 33 b) and c) become counts (issue 15 item 6). The old 1–5 answers to those two questions are kept, renamed
`legacy_*_score`, because they are what the citizens said and nothing can turn a satisfaction score into a number of
visits; the new count columns start null on those ratings (docs/feedback.md "Ratings given before the counts").
Renames and plain column additions only, so it runs the same on SQLite and PostgreSQL."""

import django.core.validators
from django.db import migrations, models


def _count(verbose_name):
    return models.PositiveSmallIntegerField(
        blank=True,
        null=True,
        validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(50)],
        verbose_name=verbose_name,
    )


def _source(verbose_name):
    return models.CharField(
        blank=True,
        choices=[("history", "Theo lịch sử hồ sơ"), ("citizen", "Người nộp khai")],
        max_length=10,
        verbose_name=verbose_name,
    )


def _score(verbose_name):
    return models.PositiveSmallIntegerField(
        blank=True,
        null=True,
        validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)],
        verbose_name=verbose_name,
    )


def _range(field, low, high, nullable=True):
    valid = models.Q((f"{field}__gte", low), (f"{field}__lte", high))
    return models.Q(valid, (f"{field}__isnull", True), _connector="OR") if nullable else valid


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="dossierrating", name="dossier_rating_scores_1_to_5"),
        migrations.RenameField(model_name="dossierrating", old_name="agencies_count", new_name="legacy_agencies_score"),
        migrations.RenameField(model_name="dossierrating", old_name="contacts_count", new_name="legacy_contacts_score"),
        migrations.AlterField(
            model_name="dossierrating",
            name="legacy_agencies_score",
            field=_score("điểm cũ về số cơ quan phải liên hệ"),
        ),
        migrations.AlterField(
            model_name="dossierrating",
            name="legacy_contacts_score",
            field=_score("điểm cũ về số lần phải liên hệ"),
        ),
        migrations.AddField(
            model_name="dossierrating", name="agencies_count", field=_count("Số cơ quan phải liên hệ")
        ),
        migrations.AddField(
            model_name="dossierrating",
            name="agencies_count_source",
            field=_source("nguồn số cơ quan phải liên hệ"),
        ),
        migrations.AddField(
            model_name="dossierrating",
            name="contacts_count",
            field=_count("Số lần phải liên hệ với nơi tiếp nhận"),
        ),
        migrations.AddField(
            model_name="dossierrating",
            name="contacts_count_source",
            field=_source("nguồn số lần phải liên hệ"),
        ),
        migrations.AddField(
            model_name="dossierrating",
            name="supplements_count",
            field=_count("số lần được yêu cầu bổ sung hồ sơ"),
        ),
        migrations.AddConstraint(
            model_name="dossierrating",
            constraint=models.CheckConstraint(condition=models.Q(('overall__gte', 1), ('overall__lte', 5), models.Q(models.Q(('return_time__gte', 1), ('return_time__lte', 5)), ('return_time__isnull', True), _connector='OR'), models.Q(models.Q(('legacy_agencies_score__gte', 1), ('legacy_agencies_score__lte', 5)), ('legacy_agencies_score__isnull', True), _connector='OR'), models.Q(models.Q(('legacy_contacts_score__gte', 1), ('legacy_contacts_score__lte', 5)), ('legacy_contacts_score__isnull', True), _connector='OR'), models.Q(models.Q(('publication__gte', 1), ('publication__lte', 5)), ('publication__isnull', True), _connector='OR'), models.Q(models.Q(('attitude__gte', 1), ('attitude__lte', 5)), ('attitude__isnull', True), _connector='OR'), models.Q(models.Q(('lawfulness__gte', 1), ('lawfulness__lte', 5)), ('lawfulness__isnull', True), _connector='OR'), models.Q(models.Q(('complaints__gte', 1), ('complaints__lte', 5)), ('complaints__isnull', True), _connector='OR'), models.Q(models.Q(('online_quality__gte', 1), ('online_quality__lte', 5)), ('online_quality__isnull', True), _connector='OR')), name='dossier_rating_scores_1_to_5'),  # fmt: skip
        ),
        migrations.AddConstraint(
            model_name="dossierrating",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    *(_range(f, 0, 50) for f in ("agencies_count", "contacts_count", "supplements_count"))
                ),
                name="dossier_rating_counts_in_range",
            ),
        ),
    ]
