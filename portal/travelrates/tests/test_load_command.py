"""``load_travel_rates``: a new year's table loads, a bad file is refused clearly, reloading changes nothing;
and the data migration loaded every shipped file."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.travelrates.compute import allowance
from portal.travelrates.models import TravelRate, TravelRule
from portal.travelrates.tables import DATA_DIR
from portal.travelrates.tests.helpers import SHIPPED_BOOK, euro, trip
from portal.travelrates.tests.test_tables import RATE_HEADER, RULE_HEADER, SHIPPED_ROWS

pytestmark = pytest.mark.django_db

TABLE_2027 = RATE_HEADER + (
    "DE,DE,,2027-01-01,2027-12-31,28,14,20,Deutschland (Inland)\n"
    "DE,FR,Paris,2027-01-01,2027-12-31,60,40,170,Frankreich - Paris\n"
    "DE,FR,,2027-01-01,2027-12-31,54,36,110,Frankreich - im Übrigen\n"
    "DE,LU,,2027-01-01,2027-12-31,64,43,140,Luxemburg\n"
)


def load(path, *options) -> str:
    out = StringIO()
    call_command("load_travel_rates", str(path), *options, stdout=out)
    return out.getvalue()


def write(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


# --- the data migration ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "rows"), SHIPPED_ROWS.items())
def test_the_data_migration_loaded_every_shipped_file(name, rows):
    in_database = TravelRate.objects.filter(source=name).count() + TravelRule.objects.filter(source=name).count()
    lines = [line for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    assert in_database == rows == len(lines)


def test_the_database_computes_what_the_files_compute():
    value = trip(
        "DE",
        "2025-05-05 06:00",
        "2025-05-07 19:30",
        ("2025-05-05 06:00", "DE"),
        ("2025-05-05 11:30", "FR", "Paris"),
        ("2025-05-07 16:00", "DE"),
        kilometres="10",
    )

    from_database = allowance(value)

    assert from_database == allowance(value, SHIPPED_BOOK)
    assert from_database.total == euro("139.00")  # 39 + 58 + 39 + 10 x 0.30


# --- loading a table -----------------------------------------------------------------------------------------


def test_a_new_year_s_table_replaces_the_one_in_force(tmp_path):
    path = write(tmp_path, "de-2027.csv", TABLE_2027)

    with pytest.raises(CommandError, match=r"overlaps the loaded row 2026-01-01 to open end from de-2026\.csv"):
        load(path)
    # The four rows it lists cut theirs; every other 2026 row ends too (the table replaces the whole year's).
    assert load(path, "--replace") == "de-2027.csv: 4 row(s) new, 0 unchanged, 215 replaced.\n"
    assert not TravelRate.objects.filter(jurisdiction="DE", valid_to__isnull=True).exclude(source="de-2027.csv")
    paris = TravelRate.objects.get(country="FR", city="Paris", valid_from=date(2027, 1, 1))
    assert (paris.full_day, paris.partial_day, paris.overnight, paris.source) == (
        Decimal("60.00"),
        Decimal("40.00"),
        Decimal("170.00"),
        "de-2027.csv",
    )
    # The 2025 rules are open-ended, so 2027 days compute once the table is there: Iraq → Luxembourg 2027.
    one_day = allowance(trip("DE", "2027-03-01 06:00", "2027-03-01 20:00", ("2027-03-01 06:00", "IQ")))
    assert one_day.total == euro("43.00")


def test_reloading_a_file_changes_nothing(tmp_path):
    path = write(tmp_path, "de-2027.csv", TABLE_2027)
    load(path, "--replace")
    before = list(TravelRate.objects.order_by("pk").values())

    assert load(path, "--replace") == "de-2027.csv: 0 row(s) new, 4 unchanged, 0 replaced.\n"
    assert list(TravelRate.objects.order_by("pk").values()) == before


def test_reloading_a_shipped_file_by_its_name_changes_nothing():
    assert load("de-2026.csv") == "de-2026.csv: 0 row(s) new, 215 unchanged, 0 replaced.\n"
    assert load("at-rules-2025.csv") == "at-rules-2025.csv: 0 row(s) new, 6 unchanged, 0 replaced.\n"


def test_a_bad_file_is_refused_with_the_line_and_stores_nothing(tmp_path):
    path = write(tmp_path, "de-2027.csv", TABLE_2027 + "DE,IT,,2027-01-01,2027-12-31,42,28.5.0,150,Italien\n")

    with pytest.raises(CommandError, match=r"de-2027\.csv: line 6: partial_day '28\.5\.0' is not an amount"):
        load(path)
    assert not TravelRate.objects.filter(valid_from=date(2027, 1, 1)).exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "nothing.csv")


def test_an_overlapping_period_is_refused_unless_replace(tmp_path):
    # A corrected Paris rate from 1 July 2026 overlaps the loaded 2026 row.
    path = write(tmp_path, "fix.csv", RATE_HEADER + "DE,FR,Paris,2026-07-01,2026-12-31,59,40,160,Paris (corrected)\n")

    with pytest.raises(
        CommandError,
        match=r"DE/FR/Paris 2026-07-01 to 2026-12-31 overlaps the loaded row "
        r"2026-01-01 to open end from de-2026\.csv\. Load with --replace",
    ):
        load(path)
    assert TravelRate.objects.filter(country="FR", city="Paris", valid_from__year=2026).count() == 1

    assert load(path, "--replace") == "fix.csv: 1 row(s) new, 0 unchanged, 1 replaced.\n"
    rows = TravelRate.objects.filter(country="FR", city="Paris", valid_from__year=2026).order_by("valid_from")
    assert [(row.valid_from, row.valid_to, row.full_day) for row in rows] == [
        (date(2026, 1, 1), date(2026, 6, 30), Decimal("58.00")),
        (date(2026, 7, 1), date(2026, 12, 31), Decimal("59.00")),
    ]


def test_replace_removes_a_loaded_row_starting_on_or_after_the_new_one(tmp_path):
    path = write(tmp_path, "at.csv", RATE_HEADER + "AT,AT,,2025-01-01,,31.00,,17.00,corrected\n")

    assert load(path, "--replace") == "at.csv: 1 row(s) new, 0 unchanged, 1 replaced.\n"
    [row] = TravelRate.objects.filter(jurisdiction="AT", valid_from__year=2025)
    assert (row.full_day, row.source) == (Decimal("31.00"), "at.csv")


def test_a_rule_file_loads_and_overlaps_are_refused(tmp_path):
    later = write(tmp_path, "de-rules-2027.csv", RULE_HEADER + "DE,km_rate,0.35,2027-01-01,,hypothetical\n")

    with pytest.raises(CommandError, match=r"DE/km_rate 2027-01-01 to open end overlaps the loaded row 2025-01-01"):
        load(later)
    assert load(later, "--replace") == "de-rules-2027.csv: 1 row(s) new, 0 unchanged, 1 replaced.\n"
    assert list(TravelRule.objects.filter(rule="km_rate", jurisdiction="DE").values_list("value", "valid_to")) == [
        ("0.30", date(2026, 12, 31)),
        ("0.35", None),
    ]
