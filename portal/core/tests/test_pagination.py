"""List pages count their rows only when the first page does not show them all."""

import pytest
from django.test import RequestFactory

from portal.core.views import paginate
from portal.customers.models import Client

pytestmark = pytest.mark.django_db


def make_clients(count: int) -> None:
    Client.objects.bulk_create(
        Client(name=f"Kunde {n:03}", street="Weg 1", postal_code="10115", city="Berlin", invoice_email="k@example.org")
        for n in range(count)
    )


def page_of(query: str, per_page: int = 5):
    return paginate(RequestFactory().get(f"/list/{query}"), Client.objects.order_by("name"), per_page=per_page)


@pytest.mark.parametrize("count", [0, 1, 5])
def test_a_list_on_one_page_needs_no_count(django_assert_num_queries, count):
    make_clients(count)
    with django_assert_num_queries(1):
        page = page_of("")
        assert [client.name for client in page] == [f"Kunde {n:03}" for n in range(count)]
        assert (page.number, page.paginator.num_pages, page.paginator.count) == (1, 1, count)
        assert not page.has_next() and not page.has_previous()
    with django_assert_num_queries(1):
        assert len(page_of("?page=1")) == count


def test_a_longer_list_is_counted(django_assert_num_queries):
    make_clients(12)
    with django_assert_num_queries(2):
        page = page_of("")
        assert [client.name for client in page] == [f"Kunde {n:03}" for n in range(5)]
        assert (page.paginator.num_pages, page.paginator.count, page.has_next()) == (3, 12, True)
    last = page_of("?page=3")
    assert [client.name for client in last] == ["Kunde 010", "Kunde 011"]
    assert not last.has_next() and last.has_previous()


@pytest.mark.parametrize(
    ("query", "number"),
    [("?page=x", 1), ("?page=0", 3), ("?page=99", 3), ("?page=2", 2), (f"?page={2**63 + 7}", 3), ("?page=1e30", 1)],
)
def test_other_page_numbers_behave_as_before(query, number):
    make_clients(12)
    assert page_of(query).number == number


def test_exactly_one_page_full():
    make_clients(5)
    page = page_of("")
    assert (len(page), page.paginator.num_pages, page.has_next()) == (5, 1, False)


def test_a_long_list_is_counted_a_number_of_pages_ahead(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("portal.core.views.PAGES_COUNTED_AHEAD", 2)
    make_clients(23)  # 5 pages of 5 (the last one of 3)
    with django_assert_num_queries(2):
        page = page_of("")
        assert [client.name for client in page] == [f"Kunde {n:03}" for n in range(5)]
        assert (page.paginator.more, page.paginator.known_pages, page.has_next()) == (True, 2, True)
    page = page_of("?page=2")
    assert [client.name for client in page] == [f"Kunde {n:03}" for n in range(5, 10)]
    assert (page.paginator.more, page.paginator.known_pages, page.has_next()) == (True, 3, True)
    page = page_of("?page=4")  # counted up to the end
    assert (page.paginator.more, page.paginator.num_pages, page.has_next()) == (False, 5, True)
    page = page_of("?page=5")
    assert [client.name for client in page] == ["Kunde 020", "Kunde 021", "Kunde 022"]
    assert (page.paginator.more, page.has_next(), page.has_previous()) == (False, False, True)
    assert page_of("?page=9").number == 5  # past the end: the last page, as before
    assert page_of("?page=0").number == 5


def test_the_page_says_when_the_list_goes_on(monkeypatch, staff_http, member, entities):
    from portal.orders.models import Order

    monkeypatch.setattr("portal.core.views.PAGES_COUNTED_AHEAD", 2)
    Order.objects.bulk_create(
        Order(member=member, entity=entities["SC"], title=f"Auftrag {n}", status="active") for n in range(76)
    )
    html = staff_http.get("/backoffice/orders/").content.decode()
    assert "Seite 1 von mehr als 2" in html
    html = staff_http.get("/backoffice/orders/?page=3").content.decode()
    assert "Seite 3 von 4" in html


def test_rows_of_related_values_are_counted_without_joining_the_related_tables():
    """Invoice lists read client and member names (joins); their count reads the invoices alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.invoicing import rows
    from portal.invoicing.models import Invoice

    invoices = Invoice.objects.order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        page = paginate(RequestFactory().get("/list/?page=2"), rows.for_rows(invoices), per_page=5, counted=invoices)
        assert list(page) == []
    counts = [entry["sql"] for entry in queries.captured_queries if "COUNT(" in entry["sql"]]
    assert counts and all("JOIN" not in sql for sql in counts)
