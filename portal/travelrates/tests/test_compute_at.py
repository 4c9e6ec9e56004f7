"""Austrian Tagesgeld, Nächtigungsgeld and Kilometergeld (§ 26 Z 4 EStG 1988; 2025 amounts and 2024 amounts).

Every expected amount is worked out by hand: 2.50 € (2.20 € before 2025) per started hour once a day's
time away exceeds 3 hours, at most 30 € (26.40 €); half the full Tagesgeld off per lunch or dinner provided.
"""

import pytest

from portal.travelrates.compute import Day, TripError, allowance
from portal.travelrates.tests.helpers import SHIPPED_BOOK, euro, trip


def compute(value):
    return allowance(value, SHIPPED_BOOK)


def one_day(start: str, end: str, **options):
    return trip("AT", start, end, (start, "AT"), **options)


@pytest.mark.parametrize(
    ("end", "expected", "explanation"),
    [
        ("2025-03-03 11:00", "0.00", "at.short"),  # exactly 3 hours: not more than 3
        ("2025-03-03 11:01", "10.00", "at.hours"),  # 4 started hours x 2.50
        ("2025-03-03 18:00", "25.00", "at.hours"),  # 10 hours x 2.50
        ("2025-03-03 19:30", "30.00", "at.full_day"),  # 12 started hours x 2.50 = 30
        ("2025-03-03 21:00", "30.00", "at.full_day"),  # 13 hours: the full 30 €
    ],
)
def test_tagesgeld_by_started_hour(end, expected, explanation):
    result = compute(one_day("2025-03-03 08:00", end))

    [row] = result.rows
    assert (row.per_diem, row.explanation) == (euro(expected), explanation)
    assert result.total == euro(expected)


def test_a_10_hour_trip_earns_25_euro():
    assert compute(one_day("2025-03-03 08:00", "2025-03-03 18:00")).total == euro("25.00")


def test_a_13_hour_trip_earns_30_euro():
    assert compute(one_day("2025-03-03 07:00", "2025-03-03 20:00")).total == euro("30.00")


def test_lunch_provided_cuts_half_the_full_tagesgeld():
    result = compute(one_day("2025-03-03 07:00", "2025-03-03 20:00", days={"2025-03-03": Day(lunch=True)}))

    [row] = result.rows
    assert (row.base, row.lunch_cut, row.per_diem) == (euro("30.00"), euro("15.00"), euro("15.00"))


def test_lunch_and_dinner_provided_leave_nothing_and_breakfast_cuts_nothing():
    both = compute(one_day("2025-03-03 07:00", "2025-03-03 20:00", days={"2025-03-03": Day(lunch=True, dinner=True)}))
    breakfast = compute(one_day("2025-03-03 07:00", "2025-03-03 20:00", days={"2025-03-03": Day(breakfast=True)}))

    assert both.total == 0
    assert (breakfast.rows[0].breakfast_cut, breakfast.total) == (0, euro("30.00"))


def test_the_cut_never_takes_the_tagesgeld_below_zero():
    # 5 hours: 12.50 €; lunch provided cuts 15 € → 0, not -2.50.
    result = compute(one_day("2025-03-03 10:00", "2025-03-03 15:00", days={"2025-03-03": Day(lunch=True)}))

    assert (result.rows[0].base, result.rows[0].per_diem, result.rows[0].notes) == (
        euro("12.50"),
        0,
        ("cuts.capped",),
    )


def test_2024_amounts_apply_to_days_in_2024():
    # 10 hours x 2.20 = 22.00; lunch provided cuts 13.20 (half of 26.40) → 8.80.
    result = compute(one_day("2024-06-03 08:00", "2024-06-03 18:00", days={"2024-06-03": Day(lunch=True)}))

    assert (result.rows[0].base, result.rows[0].lunch_cut, result.total) == (
        euro("22.00"),
        euro("13.20"),
        euro("8.80"),
    )


def test_each_calendar_day_counts_on_its_own_with_the_nachtigungsgeld():
    # 16 h on the 7th and 14 h on the 8th: 30 € each; the night without receipt: 17 €.
    result = compute(
        trip(
            "AT",
            "2025-04-07 08:00",
            "2025-04-08 14:00",
            ("2025-04-07 08:00", "AT", "Graz"),
            days={"2025-04-07": Day(night_without_receipt=True)},
        )
    )

    assert [(row.hours, row.per_diem, row.overnight) for row in result.rows] == [
        (euro("16.00"), euro("30.00"), euro("17.00")),
        (euro("14.00"), euro("30.00"), 0),
    ]
    assert result.total == euro("77.00")


def test_a_trip_across_the_2025_increase_uses_each_day_s_amounts():
    # 31 Dec 2024, 14 h: 26.40 and a night at 15 €; 1 Jan 2025, 10 h: 25.00; 100 km at the start date's 0.42.
    result = compute(
        trip(
            "AT",
            "2024-12-31 10:00",
            "2025-01-01 10:00",
            ("2024-12-31 10:00", "AT"),
            days={"2024-12-31": Day(night_without_receipt=True)},
            kilometres="100",
        )
    )

    assert [(row.per_diem, row.overnight) for row in result.rows] == [
        (euro("26.40"), euro("15.00")),
        (euro("25.00"), 0),
    ]
    assert (result.kilometre_rate, result.mileage) == (euro("0.42"), euro("42.00"))
    assert result.total == euro("108.40")  # 26.40 + 25.00 + 15.00 + 42.00


@pytest.mark.parametrize(
    ("start", "rate", "mileage"), [("2024-12-30", "0.42", "42.00"), ("2025-01-02", "0.50", "50.00")]
)
def test_kilometergeld_before_and_after_2025(start, rate, mileage):
    result = compute(one_day(f"{start} 08:00", f"{start} 10:00", kilometres="100"))

    assert (result.kilometre_rate, result.mileage, result.per_diem) == (euro(rate), euro(mileage), 0)


def test_austrian_trips_abroad_are_refused():
    value = trip("AT", "2025-03-03 08:00", "2025-03-03 18:00", ("2025-03-03 08:00", "AT"), ("2025-03-03 10:00", "DE"))

    with pytest.raises(TripError, match="within Austria only"):
        compute(value)
