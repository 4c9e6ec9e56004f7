"""What a request pays out and debits, from its receipts or its supplier invoice (DESIGN §7)."""

from decimal import Decimal

from portal.core import money
from portal.expenses.models import ExpenseRequest


def amounts_of(request: ExpenseRequest) -> tuple[Decimal, Decimal]:
    """``(payout, debit)``: gross paid out and net debited (hospitality: 70 % of the net, plus the VAT
    paid out). A travel claim's allowance is both."""
    if request.kind == ExpenseRequest.Kind.REIMBURSEMENT:
        receipts = list(request.receipts.all())
        payout = sum((receipt.payout for receipt in receipts), money.ZERO)
        debit = sum((receipt.debit for receipt in receipts), money.ZERO)
        return payout, debit
    if request.kind == ExpenseRequest.Kind.DIRECT_PAYMENT:
        invoice = getattr(request, "supplier_invoice", None)
        if invoice is None:
            return money.ZERO, money.ZERO
        return invoice.gross, invoice.net
    return request.payout, request.debit


def refresh_amounts(request: ExpenseRequest) -> None:
    """Store the request's amounts after its receipts or invoice changed."""
    request.payout, request.debit = amounts_of(request)
    ExpenseRequest.objects.filter(pk=request.pk).update(payout=request.payout, debit=request.debit)
