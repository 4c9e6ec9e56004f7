import re
from pathlib import Path

import allauth
import polib
import pytest
from django.utils import translation

from portal.accounts.allauth_texts import ALLAUTH_TEXTS

SIE_FORM = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
ALLAUTH_CATALOG = Path(allauth.__file__).parent / "locale/de/LC_MESSAGES/django.po"


def test_the_listed_texts_are_allauths_own_message_ids():
    """A changed text in a new allauth version would silently fall back to allauth's translation."""
    allauth_ids = {entry.msgid for entry in polib.pofile(str(ALLAUTH_CATALOG))}
    assert [text for text in ALLAUTH_TEXTS if text not in allauth_ids] == []


@pytest.mark.parametrize("text", ALLAUTH_TEXTS)
def test_allauth_pages_say_du_in_german(text):
    with translation.override("de"):
        german = translation.gettext(text)
    assert german != text and not SIE_FORM.search(german)
