"""Membership (Beitritt, DESIGN §10) end to end in headless Chromium, in German and in English, every page
checked with axe:

1. on a phone (375 px), without an account, a person chooses the language with the switch of the page's
   footer, fills in the application for Smart eG (signing by typing the name) and confirms the address
   with the link of the e-mail; the page then shows the payment instructions (IBAN, amount, reference
   ANT-…); both e-mails are in the chosen language;
2. the Smart team (second factor, same language) finds it under "Applications", notes the payment and
   accepts;
3. the new member (whose account speaks the application's language) chooses a password through the
   e-mail's link, sees "Active" on the dashboard and, through the membership line, the membership page
   with the share and the certificate;
4. the Smart team's share register shows the entry; nothing scrolls sideways on a phone.

No German or English word is hard-coded: the test looks at data-testid attributes, URLs, ``data-status``
values, ``html[lang]``, the database, and e-mail subjects translated with gettext in the chosen language.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from portal.accounts.models import User
from portal.core.models import OutboundEmail
from portal.membership.models import ApplicationStatus, MembershipApplication, ShareEntry
from portal.membership.tests.factories import terms_for
from tests.browser.test_journeys import Check, log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["de", "en"]
APPLICANT = {
    "first_name": "Mara",
    "last_name": "Klein",
    "email": "mara@test.example",
    "street": "Hermannstraße 20",
    "postal_code": "12049",
    "city": "Berlin",
    "birth_date": "1993-04-12",
}
#: The subjects of the e-mails an applicant gets, as gettext message ids (see ``emails/*.subject.txt``).
SUBJECTS = {
    "membership_verify": "Please confirm your application to %(entity)s",
    "membership_submitted": "Your application %(reference)s: please pay your shares",
    "member_welcome": "Your account in the Smart Portal of %(entity)s",
    "membership_accepted": "Welcome: you are a member of %(entity)s",
}


def sent_to(address: str, outbox: list) -> list:
    """The e-mails delivered to ``address`` (as sent: the outbox forgets their links afterwards)."""
    return [mail for mail in outbox if address in mail.to]


def no_sideways_scrolling(page: Page) -> None:
    assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{page.url} scrolls sideways"


def speaks(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def choose_language(page: Page, language: str) -> None:
    """A visitor without an account picks the language with the switch in the page's footer."""
    page.locator(f'footer form[action="/i18n/setlang/"] button[name=language][value="{language}"]').click()
    speaks(page, language)
    expect(page.locator(f'footer button[name=language][value="{language}"]')).to_have_attribute("aria-pressed", "true")


def use_language(language: str, *users: User) -> None:
    """The users' saved language (the one their pages and e-mails speak once signed in)."""
    User.objects.filter(pk__in=[user.pk for user in users]).update(language=language)


def subject(template: str, language: str, **values: str) -> str:
    with translation.override(language):
        return gettext(SUBJECTS[template]) % values


def assert_mailed_in(language: str, application: MembershipApplication, *templates: str) -> None:
    """The applicant's e-mails ``templates`` went out once each, in ``language`` (and the other language's
    subject differs, so the translation exists)."""
    values = {"entity": application.entity.name, "reference": application.reference}
    for template in templates:
        email = OutboundEmail.objects.get(recipient=application.email, template=template)
        other = next(code for code in LANGUAGES if code != language)
        assert subject(template, language, **values) != subject(template, other, **values), template
        assert (email.language, email.subject) == (language, subject(template, language, **values)), template


