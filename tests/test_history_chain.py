"""The legal history cannot be rewritten (issue 16 item 3): the dossier history (Decree 118/2025/NĐ-CP Art. 19–22:
the receipt, supplement, refusal, apology and stop forms are events of it) and the audit log are append-only at the
database, hash-chained, and `motcua verify_history` proves them intact or names the first broken entry."""

import datetime
import importlib
import threading
import uuid
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from dossier_helpers import PERSON, at, processing
from motcua.core import append_only, hash_chain
from motcua.core.audit import record
from motcua.core.models import AuditEntry
from motcua.dossiers.history_chain import HASHED_FIELDS, purge_dossiers
from motcua.dossiers.models import Dossier, DossierEvent

POSTGRESQL = connection.vendor == "postgresql"
EVENTS = DossierEvent._meta.db_table
AUDIT = AuditEntry._meta.db_table


@pytest.fixture
def dossier(demo):
    return processing(at(2026, 3, 2, 9))


def chain_of(dossier):
    return hash_chain.walk(f"dossier:{dossier.pk}", dossier.events.order_by("pk"), HASHED_FIELDS)


def verify(*args):
    """Run verify_history; return (exit code, what it printed on stdout and stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_history", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


def raw(sql, params=()):
    """One statement in its own savepoint, so a refusal does not spoil the test's transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- the chain -------------------------------------------------------------------------------------------------------


def test_each_event_carries_the_hash_of_the_one_before(dossier):
    events = list(dossier.events.order_by("pk"))
    assert len(events) == 3  # accepted, transferred, assigned
    assert events[0].prev_hash == hash_chain.GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    state = chain_of(dossier)
    assert state.broken is None and state.length == 3 and state.head == events[-1].hash


def test_the_hash_covers_the_content(dossier):
    event = dossier.events.order_by("pk").first()
    expected = hash_chain.entry_hash(event.prev_hash, event, HASHED_FIELDS)
    assert event.hash == expected
    event.note = event.note + " (sửa)"
    assert hash_chain.entry_hash(event.prev_hash, event, HASHED_FIELDS) != expected


def test_each_dossier_has_its_own_chain(dossier):
    other = processing(at(2026, 3, 3, 9))
    assert other.events.order_by("pk").first().prev_hash == hash_chain.GENESIS
    assert chain_of(dossier).broken is None and chain_of(other).broken is None


def test_bulk_created_events_are_chained_too(dossier):
    """The calendar recompute appends with bulk_create (motcua.dossiers.deadlines)."""
    head = dossier.events.order_by("pk").last().hash
    made = DossierEvent.objects.bulk_create(
        DossierEvent(dossier=dossier, at=at(2026, 3, 4, 9), kind=DossierEvent.Kind.DEADLINE_RECOMPUTED, note=note)
        for note in ("một", "hai")
    )
    assert made[0].prev_hash == head and made[1].prev_hash == made[0].hash
    assert chain_of(dossier).broken is None and chain_of(dossier).length == 5


def test_the_audit_log_is_one_chain(db):
    first = record(AuditEntry.Action.LOGIN_FAILED, object_type="accounts.User", object_label="a")
    second = record(AuditEntry.Action.LOGIN_FAILED, object_type="accounts.User", object_label="b")
    assert second.prev_hash == first.hash
    state = hash_chain.walk("audit", AuditEntry.objects.order_by("pk"), AuditEntry.HASHED_FIELDS)
    assert state.broken is None and state.head == second.hash


def test_lifecycle_actions_are_in_the_audit_log_without_personal_data(dossier):
    entries = list(AuditEntry.objects.filter(action=AuditEntry.Action.DOSSIER_EVENT, object_id=str(dossier.pk)))
    assert [e.changes["event"] for e in sorted(entries, key=lambda e: e.pk)] == ["accepted", "transferred", "assigned"]
    assigned = max(entries, key=lambda e: e.pk)
    assert assigned.actor_label == "lanhdao.hongvan"
    assert assigned.object_type == "dossiers.Dossier" and assigned.object_label == dossier.code
    written = " ".join(f"{e.object_label} {e.changes}" for e in entries)
    for personal in (PERSON.name, PERSON.id_number, PERSON.phone, PERSON.address):
        assert personal not in written


def test_the_migration_chains_existing_events_as_the_application_does(dossier):
    """dossiers 0009 chains the events written before it with its historical model: the same hashes as live."""
    from django.apps import apps

    migration = importlib.import_module("motcua.dossiers.migrations.0009_event_hash_chain")
    live = list(dossier.events.order_by("pk").values_list("prev_hash", "hash"))
    with append_only.maintenance():
        DossierEvent.objects.filter(dossier=dossier).update(prev_hash="", hash="")
        migration.chain_existing(apps, SimpleNamespace(connection=connection))
    assert list(dossier.events.order_by("pk").values_list("prev_hash", "hash")) == live


