"""German per diem, overnight flat rate and mileage (§ 9 Abs. 4a EStG, BMF Auslandsreisekosten 2025/2026).

Every expected amount is worked out by hand from the rule and the BMF table row named in the comment.
"""

from dataclasses import replace
from datetime import UTC

import pytest

from portal.travelrates.compute import Day, NoRateInForce, TripError, allowance
from portal.travelrates.tests.helpers import SHIPPED_BOOK, day, euro, trip


def compute(value):
    return allowance(value, SHIPPED_BOOK)


# --- one calendar day ------------------------------------------------------------------------------------


def test_a_one_day_trip_of_exactly_8_hours_earns_nothing():
    result = compute(trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "DE")))

    [row] = result.rows
    assert (row.hours, row.base, row.per_diem, row.explanation) == (euro("8.00"), 0, 0, "de.single_day_short")
    assert result.total == euro("0.00")


def test_a_one_day_trip_of_8_hours_and_1_minute_earns_the_partial_rate():
    result = compute(trip("DE", "2025-03-03 08:00", "2025-03-03 16:01", ("2025-03-03 08:00", "DE")))

    [row] = result.rows
    assert (row.hours, row.per_diem, row.explanation) == (euro("8.02"), euro("14.00"), "de.single_day")
    assert result.per_diem == result.total == euro("14.00")


def test_a_one_day_trip_abroad_counts_for_the_last_place_of_activity_abroad():
    # Aachen → Liège (BE 59/40) → Maastricht (NL 2025: 47/32) → home: the last place of activity is NL.
    result = compute(
        trip(
            "DE",
            "2025-04-01 07:00",
            "2025-04-01 19:00",
            ("2025-04-01 07:00", "DE"),
            ("2025-04-01 08:00", "BE"),
            ("2025-04-01 13:00", "NL"),
            ("2025-04-01 18:00", "DE"),
        )
    )

    [row] = result.rows
    assert (row.country, row.rate_country, row.per_diem) == ("NL", "NL", euro("32.00"))


# --- several days in Germany -----------------------------------------------------------------------------


def test_domestic_trip_with_meals_cuts_the_full_day_rate_and_never_goes_below_zero():
    result = compute(
        trip(
            "DE",
            "2025-03-10 09:00",
            "2025-03-12 17:00",
            ("2025-03-10 09:00", "DE"),
            days={
                "2025-03-10": Day(lunch=True),  # 14 - 40 % of 28 = 14 - 11.20 = 2.80
                "2025-03-11": Day(breakfast=True),  # 28 - 20 % of 28 = 28 - 5.60 = 22.40
                "2025-03-12": Day(breakfast=True, dinner=True),  # 14 - 5.60 - 11.20 = -2.80 → 0
            },
            kilometres="250",  # 250 x 0.30 = 75.00
        )
    )

    arrival, middle, departure = result.rows
    assert (arrival.base, arrival.lunch_cut, arrival.per_diem) == (euro("14.00"), euro("11.20"), euro("2.80"))
    assert (middle.base, middle.breakfast_cut, middle.per_diem) == (euro("28.00"), euro("5.60"), euro("22.40"))
    assert (departure.breakfast_cut, departure.dinner_cut, departure.per_diem) == (euro("5.60"), euro("11.20"), 0)
    assert [row.explanation for row in result.rows] == ["de.arrival_day", "de.full_day", "de.departure_day"]
    assert departure.notes == ("cuts.capped",)
    assert (result.per_diem, result.mileage, result.kilometre_rate) == (euro("25.20"), euro("75.00"), euro("0.30"))
    assert result.total == euro("100.20")


def test_a_partial_day_with_only_breakfast_provided_is_14_minus_5_60():
    # The cut is 20 % of the 24-hour rate (5.60), not 20 % of the 14 € (abrechnung issue #259).
    result = compute(
        trip(
            "DE",
            "2025-03-10 09:00",
            "2025-03-11 12:00",
            ("2025-03-10 09:00", "DE"),
            days={"2025-03-11": Day(breakfast=True)},
        )
    )

    assert [row.per_diem for row in result.rows] == [euro("14.00"), euro("8.40")]


def test_arrival_and_departure_days_earn_the_partial_rate_however_short():
    result = compute(trip("DE", "2025-03-10 23:00", "2025-03-11 01:00", ("2025-03-10 23:00", "DE")))

    assert [(row.hours, row.per_diem) for row in result.rows] == [(euro("1.00"), 14), (euro("1.00"), 14)]


