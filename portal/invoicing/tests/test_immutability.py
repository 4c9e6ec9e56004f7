"""Issued invoices and their lines cannot be changed, not even with raw SQL (SQLite and PostgreSQL)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

from portal.accounts.models import User
from portal.core.transitions import Actor
from portal.entities.models import IssuingEntity
from portal.invoicing import services
from portal.invoicing.models import Invoice, InvoiceLine, InvoiceStatus
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, active_order, client_in, draft_for, issued_invoice
from portal.invoicing.transitions import Event

pytestmark = pytest.mark.django_db


def execute(sql: str, params: tuple = ()) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, params: tuple = (), *, rule: str) -> None:
    with pytest.raises(IntegrityError, match=rf"immutable: \w+ of \w+ refused \(rule {rule}\)"):
        execute(sql, params)


@pytest.fixture
def issued(member: User, entities: dict[str, IssuingEntity]) -> Invoice:
    return issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])


@pytest.fixture
def draft(member: User, entities: dict[str, IssuingEntity]) -> Invoice:
    return draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))


@pytest.mark.parametrize(
    "assignment",
    [
        "title = 'Geändert'",
        "gross_total = 1",
        "number = 'SC-2026-99999'",
        "number = ''",
        "recipient = '{}'",
        "pdf_sha256 = ''",
        "issue_date = NULL",
    ],
)
def test_raw_sql_cannot_change_an_issued_invoice(issued: Invoice, assignment: str) -> None:
    sql = f"UPDATE invoicing_invoice SET {assignment} WHERE id = %s"  # noqa: S608 - fixed test values
    refused(sql, (issued.pk,), rule="issued_invoice")
    assert Invoice.objects.get(pk=issued.pk).title == issued.title


def test_raw_sql_cannot_delete_an_issued_invoice_or_touch_its_lines(issued: Invoice) -> None:
    line = issued.lines.get()
    refused("DELETE FROM invoicing_invoice WHERE id = %s", (issued.pk,), rule="issued_invoice")
    refused("UPDATE invoicing_invoiceline SET unit_price = 1 WHERE id = %s", (line.pk,), rule="issued_invoice_line")
    refused("DELETE FROM invoicing_invoiceline WHERE id = %s", (line.pk,), rule="issued_invoice_line")
    refused(
        "INSERT INTO invoicing_invoiceline (invoice_id, position, description, quantity, unit, unit_price, vat_rate)"
        " VALUES (%s, 1, 'extra', 1, 'Stk.', 100, 19)",
        (issued.pk,),
        rule="issued_invoice_line",
    )
    assert issued.lines.get().values() == line.values()


def test_a_draft_line_cannot_be_moved_into_an_issued_invoice(issued: Invoice, draft: Invoice) -> None:
    line = draft.lines.first()
    assert line is not None
    refused(
        "UPDATE invoicing_invoiceline SET invoice_id = %s WHERE id = %s",
        (issued.pk, line.pk),
        rule="issued_invoice_line",
    )


def test_payment_state_of_an_issued_invoice_may_change(issued: Invoice, staff: User) -> None:
    assert (
        execute(
            "UPDATE invoicing_invoice SET status = %s, paid_amount = 1, paid_at = %s, reminder_level = 1,"
            " last_reminder_on = %s WHERE id = %s",
            (InvoiceStatus.DISPUTED, ISSUE_DAY, ISSUE_DAY, issued.pk),
        )
        == 1
    )
    invoice = services.invoice_transition(
        invoice_id=issued.pk, event=Event.RESOLVE_DISPUTE, actor=Actor.STAFF, user=staff
    )  # a full save of the unchanged content
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED


def test_payments_and_cancellation_still_work(issued: Invoice, staff: User) -> None:
    services.payment_record(invoice_id=issued.pk, amount="100.00", received_on=ISSUE_DAY, user=staff)
    issued.refresh_from_db()
    assert issued.paid_amount == Decimal("100.00")
    services.invoice_cancel(invoice_id=issued.pk, actor=Actor.STAFF, user=staff, reason="falsch", today=ISSUE_DAY)
    correction = Invoice.objects.get(cancels=issued)
    assert correction.number
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.CANCELLED
    # The cancellation invoice was written, then frozen like any issued invoice.
    refused("UPDATE invoicing_invoice SET title = 'x' WHERE id = %s", (correction.pk,), rule="issued_invoice")
    refused("DELETE FROM invoicing_invoiceline WHERE invoice_id = %s", (correction.pk,), rule="issued_invoice_line")


def test_drafts_and_their_lines_stay_editable_by_raw_sql(draft: Invoice) -> None:
    execute("UPDATE invoicing_invoice SET title = 'Neu' WHERE id = %s", (draft.pk,))
    execute("UPDATE invoicing_invoiceline SET unit_price = 1 WHERE invoice_id = %s", (draft.pk,))
    execute("DELETE FROM invoicing_invoiceline WHERE invoice_id = %s", (draft.pk,))
    assert not draft.lines.exists()


def test_bulk_create_of_lines_on_an_issued_invoice_is_refused(issued: Invoice, draft: Invoice) -> None:
    lines = [InvoiceLine(invoice=issued, description="extra", quantity=1, unit_price=1, vat_rate=19)]
    with pytest.raises(ValidationError):
        InvoiceLine.objects.bulk_create(lines)
    with pytest.raises(ValidationError):  # hidden among lines of a draft
        InvoiceLine.objects.bulk_create(
            [*lines, InvoiceLine(invoice=draft, description="ok", quantity=1, unit_price=1, vat_rate=19)]
        )
    # Without the model guard, the database refuses it.
    with pytest.raises(IntegrityError, match="issued_invoice_line"), transaction.atomic():
        models.QuerySet[InvoiceLine](InvoiceLine).bulk_create(lines)
    assert issued.lines.count() == 1
    InvoiceLine.objects.bulk_create(
        [InvoiceLine(invoice=draft, description="ok", quantity=1, unit_price=1, vat_rate=19)]
    )


def test_a_stale_draft_instance_cannot_overwrite_the_issued_invoice(draft: Invoice) -> None:
    stale = Invoice.objects.get(pk=draft.pk)
    services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=ISSUE_DAY)
    stale.title = "Überschrieben"
    with pytest.raises(ValidationError):
        stale.save()
    with pytest.raises(ValidationError):
        stale.save(update_fields=["title"])
    stale.planned_date = ISSUE_DAY + timedelta(days=1)
    with pytest.raises(ValidationError):
        stale.save(update_fields=["planned_date", "status"])
    # Without the model guards, the database refuses it.
    with pytest.raises(IntegrityError, match="issued_invoice"), transaction.atomic():
        models.QuerySet(Invoice).filter(pk=draft.pk).update(title="Überschrieben")
    fresh = Invoice.objects.get(pk=draft.pk)
    assert fresh.number and fresh.title != "Überschrieben"


def test_a_refreshed_instance_knows_it_was_issued(draft: Invoice) -> None:
    stale = Invoice.objects.get(pk=draft.pk)
    services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=ISSUE_DAY)
    stale.refresh_from_db()
    assert stale.was_issued
    stale.save()  # nothing changed: allowed
    stale.title = "Überschrieben"
    with pytest.raises(ValidationError):
        stale.save()
