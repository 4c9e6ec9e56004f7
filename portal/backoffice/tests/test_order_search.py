"""All orders of the login's staff entities: search, filters, pagination, and who may open them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import logged_in, make_member
from portal.accounts.models import Role
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
LIST = reverse("backoffice:order_list")


def submitted(member, entity, client, **fields):
    order = complete_order(member, entity, client, **fields)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    return order


def austrian_in_review(entities, customer):
    """An order of the Austrian entity waiting for its Smart team (its VAT rules are not this test's business)."""
    austrian = make_member("at-member@test.example", entities["AT"], number="900001")
    order = complete_order(austrian, entities["AT"], customer)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    return order


def listed(http, **params) -> list:
    response = http.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_lists_every_status_but_drafts_of_the_active_entity_by_default(member, entities, customer, staff_http):
    draft = complete_order(member, entities["SC"], customer)
    review = submitted(member, entities["SC"], customer, title="Website")
    approved = submitted(member, entities["SC"], customer, title="Logo")
    order_transition(order_id=approved.pk, event=Event.APPROVE, actor=Actor.STAFF)
    other_entity = austrian_in_review(entities, customer)
    orders = listed(staff_http)
    assert set(orders) == {review, approved}
    assert draft not in orders and other_entity not in orders


def test_search_finds_number_title_client_and_member(member, member2, entities, customer, staff_http):
    other_client = Client.objects.create(name="Bäckerei Sonnenschein", city="Köln")
    website = submitted(member, entities["SC"], customer, title="Website relaunch")
    bakery = submitted(member2, entities["SC"], other_client, title="Flyer")
    assert listed(staff_http, q="relaunch") == [website]
    assert listed(staff_http, q="sonnenschein") == [bakery]
    assert listed(staff_http, q=f"#{website.pk}") == [website]
    assert listed(staff_http, q=member2.email) == [bakery]
    assert listed(staff_http, q=member2.last_name) == [bakery]


def test_filters_by_status_member_and_date(member, member2, entities, customer, staff_http):
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN), tick=False):
        march = submitted(member, entities["SC"], customer)
    with time_machine.travel(datetime(2026, 5, 4, 10, 0, tzinfo=BERLIN), tick=False):
        may = submitted(member2, entities["SC"], customer)
        order_transition(order_id=may.pk, event=Event.APPROVE, actor=Actor.STAFF)
    assert listed(staff_http, status=OrderStatus.CLIENT_CONFIRMATION) == [may]
    assert listed(staff_http, member=str(member.pk)) == [march]
    page = staff_http.get(LIST, {"member": str(member.pk)})
    assert page.context["member"] == member and 'data-testid="member-filter"' in page.content.decode()
    assert f"?member={member2.pk}&amp;entity=" in staff_http.get(LIST).content.decode()
    assert listed(staff_http, date_from="2026-04-01") == [may]
    assert listed(staff_http, date_to="2026-04-01") == [march]


def test_bad_filter_values_are_reported_not_a_500(member, entities, customer, staff_http):
    order = submitted(member, entities["SC"], customer)
    for params in (
        {"status": "bogus"},
        {"member": "999999"},
        {"member": "99999999999999999999999"},
        {"member": "-1"},
        {"entity": "XX"},
        {"date_from": "2026-13-45"},
        {"date_from": "2026-05-01", "date_to": "2026-04-01"},
        {"page": "abc"},
        {"q": "#99999999999999999999999"},
    ):
        response = staff_http.get(LIST, params)
        assert response.status_code == 200, params
    assert listed(staff_http, date_from="2026-05-01", date_to="2026-04-01") == [order]  # the wrong range is ignored
    assert staff_http.get(LIST, {"date_from": "2026-05-01", "date_to": "2026-04-01"}).context["form"].errors


def test_staff_of_several_entities_choose_one_or_all(member, entities, customer, staff):
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["AT"])
    german = submitted(member, entities["SC"], customer)
    other = austrian_in_review(entities, customer)
    http = logged_in(staff)
    assert set(listed(http, entity="")) == {german, other}
    assert listed(http, entity="AT") == [other]
    # The detail of another of the login's entities opens too (like the invoice pages).
    assert http.get(reverse("backoffice:order_detail", args=[other.pk])).status_code == 200


def test_query_count_does_not_grow_with_the_rows(member, entities, customer, staff_http, django_assert_max_num_queries):
    for number in range(30):
        submitted(member, entities["SC"], customer, title=f"Order {number}")
    with django_assert_max_num_queries(14):
        response = staff_http.get(LIST)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 30
    assert len(listed(staff_http, page="2")) == 5


def test_order_detail_opens_for_staff_of_its_entity_only(
    member, entities, customer, staff_http, staff_at, member_http, contact_http, outsider_http
):
    order = submitted(member, entities["SC"], customer)
    url = reverse("backoffice:order_detail", args=[order.pk])
    assert staff_http.get(url).status_code == 200
    assert logged_in(staff_at).get(url).status_code == 404
    for http in (member_http, contact_http, outsider_http):
        assert http.get(url).status_code in (403, 404)
        assert http.get(LIST).status_code in (403, 404)
    decide = reverse("backoffice:order_decide", args=[order.pk])
    assert logged_in(staff_at).post(decide, {"event": "approve"}).status_code == 404


def test_review_queue_is_a_tab_of_the_orders_page(member, entities, customer, staff_http):
    order = submitted(member, entities["SC"], customer)
    response = staff_http.get(reverse("backoffice:order_queue"))
    assert [row["order"] for row in response.context["rows"]] == [order]
    assert reverse("backoffice:order_list") in response.content.decode()
