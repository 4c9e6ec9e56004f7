from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.invoicing import services
from portal.invoicing.models import Invoice
from portal.orders.models import Order, OrderLine, OrderStatus, PlannedInvoice
from portal.orders.services import order_recalculate
from portal.orders.tests.factories import complete_order

ISSUE_DAY = date(2026, 11, 23)
#: A typical line: (description, quantity, unit, unit price, VAT rate).
DESIGN = ("Designtag", "3", "Tag", "800.00", "19.00")


def client_in(country: str, **fields) -> Client:
    values = {
        "name": f"Kundin {country} GmbH",
        "kind": Client.Kind.BUSINESS,
        "street": "Hauptstraße 1",
        "postal_code": "1010" if country == "AT" else "10115",
        "city": "Wien" if country == "AT" else "Berlin",
        "country": country,
        "invoice_email": f"rechnung@{country.lower()}.example",
        **fields,
    }
    return Client.objects.create(**values)


def active_order(member, entity, client, lines: list[tuple], **fields) -> Order:
    """An active order with ``lines`` of (description, quantity, unit, unit price, VAT rate), invoiced once."""
    order = complete_order(member, entity, client, **fields)
    order.lines.all().delete()
    for position, (description, quantity, unit, price, rate) in enumerate(lines):
        OrderLine.objects.create(
            order=order,
            position=position,
            description=description,
            quantity=Decimal(quantity),
            unit=unit,
            unit_price=Decimal(price),
            vat_rate=Decimal(rate),
        )
    order_recalculate(order)
    order.refresh_from_db()
    PlannedInvoice.objects.filter(order=order).update(amount=order.net_total)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    order.refresh_from_db()
    return order


def draft_for(order: Order, *, today: date = ISSUE_DAY) -> Invoice:
    """The draft of the order's planned invoice, created early enough to be issued on ``ISSUE_DAY`` or later
    (the member's two-day review window has passed)."""
    services.invoice_drafts_create_due(today=order.planned_invoices.get().date, order_id=order.pk)
    created = timezone.make_aware(datetime.combine(min(today, ISSUE_DAY) - timedelta(days=7), time(12)))
    Invoice.objects.filter(order=order).update(created_at=created)
    return order.invoices.get()


def issued_invoice(member, entity, client, lines: list[tuple], *, today: date = ISSUE_DAY, **fields) -> Invoice:
    order = active_order(member, entity, client, lines, **fields)
    invoice = draft_for(order)
    return services.invoice_issue(invoice_id=invoice.pk, actor=Actor.STAFF, today=today)
