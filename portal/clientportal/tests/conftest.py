"""Fixtures of the client-portal tests: a client with orders the portal shows and hides, an issued invoice
and a contact of another client."""

import pytest

from portal.clientportal.tests.factories import contact_of, offered
from portal.customers.models import Client
from portal.invoicing.tests.factories import DESIGN, issued_invoice
from portal.orders.models import Order, OrderStatus
from portal.orders.tests.factories import complete_order


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
