"""Statement rows: what the statement table shows, worked out once per row in Python (see
``portal.core.rows``); the rows are read as plain values, not model instances."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from portal.budget.models import EntryKind
from portal.budget.texts import row_text
from portal.core.rows import date_formatter, money_formatter

#: The values a statement row needs, with the window sum of ``selectors.statement_rows``.
ROW_VALUES = (
    "pk",
    "booking_date",
    "kind",
    "text",
    "key",
    "source_type_id",
    "source_id",
    "source_label",
    "amount",
    "running_in_period",
)


def for_rows(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.values_list(*ROW_VALUES, named=True)


@dataclass(frozen=True)
class StatementRow:
    date: str
    kind: str
    text: str
    document: str
    url: str
    amount: str
    debit: bool
    balance: str


def statement_rows(rows: Iterable[Any], *, opening: Decimal, links: dict[tuple[int, int], str]) -> list[StatementRow]:
    """Each row with the balance after it and the URL of its document, if the reader may open it."""
    day, money = date_formatter(), money_formatter()
    kinds = {value: str(label) for value, label in EntryKind.choices}
    return [
        StatementRow(
            date=day(row.booking_date),
            kind=kinds.get(row.kind, row.kind),
            text=row_text(row),
            document=row.source_label,
            url=links.get((row.source_type_id, row.source_id), ""),
            amount=money(row.amount),
            debit=row.amount < 0,
            balance=money(opening + row.running_in_period),
        )
        for row in rows
    ]
