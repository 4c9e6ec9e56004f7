"""The client portal's bulk client: rows as the services would leave them, shown as the portal's rules say."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from conftest import logged_in
from portal.accounts.models import User
from portal.budget.models import Budget
from portal.clientportal.access import load_portal, shown_to_client_q
from portal.clientportal.models import ClientRequest
from portal.clientportal.selectors import documents_for, orders_for
from portal.demo import client_portal_bulk as bulk
from portal.demo.tests.test_budget_data import (
    _assert_figures_follow_from_the_documents,
    _assert_invoices_are_booked_as_issuing_books_them,
)
from portal.demo.tests.test_demo_data import _bulk_invoices_are_consistent
from portal.invoicing.models import Invoice
from portal.orders.models import Order, OrderAttachment, OrderStatus

pytestmark = pytest.mark.django_db

ROWS = 300


def test_the_bulk_client_gets_its_rows_once_and_they_follow_the_rules():
    call_command("seed_demo", quiet_logins=True, client_portal_rows=ROWS)
    client_orders = Order.objects.filter(client__name=bulk.CLIENT_NAME)
    invoices = Invoice.objects.filter(client__name=bulk.CLIENT_NAME)
    requests = ClientRequest.objects.filter(client__name=bulk.CLIENT_NAME)
    counts = (client_orders.count(), invoices.count(), requests.count(), OrderAttachment.objects.count())
    call_command("seed_demo", quiet_logins=True, client_portal_rows=ROWS)
    assert (client_orders.count(), invoices.count(), requests.count(), OrderAttachment.objects.count()) == counts

    assert client_orders.count() == ROWS
    assert invoices.filter(kind="invoice").exclude(number="").count() == ROWS
    assert not invoices.filter(number="").exists()  # all issued
    assert {"paid", "issued", "cancelled"} <= set(invoices.values_list("status", flat=True))
    assert requests.count() == ROWS // bulk.ORDERS_PER_REQUEST
    assert set(requests.values_list("status", flat=True)) == set(ClientRequest.Status.values)
    accepted = requests.filter(status=ClientRequest.Status.ACCEPTED)
    assert not accepted.filter(order__isnull=True).exists() and not requests.exclude(status="accepted").filter(
        order__isnull=False
    )
    assert all(request.order.member_id == request.member_id for request in accepted)

    statuses = dict(client_orders.values("status").annotate(n=Count("id")).values_list("status", "n"))
    assert {"draft", "smart_review", "client_confirmation", "active", "completed", "rejected"} <= set(statuses)
    shown = client_orders.filter(shown_to_client_q())
    assert 0.6 * ROWS < shown.count() < 0.9 * ROWS  # most, never drafts, orders in review or hidden ones
    assert client_orders.filter(portal_hidden=True).exists()
    assert not shown.filter(status__in=["draft", "smart_review"]).exists()
    assert not client_orders.filter(status="rejected", offer_pdf="", portal_hidden=True).exists()
    confirmed = client_orders.exclude(confirmed_at=None)
    assert confirmed.exists() and not confirmed.exclude(offer_pdf__gt="").exists()
    assert not confirmed.exclude(status__in=["active", "completed", "cancelled", "cancellation_review"]).exists()
    assert not client_orders.filter(status=OrderStatus.CLIENT_CONFIRMATION, offer_pdf="").exists()
    files = OrderAttachment.objects.filter(order__client__name=bulk.CLIENT_NAME)
    assert files.filter(shared_with_client=True).exists() and files.filter(shared_with_client=False).exists()
    assert not files.filter(order__status__in=["draft", "smart_review"]).exists()

    _bulk_invoices_are_consistent(Invoice.objects.exclude(pdf__gt=""))
    _assert_invoices_are_booked_as_issuing_books_them()
    assert _assert_figures_follow_from_the_documents() == Budget.objects.count()


def test_the_bulk_contact_sees_the_clients_rows_on_every_page():
    call_command("seed_demo", quiet_logins=True, client_portal_rows=ROWS)
    contact = User.objects.get(email=bulk.CONTACT_EMAIL)
    portal = load_portal(user=contact, client=Order.objects.filter(client__name=bulk.CLIENT_NAME).first().client)
    assert portal.shows_invoices and portal.may_request
    kinds = {row[0] for row in documents_for(portal)}
    assert kinds == {"offer", "invoice", "file"}
    order = orders_for(portal).filter(status="active").first()
    invoice = Invoice.objects.filter(client=portal.client, status="paid").first()
    http = logged_in(contact)
    for url in (
        "/client/",
        "/client/orders/",
        "/client/orders/?q=Workshop",
        "/client/invoices/",
        "/client/invoices/?status=open",
        "/client/documents/",
        "/client/requests/",
        f"/client/orders/{order.pk}/",
        f"/client/invoices/{invoice.pk}/",
    ):
        assert http.get(url).status_code == 200, url
    hidden = Order.objects.filter(client=portal.client, portal_hidden=True).first()
    assert http.get(f"/client/orders/{hidden.pk}/").status_code == 404
