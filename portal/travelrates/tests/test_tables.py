"""The shipped rate files: they read, they hold what the sources say, and bad files are refused clearly."""

import math
from decimal import Decimal

import pytest
from django_countries import countries

from portal.travelrates.tables import DATA_DIR, TableError, read_table

#: Data rows per shipped file (counted by hand from the files: BMF 2025 has 224 rows, 2026 has 214,
#: each plus the row for Germany).
SHIPPED_ROWS = {
    "de-2025.csv": 225,
    "de-2026.csv": 215,
    "de-rules-2025.csv": 6,
    "at-2024.csv": 1,
    "at-2025.csv": 1,
    "at-rules-2024.csv": 6,
    "at-rules-2025.csv": 6,
}


def test_every_file_in_the_data_folder_is_one_we_ship_and_count():
    assert sorted(path.name for path in DATA_DIR.glob("*.csv")) == sorted(SHIPPED_ROWS)


@pytest.mark.parametrize(("name", "rows"), SHIPPED_ROWS.items())
def test_shipped_files_read_without_error(name, rows):
    assert len(read_table(DATA_DIR / name).records) == rows


def _foreign_rates(year: int):
    return [rate for rate in read_table(DATA_DIR / f"de-{year}.csv").rates if rate.country != "DE"]


@pytest.mark.parametrize("year", [2025, 2026])
def test_bmf_rows_follow_the_federal_auslandstagegeld(year):
    """The BMF's 24-hour rate is 120 % and its partial rate 80 % of the ARV Auslandstagegeld (whole euro,
    rounded up). A mistyped amount almost never fits both, so this checks the transcription."""
    unfitting = [
        (rate.country, rate.city, rate.full_day, rate.partial_day)
        for rate in _foreign_rates(year)
        if not any(
            math.ceil(Decimal("1.2") * daily) == rate.full_day and math.ceil(Decimal("0.8") * daily) == rate.partial_day
            for daily in range(1, 200)
        )
    ]
    assert unfitting == []


@pytest.mark.parametrize("year", [2025, 2026])
def test_bmf_rows_name_real_countries_and_each_city_has_its_country_row(year):
    rates = _foreign_rates(year)
    assert [rate.country for rate in rates if not countries.alpha2(rate.country)] == ["XK"]  # Kosovo
    with_cities = {rate.country for rate in rates if rate.city}
    assert with_cities <= {rate.country for rate in rates if not rate.city}
    assert len({(rate.country, rate.city) for rate in rates}) == len(rates)


@pytest.mark.parametrize(
    ("year", "country", "city", "amounts"),
    [
        # Published in tax advisers' summaries of the BMF letters (see PROVENANCE.md).
        (2026, "PK", "", ("41", "28", "199")),
        (2026, "RO", "", ("38", "25", "103")),
        (2026, "CH", "Bern", ("82", "55", "195")),
        (2026, "AT", "", ("50", "33", "117")),
        (2025, "FR", "Paris", ("58", "39", "159")),
        (2025, "FR", "", ("53", "36", "105")),
        (2025, "LU", "", ("63", "42", "139")),
        (2025, "DE", "", ("28", "14", "20")),
        (2026, "DE", "", ("28", "14", "20")),
    ],
)
def test_sample_rows_match_the_sources(year, country, city, amounts):
    [rate] = [
        rate for rate in read_table(DATA_DIR / f"de-{year}.csv").rates if (rate.country, rate.city) == (country, city)
    ]
    assert (rate.full_day, rate.partial_day, rate.overnight) == tuple(Decimal(amount) for amount in amounts)


def test_2026_has_single_rows_for_pakistan_and_romania_and_a_new_one_for_bern():
    cities_2025 = {(rate.country, rate.city) for rate in _foreign_rates(2025) if rate.city}
    cities_2026 = {(rate.country, rate.city) for rate in _foreign_rates(2026) if rate.city}
    assert cities_2025 - cities_2026 == {("CN", "Chengdu"), ("CN", "Kanton"), ("PK", "Islamabad"), ("RO", "Bukarest")}
    assert cities_2026 - cities_2025 == {("CH", "Bern")}


