"""Salary category tables as data (DESIGN §8): CSV files in ``data/`` (provenance in its README), one
per entity and year, loaded by ``manage.py load_salary_categories``.

A file ``<ENTITY>-<YEAR>.csv`` holds ``code,label,total_cost,gross,hours_per_week,net_estimate,minijob``;
its table is valid from the first of January of the year (or ``--valid-from``) until the next table of
the entity is loaded, which ends it the day before.
"""

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from portal.employment.models import SalaryCategory
from portal.entities.models import IssuingEntity

DATA_DIR = Path(__file__).resolve().parent / "data"
COLUMNS = ("code", "label", "total_cost", "gross", "hours_per_week", "net_estimate", "minijob")
FILE_NAME = re.compile(r"(?P<entity>[A-Z]{2,8})-(?P<year>\d{4})\.csv")


class CategoryFileError(ValueError):
    """A salary category file that cannot be loaded; the message names the file and line."""


@dataclass(frozen=True)
class CategoryRow:
    code: str
    label: str
    total_cost: Decimal
    gross: Decimal
    hours_per_week: Decimal | None
    net_estimate: Decimal
    minijob: bool


def _amount(value: str, column: str, where: str, *, optional: bool = False) -> Decimal | None:
    value = value.strip()
    if not value and optional:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CategoryFileError(f"{where}: {column} {value!r} is not a number like 1242.00") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000"):
        raise CategoryFileError(f"{where}: {column} {value!r} is out of range")
    return amount


def read_categories(path: Path) -> list[CategoryRow]:
    rows: list[CategoryRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise CategoryFileError(f"{path.name}: the header must be {','.join(COLUMNS)}")
        for number, row in enumerate(reader, start=2):
            where = f"{path.name}:{number}"
            code = (row["code"] or "").strip()
            if not code or len(code) > 16:
                raise CategoryFileError(f"{where}: a category code of 1 to 16 characters is needed")
            if (row["minijob"] or "").strip() not in ("yes", "no"):
                raise CategoryFileError(f"{where}: minijob must be yes or no")
            total = _amount(row["total_cost"], "total_cost", where)
            assert total is not None
            if total <= 0:
                raise CategoryFileError(f"{where}: total_cost must be greater than 0")
            rows.append(
                CategoryRow(
                    code=code,
                    label=(row["label"] or code).strip()[:100],
                    total_cost=total,
                    gross=_amount(row["gross"], "gross", where) or Decimal("0"),
                    hours_per_week=_amount(row["hours_per_week"], "hours_per_week", where, optional=True),
                    net_estimate=_amount(row["net_estimate"], "net_estimate", where) or Decimal("0"),
                    minijob=row["minijob"].strip() == "yes",
                )
            )
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise CategoryFileError(f"{path.name}: a category code appears twice")
    if not rows:
        raise CategoryFileError(f"{path.name}: the file has no categories")
    return rows


@dataclass(frozen=True)
class LoadResult:
    entity: str
    valid_from: date
    created: int
    unchanged: int
    closed: int


def salary_categories_load(*, path: Path, valid_from: date | None = None) -> LoadResult:
    """Load the table of ``path`` (named ``<ENTITY>-<YEAR>.csv``); safe to run again. A loaded table that
    differs from the file is refused (the rows are kept by employments); the entity's table in force
    before this one ends the day before it starts."""
    match = FILE_NAME.fullmatch(path.name)
    if match is None:
        raise CategoryFileError(f"{path.name}: the file name must be <ENTITY>-<YEAR>.csv, e.g. SC-2026.csv")
    entity = IssuingEntity.objects.filter(code=match["entity"]).first()
    if entity is None:
        raise CategoryFileError(f"{path.name}: there is no entity {match['entity']}")
    start = valid_from or date(int(match["year"]), 1, 1)
    rows = read_categories(path)
    created = unchanged = 0
    with transaction.atomic():
        existing = {row.code: row for row in SalaryCategory.objects.filter(entity=entity, valid_from=start)}
        for position, row in enumerate(rows):
            values = {
                "label": row.label,
                "total_cost": row.total_cost,
                "gross": row.gross,
                "hours_per_week": row.hours_per_week,
                "net_estimate": row.net_estimate,
                "minijob": row.minijob,
                "position": position,
            }
            stored = existing.get(row.code)
            if stored is None:
                SalaryCategory.objects.create(entity=entity, code=row.code, valid_from=start, **values)
                created += 1
            elif any(getattr(stored, name) != value for name, value in values.items()):
                raise CategoryFileError(
                    f"{path.name}: category {row.code} of {start} is loaded with other values; "
                    "a table in use is not changed, load a new table with a later --valid-from"
                )
            else:
                unchanged += 1
        earlier = SalaryCategory.objects.filter(entity=entity, valid_from__lt=start, valid_to__isnull=True)
        closed = earlier.update(valid_to=start - timedelta(days=1))
        later = (
            SalaryCategory.objects.filter(entity=entity, valid_from__gt=start)
            .order_by("valid_from")
            .values_list("valid_from", flat=True)
            .first()
        )
        if later is not None:  # an older table loaded after a newer one ends where the newer begins
            SalaryCategory.objects.filter(entity=entity, valid_from=start).update(valid_to=later - timedelta(days=1))
    return LoadResult(entity.code, start, created, unchanged, closed)
