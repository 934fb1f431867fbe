"""PostgreSQL only: the pg_trgm extension and a trigram GIN index on the folded search column.

`search_text` is already folded to lower-case ASCII by motcua.catalog.text.fold() when a version is written, and
the search folds the query with the same function, so `unaccent` is not needed on either side (it would be a
second folding with slightly different rules, and it is not IMMUTABLE, so it could not be indexed anyway).
The index serves `LIKE '%word%'` for every query word and the `%>` word-similarity operator of the approximate
search. SQLite has neither; there the search scans the folded column, which is fast enough for a commune.
"""

from django.db import migrations

INDEX = "catalog_procver_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_procedureversion USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other schemas or indexes may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
