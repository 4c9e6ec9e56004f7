"""What expenses mean for budgets (DESIGN §6/§7).

* Submitted requests not decided yet (also while the Smart team waits for an answer) reserve their
  debit: "reserved" in the figures.
* Approval books the debit as one group: a row per receipt of a reimbursement (70 % of the net for
  hospitality), one row for a direct payment (net) or a travel-cost claim (the allowance).
* Statement rows link to the request for whoever may open it.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.budget import documents, figures
from portal.budget.ledger import Posting
from portal.budget.models import EntryKind
from portal.core.scope import Scope
from portal.core.sql import Select, field_of
from portal.core.transitions import Actor
from portal.expenses.models import RESERVING, ExpenseRequest

RESERVED = Select(
    """
    SELECT r.budget_id, SUM(r.debit) FROM expenses_expenserequest r
    WHERE r.budget_id IN (%s) AND r.status IN (%s) GROUP BY r.budget_id""",
    budget_id=None,
    total=field_of(ExpenseRequest, "debit"),
)


def reserved_by_requests(budget_ids: Sequence[int], today: date) -> dict[int, Decimal]:
    """The debits of requests submitted on these budgets and not decided yet."""
    return dict(RESERVED.rows([list(budget_ids), list(RESERVING)]))


KIND_OF_ENTRY = {
    ExpenseRequest.Kind.REIMBURSEMENT: EntryKind.EXPENSE,
    ExpenseRequest.Kind.DIRECT_PAYMENT: EntryKind.DIRECT_PAYMENT,
    ExpenseRequest.Kind.TRAVEL: EntryKind.TRAVEL_COSTS,
}


def request_postings(request: ExpenseRequest) -> list[Posting]:
    """The debit rows an approved request books (keys make booking it twice impossible)."""
    kind = KIND_OF_ENTRY[ExpenseRequest.Kind(request.kind)]
    if request.kind == ExpenseRequest.Kind.REIMBURSEMENT:
        return [
            Posting(
                request.budget_id,
                kind,
                -receipt.debit,
                f"{request.title}: {receipt.supplier}",
                f"expense:{request.pk}:receipt:{receipt.pk}",
            )
            for receipt in request.receipts.order_by("receipt_date", "pk")
            if receipt.debit
        ]
    if not request.debit:
        return []
    return [Posting(request.budget_id, kind, -request.debit, request.title, f"expense:{request.pk}:{request.kind}")]


def request_links(scope: Scope, ids: Sequence[int]) -> dict[int, str]:
    """The request pages of a statement's rows, for those requests ``scope`` may open."""
    name = "backoffice:expense_detail" if scope.actor == Actor.STAFF else "expenses:detail"
    visible = scope.rows(ExpenseRequest.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    return {pk: reverse(name, args=[pk]) for pk in visible}


def register_contributions() -> None:
    documents.register_links(ExpenseRequest, request_links)
    figures.register(
        "expense_requests",
        figures.Part.RESERVED,
        _("Expenses, direct payments and travel costs awaiting approval"),
        reserved_by_requests,
        order=40,
    )
