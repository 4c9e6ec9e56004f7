"""A client with orders in every status the portal knows, an issued invoice and a contact of another client."""

import pytest

from portal.accounts.models import Role
from portal.clientportal.models import ContactAccess
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.invoicing.tests.factories import DESIGN, issued_invoice
from portal.orders.models import Order, OrderStatus
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


@pytest.fixture
def awaiting(member, staff, entities, customer):
    return offered(member, staff, entities["SC"], customer, title="Offer for the portal")


@pytest.fixture
def hidden_orders(member, entities, customer):
    """A draft and an order in the Smart team's review: the client never sees them."""
    draft = complete_order(member, entities["SC"], customer, title="Secret draft")
    review = complete_order(member, entities["SC"], customer, title="Under review")
    Order.objects.filter(pk=review.pk).update(status=OrderStatus.SMART_REVIEW)
    return draft, review


@pytest.fixture
def client_invoice(member, entities, customer):
    return issued_invoice(member, entities["SC"], customer, [DESIGN])


@pytest.fixture
def other_client(db):
    return Client.objects.create(name="Andere Firma GmbH", city="Hamburg")


@pytest.fixture
def other_contact(other_client):
    return contact_of(other_client, "other-contact@test.example")
