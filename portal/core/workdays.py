"""Working-day arithmetic for service levels: weekends and the entity's public holidays don't count."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


def is_working_day(day: date, *, country: str, subdivision: str = "") -> bool:
    return day.weekday() < 5 and day not in _holidays(country, subdivision, day.year)


def add_working_hours(start: datetime, hours: float, *, country: str, subdivision: str = "", tz: str) -> datetime:
    """``start`` plus ``hours`` of working-day time: only hours on working days count.

    Submitted on Friday 10:00, a 24-hour service level ends on Monday 10:00 (or Tuesday, if Monday
    is a public holiday of the entity's state).
    """
    cursor = start.astimezone(ZoneInfo(tz))
    remaining = timedelta(hours=hours)
    while True:
        next_midnight = datetime.combine(cursor.date() + timedelta(days=1), time.min, tzinfo=cursor.tzinfo)
        if is_working_day(cursor.date(), country=country, subdivision=subdivision):
            available = next_midnight - cursor
            if available >= remaining:
                return cursor + remaining
            remaining -= available
        cursor = next_midnight
