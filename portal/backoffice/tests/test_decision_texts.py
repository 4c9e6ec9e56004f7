"""Decisions speak plainly: a message per event, the reason as a banner, the client under their typed name."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from portal.core.transitions import Actor
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(member, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    return order


def decide(http, order, event: str, reason: str = "") -> list[str]:
    with translation.override("en"):
        response = http.post(
            reverse("backoffice:order_decide", args=[order.pk]),
            {"event": event, "reason": reason},
            headers={"accept-language": "en"},
        )
        return [str(message) for message in get_messages(response.wsgi_request)]


def test_each_decision_says_what_happened(submitted, staff, staff_http):
    staff.language = "en"
    staff.save(update_fields=["language"])
    assert decide(staff_http, submitted, "approve") == ["Order approved and sent to the client for confirmation."]
    other = complete_order(submitted.member, submitted.entity, submitted.client, skip_client_confirmation=True)
    Order.objects.filter(pk=other.pk).update(status=OrderStatus.SMART_REVIEW)
    messages = decide(staff_http, other, "approve")
    assert Order.objects.get(pk=other.pk).status == OrderStatus.ACTIVE
    assert messages[-1] == "Order approved; it is active now."


def test_messages_name_the_event_not_the_button(submitted, staff, staff_http):
    staff.language = "en"
    staff.save(update_fields=["language"])
    messages = decide(staff_http, submitted, "reject", "Kein Auftrag im Sinne der Genossenschaft")
    assert messages == ["Order rejected. The member has been informed."]
    assert not any(message.startswith("Done") for message in messages)


def test_return_reason_is_a_banner_on_the_member_page(submitted, staff_http, member_http):
    decide(staff_http, submitted, "return", "Bitte das Leistungsdatum prüfen")
    page = member_http.get(reverse("orders:detail", args=[submitted.pk]))
    assert page.context["reason"].message == "Bitte das Leistungsdatum prüfen"
    assert 'data-testid="reason-banner"' in page.content.decode()
    # Once sent again, the old reason is history, not a banner.
    order_transition(order_id=submitted.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=submitted.member)
    assert member_http.get(reverse("orders:detail", args=[submitted.pk])).context["reason"] is None


def test_rejection_and_denied_cancellation_are_banners_for_staff_and_member(submitted, staff_http, member_http):
    decide(staff_http, submitted, "reject", "Keine selbstständige Tätigkeit")
    for http, name in ((staff_http, "backoffice:order_detail"), (member_http, "orders:detail")):
        page = http.get(reverse(name, args=[submitted.pk]))
        assert page.context["reason"].message == "Keine selbstständige Tätigkeit"
        assert "Keine selbstständige Tätigkeit" in page.content.decode()


def test_denied_cancellation_shows_its_reason(submitted, member, staff_http):
    Order.objects.filter(pk=submitted.pk).update(status=OrderStatus.ACTIVE)
    cancellation = {"event": Event.REQUEST_CANCELLATION, "reason": "Projekt fällt aus"}
    order_transition(order_id=submitted.pk, actor=Actor.MEMBER, user=member, **cancellation)
    decide(staff_http, submitted, "deny_cancellation", "Leistung bereits erbracht")
    assert staff_http.get(reverse("backoffice:order_detail", args=[submitted.pk])).context["reason"].message == (
        "Leistung bereits erbracht"
    )


def test_approved_order_has_no_banner(submitted, staff_http):
    decide(staff_http, submitted, "approve")
    assert staff_http.get(reverse("backoffice:order_detail", args=[submitted.pk])).context["reason"] is None


def test_the_client_confirmation_shows_the_typed_name(submitted, staff_http):
    decide(staff_http, submitted, "approve")
    order_transition(
        order_id=submitted.pk, event=Event.CONFIRM, actor=Actor.CLIENT, data={"client_name": "Petra Kunde"}
    )
    Order.objects.filter(pk=submitted.pk).update(confirmed_by_name="Someone Else")  # a later confirmation
    with translation.override("en"):
        html = staff_http.get(reverse("backoffice:order_detail", args=[submitted.pk])).content.decode()
    assert "Petra Kunde (client)" in html or "Petra Kunde (Kund*in)" in html
