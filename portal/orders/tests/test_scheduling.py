from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.core.models import OutboundEmail
from portal.core.transitions import Actor
from portal.invoicing import services as invoicing
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(member, staff, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    order.refresh_from_db()
    return order


def run(today):
    call_command("process_orders", today=today)


def test_offer_expires_the_day_after_it_was_valid(awaiting):
    run(awaiting.offer_valid_until)
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION
    run(awaiting.offer_valid_until + timedelta(days=1))
    run(awaiting.offer_valid_until + timedelta(days=1))  # idempotent
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.REJECTED
    assert OutboundEmail.objects.filter(template="order_event", subject__contains="abgelaufen").count() == 1


def test_reminder_three_days_before_expiry_once_to_member_and_client(awaiting):
    run(awaiting.offer_valid_until - timedelta(days=4))
    assert not OutboundEmail.objects.filter(template="order_expiry_reminder").exists()
    run(awaiting.offer_valid_until - timedelta(days=3))
    run(awaiting.offer_valid_until - timedelta(days=2))
    assert OutboundEmail.objects.filter(template="order_expiry_reminder", recipient=awaiting.member.email).count() == 1
    client_mails = OutboundEmail.objects.filter(template="order_confirmation_request").order_by("pk")
    assert client_mails.count() == 2 and client_mails.last().subject.startswith("Erinnerung")
    assert awaiting.confirmation_links.filter(revoked_at__isnull=True).count() == 1


def test_orders_complete_after_the_service_period_once_every_planned_invoice_is_issued(member, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    planned = order.planned_invoices.get()
    run(order.service_end + timedelta(days=1))
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE  # no invoice yet

    invoicing.invoice_drafts_create_due(today=planned.date, order_id=order.pk)
    run(order.service_end + timedelta(days=1))
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE  # only a draft

    invoicing.invoice_issue(invoice_id=order.invoices.get().pk, actor=Actor.SYSTEM, today=planned.date)
    run(order.service_end)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE  # service period not over
    run(order.service_end + timedelta(days=1))
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


def test_without_today_the_real_date_is_used(awaiting):
    call_command("process_orders")
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION
    assert awaiting.offer_valid_until > timezone.localdate()
