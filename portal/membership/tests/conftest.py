import pytest
from django.core.cache import cache
from django.utils.translation import override

from portal.membership.tests.factories import terms_for


@pytest.fixture(autouse=True)
def _english_and_fresh_limits():
    """Messages are checked in English; the application rate limits start from zero in each test."""
    cache.clear()
    with override("en"):
        yield
    cache.clear()


@pytest.fixture
def english(member):
    """The member reads the portal in English, so the pages can be checked against English text."""
    member.language = "en"
    member.save(update_fields=["language"])
    return member


@pytest.fixture
def english_staff(staff):
    """The Smart team member reads the back office in English."""
    staff.language = "en"
    staff.save(update_fields=["language"])
    return staff


@pytest.fixture
def terms(entities):
    """Share terms of Smart eG (SC) and SMartAt (AT): 50 € a share, 1 to 10 shares, three months' notice."""
    return {code: terms_for(entities[code]) for code in ("SC", "AT")}
