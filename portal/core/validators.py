"""Validators shared by several apps."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext

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
