"""Which personal data a member changes by request, and how values are stored and shown."""

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from schwifty import IBAN


@dataclass(frozen=True)
class PersonalField:
    name: str
    label: str | Promise
    on_user: bool = False


FIELDS = (
    PersonalField("first_name", _("first name"), on_user=True),
    PersonalField("last_name", _("last name"), on_user=True),
    PersonalField("street", _("street and number")),
    PersonalField("postal_code", _("postal code")),
    PersonalField("city", _("city")),
    PersonalField("country", _("country")),
    PersonalField("birth_date", _("date of birth")),
    PersonalField("tax_id", _("tax ID")),
    PersonalField("social_security_number", _("social security number")),
    PersonalField("iban", _("IBAN")),
    PersonalField("health_insurance", _("health insurance")),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
LABELS = {field.name: field.label for field in FIELDS}


def to_stored(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def current_values(user, profile) -> dict[str, str]:
    return {field.name: to_stored(getattr(user if field.on_user else profile, field.name)) for field in FIELDS}


def apply_values(user, profile, values: dict[str, str]) -> None:
    for field in FIELDS:
        if field.name not in values:
            continue
        value: str | date | None = values[field.name]
        if field.name == "birth_date":
            value = date.fromisoformat(values[field.name]) if values[field.name] else None
        setattr(user if field.on_user else profile, field.name, value)


def display_value(name: str, value: str) -> str:
    """A stored value as a person reads it."""
    if not value:
        return "–"
    if name == "birth_date":
        return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if name == "country":
        return str(countries.name(value)) or value
    if name == "iban":
        return IBAN(value, validate_bban=False).formatted
    return value


def rows(changes: dict[str, str], previous: dict[str, str]) -> list[dict]:
    """Label, old and new value of each changed field, in form order."""
    return [
        {
            "label": LABELS[name],
            "old": display_value(name, previous.get(name, "")),
            "new": display_value(name, changes[name]),
        }
        for name in FIELD_NAMES
        if name in changes
    ]
