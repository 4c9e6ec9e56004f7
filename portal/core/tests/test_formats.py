from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

DAY = date(2026, 12, 4)


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [("en", "04/12/2026", "4 Dec 2026"), ("de", "04.12.2026", "4. Dezember 2026")],
)
def test_dates_are_written_day_first(language, short, long):
    with translation.override(language):
        assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=DAY) == short
        assert render("{{ day|date }}", day=DAY) == long
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short


def test_english_date_times_are_day_first_with_a_24_hour_clock():
    moment = datetime(2026, 12, 4, 15, 30)
    with translation.override("en"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "04/12/2026 15:30"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "4 Dec 2026, 15:30"


@pytest.mark.parametrize("typed", ["2026-12-04", "04/12/2026", "04.12.2026", "4 Dec 2026"])
def test_english_date_fields_read_day_first_dotted_and_iso_dates(typed):
    with translation.override("en"):
        field = forms.DateField()
        assert field.clean(typed) == DAY


def test_english_date_fields_refuse_us_order_that_is_no_valid_date():
    with translation.override("en"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/31/2026")


def test_english_date_inputs_show_iso_dates_as_type_date_requires():
    with translation.override("en"):
        assert 'value="2026-12-04"' in forms.DateInput(attrs={"type": "date"}).render("day", DAY)


def test_english_numbers_keep_their_separators():
    with translation.override("en"):
        assert formats.number_format(Decimal("1234.5"), 2, force_grouping=True) == "1,234.50"
