"""Validators shared by several apps."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext, gettext_lazy

_HTTPS = URLValidator(schemes=["https"])


def https_problem(value: str) -> str:
    """Why ``value`` is no acceptable link (only ``https://`` addresses), or ``""`` when it is one or empty."""
    if not value:
        return ""
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        scheme = ""
    if scheme != "https":
        return gettext("Please enter an address starting with https://.")
    try:
        _HTTPS(value)
    except ValidationError:
        return gettext("Please enter a valid address starting with https://.")
    return ""


def https_only(value: str) -> None:
    """Model and form validator: only ``https://`` links (``javascript:``, ``http:`` and the like are refused)."""
    problem = https_problem(value)
    if problem:
        raise ValidationError(problem, code="https_only")


#: Postal codes of the cooperative's countries and their neighbours, and any other country's in general.
POSTAL_CODES = {
    "DE": (re.compile(r"\d{5}"), gettext_lazy("A German postal code has five digits.")),
    "AT": (re.compile(r"\d{4}"), gettext_lazy("An Austrian postal code has four digits.")),
    "CH": (re.compile(r"\d{4}"), gettext_lazy("A Swiss postal code has four digits.")),
}
ANY_POSTAL_CODE = re.compile(r"(?=.*[0-9A-Za-z])[0-9A-Za-z][0-9A-Za-z -]{1,9}")


def postal_code_problem(code: str, country: str) -> str:
    """Why ``code`` is no postal code of ``country`` (an ISO code), or ``""`` when it may be one."""
    pattern, message = POSTAL_CODES.get(country, (ANY_POSTAL_CODE, gettext_lazy("Please enter a valid postal code.")))
    return "" if pattern.fullmatch(code.strip()) else str(message)
