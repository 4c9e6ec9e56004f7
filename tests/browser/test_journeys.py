"""End-to-end journeys through the portal in headless Chromium, each page checked with axe.

German translations may still be missing, so texts are matched in both languages; the language
switch itself is asserted on ``html[lang]`` and English texts.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import PASSWORD
from portal.accounts.models import MemberProfile, PersonalDataChangeRequest, Role
from portal.core.models import OutboundEmail
from tests.browser.conftest import SECOND_FACTOR_PATH, enter_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page], None]
MOBILE = {"width": 390, "height": 844}


def either(german: str, english: str) -> re.Pattern:
    """Matches a UI text in German or (while translations are missing) in English."""
    return re.compile(f"{re.escape(german)}|{re.escape(english)}")


def at(path: str) -> re.Pattern:
    """Matches a page URL by its path, whatever the live server's host and port."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def submit_login(page: Page, email: str, password: str = PASSWORD) -> None:
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").click()


def log_in(page: Page, base_url: str, email: str, check: Check, *, lands_on: str = "/dashboard/") -> None:
    page.goto(f"{base_url}/accounts/login/")
    check(page)
    submit_login(page, email)
    expect(page).to_have_url(re.compile(f"{at(lands_on).pattern}|{at(SECOND_FACTOR_PATH).pattern}"))
    enter_second_factor(page, email, check)
    expect(page).to_have_url(at(lands_on))
    check(page)


def personal_data_link(page: Page) -> Locator:
    """The main navigation's link to the personal data, in its "More" menu (found by its target: its
    wording is still in flux)."""
    return page.locator('#portal-nav a[href="/profile/"]')


def open_more(page: Page) -> None:
    """Opens the main navigation's "More" menu."""
    page.get_by_test_id("nav-more").get_by_role("button").click()


def open_user_menu(page: Page) -> None:
    page.get_by_test_id("user-menu").click()


def log_out(page: Page, check: Check) -> None:
    open_user_menu(page)
    page.get_by_role("button", name=either("Abmelden", "Sign out")).click()
    expect(page).to_have_url(at("/accounts/login/"))
    check(page)


