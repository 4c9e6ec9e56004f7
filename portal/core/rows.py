"""Helpers for list pages that precompute each row's values instead of working them out per cell.

Each helper looks up what does not change from row to row (a URL pattern, the active language's
formats, the status labels) once per list and returns a function for the rows; the output is the
same as that of the template tags and filters they stand for.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString

from portal.core.money import CENT, ZERO
from portal.core.templatetags.portal import money, status_dot

_PLACEHOLDER = 2147483647


def url_for_pk(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many rows: reversed once, then filled in per row."""
    prefix, suffix = reverse(name, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda pk: f"{prefix}{pk}{suffix}"


def status_dots(choices: Iterable[tuple[str, object]]) -> Callable[[str], SafeString]:
    """``status_dot(value, label)`` for many rows of one state machine (``choices`` as the model field's):
    each label is translated once, and each status's markup built once."""
    labels = dict(choices)
    built: dict[str, SafeString] = {}

    def dot(value: str) -> SafeString:
        html = built.get(value)
        if html is None:
            label = labels.get(value, value)
            html = built[value] = status_dot(value, str(label))
        return html

    return dot


def date_formatter(format_name: str = "SHORT_DATE_FORMAT") -> Callable[[date], str]:
    """``formats.date_format(value, format_name)`` for many rows: the format looked up once."""
    date_format = get_format(format_name)
    return lambda value: dateformat.format(value, date_format)


def money_formatter(currency: str = "EUR") -> Callable[[Decimal | None], str]:
    """The ``money`` filter for many rows: the active language's separators looked up once."""
    grouping = get_format("NUMBER_GROUPING")
    if grouping != 3:  # Python's own grouping below is by thousands only
        return lambda value: money(value, currency)
    decimal_separator, thousand_separator = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")

    def formatted(value: Decimal | None) -> str:
        if value is None or value == "":
            return "–"
        amount = Decimal(value).quantize(CENT)
        whole, cents = f"{amount if amount else ZERO:,f}".split(".")  # no sign on a zero, as number_format
        return f"{whole.replace(',', thousand_separator)}{decimal_separator}{cents} {currency}"

    return formatted
