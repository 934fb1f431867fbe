"""What the dossier's history says about Art. 33 b) and c) (Decree 118/2025): counts, not satisfaction scores.

Art. 33 b) "số cơ quan phải liên hệ" and c) "số lần phải liên hệ với nơi tiếp nhận" are facts the citizen reports;
where the system saw every contact it already knows them. The rule (docs/feedback.md "Counts of Art. 33 b) and c)"):

- supplement requests = events INTAKE_SUPPLEMENT (at intake, Art. 17.1.c) + SUPPLEMENT_REQUESTED (after appraisal,
  Art. 19.5);
- visits (times the applicant came to the receiving place) = the desk events at which the applicant is present:
  the intake at the desk (ACCEPTED, INTAKE_SUPPLEMENT or INTAKE_REFUSED of a dossier filed directly), a supplement
  handed in at the desk (SUPPLEMENT_RECEIVED of a dossier filed directly), the result returned at the desk
  (RETURNED when the result is collected at the desk);
- agencies = the distinct agencies that recorded those visits;
- `known` is true only for a dossier filed directly: every contact then went through the desk the system records.
  An online filing's contacts by phone, mail or portal are not all recorded, so the counts are a prefill the citizen
  may correct.
"""

from dataclasses import dataclass

from motcua.catalog.models import Channel
from motcua.dossiers.models import Dossier, DossierEvent, ReturnMethod

Kind = DossierEvent.Kind
SUPPLEMENT_KINDS = (Kind.INTAKE_SUPPLEMENT, Kind.SUPPLEMENT_REQUESTED)
INTAKE_VISIT_KINDS = (Kind.ACCEPTED, Kind.INTAKE_SUPPLEMENT, Kind.INTAKE_REFUSED)


@dataclass(frozen=True)
class HistoryCounts:
    """Art. 33 b) agencies, c) visits, and the supplement requests behind them; `known`: all contacts recorded."""

    agencies: int
    visits: int
    supplements: int
    known: bool


def _is_visit(event: DossierEvent, dossier: Dossier) -> bool:
    filed_at_desk = dossier.channel == Channel.DIRECT
    if event.kind in INTAKE_VISIT_KINDS or event.kind == Kind.SUPPLEMENT_RECEIVED:
        return filed_at_desk
    return event.kind == Kind.RETURNED and dossier.return_method == ReturnMethod.DESK


def history_counts(dossier: Dossier) -> HistoryCounts:
    events = list(dossier.events.only("kind", "actor_agency_id"))
    visits = [event for event in events if _is_visit(event, dossier)]
    agencies = {event.actor_agency_id or dossier.receiving_agency_id for event in visits}
    return HistoryCounts(
        agencies=len(agencies),
        visits=len(visits),
        supplements=sum(event.kind in SUPPLEMENT_KINDS for event in events),
        known=dossier.channel == Channel.DIRECT,
    )