def apply_online(
    page: Page, base: str, language: str, check: Check, outbox: list, *, entity: str = "SC", shares: int = 2
) -> MembershipApplication:
    """Without an account: choose the language, fill in the application (signed by typing the name),
    confirm the address through the e-mail's link; returns the submitted application."""
    page.goto(f"{base}/membership/apply/?entity={entity}")
    choose_language(page, language)
    expect(page).to_have_url(re.compile(rf"/membership/apply/\?entity={entity}$"))
    check(page)
    no_sideways_scrolling(page)
    form = page.get_by_test_id("application-form")
    for name, value in APPLICANT.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=typed_name]").fill(f"{APPLICANT['first_name']} {APPLICANT['last_name']}")
    form.locator("[name=shares]").fill(str(shares))
    form.locator("[name=statutes_accepted]").check()
    form.locator("[name=privacy_accepted]").check()
    form.locator("[type=submit]").click()
    expect(page.get_by_test_id("apply-sent")).to_be_visible()
    speaks(page, language)
    check(page)
    application = MembershipApplication.objects.get(email=APPLICANT["email"])
    assert (application.language, application.status) == (language, ApplicationStatus.UNVERIFIED)
    assert_mailed_in(language, application, "membership_verify")
    link = re.search(r"/membership/apply/confirm/\S+?/", sent_to(APPLICANT["email"], outbox)[0].body)
    assert link is not None
    page.goto(base + link[0])
    speaks(page, language)
    check(page)
    page.get_by_test_id("confirm-email").click()
    expect(page.get_by_test_id("payment-reference")).to_have_text(f"ANT-{application.pk}")
    speaks(page, language)
    check(page)
    no_sideways_scrolling(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert_mailed_in(language, application, "membership_submitted")
    return application


def accept_application(team: Page, base: str, application: MembershipApplication, check: Check) -> None:
    """The Smart team (signed in) opens the application from the queue, notes the payment and accepts."""
    team.goto(f"{base}/backoffice/membership/applications/")
    check(team)
    name = f"{application.first_name} {application.last_name}"
    team.get_by_test_id("application-list").get_by_role("link", name=name).click()
    expect(team).to_have_url(re.compile(rf"/backoffice/membership/applications/{application.pk}/$"))
    check(team)
    team.get_by_test_id("payment-form").locator("[type=submit]").click()
    team.once("dialog", lambda dialog: dialog.accept())
    accept = team.get_by_test_id("accept-form")
    expect(accept).to_be_visible()
    accept.locator("[type=submit]").click()
    expect(team.get_by_test_id("application-status").locator("[data-status=accepted]")).to_be_visible()
    check(team)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def set_first_password(page: Page, base: str, language: str, outbox: list, check: Check) -> None:
    """The new member follows the welcome e-mail's link and chooses a password."""
    reset = re.search(r"/accounts/password/reset/key/\S+?/", "".join(mail.body for mail in outbox))
    assert reset is not None
    page.goto(base + reset[0])
    expect(page.locator("input[name=password1]")).to_be_visible()
    speaks(page, language)
    check(page)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form:has(input[name=password1]) button[name=action][type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/key/done/$"))
    speaks(page, language)
    check(page)


def join_online(
    page: Page, team: Page, base: str, language: str, check: Check, outbox: list, *, shares: int = 2
) -> User:
    """The whole way in: apply (``page``, no account), the Smart team accepts (``team``, signed in), the
    new member sets a password and signs in; returns the new member, on the dashboard in ``page``."""
    application = apply_online(page, base, language, check, outbox, shares=shares)
    accept_application(team, base, application, check)
    new_member = User.objects.get(email=APPLICANT["email"])
    assert new_member.language == language  # the account speaks the application's language
    assert_mailed_in(language, application, "member_welcome", "membership_accepted")
    set_first_password(page, base, language, outbox, check)
    log_in(page, base, APPLICANT["email"], check)
    speaks(page, language)
    expect(page.get_by_test_id("membership").locator("[data-status=active]")).to_be_visible()
    return new_member


@pytest.mark.parametrize("language", LANGUAGES)
def test_apply_pay_accept_and_see_the_shares(
    language, new_page, live_server, entities, staff, mailoutbox, assert_accessible: Check
):
    use_language(language, staff)
    terms_for(entities["SC"])
    base = live_server.url
    page = new_page(PHONE)
    team = new_page()
    log_in(team, base, staff.email, assert_accessible, lands_on="/backoffice/")
    speaks(team, language)

    join_online(page, team, base, language, assert_accessible, mailoutbox, shares=2)
    page.get_by_test_id("membership-link").click()
    expect(page).to_have_url(re.compile(r"/membership/$"))
    speaks(page, language)
    expect(page.get_by_test_id("shares-SC")).to_contain_text("2")
    expect(page.get_by_test_id("certificate-SC")).to_be_visible()
    assert_accessible(page)
    no_sideways_scrolling(page)

    team.goto(f"{base}/backoffice/membership/share-register/")
    expect(team.get_by_test_id("entry-number")).to_have_text("SC-1")
    speaks(team, language)
    assert_accessible(team)
    assert ShareEntry.objects.get().member.email == APPLICANT["email"]
    application = MembershipApplication.objects.get()
    phone_team = team  # the same session on a phone (a second sign-in would reuse the one-time code)
    phone_team.set_viewport_size(PHONE)
    for path in ("applications/", "share-register/", "share-requests/", f"applications/{application.pk}/"):
        phone_team.goto(f"{base}/backoffice/membership/{path}")
        speaks(phone_team, language)
        assert_accessible(phone_team)
        no_sideways_scrolling(phone_team)
