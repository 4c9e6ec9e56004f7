"""CSV downloads for spreadsheets: semicolon-separated, UTF-8 with byte order mark, streamed row by row
(so any number of rows fits), amounts with the language's decimal separator, formulas neutralised."""

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.formats import number_format
from django.utils.translation import get_language, override


class _Echo:
    """A file-like object that hands each CSV row back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_amount(value: Decimal) -> str:
    # Localised decimal separator without grouping, so spreadsheets in either language read numbers.
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=False)


def csv_day(value: date | None) -> str:
    return value.isoformat() if value else ""


def csv_text(value: str) -> str:
    """Neutralise cell text that a spreadsheet would run as a formula (names are typed by users)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_response(
    filename: str, header: Callable[[], list[str]], rows: Callable[[], Iterable[list[str]]]
) -> StreamingHttpResponse:
    """A streamed CSV download; ``header`` and ``rows`` are called while streaming, in the language of
    the request (rows are produced after the view returned, so the language is set again there)."""
    language = get_language()

    def stream() -> Iterator[Any]:
        writer = csv.writer(_Echo(), delimiter=";")
        with override(language):
            yield "\ufeff"  # byte order mark: spreadsheets then read the file as UTF-8
            yield writer.writerow(header())
            for row in rows():
                yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
