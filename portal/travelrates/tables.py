"""Rate tables as data: read and check the CSV files in ``data/``, and look rates up by day.

Two kinds of file, told apart by their header (see ``data/PROVENANCE.md``):

* **rate tables** (``de-2026.csv``, ``at-2025.csv``): one row per jurisdiction, country and city (``""`` for
  the country's general rate) with the full-day and partial-day per diem and the overnight flat rate in
  force from ``valid_from`` to ``valid_to`` (empty: open-ended);
* **rule files** (``de-rules-2025.csv``): the other numbers the computation needs (kilometre rate, meal
  cuts, hour thresholds, the fallback country), one dated row per rule.

Nothing here touches the database: ``read_table`` turns a file into records (or a ``TableError`` naming
every bad line), and ``RateBook`` answers "which row is in force on this day" for ``portal.travelrates.compute``.
"""

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

RATE_HEADER = (
    "jurisdiction",
    "country",
    "city",
    "valid_from",
    "valid_to",
    "full_day",
    "partial_day",
    "overnight",
    "label",
)
RULE_HEADER = ("jurisdiction", "rule", "value", "valid_from", "valid_to", "label")

#: The rules each jurisdiction's computation reads, and whether the value is a number or a country code.
RULES: dict[str, dict[str, type]] = {
    "DE": {
        "single_day_min_hours": Decimal,
        "cut_breakfast": Decimal,
        "cut_lunch": Decimal,
        "cut_dinner": Decimal,
        "km_rate": Decimal,
        "fallback_country": str,
    },
    "AT": {
        "min_hours": Decimal,
        "hourly_rate": Decimal,
        "cut_breakfast": Decimal,
        "cut_lunch": Decimal,
        "cut_dinner": Decimal,
        "km_rate": Decimal,
    },
}
JURISDICTIONS = tuple(RULES)
#: Meal cuts are fractions of the full-day rate.
FRACTION_RULES = {"cut_breakfast", "cut_lunch", "cut_dinner"}
MAX_ERRORS = 20


class TableError(ValueError):
    """A rate file that cannot be loaded; the message names the file and every bad line."""


@dataclass(frozen=True)
class Rate:
    """One row of a per-diem table."""

    jurisdiction: str
    country: str
    city: str
    valid_from: date
    valid_to: date | None
    full_day: Decimal
    partial_day: Decimal | None
    overnight: Decimal
    label: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.jurisdiction, self.country, self.city)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Rule:
    """One dated rule value, kept as text (``RateBook`` converts it by the rule's type)."""

    jurisdiction: str
    rule: str
    value: str
    valid_from: date
    valid_to: date | None
    label: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.jurisdiction, self.rule)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Table:
    """What one file holds: rates or rules (the other tuple is empty)."""

    name: str
    rates: tuple[Rate, ...] = ()
    rules: tuple[Rule, ...] = ()

    @property
    def records(self) -> tuple[Rate | Rule, ...]:
        return self.rates or self.rules


def overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


# --- reading files -------------------------------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """The records of one CSV file, or a ``TableError`` listing every line that is wrong."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
    except FileNotFoundError:
        raise TableError(f"{path}: no such file.") from None
    except UnicodeDecodeError:
        raise TableError(f"{path.name}: not a UTF-8 text file.") from None
    except csv.Error as error:
        raise TableError(f"{path.name}: not a CSV file ({error}).") from None
    if not lines:
        raise TableError(f"{path.name}: the file is empty.")
    header = tuple(cell.strip().lstrip("\ufeff") for cell in lines[0])
    if header == RATE_HEADER:
        return _read(path.name, lines, RATE_HEADER, _rate)
    if header == RULE_HEADER:
        return _read(path.name, lines, RULE_HEADER, _rule)
    raise TableError(
        f"{path.name}: unknown header {','.join(header)!r}; expected {','.join(RATE_HEADER)!r} "
        f"or {','.join(RULE_HEADER)!r}."
    )


