"""Orders end to end in headless Chromium: member, Smart team and client, each page checked with axe.

Texts are matched in German or English (see ``test_journeys``); buttons whose wording is ambiguous
(“Ablehnen” / “Storno ablehnen”) are found by their submitted value.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.core.models import OutboundEmail
from portal.core.tests.mailbox import delivered_text
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event
from tests.browser.conftest import accept_next_dialog
from tests.browser.test_journeys import Check, at, either, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORDER_DETAIL = re.compile(r"/orders/(\d+)/$")
CLIENT_NAME = "Atelier Nordlicht GmbH"
CONFIRMER = "Petra Kunde"


# --- helpers -------------------------------------------------------------------------------------


def expect_status(page: Page, german: str, english: str) -> None:
    expect(page.get_by_test_id("order-status")).to_contain_text(either(german, english))


def order_id_from(page: Page) -> int:
    match = ORDER_DETAIL.search(page.url.split("?")[0])
    assert match, f"not an order page: {page.url}"
    return int(match.group(1))


def confirmation_path(order: Order) -> str:
    """The client's link from the newest confirmation request e-mail about ``order``."""
    email = (
        OutboundEmail.objects.filter(template="order_confirmation_request", related_id=str(order.pk))
        .order_by("-created_at", "-pk")
        .first()
    )
    assert email is not None, f"no confirmation request e-mail for order {order.pk}"
    match = re.search(r"/confirm/[^/\s]+/", delivered_text(email))
    assert match, delivered_text(email)
    return match.group(0)


def awaiting_client(member, staff, entity, client, **fields) -> Order:
    """A complete order, submitted and approved: waiting for the client's answer."""
    order = complete_order(member, entity, client, **fields)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    order.refresh_from_db()
    assert order.status == OrderStatus.CLIENT_CONFIRMATION
    return order


def active_order(member, entity, client, **fields) -> Order:
    order = complete_order(member, entity, client, **fields)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    return order


def open_member_order(page: Page, base_url: str, order: Order, check: Check) -> None:
    page.goto(f"{base_url}/orders/{order.pk}/")
    expect(page).to_have_url(at(f"/orders/{order.pk}/"))
    check(page)


def open_from_queue(page: Page, title: str, order: Order, check: Check) -> None:
    """Staff: from the queue (main navigation “Aufträge”) to the order's review page."""
    page.locator("#portal-nav").get_by_role("link", name=either("Aufträge", "Orders")).click()
    expect(page).to_have_url(at("/backoffice/orders/"))
    check(page)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(at(f"/backoffice/orders/{order.pk}/"))
    check(page)


def decide(page: Page, event: str, reason: str = "") -> None:
    """Staff: one of the decision buttons (approve / return / reject / …), confirmed in the dialog."""
    if reason:
        page.locator("textarea[name=reason]").fill(reason)
    accept_next_dialog(page)
    page.locator(f"button[name=event][value={event}]").click()


# --- tests ---------------------------------------------------------------------------------------


