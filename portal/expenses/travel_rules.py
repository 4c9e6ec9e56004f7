"""When a travel-cost claim may be made and submitted (DESIGN §7); used by the request services."""

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.errors import BusinessError
from portal.employment.models import Employment, EmploymentStatus
from portal.expenses.models import ExpenseRequest

#: Why a member without an active employment cannot claim (the claim form explains it at more length).
NOT_EMPLOYED = gettext_lazy(
    "Travel costs are paid with the salary, so they can be claimed only during an active employment (see “Employment”)."
)


#: An employment whose trips can be claimed: the one running and, until its trips are due, an ended one.
CLAIMABLE = (EmploymentStatus.ACTIVE, EmploymentStatus.ENDED)


def may_claim_travel(member: Any, today: date | None = None) -> bool:
    """Travel costs are paid with the salary: only a member with an active employment (DESIGN §8), or one
    that ended so recently that its last trips are still due (by the end of the month after), claims them
    (DESIGN §7). Read through the index ``employment_member``."""
    today = today or timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    employments = Employment.objects.filter(member_id=member.pk)
    return employments.filter(
        Q(status=EmploymentStatus.ACTIVE) | Q(status=EmploymentStatus.ENDED, end__gte=last_month)
    ).exists()


def check_may_claim_travel(member: Any) -> None:
    if not may_claim_travel(member):
        raise BusinessError(str(NOT_EMPLOYED))


def check_trip_in_employment(member: Any, entity: Any, first_day: date, last_day: date) -> None:
    """The trip falls within an employment by the budget's entity: the salary that pays it is that one's."""
    covering = Employment.objects.filter(
        member_id=member.pk, entity_id=entity.pk, status__in=CLAIMABLE, start__lte=first_day, end__gte=last_day
    )
    if not covering.exists():
        raise BusinessError(
            _("The trip must fall within your employment by %(entity)s: travel costs are paid with that salary.")
            % {"entity": entity.name},
            field="starts_at",
        )


def submission_deadline(trip_end: date) -> date:
    """Claims are submitted by the end of the month after the trip."""
    year, month = (trip_end.year + 1, 1) if trip_end.month == 12 else (trip_end.year, trip_end.month + 1)
    return date(year, month, calendar.monthrange(year, month)[1])


def check_travel_submission(request: ExpenseRequest, today: date) -> None:
    """A claim goes in once the trip is over and no later than the end of the month after it."""
    claim = request.travel_claim
    if claim.ends_at > timezone.now():
        raise BusinessError(_("Please submit the claim once the trip is over."))
    end = timezone.localtime(claim.ends_at, ZoneInfo(request.entity.time_zone)).date()
    deadline = submission_deadline(end)
    if today > deadline:
        raise BusinessError(
            _("Travel costs are claimed by the end of the month after the trip; this trip was due by %(date)s.")
            % {"date": date_format(deadline, "SHORT_DATE_FORMAT")}
        )


#: The reasons the computation gives for a day's per diem, in the member's words.
EXPLANATIONS = {
    "de.single_day": gettext_lazy("One-day trip of more than 8 hours: partial rate"),
    "de.single_day_short": gettext_lazy("One-day trip of 8 hours or less: no per diem"),
    "de.night_trip": gettext_lazy("Trip over midnight without a night away: one partial rate"),
    "de.night_trip_other_day": gettext_lazy("Trip over midnight: the partial rate is on the other day"),
    "de.night_trip_short": gettext_lazy("Trip over midnight of 8 hours or less: no per diem"),
    "de.arrival_day": gettext_lazy("Day of departure: partial rate"),
    "de.full_day": gettext_lazy("Full day (24 hours): full rate"),
    "de.departure_day": gettext_lazy("Day of return: partial rate"),
    "at.hours": gettext_lazy("2.50 EUR per started hour (more than 3 hours away)"),
    "at.full_day": gettext_lazy("More than 11 hours: full Tagesgeld"),
    "at.short": gettext_lazy("3 hours or less: no Tagesgeld"),
}
NOTES = {
    "rate.city": gettext_lazy("city rate"),
    "rate.city_not_listed": gettext_lazy("no rate of its own for this city: the country's rate"),
    "rate.fallback_country": gettext_lazy("country not in the table: Luxembourg's rates"),
    "cuts.capped": gettext_lazy("meal cuts capped at the per diem"),
    "overnight.flat_rate": gettext_lazy("overnight flat rate"),
}


def computation_rows(computation: dict) -> list[dict]:
    """The stored day-by-day computation with amounts as Decimals and its reasons in words."""
    rows = []
    for row in computation.get("rows", []):
        shown = {key: Decimal(value) if key in _AMOUNTS else value for key, value in row.items()}
        shown["date"] = date.fromisoformat(row["date"])
        shown["label"] = EXPLANATIONS.get(row.get("explanation", ""), "")
        shown["note_labels"] = [NOTES[note] for note in row.get("notes", []) if note in NOTES]
        shown["cuts"] = shown["breakfast_cut"] + shown["lunch_cut"] + shown["dinner_cut"]
        rows.append(shown)
    return rows


_AMOUNTS = {"hours", "full_day_rate", "base", "breakfast_cut", "lunch_cut", "dinner_cut", "per_diem", "overnight"}
