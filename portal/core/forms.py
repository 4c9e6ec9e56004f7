"""Form fields shared by several apps."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.core.units import Unit, unit_from_text
from portal.core.validators import postal_code_problem

#: Rows a form for many rows (lines, planned invoices, contacts) accepts: a hostile TOTAL_FORMS of a
#: billion is refused at once instead of building thousands of empty forms.
ROWS_LIMIT: dict[str, Any] = {"max_num": 200, "absolute_max": 200, "validate_max": True}


def country_choices() -> list[tuple[str, str]]:
    """The countries by name in the reader's language, for a choice field (called on each rendering:
    a list taken when the module loads would keep the language of that moment)."""
    return [(code, str(name)) for code, name in countries]


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO form, as the picker reads and sends it."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


#: The ways a date and time is typed or sent by the browser's picker (the first is the picker's own).
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
#: The years a date and time of the portal lies in; anything else is a typing error.
FIRST_YEAR, LAST_YEAR = 2000, 2099


class DayField(forms.DateField):
    """A date from the browser's date picker, within sensible years (``first_year`` to ``LAST_YEAR``);
    anything else is a typing error with a message."""

    #: The refusal of a date outside those years (a subclass may say it in another form of address).
    out_of_range_message: Any = _("Please enter a date between %(first)d and %(last)d.")

    def __init__(self, *, first_year: int = FIRST_YEAR, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        self.first_year = first_year
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            value = value.strip()[:40]
        day = super().to_python(value)
        if day is not None and not self.first_year <= day.year <= LAST_YEAR:
            raise ValidationError(
                self.out_of_range_message,
                code="out_of_range",
                params={"first": self.first_year, "last": LAST_YEAR},
            )
        return day


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (no time zone: a wall-clock time)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=LOCAL_FORMATS[0], **kwargs)


class WallClockField(forms.Field):
    """A date and time as typed or picked, read as a wall-clock time (naive): the service places it in the
    time zone it belongs to (e.g. the entity's), not the server's."""

    widget = LocalDateTimeInput
    default_error_messages = {"invalid": _("Please enter a date and time, e.g. 2027-05-14 18:30.")}

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if value in self.empty_values or not isinstance(value, str):
            return None
        text = value.strip()[:40]
        for pattern in LOCAL_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
            except ValueError:
                continue
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                raise ValidationError(
                    _("Please enter a date between %(first)d and %(last)d."),
                    code="out_of_range",
                    params={"first": FIRST_YEAR, "last": LAST_YEAR},
                )
            return moment
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); the services check each file's content.
    ``max_files``: more files are refused with a message (none: the caller's service limits them)."""

    def __init__(self, *args: Any, max_files: int | None = None, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.max_files is not None and len(files) > self.max_files:
            raise ValidationError(_("Please add at most %(count)d files."), params={"count": self.max_files})
        return [super(MultipleFileField, self).clean(item, initial) for item in files]  # the comprehension needs both


class FiniteDecimalField(forms.DecimalField):
    """A decimal that is a number: Django's reads "NaN", "sNaN" and "Infinity" as decimals, and comparing
    "sNaN" with the stored value (has a row of an edit form changed?) raises instead of refusing it."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        number = super().to_python(value)
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class QuantityField(FiniteDecimalField):
    """A quantity shown without trailing zeros: in German, “12.000” reads as twelve thousand."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().prepare_value(value)


_AMOUNT = re.compile(r"[+-]?[0-9][0-9.,]*")


def parse_amount(text: str, decimal_separator: str) -> Decimal | None:
    """An amount as people type it: "1.234,56", "1,234.56", "1234,5", "-12", "500,00 EUR"; ``None`` for
    anything else. A lone separator before exactly three digits ("1.500") is read the way the language
    writes numbers (``decimal_separator``); any other lone separator is the decimal one."""
    value = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("EUR").removesuffix("€")
    if not _AMOUNT.fullmatch(value):
        return None
    separators = [char for char in value if char in ".,"]
    if len(set(separators)) == 2:
        decimal = value[max(value.rfind("."), value.rfind(","))]
    elif len(separators) == 1:
        tail = len(value) - value.rfind(separators[0]) - 1
        decimal = separators[0] if tail != 3 or separators[0] == decimal_separator else ""
    else:
        decimal = ""  # no separator, or one repeated: thousands only
    whole, _point, fraction = value.partition(decimal) if decimal else (value, "", "")
    if (decimal and not fraction) or any(char in ".," for char in fraction):
        return None
    groups = re.split(r"[.,]", whole.lstrip("+-"))
    if (
        len(groups) > 1
        and (
            not 1 <= len(groups[0]) <= 3
            or groups[0].startswith("0")  # "0,001" is no thousand
            or any(len(group) != 3 for group in groups[1:])
        )
    ):
        return None
    if len({char for char in whole if char in ".,"}) > 1:
        return None
    try:
        return Decimal(f"{whole[0] if whole[0] in '+-' else ''}{''.join(groups)}.{fraction or '0'}")
    except InvalidOperation:
        return None


def check_postal_code(form: forms.Form, *, code: str = "postal_code", country: str = "country") -> None:
    """Add an error to a cleaned form whose postal code cannot be one of its country."""
    typed, where = form.cleaned_data.get(code), form.cleaned_data.get(country)
    if typed and where:
        problem = postal_code_problem(typed, str(where))
        if problem:
            form.add_error(code, problem)


class AmountField(forms.DecimalField):
    """A euro amount typed in either language's notation, with or without thousands separators.

    A refused amount gets one sentence (not Django's digit count and bound messages run together), with
    the bound written as the reader's language writes amounts; ``allow_zero=False`` refuses zero (e.g. a
    difference, which may be negative)."""

    def __init__(self, *, allow_zero: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.setdefault("localize", True)  # a stored amount is shown as the reader writes it: "329,00"
        self.allow_zero = allow_zero
        super().__init__(max_digits=12, decimal_places=2, **kwargs)

    #: The refusal of what is no amount, with an example (a subclass may say it in another form of address).
    invalid_message: Any = _("Please enter an amount in euros and cents, e.g. %(example)s.")

    def _invalid(self) -> ValidationError:
        example = number_format(Decimal("1250.00"), decimal_pos=2, use_l10n=True, force_grouping=True)
        return ValidationError(self.invalid_message, code="invalid", params={"example": example})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a Decimal, as in DecimalField
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        amount = parse_amount(str(value)[:40], get_format("DECIMAL_SEPARATOR"))
        if amount is None:
            raise self._invalid()
        return amount

    def _problem(self, value: Decimal) -> str:
        from portal.core.amounts import limit_message
        from portal.core.money import display

        bounds: Any = (self.min_value, self.max_value)
        low, high = (None if bound is None else Decimal(bound) for bound in bounds)
        if low is not None and low < 0 and ((high is not None and value > high) or value < low):
            return limit_message(allow_negative=True, limit=high if high is not None else -low)
        if high is not None and value > high:
            return limit_message(limit=high)
        if low is not None and value < low:
            if low == 0:
                return str(_("The amount cannot be negative."))
            if low <= Decimal("0.01"):
                return str(_("The amount must be greater than zero."))
            return str(_("The amount must be at least %(min)s.")) % {"min": display(low)}
        if value == 0 and not self.allow_zero:
            return str(_("The amount cannot be zero."))
        return ""

    def run_validators(self, value: Any) -> None:
        if value in self.empty_values:
            return
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2:
            raise self._invalid()  # more than cents
        problem = self._problem(value)
        if problem:
            raise ValidationError(problem, code="out_of_range")
        super().run_validators(value)  # what is left: the digit count, for a field without a maximum


class UnitField(forms.ChoiceField):
    """The unit of a line, chosen from the list; a code or a known word (“Std.”, “day”) is read as its
    unit, so old forms and other callers that send words still store the code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("unit"))
        kwargs.setdefault("initial", Unit.PIECE)
        super().__init__(choices=Unit.choices, **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        unit = unit_from_text(text) if text else None
        return unit.value if unit else text

    def prepare_value(self, value: Any) -> Any:
        """A line stored with a word before units were codes shows its unit selected."""
        unit = unit_from_text(value) if isinstance(value, str) and value else None
        return unit.value if unit else value


class LineRulesMixin:
    """Formset mixin: checks the filled-in lines against the order/invoice input rules of ``country``.

    Errors appear next to the line's field; the services check the same rules again.
    """

    country: str = ""

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        """Each line offers only the VAT rates of ``country`` (when known before the forms are built)."""
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        self._limit_rates(form)
        return form

    @property
    def empty_form(self) -> Any:
        """The row that the form's “add” button copies offers the same VAT rates as the others."""
        form = super().empty_form  # type: ignore[misc]
        self._limit_rates(form)
        return form

    def _limit_rates(self, form: Any) -> None:
        from portal.entities import vat

        if self.country:
            allowed = vat.vat_rates(self.country)
            field = form.fields["vat_rate"]
            field.choices = [
                (value, label) for value, label in field.choices if value == "" or Decimal(value) in allowed
            ]

    def check_line_rules(self) -> None:
        from portal.entities import vat
        from portal.orders import rules

        filled = [
            form
            for form in self.forms  # type: ignore[attr-defined]
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("quantity")
        ]
        values = []
        for form in filled:
            data = form.cleaned_data
            if data.get("unit_price") is None or data.get("vat_rate") is None:
                continue
            line = rules.LineValues(data["quantity"], data["unit_price"], data["vat_rate"])
            if self.country and not vat.is_allowed_rate(self.country, line.vat_rate):
                form.add_error("vat_rate", rules.line_problem(line, country=self.country))
            values.append(line)
        problem = rules.net_total_problem(rules.lines_net(values))
        if problem:
            raise forms.ValidationError(problem)
