"""The dashboard's SQL reads give exactly what the querysets they replace give, and only the member's."""

from decimal import Decimal

import pytest
from django.db.models.functions import Coalesce

from portal.core.scope import Scope
from portal.dashboard import queries
from portal.invoicing import rows as invoice_rows
from portal.invoicing.models import InvoiceStatus
from portal.invoicing.selectors import invoices_in
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for, issued_invoice
from portal.orders import rows as order_rows
from portal.orders.models import Order
from portal.orders.selectors import orders_in
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, member2, entities, customer):
    """Orders and invoices of the member in both entities, a draft without client, another member's rows."""
    sc, bw = entities["SC"], entities["BW"]
    for title in ("Erster", "Zweiter", "Dritter"):
        complete_order(member, sc, customer, title=title)
    Order.objects.create(member=member, entity=sc, title="")  # a fresh draft: no client yet
    complete_order(member, bw, customer, title="Im Bildungswerk")
    complete_order(member2, sc, customer, title="Fremd")
    issued_invoice(member, sc, client_in("DE", name="Kunde XYZ"), [DESIGN])
    draft_for(active_order(member, sc, client_in("AT", name="Kunde ABC"), [("Tag", "1", "DAY", "499.99", "19.00")]))
    issued_invoice(member2, sc, client_in("DE", name="Fremdkunde"), [DESIGN])
    return sc


def test_latest_orders_match_the_order_list_rows(member, world):
    scope = Scope.member(member)
    expected = list(order_rows.for_rows(orders_in(scope, entities=[world]))[:3])
    found = queries.latest_orders(scope, world, 3)
    assert [tuple(row) for row in found] == [tuple(row) for row in expected]
    assert found[0]._fields == expected[0]._fields
    assert found[0].created_at.tzinfo is not None
    assert all(isinstance(row.net_total, Decimal) for row in found)
    assert [row.client__name for row in queries.latest_orders(scope, world, 10)].count(None) == 1


def test_latest_invoices_match_the_invoice_list_rows(member, world):
    scope = Scope.member(member)
    invoices = invoices_in(scope, entities=[world]).order_by(Coalesce("issue_date", "planned_date").desc(), "-pk")
    expected = list(invoice_rows.for_rows(invoices)[:5])
    found = queries.latest_invoices(scope, world, 5)
    assert len(found) == 2
    assert [tuple(row) for row in found] == [tuple(row) for row in expected]
    assert found[0]._fields == expected[0]._fields
    assert Decimal("499.99") in [row.net_total for row in found]


def test_invoice_drafts_are_the_member_s_drafts(member, world):
    scope = Scope.member(member)
    expected = invoices_in(scope, entities=[world], status=InvoiceStatus.DRAFT).order_by("planned_date", "pk")
    found = queries.invoice_drafts(scope, world, 9)
    assert [(row.pk, row.title, row.planned_date, row.net_total, row.client__name) for row in found] == [
        (invoice.pk, invoice.title, invoice.planned_date, invoice.net_total, invoice.client.name)
        for invoice in expected
    ]
    assert found and found[0].client__name == "Kunde ABC"


def test_other_members_staff_and_outsiders_read_nothing_of_the_member(member, member2, staff, world):
    theirs = {row.title for row in queries.latest_orders(Scope.member(member2), world, 10)}
    assert "Fremd" in theirs and not theirs & {"Erster", "Zweiter", "Dritter", ""}
    assert [row.client__name for row in queries.latest_invoices(Scope.member(member2), world, 10)] == ["Fremdkunde"]
    assert queries.invoice_drafts(Scope.member(member2), world, 10) == []
    for scope in (Scope.staff(staff, [world.pk]), Scope.nobody()):
        assert queries.latest_orders(scope, world, 10) == []
        assert queries.latest_invoices(scope, world, 10) == []
        assert queries.invoice_drafts(scope, world, 10) == []
