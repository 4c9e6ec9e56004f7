"""E-mails say what happened, one wording per event (rendered in English; German comes from the catalogue)."""

import pytest

from portal.core.outbox import render_email
from portal.invoicing.models import InvoiceStatus
from portal.orders.models import OrderStatus
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event as OrderEvent

pytestmark = pytest.mark.django_db


def english(template: str, **context) -> tuple[str, str]:
    subject, text, _html = render_email(template, context, "en")
    return subject, text


@pytest.fixture
def order(member, entities, customer):
    return complete_order(member, entities["SC"], customer, title="Website")


def test_an_approved_order_says_whether_it_went_to_the_client_or_is_active(order, member):
    order.status = OrderStatus.CLIENT_CONFIRMATION
    subject, text = english("order_event", order=order, event=OrderEvent.APPROVE, recipient=member)
    assert subject == "Your order “Website” has been approved and sent to your client"
    assert "can now confirm it online" in text and " or active" not in text
    order.status = OrderStatus.ACTIVE
    subject, text = english("order_event", order=order, event=OrderEvent.APPROVE, recipient=member)
    assert subject == "Your order “Website” has been approved and is active"
    assert "It is active now" in text
    assert f"/orders/{order.pk}/" in text


@pytest.mark.parametrize(
    "event",
    [
        event
        for event in OrderEvent
        if event not in (OrderEvent.SUBMIT, OrderEvent.COMPLETE, OrderEvent.REQUEST_CANCELLATION)
    ],
)
def test_every_order_event_has_its_own_subject(order, member, event):
    subject, text = english("order_event", order=order, event=event, recipient=member)
    assert "Website" in subject and text.startswith(f"Hello {member.first_name},")


@pytest.mark.parametrize(
    ("event", "words"),
    [
        ("release", "released"),
        ("dispute", "disputed"),
        ("resolve_dispute", "resolved"),
        ("pay", "paid"),
        ("cancel", "cancelled"),
    ],
)
def test_invoice_events_name_the_event(issued, member, event, words):
    subject, text = english("invoice_event", invoice=issued, event=event, reason="", recipient=member)
    assert words in subject
    assert "now has the status" not in text
    assert f"/invoices/{issued.pk}/" in text


def test_a_cancelled_draft_is_not_called_an_issued_invoice(draft, member):
    draft.status = InvoiceStatus.CANCELLED
    _subject, text = english("invoice_event", invoice=draft, event="cancel", reason="", recipient=member)
    assert "invoice draft" in text and "cancellation invoice" not in text


@pytest.mark.parametrize(
    ("action", "subject_words", "text_words"),
    [
        ("confirm", "confirmed", "binding and active"),
        ("decline", "declined", "will not be carried out"),
        ("request_changes", "Changes requested", "revised offer"),
    ],
)
def test_the_client_receipt_states_the_answer(order, action, subject_words, text_words):
    subject, text = english("order_client_receipt", order=order, action=action, name="Petra Kunde", reason="Zu teuer")
    assert subject_words in subject and text_words in text
    assert text.startswith("Dear Petra Kunde,")
    assert ("Zu teuer" in text) is (action != "confirm")
