"""Employments for the tests of other apps, e.g. travel costs, which only a member with an active
employment claims (DESIGN §7, issue 14)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from portal.budget.ledger import budget_personal
from portal.employment.categories import DATA_DIR, salary_categories_load
from portal.employment.models import ContractVersion, Employment, EmploymentStatus, SalaryCategory
from portal.employment.rules import MIN_MONTHS, month_start
from portal.employment.services import categories_on
from portal.entities.models import IssuingEntity


def _cheapest_category(entity: IssuingEntity, day: date) -> SalaryCategory:
    """The entity's cheapest category valid on ``day``: from its shipped tables (loaded when none is valid),
    or a stand-in category "T1" for an entity without a table (SMartAt has none, see ``data/README.md``)."""
    found = categories_on(entity.pk, day).order_by("total_cost", "pk").first()
    if found is not None:
        return found
    for path in sorted(DATA_DIR.glob(f"{entity.code}-*.csv")):  # oldest table first, as they were loaded
        salary_categories_load(path=path)
    found = categories_on(entity.pk, day).order_by("total_cost", "pk").first()
    if found is not None:
        return found
    stand_in, _created = SalaryCategory.objects.get_or_create(
        entity=entity,
        code="T1",
        valid_from=date(2000, 1, 1),
        defaults={
            "label": "Test category",
            "total_cost": Decimal("700.00"),
            "gross": Decimal("540.00"),
            "net_estimate": Decimal("540.00"),
        },
    )
    return stand_in


def active_employment(
    member: Any,
    entity: IssuingEntity,
    category: SalaryCategory | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> Employment:
    """An active employment of ``member`` with ``entity``, written to the tables as the services leave it once
    the Smart team approved it with the contract, the member signed, the team confirmed the signature and
    its first day came (``services.activate_due``): status ``active``, on the member's personal budget of the
    entity, with contract version 1 (from ``start`` to ``end``, the category's total cost a month, no file).

    Nothing is booked: until ``costs.book_month_costs`` books its months, the employment's whole cost counts
    as reserved on that budget (``costs.reserved_by_employments``), so a test that spends from the budget
    must fund it for that too (the shortest employment of the cheapest Smart eG category of 2026 reserves
    4 x 787.00 EUR).

    Defaults: ``start`` the first day of the current month (today as time-machine sets it), ``end`` the last
    day of its fourth month (the shortest employment), ``category`` the entity's cheapest category valid on
    ``start`` (see ``_cheapest_category``). The request rules (deadline, coverage) are not checked here:
    they are the services' tests' business.
    """
    start = start or month_start(timezone.localdate())
    end = end or start + relativedelta(months=MIN_MONTHS) - timedelta(days=1)
    category = category or _cheapest_category(entity, start)
    now = timezone.now()
    employment = Employment.objects.create(
        member=member,
        entity=entity,
        budget=budget_personal(member_id=member.pk, entity_id=entity.pk),
        category=category,
        status=EmploymentStatus.ACTIVE,
        start=start,
        end=end,
        submitted_at=now,
        signed_by_name=member.get_full_name() or member.email,
        signed_at=now,
        signature_confirmed_at=now,
    )
    ContractVersion.objects.create(
        employment=employment,
        number=1,
        valid_from=start,
        category=category,
        monthly_cost=category.total_cost,
        end=end,
    )
    return employment
