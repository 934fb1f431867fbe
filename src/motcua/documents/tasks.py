"""Background work of the documents (django.tasks, run by `motcua db_worker`)."""

from django.tasks import task

from motcua.documents import background


@task
def produce(document_id: int) -> None:
    """Lay out and store one requested document (motcua.documents.background)."""
    background.run(document_id)


@task
def remove_expired_documents() -> int:
    """Delete the background documents older than settings.BACKGROUND_DOCUMENT_HOURS; how many."""
    return background.remove_expired()
