"""What the clock does with orders each day. Every function is idempotent and safe to run concurrently."""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.scheduled import note_failure
from portal.core.transitions import Actor
from portal.orders import confirmation, signals
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.transitions import Event

logger = logging.getLogger(__name__)
REMIND_DAYS_BEFORE_EXPIRY = 3


def _apply_to_each(order_ids: list[int], event: str, failures: list[str] | None = None) -> int:
    done = 0
    for order_id in order_ids:
        try:
            order_transition(order_id=order_id, event=event, actor=Actor.SYSTEM)
        except BusinessError:  # someone else moved the order on in the meantime
            logger.info("Order %s: %s no longer applies", order_id, event)
        except Exception as error:  # one broken order must not stop the others
            note_failure(failures, f"Order {order_id}: {event}", error)
        else:
            done += 1
    return done


def expire_offers(today: date, failures: list[str] | None = None) -> int:
    """Offers the client did not confirm by their last valid day are rejected."""
    due = Order.objects.filter(status=OrderStatus.CLIENT_CONFIRMATION, offer_valid_until__lt=today)
    return _apply_to_each(list(due.values_list("pk", flat=True)), Event.EXPIRE, failures)


def remind_expiring_offers(today: date, failures: list[str] | None = None) -> int:
    """Three days before an offer expires, remind the member and send the client a fresh link."""
    last_day = today + timedelta(days=REMIND_DAYS_BEFORE_EXPIRY)
    due = Order.objects.filter(
        status=OrderStatus.CLIENT_CONFIRMATION,
        offer_valid_until__gte=today,
        offer_valid_until__lte=last_day,
        expiry_reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for order_id in list(due):
        try:
            with transaction.atomic():
                order = (
                    Order.objects.select_for_update(of=("self",))
                    .select_related("client", "entity", "member")
                    .get(pk=order_id)
                )
                if order.expiry_reminder_sent_at or order.status != OrderStatus.CLIENT_CONFIRMATION:
                    continue
                order.expiry_reminder_sent_at = timezone.now()
                order.save(update_fields=["expiry_reminder_sent_at", "updated_at"])
                confirmation.issue_link(order, reminder=True)
                queue_email(
                    to=order.member,
                    template="order_expiry_reminder",
                    context={"order": order},
                    category="orders",
                    related=order,
                    entity=order.entity,
                )
        except Exception as error:  # e.g. the offer PDF cannot be rendered: the other reminders still go out
            note_failure(failures, f"Order {order_id}: expiry reminder", error)
            continue
        sent += 1
    return sent


def complete_orders(today: date, failures: list[str] | None = None) -> int:
    """Active orders are completed once their service period is over and every planned invoice is issued or
    cancelled (invoices still open for payment may remain)."""
    candidates = Order.objects.filter(status=OrderStatus.ACTIVE, service_end__lt=today).exclude(
        planned_invoices__invoice__isnull=True
    )
    due = signals.fully_invoiced(candidates.values_list("pk", flat=True))
    return _apply_to_each(sorted(due), Event.COMPLETE, failures)
