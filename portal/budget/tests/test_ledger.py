"""The ledger: postings from invoicing, append-only rows, reversal, idempotence and backfill."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from portal.budget.ledger import Posting, budget_personal, ledger_book
from portal.budget.models import Budget, EntryKind, LedgerEntry
from portal.core.transitions import Actor
from portal.invoicing import budget_postings, services
from portal.invoicing.services import issuing
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, active_order, client_in, draft_for

pytestmark = pytest.mark.django_db


def rows_of(budget: Budget) -> list[tuple[str, Decimal]]:
    return list(budget.entries.order_by("id").values_list("kind", "amount"))


def test_issuing_books_income_and_fee_as_one_group(issued, member, entities):
    budget = Budget.objects.get(owner=member, entity=entities["SC"], kind=Budget.Kind.PERSONAL)
    income, fee = budget.entries.order_by("id")
    assert (income.kind, income.amount) == (EntryKind.INCOME, Decimal("2400.00"))
    assert (fee.kind, fee.amount, fee.fee_rate) == (EntryKind.FEE, Decimal("-216.00"), Decimal("9.00"))
    assert income.group == fee.group
    assert income.booking_date == fee.booking_date == ISSUE_DAY
    assert income.source_label == issued.number and income.source_id == issued.pk
    issued.order.refresh_from_db()
    assert issued.order.budget == budget


def test_a_cancellation_books_the_reversal_of_both_rows(issued, member, entities):
    services.invoice_cancel(invoice_id=issued.pk, actor=Actor.STAFF, reason="Falscher Betrag", today=ISSUE_DAY)
    budget = Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)
    income, fee, income_back, fee_back = budget.entries.order_by("id")
    assert (income_back.kind, income_back.amount, income_back.reverses) == (
        EntryKind.INCOME_REVERSAL,
        Decimal("-2400.00"),
        income,
    )
    assert (fee_back.kind, fee_back.amount, fee_back.reverses) == (EntryKind.FEE_REVERSAL, Decimal("216.00"), fee)
    assert income_back.group == fee_back.group != income.group
    assert sum(row.amount for row in (income, fee, income_back, fee_back)) == 0


def test_a_rolled_back_issue_leaves_no_rows(member, entities, monkeypatch):
    draft = draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))

    def broken(invoice):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(issuing, "send_issued", broken)
    with pytest.raises(RuntimeError):
        services.invoice_issue(invoice_id=draft.pk, actor=Actor.SYSTEM, today=ISSUE_DAY)
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize("statement", ["UPDATE budget_ledgerentry SET amount = 1", "DELETE FROM budget_ledgerentry"])
def test_the_database_refuses_to_change_ledger_rows(issued, statement):
    with pytest.raises(IntegrityError, match="ledger_row"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert LedgerEntry.objects.filter(kind=EntryKind.INCOME, amount=Decimal("2400.00")).exists()


def test_the_orm_refuses_to_change_ledger_rows(issued):
    row = LedgerEntry.objects.first()
    row.amount = Decimal("1.00")
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.update(text="x")
    with pytest.raises(ValidationError):
        LedgerEntry.objects.all().delete()


def test_booking_is_idempotent_by_key(member, entities):
    budget = budget_personal(member_id=member.pk, entity_id=entities["SC"].pk)
    posting = Posting(budget.pk, EntryKind.CORRECTION, Decimal("12.50"), "Ausgleich", "test:1")
    first = ledger_book(postings=[posting], booking_date=ISSUE_DAY)
    again = ledger_book(postings=[posting], booking_date=ISSUE_DAY)
    assert [row.pk for row in first] == [row.pk for row in again]
    assert budget.entries.count() == 1


@pytest.mark.parametrize(
    ("kind", "amount"), [(EntryKind.INCOME, "-1.00"), (EntryKind.FEE, "5.00"), (EntryKind.TRANSFER_IN, "-3.00")]
)
def test_a_row_with_the_wrong_sign_is_refused(member, entities, kind, amount):
    budget = budget_personal(member_id=member.pk, entity_id=entities["SC"].pk)
    with pytest.raises(ValueError):
        ledger_book(postings=[Posting(budget.pk, kind, Decimal(amount), "x", "test:sign")], booking_date=ISSUE_DAY)


def test_invoices_issued_before_budgets_existed_are_booked_once_by_the_command(member, entities, monkeypatch):
    monkeypatch.setattr(budget_postings, "post_issued", lambda invoice, user=None: None)
    drafts = [draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN])) for _ in range(2)]
    _first, second = (services.invoice_issue(invoice_id=d.pk, actor=Actor.SYSTEM, today=ISSUE_DAY) for d in drafts)
    services.invoice_cancel(invoice_id=second.pk, actor=Actor.STAFF, reason="Doppelt", today=ISSUE_DAY)
    assert LedgerEntry.objects.count() == 0
    monkeypatch.undo()

    call_command("post_invoices_to_budgets")
    call_command("post_invoices_to_budgets")

    budget = Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)
    assert rows_of(budget) == [
        (EntryKind.INCOME, Decimal("2400.00")),
        (EntryKind.FEE, Decimal("-216.00")),
        (EntryKind.INCOME, Decimal("2400.00")),
        (EntryKind.FEE, Decimal("-216.00")),
        (EntryKind.INCOME_REVERSAL, Decimal("-2400.00")),
        (EntryKind.FEE_REVERSAL, Decimal("216.00")),
    ]
