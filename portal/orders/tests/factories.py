from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from portal.orders.models import Order, OrderLine, PlannedInvoice
from portal.orders.services import order_recalculate


def complete_order(member, entity, client, **fields) -> Order:
    """A draft with everything a submission needs: one 19 % line of 1 000 EUR, invoiced once."""
    today = timezone.localdate()
    values = {
        "member": member,
        "entity": entity,
        "client": client,
        "contact_name": "Petra Kunde",
        "contact_email": "petra@abc.example",
        "title": "Workshop Design Thinking",
        "description": "Zwei Tage Workshop inklusive Vorbereitung",
        "service_start": today,
        "service_end": today + timedelta(days=30),
        "offer_valid_until": today + timedelta(days=14),
        **fields,
    }
    order = Order.objects.create(**values)
    OrderLine.objects.create(
        order=order,
        description="Workshoptag",
        quantity=Decimal("2"),
        unit="DAY",
        unit_price=Decimal("500.00"),
        vat_rate=Decimal("19.00"),
    )
    PlannedInvoice.objects.create(order=order, date=today + timedelta(days=31), amount=Decimal("1000.00"))
    order_recalculate(order)
    return order
