"""What invoices mean for budgets (DESIGN §6).

* Issuing an invoice books its net amount as income and the cooperative fee (the rate stored on the
  invoice) as one group on the order's budget, in the issuing transaction.
* Issuing a cancellation invoice books the reversal of both rows, each pointing at the row it undoes.
* Invoicing tells the budget figures what issued invoices and planned invoices still bring
  (``register_contributions``): outstanding, and for available-for-salary what orders with payment
  guarantee will still bring.

``invoice_postings`` is the one rule for which rows an invoice books; the issuing service and the
backfill of invoices issued before budgets existed (migration ``0013`` and ``post_invoices_to_budgets``)
both use it, so every invoice is booked alike and exactly once (the rows carry keys).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.budget import documents, figures
from portal.budget.ledger import Posting, budget_personal, entries_of, ledger_book, reversal_of
from portal.budget.models import EntryKind, LedgerEntry
from portal.core import money
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.entities import fees
from portal.invoicing import budget_reads as reads
from portal.invoicing.models import OPEN, UNISSUED, Invoice
from portal.orders.models import Order


def key(invoice_id: int, kind: str) -> str:
    return f"invoice:{invoice_id}:{kind}"


def invoice_postings(
    *, invoice_id: int, budget_id: int, title: str, net: Decimal, fee_rate: Decimal | None
) -> list[Posting]:
    """Income (net) and fee of an invoice; a zero fee books no row."""
    fee = fees.fee_split(net, fee_rate or money.ZERO).fee
    postings = [Posting(budget_id, EntryKind.INCOME, net, title, key(invoice_id, EntryKind.INCOME))]
    if fee:
        postings.append(
            Posting(budget_id, EntryKind.FEE, -fee, title, key(invoice_id, EntryKind.FEE), fee_rate=fee_rate)
        )
    return [posting for posting in postings if posting.amount]


def cancellation_postings(*, invoice_id: int, title: str, originals: Iterable[Any]) -> list[Posting]:
    """The reversal of each row the cancelled invoice booked (``originals``: its income and fee rows)."""
    return [reversal_of(row, text=title, key=key(invoice_id, f"{row.kind}_reversal")) for row in originals]


def budget_of_order(order: Order) -> int:
    """The budget an order's income goes to; orders approved before budgets existed get the personal one."""
    if order.budget_id is not None:
        return order.budget_id
    budget = budget_personal(member_id=order.member_id, entity_id=order.entity_id)
    Order.objects.filter(pk=order.pk, budget__isnull=True).update(budget=budget)
    order.budget = budget
    return budget.pk


def post_issued(invoice: Invoice, user: Any = None) -> None:
    """Book an invoice that is being issued (inside the issuing transaction)."""
    assert invoice.issue_date is not None, "only issued invoices are booked"
    if invoice.kind == Invoice.Kind.CANCELLATION:
        cancelled = invoice.cancels
        assert cancelled is not None, "a cancellation invoice cancels an invoice"
        originals = entries_of(cancelled)
        if not originals:  # issued before budgets existed and never posted: book it first
            post_issued(cancelled)
            originals = entries_of(cancelled)
        postings = cancellation_postings(invoice_id=invoice.pk, title=invoice.title, originals=originals)
    else:
        postings = invoice_postings(
            invoice_id=invoice.pk,
            budget_id=budget_of_order(invoice.order),
            title=invoice.title,
            net=invoice.net_total,
            fee_rate=invoice.fee_rate,
        )
    ledger_book(
        postings=postings, booking_date=invoice.issue_date, source=invoice, source_label=invoice.number, user=user
    )


def post_unposted(*, batch: int = 500) -> int:
    """Book every issued invoice that has no rows yet, in issue order (idempotent); returns how many."""
    posted = 0
    booked = LedgerEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(Invoice), source_id=OuterRef("pk")
    )
    pending = list(
        Invoice.objects.exclude(number="")
        .exclude(Exists(booked))
        .order_by("issued_at", "id")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pending), batch):
        invoices = Invoice.objects.filter(pk__in=pending[start : start + batch]).select_related("order", "cancels")
        for invoice in sorted(invoices, key=lambda i: (i.issued_at, i.pk)):
            post_issued(invoice)
            posted += 1
    return posted


# --- figures ---------------------------------------------------------------------------------------