def test_the_places_first_listed_in_2025_are_there():
    # "Erstmalig in die Übersicht 2025 eingefügt": Bhutan, Indien/Bangalore, Japan/Osaka, Liberia, Türkei/Ankara.
    places = {(rate.country, rate.city) for rate in _foreign_rates(2025)}
    assert {("BT", ""), ("IN", "Bangalore"), ("JP", "Osaka"), ("LR", ""), ("TR", "Ankara")} <= places


def test_every_shipped_rate_file_covers_its_year_and_the_latest_stays_in_force():
    rates = read_table(DATA_DIR / "de-2025.csv").rates
    assert {(rate.valid_from.isoformat(), str(rate.valid_to)) for rate in rates} == {("2025-01-01", "2025-12-31")}
    rates = read_table(DATA_DIR / "de-2026.csv").rates
    assert {(rate.valid_from.isoformat(), rate.valid_to) for rate in rates} == {("2026-01-01", None)}


# --- refused files -------------------------------------------------------------------------------------------

RATE_HEADER = "jurisdiction,country,city,valid_from,valid_to,full_day,partial_day,overnight,label\n"
RULE_HEADER = "jurisdiction,rule,value,valid_from,valid_to,label\n"
GOOD_ROW = "DE,FR,,2027-01-01,2027-12-31,53,36,105,Frankreich\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("country,rate\nFR,53\n", "unknown header"),
        (RATE_HEADER, "no data rows"),
        (RATE_HEADER + "DE,FR,,2027-01-01,2027-12-31,53,36\n", "line 2: 7 columns, expected 9"),
        (RATE_HEADER + GOOD_ROW + "DE,FRA,,2027-01-01,,53,36,105,x\n", "line 3: country 'FRA' is not a two-letter"),
        (RATE_HEADER + "XX,FR,,2027-01-01,,53,36,105,x\n", "jurisdiction 'XX' is not one of DE, AT"),
        (RATE_HEADER + "DE,FR,,2027-13-01,,53,36,105,x\n", "valid_from '2027-13-01' is not a date"),
        (RATE_HEADER + "DE,FR,,2027-01-01,2026-12-31,53,36,105,x\n", "valid_to 2026-12-31 is before valid_from"),
        (RATE_HEADER + "DE,FR,,2027-01-01,,-53,36,105,x\n", "full_day '-53' is not an amount in euro"),
        (RATE_HEADER + "DE,FR,,2027-01-01,,53.001,36,105,x\n", "full_day '53.001' is not an amount in euro"),
        (RATE_HEADER + "DE,FR,,2027-01-01,,abc,36,105,x\n", "full_day 'abc' is not an amount"),
        (RATE_HEADER + "DE,FR,,2027-01-01,,53,,105,x\n", "partial_day is required for DE"),
        (RATE_HEADER + "DE,FR,,2027-01-01,,36,53,105,x\n", "partial_day 53 is more than full_day 36"),
        (RATE_HEADER + "DE,FR,,2027-01-01,,53,36,,x\n", "overnight is required"),
        (RATE_HEADER + GOOD_ROW + "DE,FR,,2027-06-01,,54,36,105,x\n", "line 3: its period overlaps line 2 for DE/FR/"),
        (RULE_HEADER + "DE,km_rate,0.3O,2027-01-01,,x\n", "km_rate '0.3O' is not a number"),
        (RULE_HEADER + "DE,hourly_rate,2.50,2027-01-01,,x\n", "rule 'hourly_rate' is not one of"),
        (RULE_HEADER + "DE,cut_lunch,40,2027-01-01,,x\n", "must be between 0 and 1"),
        (RULE_HEADER + "DE,fallback_country,Luxemburg,2027-01-01,,x\n", "fallback_country 'Luxemburg'"),
    ],
)
def test_bad_files_are_refused_naming_the_line_and_the_fault(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(TableError, match=message) as refused:
        read_table(path)
    assert str(refused.value).startswith("bad.csv: ")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((RATE_HEADER + "DE,AT,,2027-01-01,,50,33,117,Österreich\n").encode("latin-1"))

    with pytest.raises(TableError, match="not a UTF-8 text file"):
        read_table(path)


def test_every_bad_line_is_named_at_once(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(RATE_HEADER + "DE,FR,,x,,53,36,105,a\nDE,IT,,2027-01-01,,y,28,150,b\n", encoding="utf-8")

    with pytest.raises(TableError, match=r"line 2: .* line 3: "):
        read_table(path)
