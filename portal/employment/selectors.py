"""Reads of employments, always for one actor (``Scope``): a member reads their own, the Smart team
those of its entities; anybody else nothing (404)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.budget.figures import figures_of
from portal.budget.models import Budget
from portal.core import money
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.employment import rules, services
from portal.employment.costs import cost_of_month
from portal.employment.models import (
    CertificateRequest,
    ChangeRequest,
    ContractVersion,
    Employment,
    Payslip,
    SalaryCategory,
)
from portal.entities.models import FeeRate, IssuingEntity


def employments_in(scope: Scope) -> QuerySet[Employment]:
    if scope.actor not in (Actor.MEMBER, Actor.STAFF):
        return Employment.objects.none()
    return scope.rows(Employment.objects.all()).select_related("entity", "category", "member")


def employment_in(scope: Scope, pk: int) -> Employment:
    found = employments_in(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- the member's pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    """A salary category as the member's table shows it, with the turnover that pays it."""

    category: SalaryCategory
    required_turnover: Decimal


@dataclass(frozen=True)
class CategoryTable:
    entity: IssuingEntity
    valid_on: date
    fee_rate: Decimal
    rows: list[CategoryRow]


def category_tables(entities: Sequence[IssuingEntity]) -> list[CategoryTable]:
    """The salary categories valid today (each entity's today) of ``entities``, with the monthly net
    turnover that pays each at the entity's fee rate of today: two queries, however many entities."""
    if not entities:
        return []
    today = {entity.pk: services.entity_today(entity) for entity in entities}
    valid = Q()
    for entity_id, day in today.items():
        valid |= Q(entity_id=entity_id, valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    categories: dict[int, list[SalaryCategory]] = defaultdict(list)
    for category in SalaryCategory.objects.filter(valid).order_by("position", "id"):
        categories[category.entity_id].append(category)
    rates: dict[int, Decimal] = {}
    latest = max(today.values())
    for dated in FeeRate.objects.filter(entity_id__in=list(today), valid_from__lte=latest).order_by("valid_from"):
        if dated.valid_from <= today[dated.entity_id]:
            rates[dated.entity_id] = dated.percent  # the latest one valid on the entity's today wins
    tables = []
    for entity in entities:
        rate = rates.get(entity.pk, money.ZERO)
        rows = [CategoryRow(category, category.required_turnover(rate)) for category in categories[entity.pk]]
        tables.append(CategoryTable(entity=entity, valid_on=today[entity.pk], fee_rate=rate, rows=rows))
    return tables


def salary_coverage(*, member_id: int, entity_id: int, category: SalaryCategory) -> rules.Coverage:
    """How many months of ``category`` the member's personal budget of the entity pays now, as
    ``services.coverage_of`` says, but without opening the budget on a read (none yet: nothing available)."""
    budget = Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner_id=member_id, entity_id=entity_id).first()
    available = figures_of(budget.pk).available_for_salary if budget is not None else money.ZERO
    return rules.Coverage(available=available, monthly_cost=category.total_cost)


def versions_of(employment: Employment) -> list[ContractVersion]:
    return list(employment.versions.select_related("category").order_by("number"))


def monthly_cost_now(employment: Employment, versions: Sequence[ContractVersion]) -> Decimal:
    """The monthly cost of this month's contract version (of the first month before the start); the
    category's cost while there is no contract yet."""
    if not versions:
        return employment.category.total_cost
    month = max(rules.month_start(services.entity_today(employment.entity)), employment.start)
    return cost_of_month(versions, min(month, rules.month_start(employment.end)))


def changes_of(employment: Employment) -> list[ChangeRequest]:
    return list(
        employment.changes.select_related("new_category").prefetch_related("proofs").order_by("-created_at", "-id")
    )


def payslips_of(employment: Employment) -> QuerySet[Payslip]:
    return employment.payslips.order_by("-month", "-id")


def certificates_of(employment: Employment) -> QuerySet[CertificateRequest]:
    return employment.certificates.order_by("-created_at", "-id")


def version_in(scope: Scope, employment_id: int, number: int) -> ContractVersion:
    """A contract version of an employment the actor may read; 404 otherwise."""
    found = ContractVersion.objects.filter(employment=employment_in(scope, employment_id), number=number).first()
    if found is None:
        raise Http404
    return found


def payslip_in(scope: Scope, employment_id: int, pk: int) -> Payslip:
    found = Payslip.objects.filter(employment=employment_in(scope, employment_id), pk=pk).first()
    if found is None:
        raise Http404
    return found


def certificate_in(scope: Scope, employment_id: int, pk: int) -> CertificateRequest:
    found = CertificateRequest.objects.filter(employment=employment_in(scope, employment_id), pk=pk).first()
    if found is None:
        raise Http404
    return found
