"""The actions a user may do now on one inter-agency part (phần việc liên thông, Decree 118/2025 Art. 20.2), for
every face that shows a part (the desk's part page, the REST API's part routes).

The transition table (motcua.dossiers.transitions) says what a participating agency may do on the lead dossier; a
dossier can have several parts, so this narrows it to this very part: the user's agency, the part still open, and
«Nhận» only while it is not received yet. The lifecycle checks the same again when the action is done.
"""

from motcua.dossiers import interagency, transitions
from motcua.dossiers.models import InteragencyPart


def available(user, part: InteragencyPart) -> list[str]:
    """The part's actions the user may do now, in the table's order."""
    if not interagency.works_on(user, part) or part.status not in interagency.ACTIVE:
        return []
    names = transitions.available(user, part.dossier, face=transitions.Face.PART)
    if part.status != InteragencyPart.Status.SENT:
        names = [name for name in names if name != "receive_part"]
    return names