# -- the database refuses changes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {EVENTS} SET note = 'viết lại' WHERE dossier_id = %s",
        f"DELETE FROM {EVENTS} WHERE dossier_id = %s",
    ],
)
def test_the_database_refuses_to_rewrite_the_dossier_history(dossier, statement):
    before = list(dossier.events.values_list("pk", "note"))
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"):
        raw(statement, [dossier.pk])
    assert list(dossier.events.values_list("pk", "note")) == before


def test_the_orm_cannot_rewrite_it_either(dossier):
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic():
        dossier.events.update(note="viết lại")
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic():
        DossierEvent.objects.filter(dossier=dossier).delete()
    assert dossier.events.count() == 3


@pytest.mark.parametrize(
    "statement", [f"UPDATE {AUDIT} SET object_label = 'x' WHERE id = %s", f"DELETE FROM {AUDIT} WHERE id = %s"]
)
def test_the_database_refuses_to_rewrite_the_audit_log(db, statement):
    entry = record(AuditEntry.Action.LOGIN_FAILED, object_type="accounts.User", object_label="ai.do")
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"):
        raw(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "ai.do"


@pytest.mark.skipif(not POSTGRESQL, reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", [EVENTS, AUDIT])
def test_postgresql_refuses_truncate(dossier, table):
    with pytest.raises(DatabaseError, match="TRUNCATE"):
        raw(f"TRUNCATE {table} CASCADE")
    assert dossier.events.count() == 3


def test_a_dossier_with_a_history_cannot_be_deleted(dossier):
    with pytest.raises(ProtectedError):
        Dossier.objects.get(pk=dossier.pk).delete()
    assert dossier.events.count() == 3


def test_the_owner_purges_whole_dossiers_and_the_purge_is_audited(dossier):
    """The retention purge's path: the tables' owner (here the test database's owner), inside maintenance()."""
    other = processing(at(2026, 3, 3, 9))
    assert purge_dossiers(Dossier.objects.filter(pk=dossier.pk)) == 1
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    assert not DossierEvent.objects.filter(dossier_id=dossier.pk).exists()
    assert chain_of(other).broken is None
    purge = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_type="dossiers.Dossier").get()
    assert purge.changes == {"purged": 1}


@pytest.mark.skipif(not POSTGRESQL, reason="database roles exist on PostgreSQL only")
def test_the_runtime_role_cannot_lift_the_guard(dossier):
    """docs/security.md: the application's role owns none of these tables, so maintenance() does not help it."""
    role = f"motcua_runtime_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:  # CREATE ROLE is transactional: the test's rollback removes it
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {EVENTS}, {AUDIT} TO {role}")
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {role}")
        with append_only.maintenance():
            raw(f"DELETE FROM {EVENTS} WHERE dossier_id = %s", [dossier.pk])
    assert dossier.events.count() == 3


# -- verify_history --------------------------------------------------------------------------------------------------


def tamper(sql, params):
    """What an owner (or an intruder with the owner's password) could do: change a row with the guard lifted."""
    with append_only.maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_history_proves_an_intact_history(dossier):
    record(AuditEntry.Action.LOGIN, object_type="accounts.User", object_label="ai.do")
    code, output = verify()
    assert code == 0, output
    assert "toàn vẹn" in output


def test_verify_history_names_an_edited_event(dossier):
    events = list(dossier.events.order_by("pk"))
    tamper(f"UPDATE {EVENTS} SET note = 'không có gì' WHERE id = %s", [events[1].pk])
    code, output = verify()
    assert code == 1
    assert f"dossier:{dossier.pk}" in output and f"id={events[1].pk} (hash)" in output
    assert f"found {events[1].hash}" in output


def test_verify_history_names_the_entry_after_a_removed_one(dossier):
    events = list(dossier.events.order_by("pk"))
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[1].pk])
    code, output = verify()
    assert code == 1
    assert f"id={events[2].pk} (prev_hash) expected {events[0].hash} found {events[1].hash}" in output


def test_verify_history_names_an_edited_audit_entry(dossier):
    entry = record(AuditEntry.Action.LOGIN, object_type="accounts.User", object_label="ai.do")
    tamper(f"UPDATE {AUDIT} SET actor_label = 'người khác' WHERE id = %s", [entry.pk])
    code, output = verify()
    assert code == 1 and f"audit: bản ghi hỏng đầu tiên / first broken entry id={entry.pk} (hash)" in output


