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


@pytest.mark.parametrize(("query", "number"), [("?page=x", 1), ("?page=0", 3), ("?page=99", 3), ("?page=2", 2)])
def test_other_page_numbers_behave_as_before(query, number):
    make_clients(12)
    assert page_of(query).number == number


def test_exactly_one_page_full():
    make_clients(5)
    page = page_of("")
    assert (len(page), page.paginator.num_pages, page.has_next()) == (5, 1, False)
