"""Migration feedback/0002 (Decree 118/2025 Art. 33 b and c become counts): a rating given before keeps its old 1–5
answers in the legacy columns and gets no invented counts (docs/feedback.md "Ratings given before the counts")."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from feedback_helpers import returned

BEFORE = [("feedback", "0001_initial")]
AFTER = [("feedback", "0002_rating_counts_art_33")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_scores_of_b_and_c_are_kept_as_legacy_and_counts_left_empty_art_33_b_c(demo):
    dossier = returned()
    old_apps = migrate(BEFORE)
    try:
        OldRating = old_apps.get_model("feedback", "DossierRating")
        OldRating.objects.create(
            dossier_id=dossier.pk,
            agency_id=dossier.competent_agency_id,
            rated_at=dossier.returned_at,
            channel="kiosk",
            overall=4,
            agencies_count=2,
            contacts_count=5,
        )
    finally:
        new_apps = migrate(AFTER)
    rating = new_apps.get_model("feedback", "DossierRating").objects.get(dossier_id=dossier.pk)
    assert (rating.legacy_agencies_score, rating.legacy_contacts_score) == (2, 5)
    assert (rating.agencies_count, rating.contacts_count, rating.supplements_count) == (None, None, None)
    assert (rating.agencies_count_source, rating.contacts_count_source, rating.overall) == ("", "", 4)
