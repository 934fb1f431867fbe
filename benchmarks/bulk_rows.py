"""Bulk rows for the benchmarks' data sets: plain dicts inserted the fastest way the database offers."""


def insert_rows(model, rows: list[dict]) -> None:
    """Insert plain rows (attribute name → value, the model's defaults for the rest) the fastest way the database
    offers: COPY on PostgreSQL, executemany elsewhere. The ORM's bulk_create costs ~30x more per row here.

    The primary key is written when the rows give it (a loader that links rows of several tables numbers them
    itself; it then moves the table's sequence past them: `move_sequences`), else the database numbers them."""
    import json

    from django.db import connection, models

    if not rows:
        return
    pk = model._meta.pk.attname
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or pk in rows[0]]
    defaults = {f.attname: f.get_default() for f in fields}
    ops = connection.ops

    def adapter(field):
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.JSONField):
            return json.dumps
        return lambda value: value

    adapters = [(f.attname, adapter(f)) for f in fields]
    values = [
        tuple(None if (value := row.get(name, defaults[name])) is None else adapt(value) for name, adapt in adapters)
        for row in rows
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


def move_sequences(models_: list) -> None:
    """After rows were inserted with their own ids: move each table's id sequence past them, so that the
    application's next insert does not collide (what Django's sqlsequencereset prints)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(statement)
