"""The budget page's chart: balance and available for expenses at the end of each of the last twelve
months, drawn as a server-rendered SVG (no script, no CDN) with the same numbers as a table.

Past months show what was known then: the balance of the rows booked until the month's end, less what
issued invoices still owed at that day (contributions registered with ``figures.register_past``).
Requests are reserved for a short time only and their history is not kept, so the current month alone
also subtracts what is reserved now.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from portal.budget import figures, selectors
from portal.core import money

MONTHS = 12
WIDTH, HEIGHT = 800, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 8, 8, 12, 28


@dataclass(frozen=True)
class Point:
    month: date  # the first day of the month
    balance: Decimal
    available: Decimal


def month_ends(today: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the ``months`` months up to the current one (today for the current)."""
    first = today.replace(day=1)
    ends = [first - relativedelta(months=back) + relativedelta(months=1) - timedelta(days=1) for back in range(months)]
    return sorted(min(end, today) for end in ends)


def points(
    budget_id: int, current: figures.Figures, today: date, monthly: list[tuple[date, Decimal]] | None = None
) -> list[Point]:
    """``monthly``: the budget's ``selectors.monthly_sums`` of all months, if the caller has them."""
    ends = month_ends(today)
    first = ends[0].replace(day=1)
    by_month = dict(selectors.monthly_sums(budget_id) if monthly is None else monthly)
    balance = sum((total for month, total in by_month.items() if month < first), start=money.ZERO)
    owed = figures.past_outstanding(budget_id, ends[:-1])
    result = []
    for end in ends[:-1]:
        balance += by_month.get(end.replace(day=1), money.ZERO)
        result.append(Point(end.replace(day=1), balance, balance - owed.get(end, money.ZERO)))
    result.append(Point(today.replace(day=1), current.balance, current.available_for_expenses))
    return result


@dataclass(frozen=True)
class Drawing:
    """Coordinates in the SVG's view box (``WIDTH`` x ``HEIGHT``), as SVG reads them: written with a
    decimal point whatever the language (templates would localise numbers to "64,7")."""

    balance_line: str
    available_line: str
    zero_y: str
    top_label: Decimal
    bottom_label: Decimal
    labels: list[tuple[str, date]]  # x and month of each axis label


def draw(series: list[Point]) -> Drawing:
    values = [point.balance for point in series] + [point.available for point in series] + [money.ZERO]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    step = inner_w / max(len(series) - 1, 1)

    def x(index: int) -> float:
        return round(PAD_LEFT + index * step, 1)

    def y(value: Decimal) -> float:
        return round(PAD_TOP + float((high - value) / span) * inner_h, 1)

    def line(values: list[Decimal]) -> str:
        return " ".join(f"{x(index)},{y(value)}" for index, value in enumerate(values))

    return Drawing(
        balance_line=line([point.balance for point in series]),
        available_line=line([point.available for point in series]),
        zero_y=str(y(money.ZERO)),
        top_label=high,
        bottom_label=low,
        # every other month, ending with the current one: twelve labels do not fit on a phone
        labels=[
            (str(x(index)), point.month) for index, point in enumerate(series) if (len(series) - 1 - index) % 2 == 0
        ],
    )
