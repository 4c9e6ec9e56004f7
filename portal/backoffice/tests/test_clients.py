"""The staff client list and client page: clients used in the login's staff entities only."""

import pytest
from django.urls import reverse

from conftest import logged_in, make_member
from portal.accounts.models import Role
from portal.core.transitions import Actor
from portal.customers.models import Client, ContactPerson
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db
LIST = reverse("backoffice:client_list")


def used_by(member, entity, client) -> Order:
    order = complete_order(member, entity, client)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    return order


def listed(http, **params) -> list:
    response = http.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.fixture
def austrian_client(entities):
    client = Client.objects.create(name="Wiener Werkstätten GmbH", city="Wien", country="AT")
    austrian = make_member("at-member@test.example", entities["AT"], number="900001")
    used_by(austrian, entities["AT"], client)
    return client


def test_lists_clients_with_orders_in_the_staff_entities_only(member, entities, customer, austrian_client, staff_http):
    unused = Client.objects.create(name="Nobody's client")
    only_a_draft = Client.objects.create(name="Draft only")
    complete_order(member, entities["SC"], only_a_draft)
    used_by(member, entities["SC"], customer)
    assert listed(staff_http) == [customer]
    assert unused not in listed(staff_http) and austrian_client not in listed(staff_http)


def test_search_by_name_city_vat_id_and_email(member, entities, customer, staff_http):
    bakery = Client.objects.create(name="Bäckerei Sonnenschein", city="Köln", vat_id="DE123456789")
    ContactPerson.objects.create(client=bakery, name="Eva Brot", email="eva@baeckerei.example")
    for client in (customer, bakery):
        used_by(member, entities["SC"], client)
    assert listed(staff_http, q="sonnen") == [bakery]
    assert listed(staff_http, q="köln") == [bakery]
    assert listed(staff_http, q="DE 123456789") == [bakery]
    assert listed(staff_http, q="eva@baeckerei") == [bakery]
    assert listed(staff_http, q="rechnung@abc.example") == [customer]


def test_filter_by_entity_for_staff_of_several(member, entities, customer, austrian_client, staff):
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["AT"])
    used_by(member, entities["SC"], customer)
    http = logged_in(staff)
    assert listed(http) == [customer, austrian_client]
    assert listed(http, entity="AT") == [austrian_client]
    assert http.get(LIST, {"entity": "XX", "page": "x", "q": "%_"}).status_code == 200


def test_list_query_count_is_bounded(member, entities, staff_http, django_assert_max_num_queries):
    for number in range(30):
        used_by(member, entities["SC"], Client.objects.create(name=f"Client {number:02d}"))
    with django_assert_max_num_queries(10):
        response = staff_http.get(LIST)
    assert len(response.context["page"].object_list) == 25


def test_client_page_shows_orders_and_invoices(member, entities, customer, staff_http, django_assert_max_num_queries):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    with django_assert_max_num_queries(16):
        response = staff_http.get(reverse("backoffice:client_detail", args=[customer.pk]))
    assert response.status_code == 200
    assert list(response.context["orders"]) == [order]
    assert reverse("backoffice:order_detail", args=[order.pk]) in response.content.decode()


def test_client_page_shows_invoices(staff_http, issued):
    response = staff_http.get(reverse("backoffice:client_detail", args=[issued.client_id]))
    assert list(response.context["invoices"]) == [issued]
    assert reverse("backoffice:invoice_detail", args=[issued.pk]) in response.content.decode()


def test_client_page_is_404_for_everyone_else(
    member, entities, customer, austrian_client, staff_http, staff_at, member_http, contact_http, outsider_http
):
    used_by(member, entities["SC"], customer)
    url = reverse("backoffice:client_detail", args=[customer.pk])
    assert staff_http.get(url).status_code == 200
    assert logged_in(staff_at).get(url).status_code == 404
    assert staff_http.get(reverse("backoffice:client_detail", args=[austrian_client.pk])).status_code == 404
    unused = Client.objects.create(name="Nobody's client")
    assert staff_http.get(reverse("backoffice:client_detail", args=[unused.pk])).status_code == 404
    for http in (member_http, contact_http, outsider_http):
        assert http.get(url).status_code in (403, 404)
        assert http.get(LIST).status_code in (403, 404)
