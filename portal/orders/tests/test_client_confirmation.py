import hashlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.utils import timezone
from pypdf import PdfReader

from portal.core.models import OutboundEmail
from portal.core.tests.mailbox import delivered_text
from portal.core.transitions import Actor
from portal.orders.models import ConfirmationLink, Order, OrderStatus
from portal.orders.services import order_resend_confirmation, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(member, staff, entities, customer, django_capture_on_commit_callbacks):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    order.refresh_from_db()
    return order


def link_from_outbox(order) -> str:
    email = OutboundEmail.objects.filter(template="order_confirmation_request", related_id=str(order.pk)).first()
    assert email is not None
    return "/confirm/" + delivered_text(email).split("/confirm/")[1].split("/")[0] + "/"


def test_approval_emails_the_client_a_link_and_freezes_the_offer_pdf(awaiting):
    email = OutboundEmail.objects.get(template="order_confirmation_request")
    assert email.recipient == awaiting.contact_email and email.sensitive and email.status == "sent"
    assert awaiting.offer_pdf and len(awaiting.offer_pdf_sha256) == 64
    token = link_from_outbox(awaiting).split("/")[2]
    assert ConfirmationLink.objects.get(order=awaiting).token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_client_confirms_with_typed_name_and_evidence_is_stored(awaiting, django_capture_on_commit_callbacks):
    http = HttpClient(HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="203.0.113.7")
    url = link_from_outbox(awaiting)
    assert http.get(url).status_code == 200
    response = http.post(url, {"action": "confirm", "name": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(url, {"action": "confirm", "name": "Petra Kunde"})
    assert response.status_code == 200
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.ACTIVE and awaiting.payment_guarantee
    assert (awaiting.confirmed_by_name, awaiting.confirmed_ip) == ("Petra Kunde", "203.0.113.7")
    assert awaiting.confirmed_user_agent == "Firefox/140"
    assert awaiting.confirmed_pdf_sha256 == hashlib.sha256(awaiting.offer_pdf.read()).hexdigest()
    assert OutboundEmail.objects.filter(template="order_client_receipt", recipient=awaiting.contact_email).exists()
    assert OutboundEmail.objects.filter(template="order_event", recipient=awaiting.member.email).exists()
    assert "_auth_user_id" not in http.session  # the link never logs anyone in


def test_link_works_only_once(awaiting):
    http = HttpClient()
    url = link_from_outbox(awaiting)
    http.post(url, {"action": "changes", "reason": "Bitte zwei Tage statt einem"})
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.DRAFT
    response = http.post(url, {"action": "confirm", "name": "Mallory"})
    assert response.status_code == 410 and response.context["problem"] == "answered"
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.DRAFT and not awaiting.confirmed_by_name


def test_decline_with_reason(awaiting):
    HttpClient().post(link_from_outbox(awaiting), {"action": "decline", "reason": "Zu teuer"})
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.REJECTED


def test_forged_link_gets_a_clear_page_and_changes_nothing(awaiting):
    response = HttpClient().post("/confirm/forged-token/", {"action": "confirm", "name": "X"})
    assert response.status_code == 410 and response.context["problem"] == "invalid"
    assert HttpClient().get("/confirm/forged-token/offer.pdf").status_code == 404
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION


def test_resend_invalidates_the_old_link(awaiting, member):
    old = link_from_outbox(awaiting)
    order_resend_confirmation(order_id=awaiting.pk, user=member)
    new = (
        "/confirm/"
        + OutboundEmail.objects.filter(template="order_confirmation_request")
        .order_by("-pk")[0]
        .body_text.split("/confirm/")[1]
        .split("/")[0]
        + "/"
    )
    assert old != new
    assert HttpClient().get(old).context["problem"] == "replaced"
    assert HttpClient().get(new).status_code == 200


def test_link_expires_with_the_offer(awaiting):
    url = link_from_outbox(awaiting)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = HttpClient().post(url, {"action": "confirm", "name": "Petra Kunde"})
    assert response.context["problem"] == "expired"
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION


@pytest.mark.parametrize(
    ("language", "words"), [("de", ["Angebot", "Brutto", "1.190,00"]), ("en", ["Offer", "Gross", "1,190.00"])]
)
def test_offer_pdf_shows_the_totals_in_the_clients_language(member, staff, entities, customer, language, words):
    customer.language = language
    customer.save()
    order = complete_order(member, entities["SC"], customer)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    url = link_from_outbox(order)
    response = HttpClient().get(url + "offer.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    for word in words:
        assert word in text
    assert "1.000,00" in text if language == "de" else "1,000.00" in text
    assert "190,00" in text if language == "de" else "190.00" in text