def open_share(*, net: Decimal, gross: Decimal, paid: Decimal, fee_rate: Decimal | None) -> Decimal:
    """What an issued invoice will still bring into the budget: net - fee, less each payment's share
    (a payment's share is payment x net / gross, DESIGN §6)."""
    return unpaid_share(fees.fee_split(net, fee_rate or money.ZERO).budget, gross=gross, paid=paid)


def unpaid_share(budget_part: Decimal, *, gross: Decimal, paid: Decimal) -> Decimal:
    """The part of ``budget_part`` (net - fee) that ``paid`` of ``gross`` leaves open."""
    if not gross or paid >= gross:
        return money.ZERO if gross else budget_part
    if not paid:
        return budget_part
    return money.to_money(budget_part * (gross - paid) / gross)


def unpaid_invoices(budget_ids: Sequence[int], today: date) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """What issued invoices still owe each budget (net - fee, pro rata): all of them, and those of orders
    with payment guarantee (for available for salary). One query."""
    owed: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    owed_guaranteed: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    params = [reads.PROOF, list(budget_ids), Invoice.Kind.INVOICE, list(OPEN)]
    for row in reads.UNPAID_INVOICES.rows(params):
        share = open_share(net=row.net_total, gross=row.gross_total, paid=row.paid_amount, fee_rate=row.fee_rate)
        owed[row.budget_id] += share
        if row.guaranteed:
            owed_guaranteed[row.budget_id] += share
    return owed, owed_guaranteed


def planned_guaranteed(budget_ids: Sequence[int], today: date) -> dict[int, Decimal]:
    """Planned invoices of active orders with payment guarantee not issued yet, net - today's fee."""
    params = [list(budget_ids), list(Order.INVOICEABLE), list(UNISSUED), reads.PROOF]
    rates: dict[int, Decimal] = {}
    result: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    for row in reads.PLANNED_GUARANTEED.rows(params):
        if row.entity_id not in rates:
            rates[row.entity_id] = fees.fee_rate(row.entity_id, today)
        result[row.budget_id] += fees.fee_split(row.amount, rates[row.entity_id]).budget
    return result


def outstanding_at(budget_id: int, days: Sequence[date]) -> dict[date, Decimal]:
    """What the budget's issued invoices still owed at the end of each of ``days`` (for the chart): those
    issued by then and not cancelled by then, less the payments received by then. One query."""
    first, last = min(days), max(days)
    invoices: dict[int, Any] = {}
    paid: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for row in reads.OUTSTANDING_BETWEEN.rows([last, budget_id, Invoice.Kind.INVOICE, last, first, first]):
        invoices[row.pk] = row
        if row.received_on is not None:
            paid[row.pk].append((row.received_on, row.amount))
    result: dict[date, Decimal] = defaultdict(lambda: money.ZERO)
    for pk, row in invoices.items():
        budget_part = fees.fee_split(row.net_total, row.fee_rate or money.ZERO).budget
        payments = paid.get(pk, [])
        for day in days:
            if row.issue_date <= day and not (row.cancelled_on and row.cancelled_on <= day):
                paid_by_then = sum((amount for on, amount in payments if on <= day), start=money.ZERO)
                result[day] += unpaid_share(budget_part, gross=row.gross_total, paid=paid_by_then)
    return result


def invoice_links(scope: Scope, ids: Sequence[int]) -> dict[int, str]:
    """The invoice pages of a statement's rows, for those invoices ``scope`` may open."""
    name = "backoffice:invoice_detail" if scope.actor == Actor.STAFF else "invoicing:detail"
    visible = scope.rows(Invoice.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    return {pk: reverse(name, args=[pk]) for pk in visible}


def register_contributions() -> None:
    documents.register_links(Invoice, invoice_links)
    figures.register_past("invoices_outstanding", outstanding_at)
    figures.register(
        "invoices_outstanding",
        figures.Part.OUTSTANDING,
        _("Issued invoices not yet paid"),
        unpaid_invoices,
        pick=lambda owed: owed[0],
    )
    figures.register(
        "invoices_guaranteed",
        figures.Part.GUARANTEED,
        _("Unpaid invoices of orders with payment guarantee"),
        unpaid_invoices,
        order=10,
        pick=lambda owed: owed[1],
    )
    figures.register(
        "planned_guaranteed",
        figures.Part.GUARANTEED,
        _("Planned invoices of orders with payment guarantee"),
        planned_guaranteed,
        order=20,
    )
