"""A client with orders in every status the portal knows, an issued invoice and a contact of another client."""

from portal.accounts.models import Role
from portal.clientportal.models import ContactAccess
from portal.core.transitions import Actor
from portal.orders.models import Order
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event


def offered(member, staff, entity, client, **fields) -> Order:
    """An order waiting for the client's confirmation, with its offer PDF and link."""
    order = complete_order(member, entity, client, **fields)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    order.refresh_from_db()
    return order


def contact_of(client, email: str, **permissions) -> object:
    from conftest import make_user

    user = make_user(email, first_name="Klara", last_name="Kontakt")
    Role.objects.create(user=user, kind=Role.Kind.CLIENT_CONTACT, client=client)
    ContactAccess.objects.create(user=user, client=client, **permissions)
    return user
