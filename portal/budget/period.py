"""The statement's period filter: a month, quarter or year (with links to the one before and after),
a custom range, or everything. Read from the query string; wrong input is reported, never fatal."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portal.budget.selectors import Period
from portal.budget.services import EARLIEST_BOOKING

MONTHS_PER_KIND = {"month": 1, "quarter": 3, "year": 12}
EARLIEST = EARLIEST_BOOKING
LATEST = date(2100, 12, 31)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("month", _("Month")),
            ("quarter", _("Quarter")),
            ("year", _("Year")),
            ("custom", _("From – to")),
            ("all", _("Everything")),
        ],
    )
    on = forms.DateField(required=False, widget=forms.HiddenInput)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        for name in ("on", "start", "end"):
            day = data.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Please choose a date between 2000 and 2100."))
                data[name] = None
        start, end = data.get("start"), data.get("end")
        if data.get("period") == "custom" and start and end and start > end:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data


@dataclass(frozen=True)
class ChosenPeriod:
    kind: str
    period: Period
    title: str
    previous: str = ""  # query strings of the period before and after (month, quarter, year)
    following: str = ""


def _first_of(kind: str, day: date) -> date:
    if kind == "year":
        return day.replace(month=1, day=1)
    if kind == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _title(kind: str, start: date) -> str:
    if kind == "year":
        return str(start.year)
    if kind == "quarter":
        return _("Q%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
    return formats.date_format(start, "YEAR_MONTH_FORMAT")


def chosen_period(form: PeriodForm, today: date, default: str = "year") -> ChosenPeriod:
    """The period ``form`` (bound to the query string) asks for; ``default`` when it asks for none or
    its input is invalid (the form then carries the errors to show)."""
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("period") or default
    if kind == "all":
        return ChosenPeriod("all", Period(None, None), str(_("Everything")))
    if kind == "custom":
        start, end = data.get("start"), data.get("end")
        if not (start or end):
            kind = default
        else:
            title = " – ".join(formats.date_format(day, "SHORT_DATE_FORMAT") if day else "…" for day in (start, end))
            return ChosenPeriod("custom", Period(start, end), title)
    months = MONTHS_PER_KIND[kind]
    start = _first_of(kind, data.get("on") or today)
    end = start + relativedelta(months=months) - timedelta(days=1)
    before = start - relativedelta(months=months)
    after = start + relativedelta(months=months)
    return ChosenPeriod(
        kind,
        Period(start, end),
        _title(kind, start),
        previous=f"period={kind}&on={before.isoformat()}" if before >= EARLIEST else "",
        following=f"period={kind}&on={after.isoformat()}" if after <= LATEST else "",
    )
