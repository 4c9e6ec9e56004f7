"""What the budget figures read from invoices and orders, written out in SQL (``portal.core.sql``): the
figures and the chart are on every budget page and the dashboard. ``budget_postings`` computes with the
rows; the tests of the figures run these reads on SQLite and PostgreSQL.

``GUARANTEED`` is ``orders.models.payment_guarantee_q`` for the order ``o``: confirmed by the client, or
confirmation skipped with a proof attached (its parameter: ``PROOF``).
"""

from portal.core.sql import Select, field_of
from portal.invoicing.models import Invoice, Payment
from portal.orders.models import OrderAttachment, PlannedInvoice

GUARANTEED = """(o.confirmed_at IS NOT NULL OR (o.skip_client_confirmation AND EXISTS (
    SELECT 1 FROM orders_orderattachment a WHERE a.order_id = o.id AND a.kind = %s)))"""
PROOF = OrderAttachment.Kind.CONFIRMATION_PROOF

#: Parameters: ``PROOF``, budget ids, invoice kind, payable statuses.
UNPAID_INVOICES = Select(
    f"""
    SELECT o.budget_id, i.net_total, i.gross_total, i.paid_amount, i.fee_rate,
           CASE WHEN {GUARANTEED} THEN 1 ELSE 0 END
    FROM invoicing_invoice i JOIN orders_order o ON o.id = i.order_id
    WHERE o.budget_id IN (%s) AND i.kind = %s AND i.status IN (%s)""",  # noqa: S608 (a fixed SQL fragment; every value is a parameter)
    budget_id=None,
    net_total=field_of(Invoice, "net_total"),
    gross_total=field_of(Invoice, "gross_total"),
    paid_amount=field_of(Invoice, "paid_amount"),
    fee_rate=field_of(Invoice, "fee_rate"),
    guaranteed=None,
)

#: Parameters: budget ids, invoiceable order statuses, unissued invoice statuses, ``PROOF``.
PLANNED_GUARANTEED = Select(
    f"""
    SELECT o.budget_id, o.entity_id, p.amount
    FROM orders_plannedinvoice p JOIN orders_order o ON o.id = p.order_id
    LEFT JOIN invoicing_invoice i ON i.planned_invoice_id = p.id
    WHERE o.budget_id IN (%s) AND o.status IN (%s) AND (i.id IS NULL OR i.status IN (%s)) AND {GUARANTEED}""",  # noqa: S608 (a fixed SQL fragment)
    budget_id=None,
    entity_id=None,
    amount=field_of(PlannedInvoice, "amount"),
)

#: The budget's issued invoices owing something between two days, with each payment received by the
#: last day (one row per payment, or one row without). Parameters: last day (payments), budget id,
#: invoice kind, last day (issued), first day (paid in full before it), first day (cancelled before it).
OUTSTANDING_BETWEEN = Select(
    """
    SELECT i.id, i.issue_date, i.net_total, i.gross_total, i.fee_rate, c.issue_date, p.received_on, p.amount
    FROM invoicing_invoice i
    JOIN orders_order o ON o.id = i.order_id
    LEFT JOIN invoicing_invoice c ON c.cancels_id = i.id
    LEFT JOIN invoicing_payment p ON p.invoice_id = i.id AND p.received_on <= %s
    WHERE o.budget_id = %s AND i.kind = %s AND i.number <> '' AND i.issue_date <= %s
      AND (i.paid_at IS NULL OR i.paid_at >= %s)
      AND (c.issue_date IS NULL OR c.issue_date >= %s)""",
    pk=None,
    issue_date=field_of(Invoice, "issue_date"),
    net_total=field_of(Invoice, "net_total"),
    gross_total=field_of(Invoice, "gross_total"),
    fee_rate=field_of(Invoice, "fee_rate"),
    cancelled_on=field_of(Invoice, "issue_date"),
    received_on=field_of(Payment, "received_on"),
    amount=field_of(Payment, "amount"),
)
