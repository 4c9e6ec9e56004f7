from decimal import Decimal

import pytest

from portal.budget.models import Budget, LedgerEntry
from portal.core.sql import Select, field_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(issued):
    return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=issued.member, entity=issued.entity)


NUMBERS = Select(
    "SELECT COUNT(*), SUM(e.amount) FROM budget_ledgerentry e WHERE e.id IN (%s) AND e.amount <> %s",
    count=None,
    total=field_of(LedgerEntry, "amount"),
)


def test_a_list_parameter_is_written_out_as_one_placeholder_per_value(budget):
    rows = list(LedgerEntry.objects.filter(budget=budget).values_list("pk", "amount"))
    assert len(rows) == 2  # the income and the fee of the issued invoice

    [found] = NUMBERS.rows([[pk for pk, _ in rows], Decimal("0")])

    assert found.count == 2
    assert found.total == sum(amount for _, amount in rows) == Decimal("2184.00")
    assert isinstance(found.total, Decimal)


def test_an_empty_list_matches_no_row_and_other_lengths_are_sent_alike(budget):
    pks = list(LedgerEntry.objects.filter(budget=budget).values_list("pk", flat=True))

    assert NUMBERS.rows([[], Decimal("0")])[0].count == 0
    assert NUMBERS.rows([pks[:1], Decimal("0")])[0].count == 1
    assert NUMBERS.rows([tuple(pks), Decimal("0")])[0].count == 2


def test_the_number_of_parameters_must_match_the_placeholders():
    with pytest.raises(ValueError, match="2 placeholders for 1 parameters"):
        NUMBERS.rows([[1, 2]])
