"""Holds on handing a result over (giữ kết quả để trả đồng thời).

Some dossiers return their result only together with others: the parts of a Decree 63/2024/NĐ-CP inter-agency
group are handed over at once. The code that knows about such groups lives in a higher layer (motcua.groups), so it
registers a hold here from its AppConfig.ready() instead of being imported; the transition table asks `reason`
before offering or doing "result received" and "return the result", so the buttons are not shown while a hold
stands and the lifecycle refuses the action with the hold's own reason.
"""

from collections.abc import Callable

from motcua.dossiers.models import Dossier

# (dossier) -> why its result is held now, or None when it is not
_holds: list[Callable[[Dossier], str | None]] = []


def register(hold: Callable[[Dossier], str | None]) -> None:
    if hold not in _holds:
        _holds.append(hold)


def reason(dossier: Dossier) -> str | None:
    """The first registered hold's reason, or None when the dossier's result may be handed over now."""
    for hold in _holds:
        held = hold(dossier)
        if held:
            return held
    return None