def test_a_night_without_receipt_in_germany_earns_20_euro():
    result = compute(
        trip(
            "DE",
            "2025-03-10 09:00",
            "2025-03-12 17:00",
            ("2025-03-10 09:00", "DE"),
            days={"2025-03-10": Day(night_without_receipt=True)},
        )
    )

    assert [row.overnight for row in result.rows] == [euro("20.00"), 0, 0]
    assert (result.per_diem, result.overnight, result.total) == (euro("56.00"), euro("20.00"), euro("76.00"))


# --- a trip over midnight without a night away -----------------------------------------------------------


def test_a_night_trip_without_overnight_stay_earns_one_partial_rate_on_the_longer_day():
    # 20:00-06:00: 4 h on the 10th, 6 h on the 11th, 10 h in all > 8 h → 14 € on the 11th;
    # the dinner on the 10th cuts that one allowance: 14 - 11.20 = 2.80.
    result = compute(
        trip(
            "DE",
            "2025-03-10 20:00",
            "2025-03-11 06:00",
            ("2025-03-10 20:00", "DE"),
            days={"2025-03-10": Day(dinner=True)},
            overnight_stay=False,
        )
    )

    first, second = result.rows
    assert (first.per_diem, first.explanation) == (0, "de.night_trip_other_day")
    assert (second.base, second.dinner_cut, second.per_diem) == (euro("14.00"), euro("11.20"), euro("2.80"))
    assert second.explanation == "de.night_trip"


def test_a_night_trip_of_8_hours_or_less_earns_nothing():
    result = compute(
        trip("DE", "2025-03-10 22:00", "2025-03-11 05:00", ("2025-03-10 22:00", "DE"), overnight_stay=False)
    )

    assert [row.explanation for row in result.rows] == ["de.night_trip_short", "de.night_trip_short"]
    assert result.total == 0


# --- abroad --------------------------------------------------------------------------------------------------


def test_paris_has_its_own_rate_and_a_night_without_receipt_takes_its_overnight_rate():
    # BMF 2025, Frankreich - Paris sowie die Departements 77, 78, 91 bis 95: 58 / 39 / 159.
    result = compute(
        trip(
            "DE",
            "2025-05-05 06:00",
            "2025-05-07 19:30",
            ("2025-05-05 06:00", "DE"),
            ("2025-05-05 11:30", "FR", "Paris"),
            ("2025-05-07 16:00", "DE"),
            days={
                "2025-05-05": Day(night_without_receipt=True),  # 159
                "2025-05-06": Day(dinner=True),  # 58 - 40 % of 58 = 58 - 23.20 = 34.80
            },
        )
    )

    monday, tuesday, wednesday = result.rows
    assert (monday.rate_country, monday.rate_city, monday.per_diem) == ("FR", "Paris", euro("39.00"))
    assert monday.overnight == euro("159.00") and monday.notes == ("rate.city", "overnight.flat_rate")
    assert (tuesday.dinner_cut, tuesday.per_diem) == (euro("23.20"), euro("34.80"))
    assert (wednesday.rate_city, wednesday.per_diem) == ("Paris", euro("39.00"))  # the return day: Paris
    assert (result.per_diem, result.overnight, result.total) == (euro("112.80"), euro("159.00"), euro("271.80"))


def test_france_outside_paris_takes_the_general_row():
    # BMF 2025, Frankreich - im Übrigen: 53 / 36 / 105; Lyon has no row of its own.
    result = compute(
        trip(
            "DE",
            "2025-05-05 06:00",
            "2025-05-06 20:00",
            ("2025-05-05 06:00", "FR", "Lyon"),
            days={"2025-05-05": Day(night_without_receipt=True)},
        )
    )

    assert [row.per_diem for row in result.rows] == [euro("36.00"), euro("36.00")]
    assert result.overnight == euro("105.00")
    assert result.rows[0].notes == ("rate.city_not_listed", "overnight.flat_rate")


