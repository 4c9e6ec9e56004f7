"""Shared test data: the shipped rate files as a ``RateBook`` (no database), and short trip builders."""

from datetime import date, datetime
from decimal import Decimal

from portal.travelrates.compute import Day, Stage, Trip
from portal.travelrates.tables import DATA_DIR, RateBook

SHIPPED_BOOK = RateBook.from_files(sorted(DATA_DIR.glob("*.csv")))


def at(text: str) -> datetime:
    """``"2025-03-03 08:00"`` as a naive datetime."""
    return datetime.fromisoformat(text)


def day(text: str) -> date:
    return date.fromisoformat(text)


def trip(
    jurisdiction: str,
    start: str,
    end: str,
    *stages: tuple,
    days: dict[str, Day] | None = None,
    kilometres: str = "0",
    overnight_stay: bool = True,
) -> Trip:
    """A trip from ``start`` to ``end``; each stage is ``(starts_at, country[, city[, transit]])``."""
    return Trip(
        jurisdiction=jurisdiction,
        starts_at=at(start),
        ends_at=at(end),
        stages=tuple(Stage(at(when), *rest) for when, *rest in stages),
        days={day(key): value for key, value in (days or {}).items()},
        kilometres=Decimal(kilometres),
        overnight_stay=overnight_stay,
    )


def euro(text: str) -> Decimal:
    return Decimal(text)
