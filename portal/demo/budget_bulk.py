"""Bulk budgets for benchmarks: personal budgets as order approval opens them, and the ledger rows
the real services would book, written with ``bulk_create`` (INSERT only: the ledger refuses changes).

Every row comes from ``portal.budget.ledger.build_rows`` and the posting rules of the app that owns the
document (``invoice_postings`` / ``cancellation_postings``), so keys, groups, texts, fee rates and booking
dates are those the services give; only the row-by-row ``save`` is replaced by batches.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from portal.budget.ledger import build_rows
from portal.budget.models import Budget, LedgerEntry
from portal.core import money
from portal.entities.models import FeeRate
from portal.invoicing.budget_postings import cancellation_postings, invoice_postings
from portal.invoicing.models import Invoice
from portal.orders.models import Order, OrderStatus

#: Orders the Smart team has approved: approval gives them a budget (``portal.orders.services.order_budget``).
APPROVED_ORDER_STATUSES = (
    OrderStatus.CLIENT_CONFIRMATION,
    OrderStatus.ACTIVE,
    OrderStatus.CANCELLATION_REVIEW,
    OrderStatus.CANCELLED,
    OrderStatus.COMPLETED,
)
BATCH = 1000


def personal_budgets(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The personal budget of each (member, entity), opened where missing: ``{(member, entity): budget id}``."""
    wanted = set(pairs)
    if not wanted:
        return {}
    found = {
        (owner_id, entity_id): pk
        for pk, owner_id, entity_id in Budget.objects.filter(
            kind=Budget.Kind.PERSONAL, owner_id__in={owner for owner, _entity in wanted}
        ).values_list("pk", "owner_id", "entity_id")
    }
    missing = sorted(wanted - found.keys())
    opened = Budget.objects.bulk_create(
        [Budget(kind=Budget.Kind.PERSONAL, owner_id=owner, entity_id=entity) for owner, entity in missing],
        batch_size=BATCH,
    )
    found.update({(budget.owner_id, budget.entity_id): budget.pk for budget in opened})
    return found


def assign_budgets(orders: Sequence[Order]) -> None:
    """Approved orders without a budget get their member's personal budget (in memory, for ``bulk_create``)."""
    approved = [order for order in orders if order.budget_id is None and order.status in APPROVED_ORDER_STATUSES]
    budgets = personal_budgets((order.member_id, order.entity_id) for order in approved)
    for order in approved:
        order.budget_id = budgets[(order.member_id, order.entity_id)]


def give_budgets(orders: Sequence[Order]) -> None:
    """As ``assign_budgets``, for orders already stored."""
    missing = [order for order in orders if order.budget_id is None and order.status in APPROVED_ORDER_STATUSES]
    assign_budgets(missing)
    Order.objects.bulk_update(missing, ["budget"], batch_size=BATCH)


class FeeRates:
    """The entities' dated fee rates, looked up in memory (``portal.entities.fees.fee_rate`` per invoice)."""

    def __init__(self) -> None:
        self.rates: dict[int, tuple[list[date], list[Decimal]]] = {}
        for entity_id, valid_from, percent in FeeRate.objects.order_by("entity_id", "valid_from").values_list(
            "entity_id", "valid_from", "percent"
        ):
            days, percents = self.rates.setdefault(entity_id, ([], []))
            days.append(valid_from)
            percents.append(percent)

    def on(self, entity_id: int, day: date) -> Decimal:
        days, percents = self.rates.get(entity_id, ([], []))
        index = bisect_right(days, day)
        return percents[index - 1] if index else money.ZERO


def _issue_day(invoice: Invoice) -> date:
    assert invoice.issue_date is not None, "only issued invoices are booked"
    return invoice.issue_date


def book_invoices(invoices: Sequence[Invoice], cancellations: Sequence[Invoice]) -> int:
    """The rows ``post_issued`` books for ``invoices`` (issued, stored, with their orders' budgets) and for
    ``cancellations`` of them (``cancels`` set to one of ``invoices``). Returns the number of rows."""
    invoice_type = ContentType.objects.get_for_model(Invoice).pk

    def rows(invoice: Invoice, postings) -> list[LedgerEntry]:
        return build_rows(
            LedgerEntry,
            postings,
            booking_date=_issue_day(invoice),
            source_type_id=invoice_type,
            source_id=invoice.pk,
            source_label=invoice.number,
            user_id=None,
        )

    booked: dict[int, list[LedgerEntry]] = {}
    for invoice in sorted(invoices, key=lambda i: (_issue_day(i), i.pk)):
        budget_id = invoice.order.budget_id
        assert budget_id is not None, "the order of an issued invoice has a budget"
        postings = invoice_postings(
            invoice_id=invoice.pk,
            budget_id=budget_id,
            title=invoice.title,
            net=invoice.net_total,
            fee_rate=invoice.fee_rate,
        )
        booked[invoice.pk] = rows(invoice, postings)
    originals = [row for group in booked.values() for row in group]
    LedgerEntry.objects.bulk_create(originals, batch_size=BATCH)
    reversals = []
    for cancellation in sorted(cancellations, key=lambda i: (_issue_day(i), i.pk)):
        assert cancellation.cancels_id is not None
        postings = cancellation_postings(
            invoice_id=cancellation.pk, title=cancellation.title, originals=booked[cancellation.cancels_id]
        )
        reversals += rows(cancellation, postings)
    LedgerEntry.objects.bulk_create(reversals, batch_size=BATCH)
    return len(originals) + len(reversals)
