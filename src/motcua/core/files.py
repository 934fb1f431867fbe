"""Stored files follow the transaction that wrote them (tệp đi theo giao dịch): a file written while a transaction
is open is deleted again when that transaction (or the savepoint it was written in) is rolled back, so that a failed
upload leaves no file without its row.

Django runs on-commit callbacks but has no on-rollback one. Its list of on-commit callbacks is savepoint-aware,
though: a rollback drops the callbacks registered since (the whole list at the outermost level, those of the
savepoint for a nested block). So each written file puts one callback in that list, holding the only reference to a
small guard object; when the list drops the callback without running it, the guard is freed and its finaliser
deletes the file. A dropped callback does not count as a rollback while a commit's callbacks are running: Django also
drops the remaining ones when an earlier one raises, and a committed file must never be deleted.

Everything else (a process killed between the write and the commit, a commit whose answer was lost) is what the
periodic orphan check (motcua.core.orphan_files) reports.
"""

import logging
import weakref

from django.core.files.storage import FileSystemStorage, Storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)


class _Written:
    """Alive exactly as long as its on-commit callback is in the connection's list."""

    def __init__(self):
        self.kept = False

    def keep(self) -> None:
        self.kept = True


def _delete_if_rolled_back(state: dict, storage: Storage, name: str, connection) -> None:
    # Django sets this flag when it commits and clears it once all the commit's callbacks have run: set here, the
    # callback was dropped after a commit (an earlier one raised), and the file is the row's.
    if state["kept"] or connection.run_commit_hooks_on_set_autocommit_on:
        return
    try:
        storage.delete(name)
    except OSError:  # reported by the orphan check; the rollback itself must go on
        logger.exception("A file written by a rolled-back transaction could not be deleted (%s)", name)


def delete_unless_committed(storage: Storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete `name` from `storage` if the transaction open now is rolled back; nothing outside a transaction."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return
    written = _Written()
    # The finaliser may not hold `written` itself, or it would never be freed: it shares its state instead.
    state = written.__dict__
    finaliser = weakref.finalize(written, _delete_if_rolled_back, state, storage, name, connection)
    finaliser.atexit = False  # a process ending mid-transaction: the orphan check reports the file
    transaction.on_commit(written.keep, using=using)


class FollowsTransaction:
    """Mixed into a storage class: every file it saves is deleted again if the open transaction rolls back."""

    def _save(self, name, content):
        name = super()._save(name, content)
        delete_unless_committed(self, name)
        return name


class TransactionalFileSystemStorage(FollowsTransaction, FileSystemStorage):
    """The local storage of uploaded files (settings.STORAGES["default"] with MOTCUA_FILE_STORAGE=local, a local
    folder or a shared mount), whose writes follow the transaction."""
