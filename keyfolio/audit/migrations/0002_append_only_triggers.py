"""The database refuses to change or remove audit events (keyfolio.audit.guard says what
it still allows and how): a trigger on PostgreSQL and two on SQLite.

On SQLite a migration that rebuilds the table (most AlterField operations) drops its
triggers: such a migration must create them again (test_append_only would fail).
"""

from django.db import migrations

POSTGRESQL = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.workspace_id::text = ANY (string_to_array(
            coalesce(current_setting('keyfolio.audit_erase', true), ''), ','))
        OR 'all' = ANY (string_to_array(
            coalesce(current_setting('keyfolio.audit_erase', true), ''), ','))
        THEN
            RETURN OLD;
        END IF;
    ELSIF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
        AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id')
    THEN
        RETURN NEW;  -- A deleted person forgotten; their name stays in actor_label.
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only.' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER audit_event_append_only ON audit_auditevent;
DROP FUNCTION audit_event_append_only();
"""

# Every column but actor_id unchanged (IS compares NULLs as equal).
UNCHANGED = " AND ".join(
    f'NEW."{column}" IS OLD."{column}"'
    for column in (
        "id",
        "workspace_id",
        "account_id",
        "at",
        "actor_label",
        "via",
        "source",
        "ip",
        "model",
        "object_id",
        "object_repr",
        "action",
        "changes",
    )
)

SQLITE = [
    f"""
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
WHEN NOT (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {UNCHANGED})
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END
""",
    """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
WHEN NOT keyfolio_audit_erasing(OLD.workspace_id)
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END
""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER audit_event_no_update",
    "DROP TRIGGER audit_event_no_delete",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, None)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement, None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE, None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
