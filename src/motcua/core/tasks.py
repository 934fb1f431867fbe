"""Background work of the core (django.tasks, run by `motcua db_worker`; scheduled by motcua.core.periodic)."""

import logging

from django.tasks import task

from motcua.core import idempotency, orphan_files, stalled_tasks

logger = logging.getLogger(__name__)


@task
def purge_idempotency_keys() -> int:
    """Delete the Idempotency-Key answers older than settings.IDEMPOTENCY_KEY_HOURS; how many."""
    return idempotency.purge_expired()


@task
def requeue_stalled_tasks() -> int:
    """Hand the tasks a dead worker left running back to the queue (motcua.core.stalled_tasks); how many."""
    return stalled_tasks.requeue_stalled()


@task
def report_orphan_files() -> dict:
    """Count the orphan files and log them (counts only: file names may carry an applicant's name); deletes
    nothing — `motcua orphan_files` lists them for a person to decide."""
    report = orphan_files.find()
    counts = {"files_without_row": len(report.files_without_row), "rows_without_file": len(report.rows_without_file)}
    if report:
        logger.warning(
            "Orphan files: %(files_without_row)s file(s) without a row, %(rows_without_file)s row(s) without their "
            "file; list them with `motcua orphan_files`",
            counts,
        )
    return counts
