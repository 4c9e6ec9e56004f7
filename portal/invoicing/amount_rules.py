"""Money rules of invoices (DESIGN §5), checked by the invoicing services whoever calls them.

* Lines obey the order input rules (``portal.orders.rules``): no negative prices, limits, the VAT
  rates of the entity's country.
* An invoice (not a cancellation invoice) is never issued for zero or a negative amount.
* The invoices of an order never add up to more than the order: issued and draft invoices that are not
  cancelled, plus the planned invoices that have no draft yet.
* A draft is issued by the scheduler or the Smart team no sooner than two days after it was created,
  so that the member can always check it (the member may send it earlier: that is their check).
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.core import money
from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.orders import rules
from portal.orders.models import Order

if TYPE_CHECKING:
    from portal.invoicing.models import Invoice

REVIEW_WINDOW = timedelta(days=2)


def check_lines(lines: Iterable[dict], *, country: str, discount: money.Discount | None = None) -> Decimal:
    """Refuse lines outside the input rules; returns their net total after ``discount``."""
    values = [rules.LineValues(line["quantity"], line["unit_price"], line["vat_rate"]) for line in lines]
    if not values:
        raise BusinessError(_("Please add at least one line."))
    problems = rules.amount_problems(values, country=country, discount=discount)
    if problems:
        raise BusinessError(" ".join(problems.values()))
    net = money.totals(((v.quantity, v.unit_price, v.vat_rate) for v in values), discount).net
    if net <= 0:
        raise BusinessError(_("An invoice must have an amount greater than zero."))
    return net


def invoiced_elsewhere(order: Order, *, excluding_invoice_id: int | None = None) -> Decimal:
    """Net of the order's invoices that count against it, other than ``excluding_invoice_id``."""
    from portal.invoicing.models import Invoice, InvoiceStatus

    invoices = order.invoices.filter(kind=Invoice.Kind.INVOICE).exclude(status=InvoiceStatus.CANCELLED)
    if excluding_invoice_id is not None:
        invoices = invoices.exclude(pk=excluding_invoice_id)
    invoiced = invoices.aggregate(total=Sum("net_total"))["total"] or money.ZERO
    not_drafted = order.planned_invoices.filter(invoice__isnull=True).aggregate(total=Sum("amount"))["total"]
    return invoiced + (not_drafted or money.ZERO)


def check_within_order(order: Order, net: Decimal, *, invoice_id: int | None = None) -> None:
    """Refuse an invoice of ``net`` that would make the order's invoices exceed the order."""
    left = order.net_total - invoiced_elsewhere(order, excluding_invoice_id=invoice_id)
    if net > left:
        raise BusinessError(
            _(
                "The invoices of an order cannot add up to more than the order (%(total)s net); "
                "at most %(left)s net can still be invoiced."
            )
            % {"total": money.display(order.net_total), "left": money.display(max(left, money.ZERO))}
        )


def reviewed_before(today: date) -> datetime:
    """Drafts created before this moment have had their review window by ``today`` (the window ends at
    the start of the day two days after the draft was made, in the cooperative's time zone)."""
    return timezone.make_aware(datetime.combine(today - REVIEW_WINDOW + timedelta(days=1), time.min))


def check_issuable(invoice: "Invoice", *, actor: str, today: date) -> None:
    """What must hold before a draft gets a number (called with the invoice locked)."""
    if invoice.gross_total <= 0 or invoice.net_total <= 0:
        raise BusinessError(
            _("An invoice must have an amount greater than zero; corrections are made with a cancellation invoice.")
        )
    check_within_order(invoice.order, invoice.net_total, invoice_id=invoice.pk)
    if actor != Actor.MEMBER and invoice.created_at >= reviewed_before(today):
        earliest = timezone.localtime(invoice.created_at).date() + REVIEW_WINDOW
        raise BusinessError(
            _("The draft can be issued from %(date)s on: the member has two days to check it.")
            % {"date": formats.date_format(earliest, "SHORT_DATE_FORMAT")}
        )
