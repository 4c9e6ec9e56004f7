from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import logged_in
from portal.core.models import OutboundEmail
from portal.core.transitions import Actor
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def submitted(member, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    return order


def test_drafts_are_invisible_to_staff(member, entities, customer, staff_http):
    draft = complete_order(member, entities["SC"], customer)
    assert staff_http.get(reverse("backoffice:order_detail", args=[draft.pk])).status_code == 404
    assert draft not in [row["order"] for row in staff_http.get(reverse("backoffice:order_queue")).context["rows"]]


def test_queue_shows_the_deadline_on_working_days_and_marks_overdue(member, entities, customer, staff_http):
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN), tick=False):  # a Friday
        order = complete_order(member, entities["SC"], customer)
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
        row = staff_http.get(reverse("backoffice:order_queue")).context["rows"][0]
        assert row["deadline"] == datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN) and not row["overdue"]
    with time_machine.travel(datetime(2026, 11, 30, 10, 1, tzinfo=BERLIN), tick=False):
        assert staff_http.get(reverse("backoffice:order_queue")).context["rows"][0]["overdue"]


def test_staff_approve_sends_the_order_on(submitted, staff_http):
    staff_http.post(reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "approve"})
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.CLIENT_CONFIRMATION


def test_staff_return_needs_a_comment_and_emails_the_member(submitted, staff_http, django_capture_on_commit_callbacks):
    staff_http.post(reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "return", "reason": ""})
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.SMART_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        staff_http.post(
            reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "return", "reason": "Datum prüfen"}
        )
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.DRAFT
    assert "Datum prüfen" in OutboundEmail.objects.get(template="order_event").body_text


def test_staff_cannot_apply_member_events(submitted, staff_http):
    staff_http.post(reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "confirm"})
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.SMART_REVIEW


def test_cancellation_review_approve_and_deny(submitted, staff_http, member):
    Order.objects.filter(pk=submitted.pk).update(status=OrderStatus.CANCELLATION_REVIEW)
    staff_http.post(
        reverse("backoffice:order_decide", args=[submitted.pk]),
        {"event": "deny_cancellation", "reason": "Leistung erbracht"},
    )
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.ACTIVE
    Order.objects.filter(pk=submitted.pk).update(status=OrderStatus.CANCELLATION_REVIEW)
    staff_http.post(reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "approve_cancellation"})
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.CANCELLED


def test_comments_between_member_and_staff(
    submitted, member, staff_http, member_http, django_capture_on_commit_callbacks
):
    member_http.post(reverse("orders:comment", args=[submitted.pk]), {"body": "Passt das so?"})
    with django_capture_on_commit_callbacks(execute=True):
        staff_http.post(reverse("backoffice:order_comment", args=[submitted.pk]), {"body": "Ja, fast."})
    bodies = [c.body for c in member_http.get(reverse("orders:detail", args=[submitted.pk])).context["comments"]]
    assert bodies == ["Passt das so?", "Ja, fast."]
    assert OutboundEmail.objects.get(template="order_comment").recipient == member.email


@pytest.mark.parametrize("persona", ["staff_at", "member2", "client_contact", "outsider"])
def test_others_get_404_on_staff_order_pages(request, persona, submitted):
    http = logged_in(request.getfixturevalue(persona))
    assert http.get(reverse("backoffice:order_detail", args=[submitted.pk])).status_code == 404
    assert http.post(reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "approve"}).status_code == 404
    assert http.post(reverse("backoffice:order_comment", args=[submitted.pk]), {"body": "x"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.SMART_REVIEW


def test_queue_has_a_constant_query_count(member, entities, customer, staff, django_assert_max_num_queries):
    for _ in range(30):
        order = complete_order(member, entities["SC"], customer)
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER)
    http = logged_in(staff)
    with django_assert_max_num_queries(8):
        assert http.get(reverse("backoffice:order_queue")).status_code == 200
    with django_assert_max_num_queries(15):  # see test_staff_lists_have_constant_query_counts; +1 expenses
        assert http.get(reverse("backoffice:home")).status_code == 200


def test_an_overlong_decision_reason_is_refused_next_to_its_field_and_kept(submitted, staff_http):
    too_long = "Bitte prüfen. " + "x" * 4000
    response = staff_http.post(
        reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "reject", "reason": too_long}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_reason_error"' in page
    assert too_long in page  # what was typed stays in the field
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.SMART_REVIEW
    assert not OutboundEmail.objects.exists()


def test_a_decision_reason_of_the_limit_is_accepted(submitted, staff_http):
    response = staff_http.post(
        reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "reject", "reason": "x" * 4000}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == OrderStatus.REJECTED


def test_a_missing_reason_is_shown_next_to_its_field(submitted, staff_http):
    response = staff_http.post(reverse("backoffice:order_decide", args=[submitted.pk]), {"event": "reject"})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()


def test_an_overlong_comment_is_refused_next_to_its_field_and_kept(submitted, staff_http):
    too_long = "Frage: " + "y" * 4000
    response = staff_http.post(reverse("backoffice:order_comment", args=[submitted.pk]), {"body": too_long})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_body_error"' in page
    assert too_long in page
    assert not submitted.comments.exists()
    assert not OutboundEmail.objects.exists()
    response = staff_http.post(reverse("backoffice:order_comment", args=[submitted.pk]), {"body": "y" * 4000})
    assert response.status_code == 302
    assert submitted.comments.get().body == "y" * 4000
