"""The client portal (DESIGN §9) end to end in headless Chromium, each page checked with axe:

1. the Smart team invites a contact from the client's page; the contact chooses a password through the
   link of the invitation e-mail, signs in at /client/login/ and confirms the offer waiting for them (the
   member sees the order active, confirmed "via portal"); the member shares a file with the client;
2. the contact sends a request, the member accepts it and gets an order draft prefilled from it, the
   contact sees the request accepted;
3. the contact downloads an invoice PDF;
4. every page of the portal, in German and in English, on a phone (375 px): axe-clean, no sideways
   scrolling, and the collapsed main navigation opens.

German translations are being written while these tests exist, so no German word is hard-coded: the
tests look at data-testid attributes, URLs, ``data-status`` values, the database, and texts obtained
through gettext in the page's language.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from portal.clientportal import requests as client_requests
from portal.clientportal.access import load_portal
from portal.clientportal.models import ClientRequest, ClientRequestStatus, ContactAccess, RequestType
from portal.core.models import OutboundEmail
from portal.core.tests.mailbox import delivered_text
from portal.invoicing.tests.factories import DESIGN, issued_invoice
from portal.orders.models import Order, OrderAttachment, OrderStatus
from tests.browser.test_journeys import Check, log_in
from tests.browser.test_orders import awaiting_client
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFER_TITLE = "Corporate Design Relaunch"
SHARED_FILE = "moodboard.pdf"
CONTACT_EMAIL = "lena.kunde@abc.example"
CONTACT_FIRST, CONTACT_LAST = "Lena", "Kunde"
CONTACT_NAME = f"{CONTACT_FIRST} {CONTACT_LAST}"
CONTACT_PASSWORD = "Lena-waehlt-ein-langes-Passwort-2026"
SET_PASSWORD_LINK = re.compile(r"/accounts/password/reset/key/[^\s\"'<>]+/")
REQUEST_DETAIL = re.compile(r"/client/requests/(\d+)/$")
ORDER_EDIT = re.compile(r"/orders/(\d+)/edit/$")


def at(path: str) -> re.Pattern:
    """Matches a page URL by its path, whatever the host, query and fragment (``#portal-heading``)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


def translated(text: str, language: str) -> str:
    """``text`` as the pages write it in ``language`` (German may still fall back to English)."""
    with translation.override(language):
        return gettext(text)


def expect_status(page: Page, testid: str, status: str) -> None:
    expect(page.get_by_test_id(testid).locator("[data-status]")).to_have_attribute("data-status", status)


def nav_link(page: Page, path: str):
    """The main navigation's link to ``path`` (found by its target: its wording is being translated)."""
    return page.locator(f'#portal-nav a[href="{path}"]')


def open_nav(page: Page, path: str) -> None:
    """Follows the main navigation's link to ``path``, opening the collapsed menu first on a phone."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false":
        toggler.click()
    link = nav_link(page, path)
    if not link.is_visible():  # a page the role opens less often: in the "More" menu
        page.get_by_test_id("nav-more").get_by_role("button").click()
    link.click()
    expect(page).to_have_url(at(path))


def client_log_in(page: Page, base_url: str, email: str, password: str, check: Check) -> None:
    """Signs in at the client portal's own login page; a contact lands on the portal's overview."""
    page.goto(f"{base_url}/client/login/")
    check(page)
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").click()
    expect(page).to_have_url(at("/client/"))
    check(page)


def set_password_path(email: str) -> str:
    """The set-password link of the newest invitation e-mail to ``email`` (as delivered)."""
    invitation = (
        OutboundEmail.objects.filter(template="client_invitation", recipient=email)
        .order_by("-created_at", "-pk")
        .first()
    )
    assert invitation is not None, f"no invitation e-mail to {email}"
    match = SET_PASSWORD_LINK.search(delivered_text(invitation))
    assert match, delivered_text(invitation)
    return match.group(0)


def attach(order: Order, name: str, uploaded_by) -> OrderAttachment:
    """A file on the order, not shared with the client (yet)."""
    attachment = OrderAttachment(
        order=order, original_name=name, content_type="application/pdf", size=9, uploaded_by=uploaded_by
    )
    attachment.file.save(name, ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def client_business(member, staff, entities, customer):
    """``customer`` with an offer of ``member`` waiting for the client's confirmation (a file on it not
    shared yet) and an issued invoice: (offer, invoice, file)."""
    offer = awaiting_client(member, staff, entities["SC"], customer, title=OFFER_TITLE)
    invoice = issued_invoice(member, entities["SC"], customer, [DESIGN], title="Fotoreportage Sommerfest")
    return offer, invoice, attach(offer, SHARED_FILE, member)


# --- 1 to 3: invitation, confirmation, request, invoice -----------------------------------------------------


def test_invited_contact_confirms_requests_and_downloads(
    new_page, live_server, member, staff, customer, client_business, assert_accessible
):
    base = live_server.url
    offer, invoice, file = client_business

    # The Smart team invites a new contact from the client's page.
    office = new_page()
    log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
    open_nav(office, "/backoffice/clients/")
    office.locator("main").get_by_role("link", name=customer.name, exact=True).click()
    expect(office).to_have_url(at(f"/backoffice/clients/{customer.pk}/"))
    assert_accessible(office)
    invite = office.get_by_test_id("portal-invite-form")
    invite.locator("input[name=email]").fill(CONTACT_EMAIL)
    invite.locator("input[name=first_name]").fill(CONTACT_FIRST)
    invite.locator("input[name=last_name]").fill(CONTACT_LAST)
    for permission in ("may_confirm", "may_request", "may_see_invoices"):
        expect(invite.locator(f"input[name={permission}]")).to_be_checked()
    invite.locator("[type=submit]").click()
    expect(office).to_have_url(at(f"/backoffice/clients/{customer.pk}/"))
    expect(office.get_by_test_id("portal-access").filter(has_text=CONTACT_EMAIL)).to_be_visible()
    assert_accessible(office)
    access = ContactAccess.objects.get(user__email=CONTACT_EMAIL, client=customer)
    assert (access.active, access.may_confirm, access.may_request, access.may_see_invoices) == (True,) * 4
    assert not access.user.has_usable_password()

    # The contact follows the link of the invitation e-mail in their own browser and chooses a password.
    contact = new_page()
    contact.goto(base + set_password_path(CONTACT_EMAIL))
    expect(contact.locator("input[name=password1]")).to_be_visible()
    assert_accessible(contact)
    contact.locator("input[name=password1]").fill(CONTACT_PASSWORD)
    contact.locator("input[name=password2]").fill(CONTACT_PASSWORD)
    contact.locator("form:has(input[name=password1]) button[name=action][type=submit]").click()
    expect(contact).to_have_url(at("/accounts/password/reset/key/done/"))
    assert_accessible(contact)
    access.user.refresh_from_db()
    assert access.user.has_usable_password()

    # Signed in to the portal, the overview shows the offer waiting; the contact confirms it.
    client_log_in(contact, base, CONTACT_EMAIL, CONTACT_PASSWORD, assert_accessible)
    awaiting = contact.get_by_test_id("awaiting")
    expect(awaiting).to_contain_text(OFFER_TITLE)
    awaiting.get_by_role("link", name=OFFER_TITLE, exact=True).click()
    expect(contact).to_have_url(at(f"/client/orders/{offer.pk}/"))
    expect_status(contact, "order-status", OrderStatus.CLIENT_CONFIRMATION)
    assert_accessible(contact)
    contact.locator("#confirm-name").fill(CONTACT_NAME)
    contact.locator("form:has(input[name=action][value=confirm]) [type=submit]").click()
    expect(contact).to_have_url(at(f"/client/orders/{offer.pk}/"))
    expect_status(contact, "order-status", OrderStatus.ACTIVE)
    expect(contact.locator("main .alert-success")).to_be_visible()
    assert_accessible(contact)

    offer.refresh_from_db()
    assert offer.status == OrderStatus.ACTIVE
    assert (offer.confirmed_via, offer.confirmed_by_name) == ("portal", CONTACT_NAME)
    assert offer.confirmed_at and offer.confirmed_ip

    # The member sees the order active, with the payment guarantee of the confirmation in the portal,
    # and shares the file on it with the client.
    page = new_page()
    log_in(page, base, member.email, assert_accessible)
    page.goto(f"{base}/orders/{offer.pk}/")
    expect_status(page, "order-status", OrderStatus.ACTIVE)
    guarantee = page.get_by_test_id("payment-guarantee")
    expect(guarantee).to_contain_text(translated("via portal", member.language))
    expect(guarantee).to_contain_text(CONTACT_NAME)
    assert_accessible(page)
    expect(page.get_by_test_id("shared-badge")).to_have_count(0)
    page.locator(f'form[action="/orders/{offer.pk}/files/{file.pk}/share/"] [type=submit]').click()
    expect(page.get_by_test_id("shared-badge")).to_be_visible()
    assert_accessible(page)
    file.refresh_from_db()
    assert file.shared_with_client

    open_nav(contact, "/client/documents/")
    documents = contact.get_by_test_id("documents")
    expect(documents).to_contain_text(SHARED_FILE)
    expect(documents).to_contain_text(invoice.number)
    assert_accessible(contact)

    # The contact sends a request to the member.
    today = timezone.localdate()
    start, end = today + timedelta(days=21), today + timedelta(days=25)
    title, description = "Messestand Frühjahrsmesse", "Gestaltung und Aufbau eines Messestands, 12 m²"
    open_nav(contact, "/client/requests/")
    assert_accessible(contact)
    contact.locator('main a[href="/client/requests/new/"]').first.click()
    expect(contact).to_have_url(at("/client/requests/new/"))
    assert_accessible(contact)
    form = contact.locator("main form[method=post]")
    form.locator("select[name=kind]").select_option(RequestType.QUOTE.value)
    form.locator("select[name=member]").select_option(str(member.pk))
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill(description)
    form.locator("input[name=desired_start]").fill(start.isoformat())
    form.locator("input[name=desired_end]").fill(end.isoformat())
    form.locator("[type=submit]").click()
    expect(contact).to_have_url(REQUEST_DETAIL)
    expect_status(contact, "request-status", ClientRequestStatus.SUBMITTED)
    assert_accessible(contact)
    sent = ClientRequest.objects.get(pk=int(REQUEST_DETAIL.search(contact.url).group(1)))
    assert (sent.client, sent.member, sent.contact, sent.kind) == (customer, member, access.user, RequestType.QUOTE)
    assert (sent.title, sent.description, sent.desired_start, sent.desired_end) == (title, description, start, end)
    assert OutboundEmail.objects.filter(template="client_request_received", recipient=member.email).exists()

    # The member finds it under "Requests" and accepts it: an order draft prefilled from the request.
    open_nav(page, "/requests/")
    row = page.get_by_test_id("client-requests").locator("tbody tr", has_text=title)
    expect(row.locator("[data-status]")).to_have_attribute("data-status", ClientRequestStatus.SUBMITTED)
    assert_accessible(page)
    row.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(at(f"/requests/{sent.pk}/"))
    assert_accessible(page)
    page.get_by_test_id("accept-request").click()
    expect(page).to_have_url(ORDER_EDIT)
    expect(page.locator("input[name=title]")).to_have_value(title)
    expect(page.locator("textarea[name=description]")).to_have_value(description)
    assert_accessible(page)
    sent.refresh_from_db()
    draft = Order.objects.get(pk=int(ORDER_EDIT.search(page.url).group(1)))
    assert sent.status == ClientRequestStatus.ACCEPTED and sent.order == draft
    assert (draft.status, draft.client, draft.member) == (OrderStatus.DRAFT, customer, member)
    assert (draft.service_start, draft.service_end, draft.contact_email) == (start, end, CONTACT_EMAIL)

    # The contact sees the request accepted.
    contact.reload()
    expect_status(contact, "request-status", ClientRequestStatus.ACCEPTED)
    expect(contact.get_by_test_id("request-answer")).to_be_visible()
    assert_accessible(contact)

    # The contact downloads the invoice as PDF.
    open_nav(contact, "/client/invoices/")
    assert_accessible(contact)
    contact.locator("main").get_by_role("link", name=invoice.number, exact=True).click()
    expect(contact).to_have_url(at(f"/client/invoices/{invoice.pk}/"))
    assert_accessible(contact)
    with contact.expect_download() as info:
        contact.get_by_test_id("invoice-pdf").click()
    download = info.value
    assert download.suggested_filename == f"{invoice.number}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")


# --- 4: every page, German and English, on a phone ---------------------------------------------------------


@pytest.fixture
def portal_pages(member, staff, entities, customer, client_contact):
    """Something on every page of ``client_contact``'s portal: an offer waiting, an invoice, a shared file
    and a request. Returns the portal's paths, the login page aside."""
    offer = awaiting_client(member, staff, entities["SC"], customer, title=OFFER_TITLE)
    invoice = issued_invoice(member, entities["SC"], customer, [DESIGN])
    OrderAttachment.objects.filter(pk=attach(offer, SHARED_FILE, member).pk).update(shared_with_client=True)
    today = timezone.localdate()
    sent = client_requests.request_submit(
        portal=load_portal(user=client_contact, client=customer),
        contact=client_contact,
        data=client_requests.RequestData(
            member_id=member.pk,
            kind=RequestType.BOOKING,
            title="Workshop für das Führungsteam mit einem recht langen Titel, der umbrechen muss",
            description="Zwei Tage im März",
            desired_start=today + timedelta(days=30),
            desired_end=today + timedelta(days=31),
            budget_idea="2500",
        ),
    )
    return [
        "/client/",
        "/client/orders/",
        f"/client/orders/{offer.pk}/",
        "/client/invoices/",
        f"/client/invoices/{invoice.pk}/",
        "/client/documents/",
        "/client/requests/",
        "/client/requests/new/",
        f"/client/requests/{sent.pk}/",
        "/client/profile/",
    ]