def test_verify_history_reports_a_missing_guard(dossier):
    dropped = append_only.TRIGGERS[connection.vendor][0].format(table=EVENTS)
    with connection.cursor() as cursor:  # DDL is transactional on both databases: the test's rollback restores it
        cursor.execute(append_only.drop_sql(connection.vendor, EVENTS)[0])
    code, output = verify()
    assert code == 1 and f"{EVENTS}.{dropped}" in output


def test_verify_history_heads_give_a_digest_that_moves_with_the_history(dossier):
    code, first = verify("--heads")
    assert code == 0 and f"dossier:{dossier.pk} 3 {dossier.events.order_by('pk').last().hash}" in first
    DossierEvent.objects.create(dossier=dossier, at=at(2026, 3, 5, 9), kind=DossierEvent.Kind.DOCUMENT_ADDED)
    code, second = verify("--heads")
    digest = [line for line in first.splitlines() if line.startswith("digest ")]
    assert code == 0 and digest and digest[0] not in second


def anchor(tmp_path):
    code, printed = verify("--heads")
    assert code == 0
    path = tmp_path / "heads.txt"
    path.write_text(printed, encoding="utf-8")
    return path


def test_an_anchored_history_that_only_grew_is_intact(dossier, tmp_path):
    path = anchor(tmp_path)
    DossierEvent.objects.create(dossier=dossier, at=at(2026, 3, 5, 9), kind=DossierEvent.Kind.DOCUMENT_ADDED)
    record(AuditEntry.Action.LOGIN, object_type="accounts.User", object_label="ai.do")
    code, output = verify("--anchored", str(path))
    assert code == 0, output


def test_removing_the_newest_events_is_caught_by_the_anchor(dossier, tmp_path):
    """Without the anchor a shortened chain is still a valid chain: that is why the heads are kept outside."""
    newest = dossier.events.order_by("pk").last()
    path = anchor(tmp_path)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [newest.pk])
    assert verify()[0] == 0  # the shorter chain holds together
    code, output = verify("--anchored", str(path))
    assert (
        code == 1
        and f"dossier:{dossier.pk}: mất bản ghi đã neo / anchored entry gone: expected {newest.hash}" in output
    )


def test_a_removed_dossier_is_caught_by_the_anchor(dossier, tmp_path):
    path = anchor(tmp_path)
    purge_dossiers(Dossier.objects.filter(pk=dossier.pk))
    code, output = verify("--anchored", str(path))
    assert code == 1 and f"dossier:{dossier.pk}: chuỗi đã neo không còn" in output


def test_an_edited_anchor_file_is_refused(dossier, tmp_path):
    path = anchor(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"dossier:{dossier.pk} 3 ", f"dossier:{dossier.pk} 2 "), encoding="utf-8")
    code, output = verify("--anchored", str(path))
    assert code == 1 and "mã tổng hợp sai" in output


# -- writers at once, and the test runner's flush --------------------------------------------------------------------


def in_threads(count, action):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait()
            action(index)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.skipif(not POSTGRESQL, reason="concurrent writers need PostgreSQL's row locks (SQLite has one writer)")
@pytest.mark.django_db(transaction=True)
def test_two_writers_on_one_dossier_leave_one_unbroken_chain(demo):
    dossier = processing(at(2026, 3, 2, 9))

    def append(index):
        for step in range(10):
            DossierEvent.objects.create(
                dossier_id=dossier.pk,
                at=at(2026, 3, 3, 9) + datetime.timedelta(minutes=step),
                kind=DossierEvent.Kind.DOCUMENT_ADDED,
                note=f"người {index}, tệp {step}",
            )
            record(AuditEntry.Action.LOGIN, object_type="accounts.User", object_label=f"{index}-{step}")

    assert in_threads(2, append) == []
    state = chain_of(dossier)
    assert state.broken is None and state.length == 23
    assert len(set(dossier.events.values_list("prev_hash", flat=True))) == 23  # no two events after one head
    audit = hash_chain.walk("audit", AuditEntry.objects.order_by("pk"), AuditEntry.HASHED_FIELDS)
    assert audit.broken is None and audit.length == AuditEntry.objects.count()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_history_for_the_owner(demo):
    """The test runner's flush between committing tests (TRUNCATE on PostgreSQL, DELETE on SQLite) goes through
    motcua.core's flush command, which lifts the guard for its transaction."""
    dossier = processing(at(2026, 3, 2, 9))
    call_command("flush", interactive=False, verbosity=0)
    assert not DossierEvent.objects.exists() and not AuditEntry.objects.exists()
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    entry = record(AuditEntry.Action.LOGIN, object_type="accounts.User", object_label="ai.do")
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"):
        raw(f"DELETE FROM {AUDIT} WHERE id = %s", [entry.pk])  # the guard is back after the flush
    assert entry.prev_hash == hash_chain.GENESIS  # the emptied log starts a new chain
