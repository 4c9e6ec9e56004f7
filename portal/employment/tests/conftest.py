"""Fixtures of the employment tests: the shipped salary tables and a member whose budget pays a salary."""

from datetime import date
from decimal import Decimal

import pytest

from portal.budget.ledger import Posting, budget_personal, ledger_book
from portal.budget.models import EntryKind
from portal.employment.categories import DATA_DIR, salary_categories_load
from portal.employment.models import SalaryCategory


@pytest.fixture
def categories(entities):
    salary_categories_load(path=DATA_DIR / "SC-2026.csv")
    return {category.code: category for category in SalaryCategory.objects.filter(entity=entities["SC"])}


def fund(member, entity, amount: str, key: str = "funding") -> None:
    """Money on the member's personal budget (an income row, as an issued invoice books)."""
    budget = budget_personal(member_id=member.pk, entity_id=entity.pk)
    ledger_book(
        postings=[Posting(budget.pk, EntryKind.INCOME, Decimal(amount), "Invoice", f"test:{key}")],
        booking_date=date(2026, 1, 5),
    )


@pytest.fixture
def funded(member, entities):
    fund(member, entities["SC"], "20000.00")
    return member
