"""Periodic work of the dossier lifecycle (django.tasks), enqueued by `motcua run_periodic` (registered in
DossiersConfig.ready)."""

from django.tasks import task

from motcua.core.periodic import moment
from motcua.dossiers import lifecycle


@task
def close_unsupplemented(at: str | None = None) -> int:
    """Close the dossiers whose supplement did not arrive within 15 days of the notice (Art. 19.5); how many."""
    return lifecycle.close_unsupplemented(now=moment(at))
