"""What invoicing does when an order changes status (connected in ``InvoicingConfig.ready``)."""

from django.utils import timezone

from portal.invoicing import services
from portal.orders.models import OrderStatus
from portal.orders.transitions import Event


def on_order_status_changed(sender, *, order, event, previous, user, reason, **kwargs):
    if order.status == OrderStatus.ACTIVE and previous != OrderStatus.CANCELLATION_REVIEW:
        # Planned invoices due within the next days get their draft at activation, not a day later.
        services.create_due_drafts(today=timezone.localdate(), order_id=order.pk)
    elif event == Event.APPROVE_CANCELLATION:
        services.cancel_order_invoices(order, user=user, reason=reason)
    elif order.status == OrderStatus.REJECTED:
        services.cancel_open_drafts(order)
