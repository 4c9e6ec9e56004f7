from datetime import date

import pytest

from portal.membership.bank import references_in
from portal.membership.rules import termination_effective_on


@pytest.mark.parametrize(
    ("notice", "months", "effective"),
    [
        (date(2026, 9, 30), 3, date(2026, 12, 31)),  # three months and a day before the year's end: this year
        (date(2026, 10, 1), 3, date(2027, 12, 31)),  # less than three months left: the next year
        (date(2026, 1, 1), 3, date(2026, 12, 31)),
        (date(2026, 6, 30), 6, date(2026, 12, 31)),
        (date(2026, 7, 1), 6, date(2027, 12, 31)),
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
        (date(2026, 3, 1), 12, date(2027, 12, 31)),
    ],
)
def test_termination_takes_effect_at_the_end_of_the_business_year_after_the_notice(notice, months, effective):
    assert termination_effective_on(notice, months) == effective


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("ANT-42 Mara Klein", {42}),
        ("Genossenschaftsanteil ant 42", {42}),
        ("ANT42", {42}),
        ("ANT-4\n2 Mara Klein", {4, 42}),  # wrapped by the bank: read joined up too
        ("PLANT-42", set()),  # a word that merely ends in ANT is no reference
        ("SC-2026-00042", set()),
        ("ANT-1 und ANT-2", {1, 2}),
    ],
)
def test_payment_references_are_read_however_payers_write_them(text, numbers):
    assert references_in(text) == numbers


@pytest.mark.django_db
def test_only_https_links_to_the_statutes(terms):
    from django.core.exceptions import ValidationError

    sc = terms["SC"]
    for link in ("javascript:alert(1)", "http://www.example.com/satzung.pdf", "https://"):
        sc.statutes_url = link
        with pytest.raises(ValidationError):
            sc.full_clean()
    sc.statutes_url = "https://www.example.com/satzung.pdf"
    sc.full_clean()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("ANTEIL-7", {7}), ("anteil 7 Anna", {7}), ("Genossenschaftsanteil 7", set()), ("ANT-7", set())],
)
def test_entry_references_are_read_however_payers_write_them(text, numbers):
    from portal.membership.bank import entry_numbers_in

    assert entry_numbers_in(text) == numbers
