"""What an employment costs its budget (DESIGN §6, §8).

* On the first of each month the month's total cost of every active employment is booked, exactly
  once (ledger key ``employment:<id>:<YYYY-MM>``; the employment row is locked while booking, so
  concurrent runs of the command wait for each other and then find the row booked).
* The months of approved, signed and active contracts not booked yet count as "reserved".
* A month costs what the contract version in force on its first day says.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy

from portal.budget import figures
from portal.budget.ledger import Posting, ledger_book
from portal.budget.models import EntryKind, LedgerEntry
from portal.core import money
from portal.core.scheduled import note_failure
from portal.employment.models import RESERVING, ContractVersion, Employment, EmploymentStatus, SalaryCategory
from portal.employment.rules import months_between


def version_in_force(versions: Iterable[ContractVersion], month: date) -> ContractVersion | None:
    """The latest contract version in force on ``month``'s first day (``None`` before the first)."""
    in_force = [version for version in versions if version.valid_from <= month]
    return max(in_force, key=lambda version: version.number) if in_force else None


def cost_of_month(versions: Iterable[ContractVersion], month: date) -> Decimal:
    version = version_in_force(versions, month)
    return version.monthly_cost if version is not None else money.ZERO


def category_of_month(versions: Iterable[ContractVersion], month: date) -> SalaryCategory | None:
    version = version_in_force(versions, month)
    return version.category if version is not None else None


def month_key(employment_id: int, month: date) -> str:
    return f"employment:{employment_id}:{month:%Y-%m}"


def due_months(employment: Employment, today: date) -> list[date]:
    """The months of the employment up to and including ``today``'s."""
    return months_between(employment.start, min(employment.end, today))


def book_month_costs(today: date, failures: list[str] | None = None) -> int:
    """Book every month due of every active employment that is not booked yet; returns the rows booked."""
    booked = 0
    active = Employment.objects.filter(status=EmploymentStatus.ACTIVE, start__lte=today)
    for employment_id in active.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                booked += _book_employment(employment_id, today)
        except Exception as error:  # one employment must not stop the others
            note_failure(failures, f"employment {employment_id} monthly cost", error)
    return booked


def _book_employment(employment_id: int, today: date) -> int:
    employment = Employment.objects.select_for_update().get(pk=employment_id)  # concurrent runs wait here
    if employment.status != EmploymentStatus.ACTIVE:
        return 0
    versions = list(employment.versions.all())
    months = due_months(employment, today)
    done = set(
        LedgerEntry.objects.filter(key__in=[month_key(employment.pk, month) for month in months]).values_list(
            "key", flat=True
        )
    )
    booked = 0
    for month in months:
        key, cost = month_key(employment.pk, month), cost_of_month(versions, month)
        if key in done or cost <= 0:
            continue
        text = f"{month:%m/%Y}"  # shown as "Employment cost 12/2026" in the reader's language (budget_link)
        posting = Posting(employment.budget_id, EntryKind.EMPLOYMENT_COST, -cost, text, key)
        ledger_book(postings=[posting], booking_date=month, source=employment, source_label=f"{month:%Y-%m}")
        booked += 1
    return booked


def _planned_cost(employment: Employment, versions: Sequence[ContractVersion]) -> Decimal:
    return sum(
        (cost_of_month(versions, month) for month in months_between(employment.start, employment.end)),
        start=money.ZERO,
    )


def reserved_by_employments(budget_ids: Sequence[int], today: date) -> dict[int, Decimal]:
    """The cost of the months of approved, signed and active contracts that are not booked yet."""
    employments = list(Employment.objects.filter(budget_id__in=list(budget_ids), status__in=RESERVING))
    if not employments:
        return {}
    ids = [employment.pk for employment in employments]
    versions: dict[int, list[ContractVersion]] = defaultdict(list)
    for version in ContractVersion.objects.filter(employment_id__in=ids):
        versions[version.employment_id].append(version)
    booked = dict(
        LedgerEntry.objects.filter(
            source_type=ContentType.objects.get_for_model(Employment),
            source_id__in=ids,
            kind=EntryKind.EMPLOYMENT_COST,
        )
        .values("source_id")
        .annotate(total=Sum("amount"))
        .values_list("source_id", "total")
    )
    result: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    for employment in employments:
        remaining = _planned_cost(employment, versions[employment.pk]) + (booked.get(employment.pk) or money.ZERO)
        if remaining > 0:
            result[employment.budget_id] += remaining
    return dict(result)


def register_contributions() -> None:
    figures.register(
        "employment_cost",
        figures.Part.RESERVED,
        gettext_lazy("Employment cost of the coming months"),
        reserved_by_employments,
        order=50,
    )
