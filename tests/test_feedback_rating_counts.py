"""Decree 118/2025 Art. 33 b) "number of agencies contacted" and c) "number of contacts with the receiving place"
(regulations.md §5) are counts taken from the dossier's history, not 1–5 scores."""

import datetime

from feedback_helpers import returned
from motcua.dossiers.models import DossierEvent, ReturnMethod
from motcua.feedback.rating_counts import history_counts


def test_desk_dossier_counts_intake_and_return_visits_art_33_b_c(demo):
    dossier = returned()
    counts = history_counts(dossier)
    assert dossier.return_method == ReturnMethod.DESK
    # Art. 33 c): came once to file, once to collect; b): one agency (the one-stop desk); no supplement asked.
    assert (counts.visits, counts.agencies, counts.supplements, counts.known) == (2, 1, 0, True)


def test_supplement_requests_are_counted_art_33_c(demo):
    dossier = returned()
    for kind in (DossierEvent.Kind.INTAKE_SUPPLEMENT, DossierEvent.Kind.SUPPLEMENT_REQUESTED):
        DossierEvent.objects.create(dossier=dossier, kind=kind, at=dossier.returned_at - datetime.timedelta(days=2))
    counts = history_counts(dossier)
    assert counts.supplements == 2
    # The intake-time request was made to the applicant at the desk: one more visit.
    assert counts.visits == 3


def test_result_sent_by_post_is_not_a_visit_art_33_c(demo):
    dossier = returned()
    dossier.return_method = ReturnMethod.POST
    assert history_counts(dossier).visits == 1
