"""Input that once caused server errors on the member's order pages and the client's confirmation page."""

from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.translation import override

from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.entities.fees import fee_rate
from portal.orders import confirmation
from portal.orders.models import OrderStatus
from portal.orders.services import order_plan_monthly, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_member_views import customer, form_data  # noqa: F401 (the member's own client)
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(member, entities, customer):  # noqa: F811
    return complete_order(member, entities["SC"], customer)


@pytest.mark.parametrize("entity", ["abc", "²", "1.5", "-1", "99999999999999999999999", ""])
def test_live_totals_ignore_an_entity_that_is_no_id(member_http, entities, customer, entity):  # noqa: F811
    data = {**form_data(entities["SC"], customer), "entity": entity}
    response = member_http.post(reverse("orders:totals_preview"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert str(response.context["totals"].net) == "1500.00"
    assert response.context["fee"].rate == fee_rate(entities["SC"], date.today())  # the active role's entity


def test_monthly_plan_far_in_the_future_is_refused_with_a_message(member, order):
    for first_date in (date(9999, 12, 31), date(9999, 1, 31), date(2200, 1, 1)):
        with override("de"), pytest.raises(BusinessError) as refused:
            order_plan_monthly(member=member, order_id=order.pk, first_date=first_date, months=36)
        assert refused.value.field == "first_date" and "10 Jahre" in refused.value.message
    assert order.planned_invoices.count() == 1  # the plan was left as it was


def test_monthly_plan_from_the_order_form_with_the_last_possible_date(member_http, order):
    data = form_data(order.entity, order.client, **{"lines-TOTAL_FORMS": "1", "planned-TOTAL_FORMS": "0"})
    for day, message in (("9999-12-31", "zwischen 2000 und 2099"), ("2098-12-31", "höchstens 10 Jahre im Voraus")):
        data.update({"plan_monthly": "", "first_date": day, "months": "2", "lines-1-description": ""})
        response = member_http.post(reverse("orders:edit", args=[order.pk]), data, follow=True)
        assert response.status_code == 200
        assert message in response.content.decode()


@pytest.fixture
def link(member, staff, order):
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    token = "a-token-for-the-test"
    order.confirmation_links.update(token_hash=confirmation.token_hash(token))
    return reverse("client_confirmation", args=[token])


def test_client_confirmation_with_an_overlong_name_keeps_the_input_and_explains(link, order):
    name = "Petra " + "Kunde" * 60
    response = HttpClient().post(link, {"action": "confirm", "name": name})
    assert response.status_code == 400
    html = response.content.decode()
    assert "höchstens 200 Zeichen" in html and name in html
    order.refresh_from_db()
    assert order.status == OrderStatus.CLIENT_CONFIRMATION and order.confirmed_by_name == ""
    response = HttpClient().post(link, {"action": "confirm", "name": "P" * 200})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE and order.confirmed_by_name == "P" * 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("service_start", "0001-01-01"),
        ("service_end", "9999-12-31"),
        ("offer_valid_until", "9999-12-31"),
        ("planned-0-date", "9999-12-31"),
    ],
)
def test_dates_that_cannot_be_real_are_refused_next_to_their_field(member_http, order, field, value):
    data = form_data(order.entity, order.client, **{field: value})
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    page = response.content.decode()
    assert response.status_code in (200, 400) and f'id="id_{field}_error"' in page and "zwischen 2000 und 2099" in page
    order.refresh_from_db()
    assert str(getattr(order, field, "")) != value
