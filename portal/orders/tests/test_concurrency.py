"""Transitions fired at the same moment from several connections apply exactly once (PostgreSQL row locks).

SQLite serialises all writers anyway, so these tests run on PostgreSQL only (CI runs the suite on both).
"""

import re
import threading
from functools import partial

import pytest
from django.db import connection

from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail
from portal.core.tests.mailbox import delivered_text
from portal.core.transitions import Actor
from portal.orders import confirmation
from portal.orders.models import ConfirmationLink, OrderStatus
from portal.orders.services import Evidence, order_client_respond, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock races need PostgreSQL"),
]

RACERS = 8


def race(*attempts) -> tuple[list[str], list[str]]:
    """Run each attempt (a label and a callable) in its own thread and connection, all released at once.

    Returns the labels of the attempts that succeeded and the messages of the refused ones.
    """
    start = threading.Barrier(len(attempts))
    applied, refused = [], []

    def attempt(label, action):
        try:
            start.wait()
            action()
            applied.append(label)
        except BusinessError as error:
            refused.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=pair) for pair in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return applied, refused


def transition(order, event, actor, user=None, reason=""):
    """An attempt for ``race``: ``event`` applied to ``order`` by ``actor``."""
    return event, partial(order_transition, order_id=order.pk, event=event, actor=actor, user=user, reason=reason)


def test_double_clicked_submit_is_applied_once(member, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    applied, refused = race(*[transition(order, Event.SUBMIT, Actor.MEMBER, member)] * RACERS)

    assert applied == [Event.SUBMIT] and len(refused) == RACERS - 1
    order.refresh_from_db()
    assert order.status == OrderStatus.SMART_REVIEW
    assert AuditEntry.objects.filter(action="order.submit", target_id=str(order.pk)).count() == 1


def test_many_staff_approving_at_once_send_one_offer(member, staff, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)

    applied, refused = race(*[transition(order, Event.APPROVE, Actor.STAFF, staff)] * RACERS)

    assert applied == [Event.APPROVE] and len(refused) == RACERS - 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CLIENT_CONFIRMATION
    assert AuditEntry.objects.filter(action="order.approve", target_id=str(order.pk)).count() == 1
    assert ConfirmationLink.objects.filter(order=order).count() == 1
    requests = OutboundEmail.objects.filter(template="order_confirmation_request", related_id=str(order.pk))
    assert requests.count() == 1


def test_approve_and_reject_at_once_one_decision_wins(member, staff, staff_at, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    attempts = [transition(order, Event.APPROVE, Actor.STAFF, staff)] * (RACERS // 2)
    attempts += [transition(order, Event.REJECT, Actor.STAFF, staff_at, "Leistung nicht zulässig")] * (RACERS // 2)

    applied, refused = race(*attempts)

    assert len(applied) == 1 and len(refused) == RACERS - 1
    order.refresh_from_db()
    winner = {Event.APPROVE: OrderStatus.CLIENT_CONFIRMATION, Event.REJECT: OrderStatus.REJECTED}[applied[0]]
    assert order.status == winner
    decisions = AuditEntry.objects.filter(target_id=str(order.pk), action__in=["order.approve", "order.reject"])
    assert list(decisions.values_list("action", flat=True)) == [f"order.{applied[0]}"]


def test_client_answering_twice_while_the_offer_expires(member, staff, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    body = delivered_text(OutboundEmail.objects.get(template="order_confirmation_request", related_id=str(order.pk)))
    token = re.search(r"/confirm/([^/\s]+)/", body).group(1)
    link = confirmation.link_state(token).link
    confirm = partial(
        order_client_respond,
        order_id=order.pk,
        link_id=link.pk,
        action="confirm",
        name="Petra Kunde",
        evidence=Evidence(ip="192.0.2.1"),
    )
    attempts = [("confirm", confirm)] * (RACERS // 2)
    attempts += [transition(order, Event.EXPIRE, Actor.SYSTEM)] * (RACERS // 2)

    applied, refused = race(*attempts)

    assert len(applied) == 1 and len(refused) == RACERS - 1
    order.refresh_from_db()
    if applied == ["confirm"]:
        assert (order.status, order.confirmed_by_name) == (OrderStatus.ACTIVE, "Petra Kunde")
        assert OutboundEmail.objects.filter(template="order_client_receipt", related_id=str(order.pk)).count() == 1
    else:
        assert (order.status, order.confirmed_by_name) == (OrderStatus.REJECTED, "")
        assert not OutboundEmail.objects.filter(template="order_client_receipt").exists()
