"""The travel-cost claim form: the trip, its stages and, per day, the meals provided and the nights
without a hotel receipt. It reads and checks input; the rules are in ``portal.expenses.travel``."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.core.forms import FiniteDecimalField, LocalDateTimeInput
from portal.expenses.forms import BudgetChoiceField, budget_choices
from portal.expenses.travel import MAX_STAGES, MAX_TRIP_DAYS, StageInput, TripInput
from portal.travelrates.compute import Day

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
MEALS = ("breakfast", "lunch", "dinner", "night_without_receipt")
#: Empty stage rows offered below the filled ones.
EMPTY_STAGES = 2


def local_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )


class TravelForm(forms.Form):
    budget = BudgetChoiceField()
    title = forms.CharField(label=_("Purpose of the trip"), max_length=200)
    order = forms.TypedChoiceField(label=_("Order"), coerce=int, required=False, empty_value=None)
    starts_at = local_field(_("Departure (date and time)"))
    ends_at = local_field(_("Return (date and time)"))
    kilometres = FiniteDecimalField(
        label=_("Kilometres by own car"),
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=1,
        localize=True,
    )
    overnight_stay = forms.BooleanField(
        label=_("With an overnight stay"),
        required=False,
        initial=True,
        help_text=_("Untick for a trip over midnight without a night away (e.g. a night-time event)."),
    )
    description = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, budgets: Any = (), orders: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["budget"]).choices = budget_choices(budgets)
        cast(forms.ChoiceField, self.fields["order"]).choices = [("", "–")] + [
            (order.pk, f"{order.title} ({order.client.name if order.client_id else '–'})") for order in orders
        ]


class StageForm(forms.Form):
    starts_at = local_field(_("From (date and time)"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    transit = forms.BooleanField(label=_("Only passing through"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "–"), *countries]

    @property
    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("country"))


StageFormSet = forms.formset_factory(StageForm, extra=0, max_num=MAX_STAGES, absolute_max=MAX_STAGES, validate_max=True)


def stage_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    if data is not None:  # every posted row counts as typed, also one equal to the suggestion
        return StageFormSet(data, prefix="stage")
    initial = initial or [{"country": "DE"}]
    formset = StageFormSet(initial=initial, prefix="stage")
    formset.extra = min(EMPTY_STAGES, MAX_STAGES - len(initial))
    return formset


def trip_days(starts_at: Any, ends_at: Any) -> list[date]:
    """The calendar days of a trip as typed (none while the dates are missing or implausible)."""
    if not isinstance(starts_at, datetime) or not isinstance(ends_at, datetime) or ends_at <= starts_at:
        return []
    first, last = starts_at.date(), (ends_at - timedelta(microseconds=1)).date()
    if (last - first).days > MAX_TRIP_DAYS:
        return []
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def parse_local(value: Any) -> datetime | None:
    for pattern in (LOCAL_FORMAT, "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(str(value or ""), pattern)
        except ValueError:
            continue
    return None


def day_rows(days: list[date], data: Any = None, stored: dict[date, Day] | None = None) -> list[dict[str, Any]]:
    """One row per day with the state of its four checkboxes (from the posted form or the stored claim)."""
    rows = []
    for day in days:
        key = day.isoformat()
        if data is not None:
            checked = {meal: data.get(f"day-{key}-{meal}") == "on" for meal in MEALS}
        else:
            value = (stored or {}).get(day, Day())
            checked = {meal: getattr(value, meal) for meal in MEALS}
        rows.append({"day": day, "key": key, **checked})
    return rows


def trip_input(form: TravelForm, stages: Any, data: Any) -> TripInput:
    """The trip the valid forms describe; the first stage starts when the trip starts."""
    cleaned = form.cleaned_data
    starts_at, ends_at = cleaned["starts_at"].replace(tzinfo=None), cleaned["ends_at"].replace(tzinfo=None)
    stage_inputs = []
    for index, stage in enumerate(stage for stage in stages.forms if stage.filled):
        moment = stage.cleaned_data.get("starts_at")
        moment = starts_at if index == 0 and moment is None else moment
        if moment is None:
            moment = datetime.min  # refused by the service: a stage needs its time
        stage_inputs.append(
            StageInput(
                starts_at=moment.replace(tzinfo=None),
                country=stage.cleaned_data["country"],
                city=stage.cleaned_data.get("city", ""),
                transit=stage.cleaned_data.get("transit", False),
            )
        )
    days = {
        row["day"]: Day(**{meal: row[meal] for meal in MEALS})
        for row in day_rows(trip_days(starts_at, ends_at), data)
        if any(row[meal] for meal in MEALS)
    }
    return TripInput(
        starts_at=starts_at,
        ends_at=ends_at,
        stages=stage_inputs,
        days=days,
        kilometres=cleaned.get("kilometres") or Decimal(0),
        overnight_stay=cleaned.get("overnight_stay", False),
    )
