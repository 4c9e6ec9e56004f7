"""``order_client_respond`` takes the link's id, never the e-mail's token, and checks it under its lock."""

import pytest

from portal.core.errors import BusinessError
from portal.core.models import AuditEntry
from portal.core.transitions import Actor
from portal.orders.models import ConfirmationLink, OrderStatus
from portal.orders.services import Evidence, order_client_respond, order_resend_confirmation, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_member_views import customer  # noqa: F401 (the member's own client)
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


def waiting_for_client(member, staff, entity, client):
    order = complete_order(member, entity, client)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    return order, ConfirmationLink.objects.get(order=order, revoked_at__isnull=True)


def test_a_confirmation_keeps_its_evidence_and_uses_the_link_up(member, staff, entities, customer):  # noqa: F811
    order, link = waiting_for_client(member, staff, entities["SC"], customer)
    order_client_respond(
        order_id=order.pk,
        link_id=link.pk,
        action="confirm",
        name=" Petra Kunde ",
        evidence=Evidence(ip="192.0.2.7", user_agent="Browser"),
    )
    order.refresh_from_db()
    assert (order.status, order.confirmed_by_name, order.confirmed_ip) == (
        OrderStatus.ACTIVE,
        "Petra Kunde",
        "192.0.2.7",
    )
    assert order.confirmed_via == "link"
    assert AuditEntry.objects.get(action="order.confirm").data == {"via": "link", "client_name": "Petra Kunde"}
    with pytest.raises(BusinessError):
        order_client_respond(order_id=order.pk, link_id=link.pk, action="confirm", name="Petra Kunde")


def test_a_replaced_link_or_the_link_of_another_order_is_refused(member, staff, entities, customer):  # noqa: F811
    order, old = waiting_for_client(member, staff, entities["SC"], customer)
    other, other_link = waiting_for_client(member, staff, entities["SC"], customer)
    order_resend_confirmation(order_id=order.pk, user=staff)
    with pytest.raises(BusinessError):
        order_client_respond(order_id=order.pk, link_id=old.pk, action="confirm", name="Petra Kunde")
    with pytest.raises(BusinessError):
        order_client_respond(order_id=order.pk, link_id=other_link.pk, action="confirm", name="Petra Kunde")
    order.refresh_from_db()
    other.refresh_from_db()
    assert order.status == other.status == OrderStatus.CLIENT_CONFIRMATION