def _read(
    name: str, lines: list[list[str]], header: tuple[str, ...], parse: Callable[[dict[str, str]], Rate | Rule]
) -> Table:
    errors: list[str] = []
    records: list[tuple[int, Rate | Rule]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(f"line {number}: {len(cells)} columns, expected {len(header)}.")
            continue
        row = dict(zip(header, (cell.strip() for cell in cells), strict=True))
        try:
            records.append((number, parse(row)))
        except ValueError as error:
            errors.append(f"line {number}: {error}")
    errors += _overlaps_within(records)
    if not records and not errors:
        errors.append("no data rows.")
    if errors:
        shown = errors[:MAX_ERRORS] + ([f"… and {len(errors) - MAX_ERRORS} more."] if len(errors) > MAX_ERRORS else [])
        raise TableError(f"{name}: " + " ".join(shown))
    if header == RATE_HEADER:
        return Table(name=name, rates=tuple(record for _, record in records if isinstance(record, Rate)))
    return Table(name=name, rules=tuple(record for _, record in records if isinstance(record, Rule)))


def _overlaps_within(records: list[tuple[int, Rate | Rule]]) -> list[str]:
    seen: dict[tuple, list[tuple[int, Rate | Rule]]] = defaultdict(list)
    errors = []
    for number, record in records:
        for other_number, other in seen[record.key]:
            if overlaps(record.valid_from, record.valid_to, other.valid_from, other.valid_to):
                errors.append(f"line {number}: its period overlaps line {other_number} for {'/'.join(record.key)}.")
        seen[record.key].append((number, record))
    return errors


def _jurisdiction(value: str) -> str:
    if value not in JURISDICTIONS:
        raise ValueError(f"jurisdiction {value!r} is not one of {', '.join(JURISDICTIONS)}.")
    return value


def _country(value: str, column: str = "country") -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise ValueError(f"{column} {value!r} is not a two-letter ISO 3166 code in capitals.")
    return value


def _date(value: str, column: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date (YYYY-MM-DD).") from None


def _period(row: dict[str, str]) -> tuple[date, date | None]:
    valid_from = _date(row["valid_from"], "valid_from")
    valid_to = _date(row["valid_to"], "valid_to") if row["valid_to"] else None
    if valid_to is not None and valid_to < valid_from:
        raise ValueError(f"valid_to {valid_to} is before valid_from {valid_from}.")
    return valid_from, valid_to


def _amount(value: str, column: str) -> Decimal:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{column} {value!r} is not an amount.") from None
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2 or amount < 0 or amount >= 100_000:
        raise ValueError(f"{column} {value!r} is not an amount in euro (0 or more, at most 2 decimals).")
    return amount


def _rate(row: dict[str, str]) -> Rate:
    jurisdiction = _jurisdiction(row["jurisdiction"])
    country = _country(row["country"])
    city = " ".join(row["city"].split())
    if len(city) > 100:
        raise ValueError("city is longer than 100 characters.")
    valid_from, valid_to = _period(row)
    full_day = _amount(row["full_day"], "full_day")
    partial_day = _amount(row["partial_day"], "partial_day") if row["partial_day"] else None
    if jurisdiction == "DE" and partial_day is None:
        raise ValueError("partial_day is required for DE rates.")
    if partial_day is not None and partial_day > full_day:
        raise ValueError(f"partial_day {partial_day} is more than full_day {full_day}.")
    if not row["overnight"]:
        raise ValueError("overnight is required.")
    overnight = _amount(row["overnight"], "overnight")
    return Rate(jurisdiction, country, city, valid_from, valid_to, full_day, partial_day, overnight, row["label"][:200])


def _rule(row: dict[str, str]) -> Rule:
    jurisdiction = _jurisdiction(row["jurisdiction"])
    name = row["rule"]
    kind = RULES[jurisdiction].get(name)
    if kind is None:
        raise ValueError(f"rule {name!r} is not one of {', '.join(RULES[jurisdiction])} for {jurisdiction}.")
    value = row["value"]
    if kind is str:
        _country(value, column=name)
    else:
        number = _decimal(value, name)
        if name in FRACTION_RULES and number > 1:
            raise ValueError(f"{name} {value!r} is a share of the full-day rate and must be between 0 and 1.")
    valid_from, valid_to = _period(row)
    return Rule(jurisdiction, name, value, valid_from, valid_to, row["label"][:200])


def _decimal(value: str, name: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{name} {value!r} is not a number.") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{name} {value!r} must be a number of 0 or more.")
    return number


# --- looking rates up ----------------------------------------------------------------------------------------


class RateBook:
    """The rate and rule rows of some period, answering "which row is in force on this day"."""

    def __init__(self, rates: Iterable[Rate] = (), rules: Iterable[Rule] = ()) -> None:
        self._rates: dict[tuple[str, str, str], list[Rate]] = defaultdict(list)
        self._rules: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        for rate in rates:
            self._rates[rate.key].append(rate)
        for rule in rules:
            self._rules[rule.key].append(rule)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> "RateBook":
        tables = [read_table(path) for path in paths]
        return cls(
            rates=[rate for table in tables for rate in table.rates],
            rules=[rule for table in tables for rule in table.rules],
        )

    def rate(self, jurisdiction: str, country: str, city: str, day: date) -> Rate | None:
        for rate in self._rates.get((jurisdiction, country, city), ()):
            if rate.in_force(day):
                return rate
        return None

    def has_table(self, jurisdiction: str, day: date) -> bool:
        """Whether any row of the jurisdiction's table is in force on ``day`` (else the table is missing)."""
        return any(rate.in_force(day) for key, rates in self._rates.items() if key[0] == jurisdiction for rate in rates)

    def knows_country(self, jurisdiction: str, country: str) -> bool:
        return any(key[0] == jurisdiction and key[1] == country for key in self._rates)

    def rule(self, jurisdiction: str, name: str, day: date) -> str | None:
        for rule in self._rules.get((jurisdiction, name), ()):
            if rule.in_force(day):
                return rule.value
        return None
