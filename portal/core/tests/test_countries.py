"""Country names follow the reader's language, with correct German names where django-countries errs."""

import pytest
from django.utils import translation

from portal.core.forms import country_choices


@pytest.mark.parametrize(
    ("code", "german", "english"),
    [
        ("DE", "Deutschland", "Germany"),
        ("FO", "Färöer", "Faroe Islands"),
        ("HK", "Hongkong", "Hong Kong"),
        ("MD", "Republik Moldau", "Moldova"),
        ("MZ", "Mosambik", "Mozambique"),
        ("SR", "Suriname", "Suriname"),
        ("SZ", "Eswatini", "Eswatini"),
    ],
)
def test_country_names_in_both_languages(code, german, english):
    for language, name in (("de", german), ("en", english)):
        with translation.override(language):
            assert dict(country_choices())[code] == name


@pytest.mark.parametrize(
    ("code", "country", "fine"),
    [
        ("10115", "DE", True),
        ("1011", "DE", False),
        ("0001-01-01", "DE", False),
        ("1010", "AT", True),
        ("10115", "AT", False),
        ("8001", "CH", True),
        ("SW1A 1AA", "GB", True),
        ("75001", "FR", True),
        ("!!", "FR", False),
        ("-", "NL", False),
    ],
)
def test_postal_codes_fit_their_country(code, country, fine):
    from portal.core.validators import postal_code_problem

    assert (postal_code_problem(code, country) == "") is fine
