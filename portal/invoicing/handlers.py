"""What invoicing does when orders announce a change (connected in ``InvoicingConfig.ready``).

The signals are documented in ``portal/orders/signals.py`` and ``portal/customers/signals.py``;
invoicing never looks at order events.
"""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from portal.invoicing import services
from portal.invoicing.models import UNISSUED, Invoice


def on_order_activated(sender: Any, *, order: Any, **kwargs: Any) -> None:
    # Planned invoices due within the next days get their draft at activation, not a day later.
    services.invoice_drafts_create_due(today=timezone.localdate(), order_id=order.pk)


def on_order_cancelled(sender: Any, *, order: Any, user: Any = None, reason: str = "", **kwargs: Any) -> None:
    services.invoice_cancel_for_order(order, user=user, reason=reason)


def on_order_rejected(sender: Any, *, order: Any, **kwargs: Any) -> None:
    services.invoice_drafts_cancel(order)


def on_client_copied(sender: Any, *, original: Any, copy: Any, member: Any, **kwargs: Any) -> None:
    """The member's drafts follow their copy of the client; issued invoices keep their snapshot and client."""
    Invoice.objects.filter(client=original, member=member, status__in=UNISSUED).update(client=copy)


def fully_invoiced(order_ids: Iterable[int]) -> set[int]:
    """Orders without a draft or an invoice awaiting its update (issued and cancelled ones are final)."""
    ids = set(order_ids)
    open_ids = set(Invoice.objects.filter(order_id__in=ids, status__in=UNISSUED).values_list("order_id", flat=True))
    return ids - open_ids