def test_login_and_logout(page: Page, live_server, member, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)

    submit_login(page, member.email, "not-the-password")
    expect(page).to_have_url(at("/accounts/login/"))
    expect(page.locator("form:has(input[name=login]) .alert-danger")).to_be_visible()
    expect(page.locator("input[name=login]")).to_have_value(member.email)
    assert_accessible(page)

    submit_login(page, member.email)
    expect(page).to_have_url(at("/dashboard/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(either("Hallo Anna", "Hello Anna"))
    expect(page.get_by_test_id("membership")).to_contain_text(either("Aktiv", "Active"))
    assert_accessible(page)

    log_out(page, assert_accessible)
    expect(page.locator("input[name=login]")).to_be_visible()
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(at("/accounts/login/?next=/dashboard/"))
    assert_accessible(page)


def test_switch_role(new_page, live_server, member, member2, entities, assert_accessible):
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)

    role_menu = page.get_by_test_id("role-menu")
    expect(role_menu).to_contain_text(either("Mitglied (SC)", "Member (SC)"))
    expect(page.get_by_test_id("role-label")).to_have_count(0)
    role_menu.click()
    page.get_by_role("button", name=either("Mitglied (BW)", "Member (BW)")).click()

    expect(page).to_have_url(at("/dashboard/"))
    expect(role_menu).to_contain_text(either("Mitglied (BW)", "Member (BW)"))
    assert_accessible(page)

    single = new_page()
    log_in(single, live_server.url, member2.email, assert_accessible)
    expect(single.get_by_test_id("role-label")).to_contain_text(either("Mitglied (SC)", "Member (SC)"))
    expect(single.get_by_test_id("role-menu")).to_have_count(0)


def test_change_language_persists(page: Page, live_server, member, assert_accessible):
    log_in(page, live_server.url, member.email, assert_accessible)
    open_user_menu(page)
    page.get_by_role("link", name=either("Einstellungen", "Settings")).click()
    expect(page).to_have_url(at("/settings/"))
    assert_accessible(page)

    page.locator("select[name=language]").select_option("en")
    page.get_by_role("button", name=either("Sprache ändern", "Change language")).click()
    expect(page).to_have_url(at("/settings/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    expect(page.locator("select[name=language]")).to_have_value("en")
    assert_accessible(page)

    log_out(page, assert_accessible)
    submit_login(page, member.email)
    expect(page).to_have_url(at("/dashboard/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Anna")
    assert_accessible(page)
    member.refresh_from_db()
    assert member.language == "en"


def test_personal_data_change_approved_by_staff(new_page, live_server, member, staff, assert_accessible):
    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    open_more(page)
    personal_data_link(page).click()
    expect(page).to_have_url(at("/profile/"))
    assert_accessible(page)

    page.get_by_role("link", name=either("Änderung beantragen", "Request a change")).click()
    expect(page).to_have_url(at("/profile/change/"))
    expect(page.locator("input[name=first_name]")).to_have_value("Anna")
    expect(page.locator("input[name=birth_date]")).to_have_value("1990-01-31")
    assert_accessible(page)

    page.locator("input[name=street]").fill("Elbchaussee 1")
    page.locator("input[name=postal_code]").fill("20095")
    page.locator("input[name=city]").fill("Hamburg")
    page.locator("input[name=iban]").fill("DE00 1234")
    submit = page.locator("form:has(input[name=iban]) button[type=submit]")
    submit.click()

    expect(page).to_have_url(at("/profile/change/"))
    iban = page.locator("input[name=iban]")
    expect(iban).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_iban_error")).to_be_visible()
    expect(page.locator("input[name=city]")).to_have_value("Hamburg")
    expect(page.locator("input[name=street]")).to_have_value("Elbchaussee 1")
    assert_accessible(page)
    assert not PersonalDataChangeRequest.objects.exists()

    iban.fill("DE02100500000054540402")
    submit.click()
    expect(page).to_have_url(re.compile(r"/profile/requests/\d+/$"))
    expect(page.get_by_test_id("request-status")).to_have_text(either("In Prüfung", "In review"))
    assert_accessible(page)

    office = new_page()
    log_in(office, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    expect(office.get_by_test_id("pending-count")).to_have_text("1")
    office.get_by_role("link", name="Anna Schmidt").click()
    expect(office).to_have_url(re.compile(r"/backoffice/personal-data/\d+/$"))
    expect(office.get_by_test_id("request-status")).to_have_text(either("In Prüfung", "In review"))
    expect(office.get_by_role("cell", name="Hamburg")).to_be_visible()
    assert_accessible(office)

    office.once("dialog", lambda dialog: dialog.accept())
    office.get_by_role("button", name=either("Genehmigen und übernehmen", "Approve and apply")).click()
    expect(office.get_by_test_id("request-status")).to_have_text(either("Genehmigt", "Approved"))
    assert_accessible(office)

    profile = MemberProfile.objects.get(user=member)
    assert (profile.street, profile.postal_code, profile.city) == ("Elbchaussee 1", "20095", "Hamburg")
    assert OutboundEmail.objects.filter(recipient=member.email, template="personal_data_approved").exists()

    page.goto(f"{live_server.url}/profile/")
    expect(page.locator("main")).to_contain_text("Hamburg")
    expect(page.locator("main")).to_contain_text("Elbchaussee 1")
    assert_accessible(page)


def test_mobile_navigation(new_page, live_server, member, assert_accessible):
    page = new_page(viewport=MOBILE)
    log_in(page, live_server.url, member.email, assert_accessible)

    personal_data = personal_data_link(page)
    expect(personal_data).to_be_hidden()
    toggler = page.locator("button.navbar-toggler")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    open_more(page)
    expect(personal_data).to_be_visible()
    assert_accessible(page)

    label = personal_data.inner_text().strip()
    assert label
    personal_data.click()
    expect(page).to_have_url(at("/profile/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    assert_accessible(page)


def test_member_pages_fit_a_phone_screen(new_page, live_server, member, issued, assert_accessible):
    """Wide tables scroll inside their card; the page itself never scrolls sideways."""
    page = new_page(viewport=MOBILE)
    log_in(page, live_server.url, member.email, assert_accessible)
    for path in ("/dashboard/", "/orders/", "/invoices/", f"/invoices/{issued.pk}/", "/clients/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], path
