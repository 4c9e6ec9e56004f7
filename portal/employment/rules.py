"""The rules of an employment request (DESIGN §8), each refused with its own message.

* a member of the entity, on their **personal** budget of that entity (collective budgets hold no
  employment);
* a salary category of the entity valid on the start day;
* the start on the first of a month, the end on the last day of a month, at least four months;
* requested no later than the last day of the month before the start (in the entity's time zone);
* "available for salary" covers the total cost of the first ``MONTHS_COVERED`` months;
* no other employment of the member in the entity during the period.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core import money

#: The shortest employment, in months.
MIN_MONTHS = 4
#: How many months "available for salary" must pay for when the request is submitted.
MONTHS_COVERED = 3
#: The furthest ahead an employment may start, and the longest it may run (one request, one contract).
MAX_YEARS_AHEAD = 2
MAX_MONTHS = 60


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from ``start``'s to ``end``'s, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    return months


def request_deadline(start: date) -> date:
    """The last day on which an employment starting on ``start`` may be requested."""
    return start - timedelta(days=1)


def period_problems(start: date | None, end: date | None, today: date) -> dict[str, str]:
    """What is wrong with the requested period, per form field."""
    problems: dict[str, str] = {}
    latest_start = today + relativedelta(years=MAX_YEARS_AHEAD)
    if start is not None and start > latest_start:
        return {"start": _("An employment can start at most %(years)d years ahead.") % {"years": MAX_YEARS_AHEAD}}
    if start is not None and start < today - relativedelta(years=1):
        return {"start": _("Please choose a start in the coming months.")}
    if start is not None and end is not None and end > start + relativedelta(months=MAX_MONTHS):
        message = _("An employment runs at most %(months)d months; please request a new one after it.")
        return {"end": message % {"months": MAX_MONTHS}}
    if start is None:
        problems["start"] = _("Please choose the first month of the employment.")
    elif start.day != 1:
        problems["start"] = _("An employment starts on the first day of a month.")
    elif today > request_deadline(start):
        problems["start"] = _(
            "An employment starting on %(start)s had to be requested by %(deadline)s; please choose a later month."
        ) % {
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "deadline": date_format(request_deadline(start), "SHORT_DATE_FORMAT"),
        }
    if end is None:
        problems["end"] = _("Please choose the end of the employment.")
    elif end != month_end(end):
        problems["end"] = _("An employment ends on the last day of a month.")
    elif start is not None and start.day == 1 and end < start + relativedelta(months=MIN_MONTHS) - timedelta(days=1):
        problems["end"] = _("An employment lasts at least %(months)d months; the earliest end is %(date)s.") % {
            "months": MIN_MONTHS,
            "date": _day(start + relativedelta(months=MIN_MONTHS) - timedelta(days=1)),
        }
    return problems


@dataclass(frozen=True)
class Coverage:
    """How many months of a category's cost the budget's "available for salary" pays."""

    available: Decimal
    monthly_cost: Decimal

    @property
    def months(self) -> int:
        if self.monthly_cost <= 0 or self.available <= 0:
            return 0
        return int((self.available / self.monthly_cost).to_integral_value(rounding=ROUND_DOWN))

    @property
    def enough(self) -> bool:
        return self.months >= MONTHS_COVERED

    def problem(self) -> str:
        if self.enough:
            return ""
        return ngettext(
            "Your budget's amount available for salary (%(available)s) pays %(months)d month of this category "
            "(%(cost)s a month); it must pay the first %(needed)d months (%(total)s).",
            "Your budget's amount available for salary (%(available)s) pays %(months)d months of this category "
            "(%(cost)s a month); it must pay the first %(needed)d months (%(total)s).",
            self.months,
        ) % {
            "available": money.display(self.available),
            "months": self.months,
            "cost": money.display(self.monthly_cost),
            "needed": MONTHS_COVERED,
            "total": money.display(self.monthly_cost * MONTHS_COVERED),
        }


def overlaps(first: tuple[date, date], second: tuple[date, date]) -> bool:
    return first[0] <= second[1] and second[0] <= first[1]
