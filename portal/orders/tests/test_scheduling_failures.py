"""process_orders: one order that cannot be handled never stops the others."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from portal.core.transitions import Actor
from portal.orders import scheduling
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(member, staff, entities, customer):
    orders = []
    for _ in range(3):
        order = complete_order(member, entities["SC"], customer)
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
        order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
        order.refresh_from_db()
        orders.append(order)
    return orders


def test_one_failing_order_does_not_stop_the_others(monkeypatch, offers, caplog):
    broken = offers[0]
    real = scheduling.order_transition

    def transition(*, order_id, **kwargs):
        if order_id == broken.pk:
            raise RuntimeError("PDF engine crashed")
        return real(order_id=order_id, **kwargs)

    monkeypatch.setattr(scheduling, "order_transition", transition)
    with pytest.raises(CommandError, match="1 failure"):
        call_command("process_orders", today=broken.offer_valid_until + timedelta(days=1))
    statuses = dict(Order.objects.filter(pk__in=[order.pk for order in offers]).values_list("pk", "status"))
    assert statuses == {
        offers[0].pk: OrderStatus.CLIENT_CONFIRMATION,
        offers[1].pk: OrderStatus.REJECTED,
        offers[2].pk: OrderStatus.REJECTED,
    }
    assert f"Order {broken.pk}: expire failed" in caplog.text


def test_one_failing_expiry_reminder_does_not_stop_the_others(monkeypatch, offers):
    real = scheduling.confirmation.issue_link

    def issue_link(order, **kwargs):
        if order.pk == offers[1].pk:
            raise OSError("media not writable")
        return real(order, **kwargs)

    monkeypatch.setattr(scheduling.confirmation, "issue_link", issue_link)
    failures: list[str] = []
    assert scheduling.remind_expiring_offers(offers[0].offer_valid_until - timedelta(days=3), failures) == 2
    assert len(failures) == 1 and "OSError" in failures[0]
    reminded = Order.objects.filter(expiry_reminder_sent_at__isnull=False).values_list("pk", flat=True)
    assert sorted(reminded) == sorted([offers[0].pk, offers[2].pk])
