"""The rules of shares that are plain arithmetic: what an application costs, when a termination takes effect.

Termination (§65 GenG, as in the statutes of Smart eG): notice is given at least ``notice_months``
months before the end of a business year and takes effect at the end of that business year. The
business year is the calendar year. So notice given on 2026-09-30 with three months' notice takes
effect on 2026-12-31; notice given on 2026-10-01 only on 2027-12-31.
"""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta


def business_year_end(day: date) -> date:
    return date(day.year, 12, 31)


def termination_effective_on(notice_given_on: date, notice_months: int) -> date:
    """The end of the first business year that ends at least ``notice_months`` months after the notice."""
    earliest = notice_given_on + relativedelta(months=notice_months)
    return business_year_end(earliest)


def entity_today(entity) -> date:
    """Today in the entity's time zone (register dates are the entity's days)."""
    return entity.today()


def entity_day(entity, moment: datetime) -> date:
    """The entity's day of ``moment``."""
    return entity.day_of(moment)
