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
