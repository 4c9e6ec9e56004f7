"""Travel allowances day by day: per diem, overnight flat rate and mileage (DESIGN §7, "Travel costs").

``allowance(trip, rates)`` is pure given the rates: it reads every amount, share and threshold from a
``RateBook`` (the dated rows of ``data/*.csv``, loaded into the database by migration ``0002`` and the
``load_travel_rates`` command). Without a book it loads the rows in force during the trip from the
database. Each day uses the rows in force on that day, so a trip across 31 Dec / 1 Jan uses both years.

Times are local wall-clock times without a time zone, as the member states them; a day runs from 00:00 to
24:00 of those times, and hours are counted on the clock (a daylight-saving change is not corrected).

Germany (jurisdiction ``DE``; § 9 Abs. 4a EStG, BMF-Schreiben on Auslandsreisekosten of 2 Dec 2024 and
5 Dec 2025, R 9.7 LStR)
  * Trip of one calendar day: the partial rate when away more than ``single_day_min_hours`` (8) hours,
    else nothing (§ 9 Abs. 4a Satz 3 Nr. 3).
  * Trip ending on the day after it starts **without** an overnight stay (``Trip.overnight_stay=False``):
    one partial rate, if away more than 8 hours in all, for the day with the larger share of the time
    (§ 9 Abs. 4a Satz 3 Nr. 3, 2nd half-sentence); on equal shares, the first day. Meals of both days cut it.
  * Trip with an overnight stay: the arrival (first) and departure (last) day get the partial rate
    whatever the hours (Satz 3 Nr. 2), every day in between the full-day rate (Nr. 1).
  * Place of a day (BMF-Schreiben on Auslandsreisekosten): the arrival day and the days in between count
    for the place reached last before midnight (the stage in effect at 24:00, transit or not). The departure day and a
    one-day trip count for the **last place of activity abroad** that day: the last stage of that day
    outside Germany that is not marked ``transit``; if there is none, the place reached last (Germany).
    *Interpretation*: a stage in Germany on the return day does not displace the last foreign place of
    activity (the brief's reading of "Abreise vom Ausland in das Inland").
  * Rate of a place: the row of its city when the table has one that day, else the country's general
    row ("im Übrigen"); a country without a row takes the rates of ``fallback_country`` (Luxembourg,
    BMF-Schreiben). Germany's own row is 28 / 14 € with a 20 € overnight flat rate.
  * Meal cuts (§ 9 Abs. 4a Satz 8): each meal provided cuts ``cut_breakfast`` (20 %), ``cut_lunch`` and
    ``cut_dinner`` (40 % each) of the **full-day** rate of the day's place, on partial days too; the per
    diem never goes below 0 (Satz 8: the cut may not exceed the per diem). No cut on a day without per diem.
  * Overnight flat rate for a night without hotel receipt (R 9.7 Abs. 3 LStR; abroad the table's
    overnight rate): for the night starting on a day that is not the last day, at the place of that
    night (the stage in effect at midnight). A night spent travelling (train, plane) earns none: the
    member does not tick it.
  * Mileage: kilometres by own car x ``km_rate`` (0.30 €; § 9 Abs. 1 Satz 3 Nr. 4a EStG with § 5 Abs. 2
    BRKG), at the rate in force on the trip's first day.
  * Not applied: the three-month limit at the same place (Satz 6), "only the higher rate" when a new trip
    starts on a return day (BMF-Schreiben), overseas territories taking the mother country's rate (enter
    the mother country), cuts for meals paid by the member.

Austria (jurisdiction ``AT``; § 26 Z 4 EStG 1988 as amended by the Progressionsabgeltungsgesetz 2025)
  * Per calendar day: when away more than ``min_hours`` (3) hours that day, ``hourly_rate`` (2.50 €, one
    twelfth) for each started hour, at most the full Tagesgeld (30 €; reached after more than 11 hours).
    *Interpretation*: the brief's calendar-day reckoning (Kalendertag), not 24-hour periods.
  * Meals provided: ``cut_lunch`` and ``cut_dinner`` (half the full Tagesgeld each: 15 €, 13.20 € before
    2025), ``cut_breakfast`` 0 (breakfast belongs to the Nächtigungsgeld); never below 0. *To be confirmed*:
    the tax-free private-sector rule was found only in practitioners' texts (see data/PROVENANCE.md).
  * Nächtigungsgeld (17 €, 15 € before 2025) for a night without receipt, as for Germany.
  * Kilometergeld ``km_rate`` (0.50 € from 2025-01-01, 0.42 € before), at the rate on the trip's first day.
  * Trips within Austria only; a stage abroad is refused.

Each ``DayRow`` carries an ``explanation`` key (below) and ``notes`` (which row was used), for the caller
to turn into words: ``de.single_day``, ``de.single_day_short``, ``de.night_trip``, ``de.night_trip_other_day``,
``de.night_trip_short``, ``de.arrival_day``, ``de.full_day``, ``de.departure_day``, ``at.hours``,
``at.full_day``, ``at.short``; notes ``rate.city``, ``rate.city_not_listed``, ``rate.fallback_country``,
``cuts.capped``, ``overnight.flat_rate``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django_countries import countries

from portal.travelrates.tables import Rate, RateBook

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HOUR = timedelta(hours=1)
MEALS = ("breakfast", "lunch", "dinner")


class TripError(ValueError):
    """Input that cannot be computed: an impossible trip or a rate that is not in force (English message)."""


class NoRateInForce(TripError):
    """No rate table or rule is in force on a day of the trip."""


# --- input -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """Where the traveller is from ``starts_at`` on (until the next stage starts or the trip ends)."""

    starts_at: datetime  # local wall time (naive) in the traveller's time zone
    country: str  # ISO 3166 alpha-2
    city: str = ""  # a place with its own rate in the table, else ""
    transit: bool = False  # only passing through: not a place of activity


@dataclass(frozen=True)
class Day:
    """What the member states for one calendar day of the trip."""

    breakfast: bool = False  # meals provided by the employer or on its behalf
    lunch: bool = False
    dinner: bool = False
    night_without_receipt: bool = False  # the night starting this day, no hotel receipt


@dataclass(frozen=True)
class Trip:
    jurisdiction: str  # "DE" or "AT": the employing entity's country
    starts_at: datetime
    ends_at: datetime
    stages: tuple[Stage, ...]  # the first one starts at starts_at
    days: Mapping[date, Day] = field(default_factory=dict)
    kilometres: Decimal = Decimal(0)  # by own car
    overnight_stay: bool = True  # False: a DE trip over midnight without a night away


# --- output ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayRow:
    date: date
    hours: Decimal  # hours away that day, to 0.01
    country: str  # where the day counts
    city: str
    rate_country: str  # the table row used (the fallback country for an unlisted one)
    rate_city: str
    full_day_rate: Decimal  # that row's 24-hour rate, the base of the meal cuts
    base: Decimal  # per diem before meal cuts
    breakfast_cut: Decimal
    lunch_cut: Decimal
    dinner_cut: Decimal
    per_diem: Decimal  # after cuts, never below 0
    overnight: Decimal
    explanation: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allowance:
    jurisdiction: str
    rows: list[DayRow]
    per_diem: Decimal
    overnight: Decimal
    kilometres: Decimal
    kilometre_rate: Decimal
    mileage: Decimal
    total: Decimal


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- entry point -------------------------------------------------------------------------------------------


def allowance(trip: Trip, rates: RateBook | None = None) -> Allowance:
    """The allowance of ``trip`` day by day; ``TripError`` for impossible input or a missing rate."""
    _check(trip)
    days = _calendar_days(trip)
    if rates is None:
        from portal.travelrates.selectors import rate_book

        rates = rate_book(jurisdiction=trip.jurisdiction, first_day=days[0], last_day=days[-1])
    _check_countries(trip, rates)
    rows = _german_days(trip, days, rates) if trip.jurisdiction == "DE" else _austrian_days(trip, days, rates)
    kilometres = Decimal(trip.kilometres)
    kilometre_rate = _number(rates, trip.jurisdiction, "km_rate", days[0])
    mileage = money(kilometres * kilometre_rate)
    per_diem = sum((row.per_diem for row in rows), ZERO)
    overnight = sum((row.overnight for row in rows), ZERO)
    return Allowance(
        jurisdiction=trip.jurisdiction,
        rows=rows,
        per_diem=per_diem,
        overnight=overnight,
        kilometres=kilometres,
        kilometre_rate=kilometre_rate,
        mileage=mileage,
        total=per_diem + overnight + mileage,
    )


# --- checks and calendar -----------------------------------------------------------------------------------


def _check(trip: Trip) -> None:
    if trip.jurisdiction not in ("DE", "AT"):
        raise TripError(f"Unknown jurisdiction {trip.jurisdiction!r}: expected DE or AT.")
    moments = [trip.starts_at, trip.ends_at, *(stage.starts_at for stage in trip.stages)]
    if any(moment.tzinfo is not None for moment in moments):
        raise TripError("Times must be local wall-clock times without a time zone.")
    if trip.ends_at <= trip.starts_at:
        raise TripError("The trip ends before it starts.")
    if not trip.stages:
        raise TripError("A trip needs at least one stage.")
    if trip.stages[0].starts_at != trip.starts_at:
        raise TripError("The first stage must start when the trip starts.")
    for previous, stage in zip(trip.stages, trip.stages[1:], strict=False):
        if stage.starts_at <= previous.starts_at:
            raise TripError("Each stage must start after the one before it.")
    for stage in trip.stages:
        if not trip.starts_at <= stage.starts_at < trip.ends_at:
            raise TripError(f"A stage starts outside the trip ({stage.starts_at:%Y-%m-%d %H:%M}).")
    first, last = trip.starts_at.date(), _last_day(trip)
    for day in trip.days:
        if not first <= day <= last:
            raise TripError(f"{day.isoformat()} is not a day of the trip.")
    if Decimal(trip.kilometres) < 0:
        raise TripError("Kilometres cannot be negative.")
    if not trip.overnight_stay and (last - first).days != 1:
        raise TripError("Only a trip that ends on the day after it starts can be without an overnight stay.")


def _check_countries(trip: Trip, rates: RateBook) -> None:
    for stage in trip.stages:
        code = stage.country
        valid = len(code) == 2 and code.isascii() and code.isupper()
        if not valid or not (countries.alpha2(code) or rates.knows_country(trip.jurisdiction, code)):
            raise TripError(f"Unknown country {code!r}.")
        if trip.jurisdiction == "AT" and code != "AT":
            raise TripError("Austrian allowances are computed for trips within Austria only.")


def _last_day(trip: Trip) -> date:
    """The last calendar day with time away (a trip ending at 00:00 ends with the day before)."""
    return (trip.ends_at - timedelta(microseconds=1)).date()


def _calendar_days(trip: Trip) -> list[date]:
    first, last = trip.starts_at.date(), _last_day(trip)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _away(trip: Trip, day: date) -> timedelta:
    start = max(trip.starts_at, _midnight(day))
    end = min(trip.ends_at, _midnight(day + timedelta(days=1)))
    return end - start


def _hours(duration: timedelta) -> Decimal:
    return money(Decimal(duration.total_seconds()) / 3600)


def _stage_at(trip: Trip, moment: datetime) -> Stage:
    """The stage in effect at ``moment`` (the last one that started at or before it)."""
    current = trip.stages[0]
    for stage in trip.stages:
        if stage.starts_at <= moment:
            current = stage
    return current


def _stages_of(trip: Trip, days: Sequence[date]) -> list[Stage]:
    """The stages the traveller is in on ``days``: the one in effect when they begin, then those starting."""
    start = max(trip.starts_at, _midnight(days[0]))
    end = min(trip.ends_at, _midnight(days[-1] + timedelta(days=1)))
    return [_stage_at(trip, start), *(stage for stage in trip.stages if start < stage.starts_at < end)]


def _reached_last(trip: Trip, day: date) -> Stage:
    """The place reached last before midnight (the stage in effect at 24:00, or at the end of the trip)."""
    return _stages_of(trip, [day])[-1]


def _last_activity(trip: Trip, days: Sequence[date]) -> Stage:
    """The last place of activity abroad on ``days``, else the place reached last."""
    stages = _stages_of(trip, days)
    abroad = [stage for stage in stages if stage.country != trip.jurisdiction and not stage.transit]
    return (abroad or stages)[-1]


def _number(rates: RateBook, jurisdiction: str, name: str, day: date) -> Decimal:
    value = rates.rule(jurisdiction, name, day)
    if value is None:
        raise NoRateInForce(f"No {jurisdiction} rule {name!r} is in force on {day.isoformat()}.")
    return Decimal(value)


def _meals(trip: Trip, days: Sequence[date]) -> dict[str, int]:
    stated = [trip.days.get(day, Day()) for day in days]
    return {meal: sum(1 for day in stated if getattr(day, meal)) for meal in MEALS}


def _cuts(
    rates: RateBook, jurisdiction: str, day: date, full_day: Decimal, meals: dict[str, int], base: Decimal
) -> tuple[list[Decimal], Decimal, tuple[str, ...]]:
    """The cut of each meal, the per diem after them (never below 0) and a note when they were capped."""
    if base <= 0:
        return [ZERO, ZERO, ZERO], ZERO, ()
    cuts = [money(full_day * _number(rates, jurisdiction, f"cut_{meal}", day) * meals[meal]) for meal in MEALS]
    left = base - sum(cuts, ZERO)
    return cuts, max(left, ZERO), (("cuts.capped",) if left < 0 else ())


def _night(trip: Trip, day: date, is_last: bool) -> bool:
    if not trip.days.get(day, Day()).night_without_receipt:
        return False
    if is_last:
        raise TripError(f"There is no night after the last day of the trip ({day.isoformat()}).")
    return True


# --- Germany -----------------------------------------------------------------------------------------------


def _german_rate(rates: RateBook, stage: Stage, day: date) -> tuple[Rate, tuple[str, ...]]:
    notes: tuple[str, ...] = ()
    if stage.city:
        found = rates.rate("DE", stage.country, stage.city, day)
        if found is not None:
            return found, ("rate.city",)
        notes = ("rate.city_not_listed",)
    found = rates.rate("DE", stage.country, "", day)
    if found is not None:
        return found, notes
    fallback = rates.rule("DE", "fallback_country", day)
    found = rates.rate("DE", fallback, "", day) if fallback else None
    if found is None:
        raise NoRateInForce(f"No DE rate for {stage.country} or its fallback is in force on {day.isoformat()}.")
    return found, (*notes, "rate.fallback_country")


def _german_days(trip: Trip, days: list[date], rates: RateBook) -> list[DayRow]:
    for day in days:
        if not rates.has_table("DE", day):
            raise NoRateInForce(f"No DE rate table is in force on {day.isoformat()}.")
    if len(days) == 1 or not trip.overnight_stay:
        return _german_trip_without_night(trip, days, rates)
    rows = []
    for index, day in enumerate(days):
        is_last = index == len(days) - 1
        if index == 0:
            explanation, stage = "de.arrival_day", _reached_last(trip, day)
        elif is_last:
            explanation, stage = "de.departure_day", _last_activity(trip, [day])
        else:
            explanation, stage = "de.full_day", _reached_last(trip, day)
        rate, notes = _german_rate(rates, stage, day)
        base = rate.full_day if explanation == "de.full_day" else _partial(rate)
        cuts, per_diem, capped = _cuts(rates, "DE", day, rate.full_day, _meals(trip, [day]), base)
        overnight = ZERO
        if _night(trip, day, is_last):
            overnight, notes = rate.overnight, (*notes, "overnight.flat_rate")
        rows.append(_row(trip, day, stage, rate, base, cuts, per_diem, overnight, explanation, notes + capped))
    return rows


def _german_trip_without_night(trip: Trip, days: list[date], rates: RateBook) -> list[DayRow]:
    """One calendar day, or two without a night away: one partial rate at most, on the longer day."""
    single = len(days) == 1
    away = trip.ends_at - trip.starts_at
    minimum = _number(rates, "DE", "single_day_min_hours", days[0])
    qualifies = away > timedelta(seconds=int(minimum * 3600))
    main = max(days, key=lambda day: (_away(trip, day), -day.toordinal()))
    stage = _last_activity(trip, days)
    rows = []
    for index, day in enumerate(days):
        if _night(trip, day, index == len(days) - 1):
            raise TripError("A trip without an overnight stay has no night without receipt.")
        rate, notes = _german_rate(rates, stage, day)
        if not qualifies:
            explanation = "de.single_day_short" if single else "de.night_trip_short"
        elif day == main:
            explanation = "de.single_day" if single else "de.night_trip"
        else:
            explanation = "de.night_trip_other_day"
        base = _partial(rate) if explanation in ("de.single_day", "de.night_trip") else ZERO
        cuts, per_diem, capped = _cuts(rates, "DE", day, rate.full_day, _meals(trip, days), base)
        rows.append(_row(trip, day, stage, rate, base, cuts, per_diem, ZERO, explanation, notes + capped))
    return rows


def _partial(rate: Rate) -> Decimal:
    if rate.partial_day is None:
        raise NoRateInForce(f"The rate for {rate.country} has no partial-day amount.")
    return rate.partial_day


# --- Austria -----------------------------------------------------------------------------------------------


def _austrian_days(trip: Trip, days: list[date], rates: RateBook) -> list[DayRow]:
    rows = []
    for index, day in enumerate(days):
        rate = rates.rate("AT", "AT", "", day)
        if rate is None:
            raise NoRateInForce(f"No AT rate is in force on {day.isoformat()}.")
        away = _away(trip, day)
        minimum = _number(rates, "AT", "min_hours", day)
        base, explanation = ZERO, "at.short"
        if away > timedelta(seconds=int(minimum * 3600)):
            whole, rest = divmod(away, HOUR)
            started = whole + (1 if rest else 0)
            base = min(rate.full_day, money(started * _number(rates, "AT", "hourly_rate", day)))
            explanation = "at.full_day" if base == rate.full_day else "at.hours"
        cuts, per_diem, notes = _cuts(rates, "AT", day, rate.full_day, _meals(trip, [day]), base)
        overnight = ZERO
        if _night(trip, day, index == len(days) - 1):
            overnight, notes = rate.overnight, (*notes, "overnight.flat_rate")
        stage = _reached_last(trip, day)
        rows.append(_row(trip, day, stage, rate, base, cuts, per_diem, overnight, explanation, notes))
    return rows


def _row(
    trip: Trip,
    day: date,
    stage: Stage,
    rate: Rate,
    base: Decimal,
    cuts: list[Decimal],
    per_diem: Decimal,
    overnight: Decimal,
    explanation: str,
    notes: tuple[str, ...],
) -> DayRow:
    return DayRow(
        date=day,
        hours=_hours(_away(trip, day)),
        country=stage.country,
        city=stage.city,
        rate_country=rate.country,
        rate_city=rate.city,
        full_day_rate=money(rate.full_day),
        base=money(base),
        breakfast_cut=cuts[0],
        lunch_cut=cuts[1],
        dinner_cut=cuts[2],
        per_diem=money(per_diem),
        overnight=money(overnight),
        explanation=explanation,
        notes=notes,
    )
