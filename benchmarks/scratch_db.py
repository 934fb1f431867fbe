"""A throw-away database for a benchmark: Django set up, a test database created on the configured server
(MOTCUA_DATABASE_URL; SQLite in a temporary file, as a real installation has it, not in memory), migrated like
production, and dropped at the end."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django


@contextmanager
def scratch_database() -> Iterator[str]:
    """Yields the database vendor ("postgresql" or "sqlite")."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_ENV", "development")  # production is the default
    django.setup()
    from django.db import connection

    with tempfile.TemporaryDirectory() as scratch:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(scratch) / "bench.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            yield connection.vendor
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
