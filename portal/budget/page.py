"""What the budget page shows, for members and the Smart team alike: figures with their breakdown, the
chart, and the statement of the chosen period with running balance, totals per kind and document links."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.budget import chart, documents, figures, selectors
from portal.budget.models import Budget, EntryKind
from portal.budget.period import ChosenPeriod, PeriodForm, chosen_period
from portal.budget.rows import for_rows, statement_rows
from portal.core import money
from portal.core.scope import Scope
from portal.core.views import paginate, query_without_page


@dataclass(frozen=True)
class FigureCard:
    """One named figure on the page, with how it is computed and the parts it sums."""

    testid: str
    label: Any
    amount: Decimal
    how: Any
    lines: list[figures.Line]
    strong: bool = False


def figure_cards(current: figures.Figures) -> list[FigureCard]:
    part = current.lines
    return [
        FigureCard("balance", _("Balance"), current.balance, _("The sum of all bookings on this budget."), []),
        FigureCard(
            "outstanding",
            _("Outstanding invoices"),
            current.outstanding,
            _(
                "Net amount less the Smart fee of issued invoices the client has not paid yet; for partial "
                "payments the unpaid share."
            ),
            part("outstanding"),
        ),
        FigureCard(
            "reserved",
            _("Reserved"),
            current.reserved,
            _("Requests that are submitted but not decided yet."),
            part("reserved"),
        ),
        FigureCard(
            "available-expenses",
            _("Available for expenses"),
            current.available_for_expenses,
            _(
                "Balance less outstanding invoices less reserved amounts. Expenses, direct payments, travel "
                "costs and transfers can use this much."
            ),
            [],
            strong=True,
        ),
        FigureCard(
            "available-salary",
            _("Available for salary"),
            current.available_for_salary,
            _(
                "Available for expenses plus what orders with payment guarantee will still bring (net less "
                "the Smart fee)."
            ),
            part("guaranteed"),
            strong=True,
        ),
    ]


@dataclass
class Statement:
    budget: Budget
    chosen: ChosenPeriod
    opening: Decimal
    totals: list[tuple[str, Decimal, int]]  # kind, sum, number of rows

    @property
    def closing(self) -> Decimal:
        return self.opening + sum((total for _kind, total, _rows in self.totals), start=money.ZERO)

    @property
    def row_count(self) -> int:
        return sum(rows for _kind, _total, rows in self.totals)

    @property
    def labelled_totals(self) -> list[tuple[Any, Decimal]]:
        return [(EntryKind(kind).label, total) for kind, total, _rows in self.totals]

    def rows(self, *, newest_first: bool = False) -> QuerySet[Any]:
        """The period's rows, each with ``running_in_period`` (see ``selectors.statement_rows``)."""
        rows = selectors.statement_rows(self.budget.pk, self.chosen.period)
        return rows.order_by("-booking_date", "-id") if newest_first else rows


def statement_of(
    budget: Budget, query: Any, today: date, monthly: list[tuple[date, Decimal]] | None = None
) -> tuple[Statement, PeriodForm]:
    """The statement ``query`` (the request's GET) asks for, and the bound filter form; ``monthly``: the
    budget's monthly sums, if the caller has them (they give the opening balance of most periods)."""
    form = PeriodForm(query or None)
    chosen = chosen_period(form, today)
    statement = Statement(
        budget=budget,
        chosen=chosen,
        opening=selectors.opening_balance(budget.pk, chosen.period.start, monthly),
        totals=selectors.totals_by_kind(budget.pk, chosen.period),
    )
    return statement, form


def budget_page(request: Any, budget: Budget, *, scope: Scope) -> dict[str, Any]:
    today = timezone.localdate()
    current = figures.figures_of(budget.pk, today=today)
    monthly = selectors.monthly_sums(budget.pk)  # for the chart and the statement's opening balance
    statement, form = statement_of(budget, request.GET, today, monthly)
    rows = for_rows(statement.rows(newest_first=True))
    page = paginate(request, rows, settings.PAGINATE_BY, count=statement.row_count)
    series = chart.points(budget.pk, current, today, monthly)
    return {
        "budget": budget,
        "figures": current,
        "figure_cards": figure_cards(current),
        "statement": statement,
        "period_form": form,
        "page": page,
        "rows": statement_rows(
            page.object_list, opening=statement.opening, links=documents.document_urls(scope, page.object_list)
        ),
        "series": series,
        "drawing": chart.draw(series),
        "chart_size": (chart.WIDTH, chart.HEIGHT),
        "pending_transfers": selectors.pending_transfers([budget.pk]).select_related("source", "target")[:20],
        "query": query_without_page(request),
    }
