"""The database refuses to change protected rows (portal.core.immutability), on SQLite and PostgreSQL."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from portal.accounts.models import User
from portal.core import immutability
from portal.core.audit import audit_record
from portal.core.models import AuditEntry
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice
from portal.invoicing.tests.factories import DESIGN, client_in, issued_invoice

EXPECTED_RULES = {"audit_entry", "issued_invoice", "issued_invoice_line", "ledger_row", "share_entry"}
#: The tables those rules protect.
PROTECTED_TABLES = {
    "budget_ledgerentry",
    "core_auditentry",
    "invoicing_invoice",
    "invoicing_invoiceline",
    "membership_shareentry",
}


def refused(sql: str, params: tuple = (), *, rule: str) -> None:
    with (
        pytest.raises(IntegrityError, match=rf"immutable: \w+ of \w+ refused \(rule {rule}\)"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def trigger_tables() -> set[str]:
    return set(immutability.installed_triggers(connection).values())


@pytest.fixture
def entry(member: User) -> AuditEntry:
    return audit_record(actor=member, action="test.done", target=member, message="as it happened")


@pytest.mark.django_db
def test_audit_rows_are_append_only_even_for_raw_sql(entry: AuditEntry) -> None:
    refused("UPDATE core_auditentry SET message = 'rewritten' WHERE id = %s", (entry.pk,), rule="audit_entry")
    refused("UPDATE core_auditentry SET message = message", rule="audit_entry")  # even a no-op
    refused("DELETE FROM core_auditentry WHERE id = %s", (entry.pk,), rule="audit_entry")
    entry.message = "rewritten"
    with pytest.raises(IntegrityError, match="audit_entry"), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError, match="audit_entry"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).message == "as it happened"
    audit_record(actor=None, action="test.again", target=entry)  # appending still works
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_nothing_deletes_audit_rows_through_a_relation(entry: AuditEntry, member: User) -> None:
    with pytest.raises(ProtectedError):
        member.delete()
    with pytest.raises(ProtectedError):
        ContentType.objects.get_for_model(member).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_migrations_declare_and_install_the_rules() -> None:
    rules = immutability.installed_rules(connection)
    assert set(rules) == EXPECTED_RULES
    # The trigger's list of what may change on an issued invoice is the model's.
    assert set(rules["issued_invoice"].mutable) == Invoice.MUTABLE_AFTER_ISSUE
    assert trigger_tables() == PROTECTED_TABLES


def test_append_only_is_a_one_liner() -> None:
    operation = immutability.ProtectRows(name="ledger_row", table="budget_ledgerrow")
    assert operation.rule == immutability.Rule(name="ledger_row", table="budget_ledgerrow")
    assert operation.deconstruct() == ("ProtectRows", [], {"name": "ledger_row", "table": "budget_ledgerrow"})


@pytest.mark.django_db(transaction=True)
def test_migrate_reinstalls_triggers_a_table_rebuild_dropped() -> None:
    """SQLite rebuilds a table for most column changes, which drops its triggers; migrate puts them back."""
    immutability.drop(connection, "issued_invoice")  # what the rebuild of invoicing_invoice does
    assert "invoicing_invoice" not in trigger_tables()
    call_command("migrate", verbosity=0)
    assert trigger_tables() == PROTECTED_TABLES


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite rebuilds tables to change columns")
def test_sqlite_table_rebuilds_work_during_migrate() -> None:
    """The lines' trigger reads invoicing_invoice: with it in place, rebuilding that table fails, so
    migrate drops the triggers first (pre_migrate) and installs them afterwards (post_migrate)."""
    with pytest.raises(Exception, match="issued_invoice_line"), connection.schema_editor() as editor:
        editor._remake_table(Invoice)  # type: ignore[attr-defined]  # SQLite's schema editor
    immutability.before_migrate(using=connection.alias)
    with connection.schema_editor() as editor:
        editor._remake_table(Invoice)  # type: ignore[attr-defined]  # SQLite's schema editor
    immutability.after_migrate(using=connection.alias)
    assert trigger_tables() == PROTECTED_TABLES


@pytest.mark.django_db(transaction=True)
def test_flush_empties_protected_tables_and_keeps_their_triggers(
    member: User, entities: dict[str, IssuingEntity]
) -> None:
    """flush (and so the teardown of every transaction=True test) deletes protected rows; the
    triggers are back afterwards."""
    issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])
    assert AuditEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not Invoice.objects.exists() and not AuditEntry.objects.exists()
    assert trigger_tables() == PROTECTED_TABLES
