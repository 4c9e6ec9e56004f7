import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail
from portal.core.transitions import Actor
from portal.orders.models import Order, OrderStatus, PlannedInvoice
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import TRANSITIONS, Event

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(itertools.product(OrderStatus.values, Event.values))


@pytest.fixture
def order(member, entities, customer):
    return complete_order(member, entities["SC"], customer)


def in_status(order, status):
    Order.objects.filter(pk=order.pk).update(status=status)
    return order


@pytest.mark.parametrize(("status", "event"), [pair for pair in ALL_PAIRS if pair not in TRANSITIONS])
def test_every_transition_not_in_the_table_is_refused(order, status, event):
    in_status(order, status)
    for actor in Actor.values:
        with pytest.raises(BusinessError):
            order_transition(order_id=order.pk, event=event, actor=actor, reason="weil")
    order.refresh_from_db()
    assert order.status == status
    assert not AuditEntry.objects.filter(action__startswith="order.").exists()


@pytest.mark.parametrize(("status", "event"), list(TRANSITIONS))
def test_every_transition_in_the_table_works_only_for_its_actor(order, member, staff, status, event):
    transition = TRANSITIONS[(status, event)]
    (actor,) = transition.by  # every order move has exactly one kind of actor
    in_status(order, status)
    for other in set(Actor.values) - transition.by:
        with pytest.raises(BusinessError):
            order_transition(order_id=order.pk, event=event, actor=other, reason="weil")
    user = staff if actor == Actor.STAFF else member  # nobody decides their own order
    order_transition(order_id=order.pk, event=event, actor=actor, user=user, reason="weil")
    order.refresh_from_db()
    assert order.status == transition.to
    entry = AuditEntry.objects.get(action=f"order.{event}")
    assert (entry.from_state, entry.to_state, entry.message) == (status, transition.to, "weil")


@pytest.mark.parametrize(("status", "event"), [key for key, t in TRANSITIONS.items() if t.reason_required])
def test_reason_is_required_where_the_table_says_so(order, status, event):
    in_status(order, status)
    with pytest.raises(BusinessError) as error:
        (actor,) = TRANSITIONS[(status, event)].by
        order_transition(order_id=order.pk, event=event, actor=actor, reason="  ")
    assert error.value.field == "reason"
    order.refresh_from_db()
    assert order.status == status


def test_approval_skips_client_confirmation_when_chosen(order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW, skip_client_confirmation=True)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE


def test_applying_the_same_event_twice_changes_nothing_the_second_time(order):
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    with pytest.raises(BusinessError):
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    assert AuditEntry.objects.filter(action="order.submit").count() == 1


def test_submission_lists_everything_that_is_missing(member, entities):
    draft = Order.objects.create(member=member, entity=entities["SC"])
    with pytest.raises(BusinessError) as error:
        order_transition(order_id=draft.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    assert set(error.value.errors) == {
        "client",
        "contact_email",
        "title",
        "description",
        "service_start",
        "service_end",
        "offer_valid_until",
        "lines",
        "planned_invoices",
    }
    draft.refresh_from_db()
    assert draft.status == OrderStatus.DRAFT


def test_planned_invoices_must_add_up_to_the_total(order):
    PlannedInvoice.objects.filter(order=order).update(amount=Decimal("999.99"))
    with pytest.raises(BusinessError) as error:
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    assert "999,99" in error.value.errors["planned_invoices"]  # in the reader's (German) format


def test_offer_must_still_be_valid_unless_confirmation_is_skipped(order):
    Order.objects.filter(pk=order.pk).update(offer_valid_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(BusinessError) as error:
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    assert "offer_valid_until" in error.value.errors
    Order.objects.filter(pk=order.pk).update(skip_client_confirmation=True)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)


def test_member_is_emailed_with_the_reason(order, django_capture_on_commit_callbacks):
    in_status(order, OrderStatus.SMART_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, event=Event.RETURN, actor=Actor.STAFF, reason="Bitte Stundensatz prüfen")
    email = OutboundEmail.objects.get(template="order_event")
    assert email.recipient == order.member.email and email.status == "sent"
    assert "Bitte Stundensatz prüfen" in email.body_text
    assert "Workshop Design Thinking" in email.subject
