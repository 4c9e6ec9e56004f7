"""Fixtures for the browser tests: a headless Debian Chromium driven by Playwright, and axe checks."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from conftest import totp_code
from portal.accounts.models import User
from tests.needs import missing

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the fixtures and
# assertions are still plain synchronous code, so Django's async-safety check must be relaxed.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        missing(f"Debian chromium not installed at {CHROMIUM} (apt-get install chromium); browser tests skipped")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh browser context (own cookies, i.e. another person at another computer)."""
    contexts = []

    def open_page(viewport: dict[str, int] = DESKTOP) -> Page:
        # Reduced motion turns Bootstrap's fades off, so axe never sees a dialog half faded in.
        context = browser.new_context(locale="de-DE", viewport=viewport, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe) -> Callable[[Page], None]:
    """Checks the current page against WCAG 2.1 A/AA with axe-core."""

    def check(page: Page) -> None:
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        )
        assert results.violations_count == 0, f"axe found violations on {page.url}:\n{results.generate_report()}"

    return check


SECOND_FACTOR_PATH = "/accounts/2fa/authenticate/"


def enter_second_factor(page: Page, email: str, check: Callable[[Page], None]) -> None:
    """Types the current code of the login's authenticator app when the sign-in asks for it.

    Staff and admin personas have one (two-factor authentication is required for them, see conftest.py).
    """
    if SECOND_FACTOR_PATH not in page.url:
        return
    check(page)
    form = page.locator(f'form[action="{SECOND_FACTOR_PATH}"]')
    form.locator("input[name=code]").fill(totp_code(User.objects.get(email=email)))
    form.locator("[type=submit]").first.click()


def accept_next_dialog(page: Page) -> None:
    """The next window.confirm (forms and buttons with data-confirm) is answered with OK."""
    page.once("dialog", lambda dialog: dialog.accept())
