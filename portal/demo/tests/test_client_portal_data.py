"""The client portal's demo: both contacts' access, what Kunde ABC e.V. sees, and the pages open for them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.utils import timezone

from portal.clientportal.models import ClientRequest, ContactAccess
from portal.core.audit import audit_history
from portal.core.models import OutboundEmail
from portal.demo import client_portal_data as demo
from portal.demo.data import DEMO_PASSWORD
from portal.demo.expense_data import FILES
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.orders.models import Order, OrderAttachment, OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", quiet_logins=True)


def _signed_in(email: str) -> HttpClient:
    """Signed in through the portal's own sign-in page with the demo password."""
    http = HttpClient()
    response = http.post("/client/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return http


def _abc_orders():
    return Order.objects.filter(client__name=demo.CLIENT_NAME)


def test_client_portal_journeys_are_seeded_once():
    call_command("seed_demo", quiet_logins=True)
    counted = (
        Order,
        Invoice,
        ClientRequest,
        ContactAccess,
        OrderAttachment,
        OutboundEmail,
    )
    counts = [model.objects.count() for model in counted]
    call_command("seed_demo", quiet_logins=True)
    assert [model.objects.count() for model in counted] == counts


def test_both_contacts_have_access_with_their_permissions(seeded):
    full = ContactAccess.objects.get(user__email=demo.CONTACT_EMAIL)
    viewer = ContactAccess.objects.get(user__email=demo.VIEWER_EMAIL)
    assert full.client.name == viewer.client.name == demo.CLIENT_NAME
    assert (full.active, full.may_confirm, full.may_request, full.may_see_invoices) == (True, True, True, True)
    assert (viewer.active, viewer.view_only) == (True, True)
    assert full.invited_by.email == "staff@example.com" and viewer.invited_by.email == "member@example.com"
    for access in (full, viewer):
        assert access.user.roles.filter(kind="client_contact", client=access.client).exists()
        assert access.user.check_password(DEMO_PASSWORD)


def test_the_client_has_orders_invoices_documents_and_requests_in_every_status(seeded):
    orders = _abc_orders()
    awaiting = orders.get(title=demo.AWAITING_TITLE)
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION and awaiting.offer_pdf
    declined = orders.get(title=demo.DECLINED_TITLE)
    assert declined.status == OrderStatus.REJECTED and declined.offer_pdf
    decline = audit_history(declined).get(action="order.decline")
    assert decline.message == demo.DECLINE_REASON and decline.actor.email == demo.CONTACT_EMAIL
    confirmed = orders.get(title=demo.CONFIRMED_TITLE)
    confirmation = (confirmed.status, confirmed.confirmed_via, confirmed.confirmed_by_name)
    assert confirmation == ("active", "portal", "Peter Becker")
    assert orders.get(title=demo.HIDDEN_TITLE).portal_hidden
    assert {"active", "completed"} <= set(orders.values_list("status", flat=True))

    invoices = Invoice.objects.filter(client__name=demo.CLIENT_NAME).exclude(number="")
    assert {"paid", "issued", "cancelled"} <= set(invoices.values_list("status", flat=True))
    overdue = invoices.get(order__title=demo.OVERDUE_TITLE)
    assert overdue.status == InvoiceStatus.ISSUED and overdue.paid_amount == 0
    assert overdue.is_overdue and overdue.entity.code == "BW" and overdue.pdf
    assert overdue.due_date < timezone.localdate() - timedelta(days=7)

    files = OrderAttachment.objects.filter(order=awaiting)
    assert dict(files.values_list("original_name", "shared_with_client")) == {
        demo.SHARED_FILE: True,
        demo.INTERNAL_FILE: False,
    }
    for stored in files:  # the sample as uploaded
        assert stored.file.read() == (FILES / stored.original_name).read_bytes()

    requests = ClientRequest.objects.filter(client__name=demo.CLIENT_NAME)
    assert sorted(requests.values_list("status", flat=True)) == sorted(ClientRequest.Status.values)
    accepted = requests.get(status=ClientRequest.Status.ACCEPTED)
    assert accepted.order.status == OrderStatus.DRAFT and accepted.order.title == accepted.title
    assert requests.get(status=ClientRequest.Status.DECLINED).decision_reason == demo.REQUEST_DECLINE_REASON
    attached = requests.get(status=ClientRequest.Status.SUBMITTED).files.get()
    assert attached.original_name == demo.REQUEST_FILE and attached.content_type == "application/pdf"
    assert {request.contact.email for request in requests} == {demo.CONTACT_EMAIL}


def test_the_contact_opens_every_page_and_never_sees_what_is_hidden(seeded):
    http = _signed_in(demo.CONTACT_EMAIL)
    orders = _abc_orders()
    shown = orders.exclude(status__in=["draft", "smart_review"]).exclude(portal_hidden=True)
    invoices = Invoice.objects.filter(client__name=demo.CLIENT_NAME).exclude(number="")
    pages = [
        "/client/",
        "/client/orders/",
        "/client/orders/?q=Sommerfest",
        "/client/invoices/",
        "/client/invoices/?status=open",
        "/client/documents/",
        "/client/requests/",
        "/client/requests/new/",
        "/client/profile/",
        *(f"/client/orders/{order.pk}/" for order in shown),
        *(f"/client/invoices/{invoice.pk}/" for invoice in invoices),
        *(f"/client/requests/{request.pk}/" for request in ClientRequest.objects.all()),
    ]
    for url in pages:
        assert http.get(url).status_code == 200, url

    order_list = http.get("/client/orders/").content.decode()
    assert demo.AWAITING_TITLE in order_list and demo.DECLINED_TITLE in order_list
    assert demo.HIDDEN_TITLE not in order_list
    for order in orders.exclude(pk__in=shown):  # drafts, the order in review, the hidden one
        assert http.get(f"/client/orders/{order.pk}/").status_code == 404
    assert demo.AWAITING_TITLE in http.get("/client/orders/?q=Sommerfest").content.decode()
    overdue = invoices.get(order__title=demo.OVERDUE_TITLE)
    assert overdue.number in http.get("/client/invoices/?status=open").content.decode()
    documents = http.get("/client/documents/").content.decode()
    assert demo.SHARED_FILE in documents and demo.INTERNAL_FILE not in documents and overdue.number in documents


def test_the_view_only_contact_sees_orders_and_documents_but_cannot_act(seeded):
    http = _signed_in(demo.VIEWER_EMAIL)
    for url in ("/client/", "/client/orders/", "/client/documents/", "/client/profile/"):
        assert http.get(url).status_code == 200, url
    for url in ("/client/invoices/", "/client/invoices/?status=open", "/client/requests/", "/client/requests/new/"):
        assert http.get(url).status_code == 404, url
    awaiting = _abc_orders().get(title=demo.AWAITING_TITLE)
    assert http.get(f"/client/orders/{awaiting.pk}/").status_code == 200
    http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": "confirm", "name": "Miriam Krause"})
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION
