"""The database guard of the legal history (lịch sử không thể sửa): triggers refuse UPDATE, DELETE and TRUNCATE.

The triggers live in the migrations (core 0005 for the audit log, dossiers 0009 for the dossier history). They
let a change through only inside `maintenance()`, and on PostgreSQL only when the session's role owns the table
(the migration role, docs/security.md): the runtime role may switch the setting on, the trigger still refuses it.
SQLite has no roles; there the switch is a function registered on each connection by the application, so a
connection opened by another program (the sqlite3 shell) cannot run the trigger's condition and is refused.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# The PostgreSQL setting the trigger function reads (a custom, dotted name: any role may set it, only the owner's
# setting counts).
SETTING = "motcua.history_maintenance"
# The SQLite function the triggers call, and the connection attribute it reads.
SQLITE_FUNCTION = "motcua_history_maintenance"
_FLAG = "motcua_history_maintenance"


@contextmanager
def maintenance(using: str = DEFAULT_DB_ALIAS):
    """Lift the guard for one transaction (Django's flush between tests, the retention purge) — owner role only."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # is_local: the setting ends with the transaction, even when it fails.
                cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
            yield
            return
        previous = getattr(connection, _FLAG, False)
        setattr(connection, _FLAG, True)
        try:
            yield
        finally:
            setattr(connection, _FLAG, previous)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: give each SQLite connection the switch its triggers ask."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(getattr(connection, _FLAG, False)))


# The trigger names per database, from the table's name: what the migrations create and verify_history checks.
TRIGGERS = {
    "postgresql": ("{table}_append_only", "{table}_no_truncate"),
    "sqlite": ("{table}_no_update", "{table}_no_delete"),
}

# One PostgreSQL function for every guarded table. Its optional argument names the one column an UPDATE may clear
# when nothing else changes (the audit log's actor_id: Django sets it to NULL when an account is deleted).
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.history_maintenance', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 AND (to_jsonb(NEW) ->> TG_ARGV[0]) IS NULL
       AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Lịch sử % chỉ được ghi thêm, không được sửa hay xóa (%).', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def create_sql(vendor: str, table: str, columns: tuple[str, ...], clearable: str = "") -> list[str]:
    """The statements guarding `table` (whose columns, at the time of the migration, are `columns`)."""
    first, second = (name.format(table=table) for name in TRIGGERS.get(vendor, ("", "")))
    if vendor == "postgresql":
        argument = f"'{clearable}'" if clearable else ""
        return [
            f"CREATE TRIGGER {first} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION motcua_append_only({argument})",
            f"CREATE TRIGGER {second} BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only()",
        ]
    if vendor != "sqlite":
        return []
    refuse = f"BEGIN SELECT RAISE(ABORT, 'Lịch sử {table} chỉ được ghi thêm, không được sửa hay xóa.'); END"
    exempt = ""
    if clearable:
        unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in columns if column != clearable)
        exempt = f" AND NOT (NEW.{clearable} IS NULL AND {unchanged})"
    return [
        f"CREATE TRIGGER {first} BEFORE UPDATE ON {table} WHEN NOT {SQLITE_FUNCTION}(){exempt} {refuse}",
        f"CREATE TRIGGER {second} BEFORE DELETE ON {table} WHEN NOT {SQLITE_FUNCTION}() {refuse}",
    ]


def drop_sql(vendor: str, table: str) -> list[str]:
    names = [name.format(table=table) for name in TRIGGERS.get(vendor, ())]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name in names]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def missing_guards(tables: list[str], using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The guard triggers of `tables` that are not in the database (or disabled), e.g. after a migration rebuilt a
    table on SQLite (its copy-and-rename drops the triggers) or an owner forgot to enable them again."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(%s)",
                [tables],
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        present = set(cursor.fetchall())
    names = TRIGGERS.get(connection.vendor, ())
    return [
        f"{table}.{name.format(table=table)}"
        for table in tables
        for name in names
        if (table, name.format(table=table)) not in present
    ]