def test_a_day_counts_for_the_country_reached_last_before_midnight():
    # Leaves Germany at 20:00 and is in Switzerland at 23:30: Monday counts for CH (2025: 64 / 43 / 180);
    # Tuesday ends in Milan (42 / 28 / 191); Wednesday returns from Milan, the last place of activity abroad.
    result = compute(
        trip(
            "DE",
            "2025-06-02 20:00",
            "2025-06-04 18:00",
            ("2025-06-02 20:00", "DE"),
            ("2025-06-02 23:30", "CH"),
            ("2025-06-03 09:00", "IT", "Mailand"),
            ("2025-06-04 11:00", "CH", "", True),  # passing through on the way back
            ("2025-06-04 15:00", "DE"),
        )
    )

    monday, tuesday, wednesday = result.rows
    assert (monday.hours, monday.rate_country, monday.per_diem) == (euro("4.00"), "CH", euro("43.00"))
    assert (tuesday.rate_city, tuesday.per_diem) == ("Mailand", euro("42.00"))
    assert (wednesday.rate_city, wednesday.per_diem) == ("Mailand", euro("28.00"))
    assert result.per_diem == euro("113.00")


def test_without_the_transit_mark_the_switzerland_stage_is_the_last_place_abroad():
    result = compute(
        trip(
            "DE",
            "2025-06-03 09:00",
            "2025-06-04 18:00",
            ("2025-06-03 09:00", "IT", "Mailand"),
            ("2025-06-04 11:00", "CH"),
            ("2025-06-04 15:00", "DE"),
        )
    )

    assert result.rows[-1].rate_country == "CH" and result.rows[-1].per_diem == euro("43.00")


def test_the_return_day_from_abroad_takes_the_rate_of_the_last_place_of_activity_abroad():
    # BMF 2026, London: 66 / 44 / 163. The evening flight lands in Germany at 20:00.
    result = compute(
        trip(
            "DE",
            "2026-02-05 07:00",
            "2026-02-06 21:30",
            ("2026-02-05 07:00", "DE"),
            ("2026-02-05 10:00", "GB", "London"),
            ("2026-02-06 20:00", "DE"),
        )
    )

    thursday, friday = result.rows
    assert (thursday.rate_city, thursday.per_diem) == ("London", euro("44.00"))
    assert (friday.country, friday.rate_city, friday.per_diem) == ("GB", "London", euro("44.00"))
    assert result.total == euro("88.00")


def test_a_country_not_in_the_table_takes_luxembourg_s_rates():
    # Iraq is not in the BMF table: Luxembourg 2025 is 63 / 42 / 139.
    result = compute(
        trip(
            "DE",
            "2025-09-01 08:00",
            "2025-09-02 20:00",
            ("2025-09-01 08:00", "DE"),
            ("2025-09-01 14:00", "IQ"),
            ("2025-09-02 19:00", "DE"),
            days={"2025-09-01": Day(night_without_receipt=True)},
        )
    )

    first, second = result.rows
    assert (first.country, first.rate_country, first.per_diem, first.overnight) == (
        "IQ",
        "LU",
        euro("42.00"),
        euro("139.00"),
    )
    assert "rate.fallback_country" in first.notes
    assert (second.rate_country, second.per_diem) == ("LU", euro("42.00"))
    assert result.total == euro("223.00")


def test_a_trip_across_new_year_uses_each_day_s_table():
    # Switzerland (im Übrigen) 2025: 64 / 43 / 180; 2026: 70 / 47 / 195.
    result = compute(
        trip(
            "DE",
            "2025-12-31 08:00",
            "2026-01-02 17:00",
            ("2025-12-31 08:00", "DE"),
            ("2025-12-31 12:00", "CH"),
            ("2026-01-02 15:00", "DE"),
            days={
                "2025-12-31": Day(night_without_receipt=True),  # the night in 2025: 180
                "2026-01-01": Day(breakfast=True, night_without_receipt=True),  # 70 - 14.00 = 56; night 195
                "2026-01-02": Day(breakfast=True),  # 47 - 20 % of 70 = 47 - 14.00 = 33
            },
        )
    )

    assert [(row.full_day_rate, row.base, row.per_diem) for row in result.rows] == [
        (euro("64.00"), euro("43.00"), euro("43.00")),
        (euro("70.00"), euro("70.00"), euro("56.00")),
        (euro("70.00"), euro("47.00"), euro("33.00")),
    ]
    assert [row.overnight for row in result.rows] == [euro("180.00"), euro("195.00"), 0]
    assert (result.per_diem, result.overnight, result.total) == (euro("132.00"), euro("375.00"), euro("507.00"))


