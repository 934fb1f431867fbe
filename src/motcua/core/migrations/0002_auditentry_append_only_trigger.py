"""On PostgreSQL, a trigger refuses UPDATE and DELETE on the audit log, so even raw SQL cannot rewrite history.

The one UPDATE let through is the one Django issues when an account is deleted: it clears actor_id
(on_delete=SET_NULL) and leaves every other column, including actor_label, as it was. TRUNCATE is not
blocked because the test runner empties tables with it; production grants the application role no TRUNCATE.
SQLite gets no trigger: Django empties its tables with DELETE between tests.
"""

from django.db import migrations

CREATE = [
    """
CREATE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Nhật ký hệ thống chỉ được ghi thêm, không được sửa hay xóa (%).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
""",
    """
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()
""",
]

DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                # No parameters: the % in the message is PL/pgSQL's placeholder, not the driver's.
                schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
