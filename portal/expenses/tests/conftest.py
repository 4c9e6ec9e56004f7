import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); pages choose their language themselves."""
    with translation.override("en"):
        yield
