"""The named figures of a budget (DESIGN §6), each with the parts it is computed from.

* balance (Kontostand) = the sum of the budget's ledger rows;
* outstanding (Offene Rechnungen) = net - fee of issued invoices not yet paid, pro rata;
* reserved (Reserviert) = requests submitted but not yet decided + employment cost still to come;
* available for expenses = balance - outstanding - reserved;
* available for salary = available for expenses + what orders with payment guarantee will still bring
  (their outstanding invoices and planned invoices not yet issued, net - fee).

The budget app knows only its own rows and transfers. The other parts are *contributions* that the
apps owning the data register here (``register``), e.g. invoicing for outstanding invoices; expenses
and employment add their reservations the same way. Each contribution answers for many budgets with
one query, so a page costs the same number of queries however many rows a budget has.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.budget.models import LedgerEntry, Transfer
from portal.core import money
from portal.core.errors import BusinessError
from portal.core.sql import Select, field_of


class Part(StrEnum):
    """Which figure a contribution belongs to."""

    OUTSTANDING = "outstanding"
    RESERVED = "reserved"
    GUARANTEED = "guaranteed"  # added to available for salary only


#: Answers a contribution for many budgets at once: ``{budget_id: amount}`` (missing means 0).
Compute = Callable[[Sequence[int], date], dict[int, Decimal]]


@dataclass(frozen=True)
class Contribution:
    part: Part
    label: Any  # a lazy translation shown in the breakdown
    compute: Callable[[Sequence[int], date], Any]
    order: int = 100
    #: Picks this contribution's amounts from what ``compute`` answers, when several contributions
    #: share one ``compute`` (one query for all of them; it runs once per ``figures_for``).
    pick: Callable[[Any], dict[int, Decimal]] | None = None


_contributions: dict[str, Contribution] = {}


def register(
    name: str,
    part: Part,
    label: Any,
    compute: Callable[[Sequence[int], date], Any],
    *,
    order: int = 100,
    pick: Callable[[Any], dict[int, Decimal]] | None = None,
) -> None:
    """Add a contribution (idempotent by ``name``); apps call this in ``AppConfig.ready``. ``compute``
    answers ``{budget_id: amount}`` (a ``Compute``), or, with ``pick``, anything ``pick`` reads them from."""
    _contributions[name] = Contribution(part=part, label=label, compute=compute, order=order, pick=pick)


@dataclass(frozen=True)
class Line:
    label: Any
    amount: Decimal


@dataclass
class Figures:
    balance: Decimal = money.ZERO
    parts: dict[Part, list[Line]] = field(default_factory=dict)

    def total(self, part: Part) -> Decimal:
        return sum((line.amount for line in self.parts.get(part, [])), start=money.ZERO)

    @property
    def outstanding(self) -> Decimal:
        return self.total(Part.OUTSTANDING)

    @property
    def reserved(self) -> Decimal:
        return self.total(Part.RESERVED)

    @property
    def guaranteed(self) -> Decimal:
        return self.total(Part.GUARANTEED)

    @property
    def available_for_expenses(self) -> Decimal:
        return self.balance - self.outstanding - self.reserved

    @property
    def available_for_salary(self) -> Decimal:
        return self.available_for_expenses + self.guaranteed

    def lines(self, part: str) -> list[Line]:
        """The breakdown of one part (for templates, which cannot index by enum)."""
        return self.parts.get(Part(part), [])


# Plain SQL (``portal.core.sql``): the figures are read on every budget page and the dashboard.
BALANCES = Select(
    """
    SELECT e.budget_id, SUM(e.amount) FROM budget_ledgerentry e
    WHERE e.budget_id IN (%s) GROUP BY e.budget_id""",
    budget_id=None,
    total=field_of(LedgerEntry, "amount"),
)


def balances(budget_ids: Sequence[int]) -> dict[int, Decimal]:
    """The sum of each budget's rows."""
    return dict(BALANCES.rows([list(budget_ids)]))