def test_member_creates_client_and_order_staff_approves_client_confirms(
    new_page, live_server, member, staff, entities, assert_accessible
):
    today = timezone.localdate()
    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)

    # A new order; its client is new too and is added from the order form's dialog.
    page.locator("#portal-nav").get_by_role("link", name=either("Aufträge", "Orders")).click()
    expect(page).to_have_url(at("/orders/"))
    assert_accessible(page)
    page.get_by_role("link", name=either("Neuen Auftrag hinzufügen", "Add new order")).click()
    expect(page).to_have_url(at("/orders/new/"))
    assert_accessible(page)

    page.get_by_role("button", name=either("Neue*r Kund*in", "New client")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.locator("select[name=new_client-kind]").select_option("business_vat")
    dialog.locator("input[name=new_client-name]").fill(CLIENT_NAME)
    dialog.locator("input[name=new_client-street]").fill("Lindenstraße 5")
    dialog.locator("input[name=new_client-postal_code]").fill("10969")
    dialog.locator("input[name=new_client-city]").fill("Berlin")
    dialog.locator("select[name=new_client-country]").select_option("DE")
    dialog.locator("input[name=new_client-vat_id]").fill("DE123")
    dialog.locator("input[name=new_client-invoice_email]").fill("buchhaltung@nordlicht.example")
    dialog.locator("select[name=new_client-language]").select_option("de")
    dialog.locator("input[name=new_client_contacts-0-name]").fill(CONFIRMER)
    dialog.locator("input[name=new_client_contacts-0-email]").fill("petra@nordlicht.example")
    dialog.get_by_role("button", name=either("Kund*in speichern", "Save client")).click()
    # A wrong VAT ID is explained inside the dialog; nothing typed is lost.
    expect(dialog.locator(".invalid-feedback")).to_contain_text(either("USt-IdNr.", "VAT"))
    expect(dialog.locator("input[name=new_client-name]")).to_have_value(CLIENT_NAME)
    assert_accessible(page)
    dialog.locator("input[name=new_client-vat_id]").fill("DE136695976")
    dialog.get_by_role("button", name=either("Kund*in speichern", "Save client")).click()
    expect(dialog).to_be_hidden()
    client = Client.objects.get(name=CLIENT_NAME)
    assert (client.kind, client.vat_id, client.created_by) == ("business_vat", "DE136695976", member)
    expect(page.locator("input[name=client]")).to_have_value(str(client.pk))
    expect(page.locator("#client-search")).to_have_value(CLIENT_NAME)
    expect(page.locator("input[name=contact_name]")).to_have_value(CONFIRMER)
    expect(page.locator("input[name=contact_email]")).to_have_value("petra@nordlicht.example")
    assert_accessible(page)

    # The type-ahead finds the client in the shared database as well.
    page.locator("#client-search").fill("Nordlicht")
    match = page.locator(f"#client-results li[data-client-id='{client.pk}']")
    expect(match).to_be_visible()
    assert_accessible(page)  # with the list of matches open
    match.click()
    expect(page.locator("input[name=client]")).to_have_value(str(client.pk))
    expect(page.locator("#client-search")).to_have_value(CLIENT_NAME)

    title = "Corporate Design Relaunch"
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=description]").fill("Neues Logo, Geschäftsausstattung und Styleguide")
    page.locator("input[name=activity]").fill("Grafikdesign")
    page.locator("input[name=service_start]").fill((today + timedelta(days=7)).isoformat())
    page.locator("input[name=service_end]").fill((today + timedelta(days=37)).isoformat())
    page.locator("input[name=offer_valid_until]").fill((today + timedelta(days=14)).isoformat())
    page.locator("input[name=place_of_performance]").fill("Berlin")
    page.locator("select[name=country_of_performance]").select_option("DE")
    expect(page.locator("input[name=skip_client_confirmation]")).not_to_be_checked()
    page.locator("textarea[name=special_agreement]").fill("Zwei Korrekturschleifen inklusive")
    expect(page.locator("select[name=entity]")).to_have_value(str(entities["SC"].pk))
    page.locator("input[name=lines-0-description]").fill("Designtag")
    page.locator("input[name=lines-0-quantity]").fill("3")
    page.locator("select[name=lines-0-unit]").select_option("DAY")
    page.locator("input[name=lines-0-unit_price]").fill("800.00")
    page.locator("select[name=lines-0-vat_rate]").select_option("19.00")
    # The live totals (htmx, computed by the server) follow the line; waiting also keeps requests in sequence.
    live_totals = page.get_by_test_id("live-totals")
    expect(live_totals).to_contain_text(re.compile(r"2\.400,00|2,400\.00"))
    expect(live_totals).to_contain_text(re.compile(r"2\.856,00|2,856\.00"))
    page.locator("input[name=planned-0-date]").fill((today + timedelta(days=40)).isoformat())
    page.locator("input[name=planned-0-amount]").fill("2400.00")
    page.get_by_role("button", name=either("Speichern und an Smart senden", "Save and send to Smart")).click()

    expect(page).to_have_url(ORDER_DETAIL)
    expect_status(page, "Smart Bestätigung", "Smart confirmation")
    assert_accessible(page)
    order = Order.objects.get(pk=order_id_from(page))
    assert (order.client, order.member, order.entity, order.title) == (client, member, entities["SC"], title)
    assert str(order.net_total) == "2400.00"

    # The Smart team approves: the offer goes to the client.
    office = new_page()
    log_in(office, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    open_from_queue(office, title, order, assert_accessible)
    expect_status(office, "Smart Bestätigung", "Smart confirmation")
    decide(office, "approve")
    expect_status(office, "Bestätigung durch Kund*in", "Client confirmation")
    assert_accessible(office)

    # The client opens the link from the e-mail (no account) and confirms.
    order.refresh_from_db()
    assert order.status == OrderStatus.CLIENT_CONFIRMATION
    visitor = new_page()
    visitor.goto(live_server.url + confirmation_path(order))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(title)
    expect(visitor.locator("main")).to_contain_text(CLIENT_NAME)
    expect(visitor.locator("main")).to_contain_text("Designtag")
    assert_accessible(visitor)

    pdf_link = visitor.get_by_role("link", name=either("Angebot als PDF", "Offer as PDF"))
    pdf = visitor.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    visitor.locator("input[name=name]").fill(CONFIRMER)
    visitor.get_by_role("button", name=either("Auftrag bestätigen", "Confirm order")).click()
    expect(visitor.get_by_test_id("confirmation-result")).to_contain_text(title)
    assert_accessible(visitor)

    # The member sees the order active, with the payment guarantee of the online confirmation.
    page.reload()
    expect_status(page, "Aktiv", "Active")
    expect(page.get_by_test_id("payment-guarantee")).to_contain_text(CONFIRMER)
    assert_accessible(page)

    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    assert order.confirmed_by_name == CONFIRMER
    assert order.confirmed_ip
    assert len(order.confirmed_pdf_sha256) == 64
    assert order.confirmed_pdf_sha256 == order.offer_pdf_sha256


def test_skip_confirmation_path(new_page, live_server, member, staff, entities, customer, assert_accessible):
    title = "Moderation Jahrestagung"
    order = complete_order(member, entities["SC"], customer, title=title, skip_client_confirmation=True)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)

    office = new_page()
    log_in(office, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    open_from_queue(office, title, order, assert_accessible)
    decide(office, "approve")
    expect_status(office, "Aktiv", "Active")
    assert_accessible(office)

    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    assert not OutboundEmail.objects.filter(template="order_confirmation_request").exists()
    assert not order.confirmation_links.exists()

    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    open_member_order(page, live_server.url, order, assert_accessible)
    expect_status(page, "Aktiv", "Active")
    expect(page.get_by_test_id("payment-guarantee")).to_have_text(re.compile(r"^\s*(nein|no)\s*$"))


def test_client_declines_and_requests_changes(
    new_page, live_server, member, staff, entities, customer, assert_accessible
):
    declined = awaiting_client(member, staff, entities["SC"], customer, title="Workshop Teamentwicklung")
    changed = awaiting_client(member, staff, entities["SC"], customer, title="Workshop Kommunikation")
    decline_link = live_server.url + confirmation_path(declined)
    changes_link = live_server.url + confirmation_path(changed)
    assert decline_link != changes_link

    visitor = new_page()
    visitor.goto(decline_link)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Workshop Teamentwicklung")
    assert_accessible(visitor)
    visitor.locator("#decline-reason").fill("Leider kein Budget mehr in diesem Jahr")
    accept_next_dialog(visitor)
    visitor.get_by_role("button", name=either("Angebot ablehnen", "Decline offer")).click()
    expect(visitor.get_by_test_id("confirmation-result")).to_be_visible()
    assert_accessible(visitor)

    visitor.goto(changes_link)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Workshop Kommunikation")
    assert_accessible(visitor)
    visitor.locator("#changes-reason").fill("Bitte einen halben Tag mehr einplanen")
    visitor.get_by_role("button", name=either("Änderungen anfragen", "Request changes")).click()
    expect(visitor.get_by_test_id("confirmation-result")).to_be_visible()
    assert_accessible(visitor)

    declined.refresh_from_db()
    changed.refresh_from_db()
    assert (declined.status, changed.status) == (OrderStatus.REJECTED, OrderStatus.DRAFT)
    assert not declined.confirmed_by_name and not changed.confirmed_by_name

    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    open_member_order(page, live_server.url, declined, assert_accessible)
    expect_status(page, "Abgelehnt", "Rejected")
    open_member_order(page, live_server.url, changed, assert_accessible)
    expect_status(page, "Entwurf", "Draft")

    # Each link worked once.
    for link in (decline_link, changes_link):
        visitor.goto(link)
        expect(visitor.get_by_test_id("link-problem")).to_be_visible()
        expect(visitor.locator("main form")).to_have_count(0)
        assert_accessible(visitor)


def test_cancellation_request_approved_and_denied(
    new_page, live_server, member, staff, entities, customer, assert_accessible
):
    kept = active_order(member, entities["SC"], customer, title="Fotoreportage Sommerfest")
    cancelled = active_order(member, entities["SC"], customer, title="Fotoreportage Winterball")

    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    for order, reason in ((kept, "Termin verschoben"), (cancelled, "Veranstaltung abgesagt")):
        open_member_order(page, live_server.url, order, assert_accessible)
        expect_status(page, "Aktiv", "Active")
        page.locator("textarea[name=reason]").fill(reason)
        accept_next_dialog(page)
        page.get_by_role("button", name=either("Storno beantragen", "Request cancellation")).click()
        expect(page).to_have_url(at(f"/orders/{order.pk}/"))
        expect_status(page, "Storno Bestätigung", "Cancellation review")
        assert_accessible(page)

    office = new_page()
    log_in(office, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    open_from_queue(office, kept.title, kept, assert_accessible)
    expect(office.locator("main")).to_contain_text("Termin verschoben")  # the member's reason, in the history
    decide(office, "deny_cancellation", "Der Termin kann verschoben werden, der Auftrag bleibt bestehen.")
    expect_status(office, "Aktiv", "Active")
    assert_accessible(office)

    open_from_queue(office, cancelled.title, cancelled, assert_accessible)
    decide(office, "approve_cancellation")
    expect_status(office, "Storniert", "Cancelled")
    assert_accessible(office)

    kept.refresh_from_db()
    cancelled.refresh_from_db()
    assert (kept.status, cancelled.status) == (OrderStatus.ACTIVE, OrderStatus.CANCELLED)

    open_member_order(page, live_server.url, kept, assert_accessible)
    expect_status(page, "Aktiv", "Active")
    open_member_order(page, live_server.url, cancelled, assert_accessible)
    expect_status(page, "Storniert", "Cancelled")
    expect(page.get_by_role("button", name=either("Storno beantragen", "Request cancellation"))).to_have_count(0)


def test_duplicate_rejected_order(new_page, live_server, member, entities, customer, assert_accessible):
    title = "Podcast-Produktion Staffel 2"
    rejected = complete_order(member, entities["SC"], customer, title=title)
    Order.objects.filter(pk=rejected.pk).update(status=OrderStatus.REJECTED)

    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    open_member_order(page, live_server.url, rejected, assert_accessible)
    expect_status(page, "Abgelehnt", "Rejected")
    page.get_by_role("button", name=either("Duplizieren", "Duplicate")).click()

    expect(page).to_have_url(re.compile(r"/orders/(\d+)/edit/$"))
    copy_id = int(re.search(r"/orders/(\d+)/edit/$", page.url).group(1))
    assert copy_id != rejected.pk
    expect(page.locator("input[name=title]")).to_have_value(title)
    expect(page.locator("input[name=client]")).to_have_value(str(customer.pk))
    expect(page.locator("input[name=lines-0-description]")).to_have_value("Workshoptag")
    assert_accessible(page)

    page.get_by_role("button", name=either("Entwurf speichern", "Save draft")).click()
    expect(page).to_have_url(at(f"/orders/{copy_id}/"))
    expect_status(page, "Entwurf", "Draft")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)

    page.locator("#portal-nav").get_by_role("link", name=either("Aufträge", "Orders")).click()
    expect(page).to_have_url(at("/orders/"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.get_by_role("link", name=title, exact=True)).to_have_count(2)
    assert_accessible(page)

    copy = Order.objects.get(pk=copy_id)
    assert (copy.status, copy.title, copy.client, copy.member) == (OrderStatus.DRAFT, title, customer, member)
    assert Order.objects.get(pk=rejected.pk).status == OrderStatus.REJECTED


def test_offer_expires_through_the_scheduled_command(
    new_page, live_server, member, staff, entities, customer, assert_accessible
):
    title = "Illustrationen Jahresbericht"
    valid_until = timezone.localdate() + timedelta(days=10)
    order = awaiting_client(member, staff, entities["SC"], customer, title=title, offer_valid_until=valid_until)
    first_link = live_server.url + confirmation_path(order)

    # Three days before the end the client gets a fresh link (the old one stops working), the member a reminder.
    call_command("process_orders", today=valid_until - timedelta(days=3))
    reminder_link = live_server.url + confirmation_path(order)
    assert reminder_link != first_link
    assert OutboundEmail.objects.filter(template="order_expiry_reminder", recipient=member.email).count() == 1
    visitor = new_page()
    visitor.goto(first_link)
    expect(visitor.get_by_test_id("link-problem")).to_be_visible()
    assert_accessible(visitor)
    visitor.goto(reminder_link)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(title)
    assert_accessible(visitor)

    # The last valid day passes without an answer: the order is rejected, the link shows why.
    call_command("process_orders", today=valid_until)
    order.refresh_from_db()
    assert order.status == OrderStatus.CLIENT_CONFIRMATION
    call_command("process_orders", today=valid_until + timedelta(days=1))
    call_command("process_orders", today=valid_until + timedelta(days=1))  # idempotent
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED
    expired_notices = OutboundEmail.objects.filter(template="order_event", related_id=str(order.pk)).filter(
        Q(subject__contains="abgelaufen") | Q(subject__contains="expired")
    )
    assert list(expired_notices.values_list("recipient", flat=True)) == [member.email]

    visitor.goto(reminder_link)
    expect(visitor.get_by_test_id("link-problem")).to_be_visible()
    expect(visitor.locator("main form")).to_have_count(0)
    assert_accessible(visitor)

    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    open_member_order(page, live_server.url, order, assert_accessible)
    expect_status(page, "Abgelehnt", "Rejected")
    expect(page.locator("main")).to_contain_text(either("abgelaufen", "expired"))
