"""Membership (Beitritt, DESIGN §10) end to end in headless Chromium, every page checked with axe:

1. on a phone (375 px), without an account, a person fills in the application for Smart eG (signing by
   typing the name) and confirms the address with the link of the e-mail; the page then shows the
   payment instructions (IBAN, amount, reference ANT-…);
2. the Smart team (second factor) finds it under "Applications", notes the payment and accepts;
3. the new member chooses a password through the e-mail's link, sees "Active" on the dashboard and,
   through the membership line, the membership page with the share and the certificate;
4. the Smart team's share register shows the entry; nothing scrolls sideways on a phone.

No German word is hard-coded: the test looks at data-testid attributes, URLs, ``data-status`` values and
the database.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from portal.membership.models import ApplicationStatus, MembershipApplication, ShareEntry
from portal.membership.tests.factories import terms_for
from tests.browser.test_journeys import Check, log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sent_to(address: str, outbox: list) -> list:
    """The e-mails delivered to ``address`` (as sent: the outbox forgets their links afterwards)."""
    return [mail for mail in outbox if address in mail.to]


def no_sideways_scrolling(page: Page) -> None:
    assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{page.url} scrolls sideways"


def test_apply_pay_accept_and_see_the_shares(
    new_page, live_server, entities, staff, mailoutbox, assert_accessible: Check
):
    terms_for(entities["SC"])
    base = live_server.url
    page = new_page(PHONE)
    page.goto(f"{base}/membership/apply/?entity=SC")
    assert_accessible(page)
    no_sideways_scrolling(page)
    form = page.get_by_test_id("application-form")
    for name, value in {
        "first_name": "Mara",
        "last_name": "Klein",
        "email": "mara@test.example",
        "street": "Hermannstraße 20",
        "postal_code": "12049",
        "city": "Berlin",
        "birth_date": "1993-04-12",
        "typed_name": "Mara Klein",
    }.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=shares]").fill("2")
    form.locator("[name=statutes_accepted]").check()
    form.locator("[name=privacy_accepted]").check()
    form.locator("[type=submit]").click()
    expect(page.get_by_test_id("apply-sent")).to_be_visible()
    assert_accessible(page)
    application = MembershipApplication.objects.get()
    link = re.search(r"/membership/apply/confirm/\S+?/", sent_to("mara@test.example", mailoutbox)[0].body)
    assert link is not None
    page.goto(base + link[0])
    assert_accessible(page)
    page.get_by_test_id("confirm-email").click()
    expect(page.get_by_test_id("payment-reference")).to_have_text(f"ANT-{application.pk}")
    assert_accessible(page)
    no_sideways_scrolling(page)

    team = new_page()
    log_in(team, base, staff.email, assert_accessible, lands_on="/backoffice/")
    team.goto(f"{base}/backoffice/membership/applications/")
    assert_accessible(team)
    team.get_by_test_id("application-list").get_by_role("link", name="Mara Klein").click()
    assert_accessible(team)
    team.get_by_test_id("payment-form").locator("[type=submit]").click()
    team.once("dialog", lambda dialog: dialog.accept())
    accept = team.get_by_test_id("accept-form")
    expect(accept).to_be_visible()
    accept.locator("[type=submit]").click()
    expect(team.get_by_test_id("application-status").locator("[data-status=accepted]")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    reset = re.search(r"/accounts/password/reset/key/\S+?/", "".join(mail.body for mail in mailoutbox))
    assert reset is not None
    page.goto(base + reset[0])
    expect(page.locator("input[name=password1]")).to_be_visible()
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form:has(input[name=password1]) button[name=action][type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/key/done/$"))
    log_in(page, base, "mara@test.example", assert_accessible)
    expect(page.get_by_test_id("membership").locator("[data-status=active]")).to_be_visible()
    page.get_by_test_id("membership-link").click()
    expect(page).to_have_url(re.compile(r"/membership/$"))
    expect(page.get_by_test_id("shares-SC")).to_contain_text("2")
    expect(page.get_by_test_id("certificate-SC")).to_be_visible()
    assert_accessible(page)
    no_sideways_scrolling(page)

    team.goto(f"{base}/backoffice/membership/share-register/")
    expect(team.get_by_test_id("entry-number")).to_have_text("SC-1")
    assert_accessible(team)
    assert ShareEntry.objects.get().member.email == "mara@test.example"
    phone_team = team  # the same session on a phone (a second sign-in would reuse the one-time code)
    phone_team.set_viewport_size(PHONE)
    for path in ("applications/", "share-register/", "share-requests/", f"applications/{application.pk}/"):
        phone_team.goto(f"{base}/backoffice/membership/{path}")
        assert_accessible(phone_team)
        no_sideways_scrolling(phone_team)