def figures_for(budget_ids: Sequence[int], *, today: date | None = None) -> dict[int, Figures]:
    """The figures of each budget: one query for the balances plus one per ``compute`` of the contributions."""
    today = today or timezone.localdate()
    ids = list(budget_ids)
    result = {budget_id: Figures(parts={part: [] for part in Part}) for budget_id in ids}
    if not ids:
        return result
    for budget_id, total in balances(ids).items():
        result[budget_id].balance = total
    computed: dict[Callable[..., Any], Any] = {}
    for contribution in sorted(_contributions.values(), key=lambda c: c.order):
        if contribution.compute not in computed:
            computed[contribution.compute] = contribution.compute(ids, today)
        answer = computed[contribution.compute]
        amounts = contribution.pick(answer) if contribution.pick else answer
        for budget_id in ids:
            result[budget_id].parts[contribution.part].append(
                Line(contribution.label, amounts.get(budget_id, money.ZERO))
            )
    return result


def figures_of(budget_id: int, *, today: date | None = None) -> Figures:
    return figures_for([budget_id], today=today)[budget_id]


# --- the past, for the chart ------------------------------------------------------------------------

#: Answers what one budget's outstanding part was at each of some past days: ``{day: amount}``.
Past = Callable[[int, Sequence[date]], dict[date, Decimal]]

_past: dict[str, Past] = {}


def register_past(name: str, compute: Past) -> None:
    """Add what an outstanding contribution was in the past (idempotent by ``name``)."""
    _past[name] = compute


def past_outstanding(budget_id: int, days: Sequence[date]) -> dict[date, Decimal]:
    """What the budget's issued invoices still owed at the end of each of ``days``."""
    total: dict[date, Decimal] = defaultdict(lambda: money.ZERO)
    if not days:
        return total
    for compute in _past.values():
        for day, amount in compute(budget_id, days).items():
            total[day] += amount
    return total


# --- the budget app's own contribution -------------------------------------------------------------


PENDING_TRANSFERS = Select(
    """
    SELECT t.source_id, SUM(t.amount) FROM budget_transfer t
    WHERE t.source_id IN (%s) AND t.status = %s GROUP BY t.source_id""",
    source_id=None,
    total=field_of(Transfer, "amount"),
)


def pending_transfers_out(budget_ids: Sequence[int], today: date) -> dict[int, Decimal]:
    """Transfers requested from these budgets that the Smart team has not decided yet."""
    return dict(PENDING_TRANSFERS.rows([list(budget_ids), Transfer.Status.SUBMITTED]))


# --- the check later requests call -----------------------------------------------------------------


class Purpose(StrEnum):
    EXPENSES = "expenses"
    SALARY = "salary"


def budget_check_available(
    budget: Any, amount: Decimal, purpose: str, *, reserved_by_it: Decimal = money.ZERO, today: date | None = None
) -> Figures:
    """Refuse ``amount`` when it exceeds the budget's available figure for ``purpose``.

    ``reserved_by_it`` is what the request being decided reserves itself (a submitted transfer is in
    "reserved" until approved): it is available for that request.

    Raises the ``BusinessError`` that states both amounts; returns the figures when it fits. Callers
    lock what they decide on first, so two requests cannot both spend the same money unnoticed.
    """
    figures = figures_of(budget.pk, today=today)
    purpose = Purpose(purpose)
    available = figures.available_for_salary if purpose == Purpose.SALARY else figures.available_for_expenses
    available += reserved_by_it
    if amount > available:
        if purpose == Purpose.SALARY:
            message = _("%(amount)s is more than the %(available)s available for salary in this budget.")
        else:
            message = _("%(amount)s is more than the %(available)s available for expenses in this budget.")
        raise BusinessError(
            message % {"amount": money.display(amount), "available": money.display(available)}, field="amount"
        )
    return figures