def fits_the_phone(page: Page, language: str, check: Check) -> None:
    """The page speaks ``language``, is axe-clean and does not scroll sideways."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page)
    assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{page.url} scrolls sideways ({language})"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


#: The contact's main navigation (every permission, every setting on): overview, orders, invoices,
#: documents, requests, company data.
PORTAL_NAV = (
    "/client/",
    "/client/orders/",
    "/client/invoices/",
    "/client/documents/",
    "/client/requests/",
    "/client/profile/",
)


def menu_opens(page: Page, path: str) -> None:
    """The collapsed main navigation opens and shows every portal link; the current page's is marked."""
    toggler = page.locator("button.navbar-toggler")
    links = page.locator("#portal-nav a.nav-link")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(links).to_have_count(len(PORTAL_NAV))
    for target in PORTAL_NAV:
        link = nav_link(page, target)
        expect(link).to_be_in_viewport()
        if target == path:
            expect(link).to_have_attribute("aria-current", "page")
        else:
            expect(link).not_to_have_attribute("aria-current", "page")


def test_every_portal_page_in_german_and_english_on_a_phone(
    new_page, live_server, client_contact, portal_pages, assert_accessible
):
    base = live_server.url
    page = new_page(PHONE)

    # The login page in German (the browser's language), then in English through the footer's switch.
    page.goto(f"{base}/client/login/")
    fits_the_phone(page, "de", assert_accessible)
    page.locator('footer button[name=language][value="en"]').click()
    expect(page).to_have_url(at("/client/login/"))
    fits_the_phone(page, "en", assert_accessible)
    expect(page.get_by_role("heading", level=1)).to_have_text(translated("Sign in to the client portal", "en"))

    # Signed in, the contact's own language (German) applies.
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(client_contact.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).to_have_url(at("/client/"))

    for language in ("de", "en"):
        if language == "en":  # the contact switches their language in the settings
            page.goto(f"{base}/settings/")
            page.locator("select[name=language]").select_option("en")
            page.locator("form:has(select[name=language]) [type=submit]").click()
            expect(page).to_have_url(at("/settings/"))
            fits_the_phone(page, "en", assert_accessible)
            client_contact.refresh_from_db()
            assert client_contact.language == "en"
        for path in portal_pages:
            page.goto(base + path)
            expect(page).to_have_url(at(path))
            fits_the_phone(page, language, assert_accessible)
            menu_opens(page, path)

    # The menu is not only shown but works: its link leads to the page.
    page.goto(f"{base}/client/")
    open_nav(page, "/client/invoices/")
    expect(page.get_by_role("heading", level=1)).to_have_text(translated("Invoices", "en"))
