"""Portal pages cost the same number of queries for a client with few or many records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import logged_in
from portal.clientportal.models import ClientRequest
from portal.invoicing.tests.factories import DESIGN, issued_invoice
from portal.orders.models import OrderAttachment

pytestmark = pytest.mark.django_db

PAGES = ["/client/", "/client/orders/", "/client/invoices/", "/client/documents/", "/client/requests/"]
#: The most any portal list page may cost (session, user, roles, portal access and settings, the page).
MAX_QUERIES = 14


def add_records(member, entity, client, contact, count: int) -> None:
    for _ in range(count):
        invoice = issued_invoice(member, entity, client, [DESIGN])
        OrderAttachment.objects.create(
            order=invoice.order,
            file="order-files/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=member,
            shared_with_client=True,
        )
        ClientRequest.objects.create(
            client=client, contact=contact, member=member, kind="quote", title="Request", description="x"
        )


def counts(http) -> dict[str, int]:
    result = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200, url
        result[url] = len(queries)
    return result


def test_list_pages_have_constant_query_counts(client_contact, member, entities, customer):
    http = logged_in(client_contact)
    add_records(member, entities["SC"], customer, client_contact, 2)
    few = counts(http)
    add_records(member, entities["SC"], customer, client_contact, 4)
    many = counts(http)
    assert few == many
    assert max(many.values()) <= MAX_QUERIES, many
