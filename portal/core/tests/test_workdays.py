from datetime import datetime
from zoneinfo import ZoneInfo

from portal.core.workdays import add_working_hours, is_working_day

BERLIN = ZoneInfo("Europe/Berlin")


def deadline(*args, **kwargs):
    return add_working_hours(datetime(*args, tzinfo=BERLIN), 24, country="DE", subdivision="BE", tz="Europe/Berlin")


def test_within_the_week_it_is_the_next_day():
    assert deadline(2026, 11, 24, 9, 30) == datetime(2026, 11, 25, 9, 30, tzinfo=BERLIN)


def test_weekends_do_not_count():
    assert deadline(2026, 11, 27, 10, 0) == datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)  # Friday → Monday
    assert deadline(2026, 11, 28, 15, 0) == datetime(2026, 12, 1, 0, 0, tzinfo=BERLIN)  # Saturday → end of Monday


def test_public_holidays_of_the_entitys_state_do_not_count():
    # 8 March 2027 (Monday) is Women's Day, a holiday in Berlin only.
    assert deadline(2027, 3, 5, 12, 0) == datetime(2027, 3, 9, 12, 0, tzinfo=BERLIN)
    munich = add_working_hours(
        datetime(2027, 3, 5, 12, 0, tzinfo=BERLIN), 24, country="DE", subdivision="BY", tz="Europe/Berlin"
    )
    assert munich == datetime(2027, 3, 8, 12, 0, tzinfo=BERLIN)


def test_christmas_and_new_year():
    assert deadline(2026, 12, 24, 10, 0) == datetime(2026, 12, 28, 10, 0, tzinfo=BERLIN)


def test_austrian_holidays():
    vienna = ZoneInfo("Europe/Vienna")
    assert not is_working_day(datetime(2026, 12, 8).date(), country="AT", subdivision="9")  # Immaculate Conception
    result = add_working_hours(
        datetime(2026, 12, 7, 8, 0, tzinfo=vienna), 24, country="AT", subdivision="9", tz="Europe/Vienna"
    )
    assert result == datetime(2026, 12, 9, 8, 0, tzinfo=vienna)