def test_a_city_dropped_from_the_2026_table_falls_back_to_its_country():
    # China - Chengdu has a row in 2025 (41 / 28 / 131) but none in 2026 (China im Übrigen: 48 / 32 / 142).
    result = compute(
        trip(
            "DE",
            "2025-12-30 10:00",
            "2026-01-01 18:00",
            ("2025-12-30 10:00", "CN", "Chengdu"),
        )
    )

    assert [(row.rate_city, row.per_diem) for row in result.rows] == [
        ("Chengdu", euro("28.00")),
        ("Chengdu", euro("41.00")),
        ("", euro("32.00")),
    ]
    assert result.rows[2].notes == ("rate.city_not_listed",)


def test_domestic_rates_are_the_same_in_2025_and_2026():
    # 28 / 14 / 20 in both years (the 32 / 16 € of the Wachstumschancengesetz draft were dropped in 2024).
    for year in (2025, 2026):
        result = compute(trip("DE", f"{year}-06-01 08:00", f"{year}-06-03 08:00", (f"{year}-06-01 08:00", "DE")))
        assert [row.per_diem for row in result.rows] == [14, 28, 14]


# --- refused input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (trip("DE", "2025-03-03 16:00", "2025-03-03 08:00", ("2025-03-03 16:00", "DE")), "ends before it starts"),
        (trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 09:00", "DE")), "first stage"),
        (
            trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "DE"), ("2025-03-03 17:00", "FR")),
            "stage starts outside the trip",
        ),
        (
            trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "DE"), ("2025-03-03 08:00", "FR")),
            "after the one before",
        ),
        (trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "XX")), "Unknown country 'XX'"),
        (trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "fr")), "Unknown country 'fr'"),
        (trip("CH", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "CH")), "Unknown jurisdiction"),
        (
            trip(
                "DE",
                "2025-03-03 08:00",
                "2025-03-04 16:00",
                ("2025-03-03 08:00", "DE"),
                days={"2025-03-04": Day(night_without_receipt=True)},
            ),
            "no night after the last day",
        ),
        (
            trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "DE"), days={"2025-03-05": Day()}),
            "2025-03-05 is not a day of the trip",
        ),
        (
            trip("DE", "2025-03-03 08:00", "2025-03-05 16:00", ("2025-03-03 08:00", "DE"), overnight_stay=False),
            "without an overnight stay",
        ),
        (
            trip(
                "DE",
                "2025-03-03 20:00",
                "2025-03-04 06:00",
                ("2025-03-03 20:00", "DE"),
                days={"2025-03-03": Day(night_without_receipt=True)},
                overnight_stay=False,
            ),
            "no night without receipt",
        ),
        (trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "DE"), kilometres="-1"), "negative"),
    ],
)
def test_impossible_input_is_refused_with_a_clear_message(value, message):
    with pytest.raises(TripError, match=message):
        compute(value)


def test_aware_times_are_refused():
    value = trip("DE", "2025-03-03 08:00", "2025-03-03 16:00", ("2025-03-03 08:00", "DE"))
    aware = replace(value, starts_at=value.starts_at.replace(tzinfo=UTC))

    with pytest.raises(TripError, match="without a time zone"):
        compute(aware)


def test_a_day_without_a_table_in_force_is_refused():
    value = trip("DE", "2024-03-03 08:00", "2024-03-03 18:00", ("2024-03-03 08:00", "FR"))

    with pytest.raises(NoRateInForce, match="No DE rate table is in force on 2024-03-03"):
        compute(value)


def test_the_latest_table_stays_in_force_until_the_next_is_loaded():
    # 2027 before its table is loaded: the 2026 rates (France 53 / 36 / 105).
    value = trip("DE", "2027-03-03 08:00", "2027-03-03 18:00", ("2027-03-03 08:00", "FR"))

    assert compute(value).total == euro("36.00")


def test_kilometres_use_the_rate_of_the_first_day():
    result = compute(trip("DE", "2025-03-03 08:00", "2025-03-03 12:00", ("2025-03-03 08:00", "DE"), kilometres="123.4"))

    assert (result.mileage, result.total) == (euro("37.02"), euro("37.02"))  # 123.4 x 0.30


def test_rows_carry_the_date_and_hours_of_each_day():
    result = compute(trip("DE", "2025-03-10 09:15", "2025-03-11 17:45", ("2025-03-10 09:15", "DE")))

    assert [(row.date, row.hours) for row in result.rows] == [
        (day("2025-03-10"), euro("14.75")),
        (day("2025-03-11"), euro("17.75")),
    ]
