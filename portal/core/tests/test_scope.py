"""The scope object: one rule for whose records an actor reads, used by every selector."""

import pytest
from django.http import Http404

from portal.core.scope import Scope
from portal.orders.models import Order, OrderStatus
from portal.orders.selectors import order_in, orders_in
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(member, member2, entities, customer):
    mine = complete_order(member, entities["SC"], customer)
    theirs = complete_order(member2, entities["SC"], customer)
    offered = complete_order(member2, entities["SC"], customer)
    Order.objects.filter(pk=offered.pk).update(status=OrderStatus.CLIENT_CONFIRMATION)
    austrian = complete_order(member, entities["AT"], customer)
    Order.objects.filter(pk=austrian.pk).update(status=OrderStatus.ACTIVE)
    return {"mine": mine, "theirs": theirs, "offered": offered, "austrian": austrian}


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_a_member_reads_their_own_orders_in_every_entity(member, orders):
    scope = Scope.member(member)
    assert ids(orders_in(scope)) == {orders["mine"].pk, orders["austrian"].pk}
    with pytest.raises(Http404):
        order_in(scope, orders["theirs"].pk)


def test_staff_read_the_orders_of_their_entities_but_no_drafts(staff, entities, orders):
    scope = Scope.staff(staff, [entities["SC"].pk])
    assert ids(orders_in(scope)) == {orders["offered"].pk}
    assert ids(orders_in(Scope.staff(staff, [entities["SC"].pk, entities["AT"].pk]))) == {
        orders["offered"].pk,
        orders["austrian"].pk,
    }
    with pytest.raises(Http404):
        order_in(scope, orders["mine"].pk)  # a draft


def test_a_client_reads_orders_once_offered_and_nobody_reads_anything(client_contact, customer, orders):
    scope = Scope.client(client_contact, [customer.pk])
    assert ids(orders_in(scope)) == {orders["offered"].pk, orders["austrian"].pk}
    assert ids(orders_in(Scope.client(client_contact, []))) == set()
    assert ids(orders_in(Scope.nobody())) == set()


def test_the_request_carries_the_scope_of_the_active_role(member_http, staff_http, contact_http, member, entities):
    for http, actor in ((member_http, "member"), (staff_http, "staff"), (contact_http, "client")):
        response = http.get("/settings/")
        assert response.wsgi_request.scope.actor == actor
