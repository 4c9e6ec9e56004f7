"""Loading a rate table or rule file into the database (``load_travel_rates``; DESIGN §7 "rate tables as data").

Loading is idempotent: a row already loaded with the same period and amounts is left alone. A row whose
period overlaps a loaded row of the same jurisdiction, country and city (or rule) is refused, with every
conflict named, unless ``replace`` is set: then the loaded rows that start earlier end the day before the
new row starts, and those starting on or after it are removed. Nothing is stored unless the whole file is.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from portal.travelrates.models import TravelRate, TravelRule
from portal.travelrates.tables import Rate, Rule, Table, TableError, read_table

MAX_CONFLICTS = 20


@dataclass(frozen=True)
class LoadResult:
    name: str
    created: int
    unchanged: int
    replaced: int


def _overlapping(valid_from: date, valid_to: date | None) -> Q:
    starts_in_time = Q() if valid_to is None else Q(valid_from__lte=valid_to)
    return starts_in_time & (Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))


def _period(valid_from: date, valid_to: date | None) -> str:
    return f"{valid_from.isoformat()} to {valid_to.isoformat() if valid_to else 'open end'}"


def _key_and_values(record: Rate | Rule) -> tuple[dict[str, str], dict[str, object]]:
    values: dict[str, object]
    if isinstance(record, Rate):
        key = {"jurisdiction": record.jurisdiction, "country": record.country, "city": record.city}
        values = {"full_day": record.full_day, "partial_day": record.partial_day, "overnight": record.overnight}
    else:
        key = {"jurisdiction": record.jurisdiction, "rule": record.rule}
        values = {"value": record.value}
    return key, values


def rate_table_load(*, path: Path, replace: bool = False) -> LoadResult:
    """Load one CSV file (rates or rules); ``TableError`` for a bad file or refused overlaps, storing nothing."""
    table = read_table(path)
    with transaction.atomic():
        return _store(table, replace=replace)


def _store(table: Table, *, replace: bool) -> LoadResult:
    model: type[TravelRate] | type[TravelRule] = TravelRate if table.rates else TravelRule
    created = unchanged = replaced = 0
    conflicts: list[str] = []
    for record in table.records:
        key, values = _key_and_values(record)
        existing: list[TravelRate | TravelRule] = list(
            model.objects.select_for_update()
            .filter(**key)
            .filter(_overlapping(record.valid_from, record.valid_to))
            .order_by("valid_from")
        )
        if len(existing) == 1 and _same(existing[0], record, values):
            unchanged += 1
            if existing[0].label != record.label:
                model.objects.filter(pk=existing[0].pk).update(label=record.label)
            continue
        if existing and not replace:
            for row in existing:
                conflicts.append(
                    f"{'/'.join(str(part) or '-' for part in key.values())} "
                    f"{_period(record.valid_from, record.valid_to)} overlaps the loaded row "
                    f"{_period(row.valid_from, row.valid_to)} from {row.source}."
                )
            continue
        for row in existing:
            replaced += 1
            if row.valid_from < record.valid_from:
                model.objects.filter(pk=row.pk).update(valid_to=record.valid_from - timedelta(days=1))
            else:
                model.objects.filter(pk=row.pk).delete()
        model.objects.create(
            **key,
            **values,
            valid_from=record.valid_from,
            valid_to=record.valid_to,
            label=record.label,
            source=table.name,
        )
        created += 1
    if replace and not conflicts and table.rates:
        replaced += _close_predecessor(table)
    if conflicts:
        shown = conflicts[:MAX_CONFLICTS]
        more = f" … and {len(conflicts) - MAX_CONFLICTS} more." if len(conflicts) > MAX_CONFLICTS else ""
        raise TableError(f"{table.name}: " + " ".join(shown) + more + " Load with --replace to replace them.")
    return LoadResult(name=table.name, created=created, unchanged=unchanged, replaced=replaced)


def _close_predecessor(table: Table) -> int:
    """A year's table replaces the one before it as a whole: rows of that one still open at the new table's
    start (a city the new table no longer lists) end the day before, so such places fall back as the
    rules say (the country's general row, or Luxembourg's rates)."""
    starts = {rate.valid_from for rate in table.rates}
    home = any(rate.country == rate.jurisdiction and not rate.city for rate in table.rates)
    if len(starts) != 1 or not home:  # a correction of some rows, not a new year's table (which lists home)
        return 0
    start = starts.pop()
    jurisdictions = {rate.jurisdiction for rate in table.rates}
    earlier = TravelRate.objects.filter(jurisdiction__in=jurisdictions, valid_from__lt=start, valid_to__isnull=True)
    return earlier.update(valid_to=start - timedelta(days=1))


def _same(row: TravelRate | TravelRule, record: Rate | Rule, values: dict[str, object]) -> bool:
    if row.valid_from != record.valid_from or row.valid_to != record.valid_to:
        return False
    return all(getattr(row, name) == value for name, value in values.items())
