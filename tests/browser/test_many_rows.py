"""Forms for many rows in headless Chromium: rows are added and removed in the page, the server
validates and stores exactly the rows shown; the order form fills in the chosen client's contact
person; every form state is checked with axe at desktop and phone width."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.customers.models import Client, ContactPerson
from portal.orders.models import Order
from tests.browser.test_journeys import at, either, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
ADD_LINE = either("Position hinzufügen", "Add line")
ADD_PLANNED = either("Geplante Rechnung hinzufügen", "Add planned invoice")
ADD_CONTACT = either("Ansprechperson hinzufügen", "Add contact person")


@pytest.fixture
def own_client(member) -> Client:
    client = Client.objects.create(
        name="Atelier Nordlicht GmbH",
        street="Lindenstraße 5",
        postal_code="10969",
        city="Berlin",
        invoice_email="buchhaltung@nordlicht.example",
        created_by=member,
    )
    ContactPerson.objects.create(client=client, name="Petra Kunde", email="petra@nordlicht.example")
    ContactPerson.objects.create(client=client, name="Max Muster", email="max@nordlicht.example")
    return client


def fill_line(page: Page, index: int, description: str, quantity: str, price: str) -> None:
    page.locator(f"input[name=lines-{index}-description]").fill(description)
    page.locator(f"input[name=lines-{index}-quantity]").fill(quantity)
    page.locator(f"select[name=lines-{index}-unit]").select_option("DAY")
    page.locator(f"input[name=lines-{index}-unit_price]").fill(price)
    page.locator(f"select[name=lines-{index}-vat_rate]").select_option("19.00")


def choose_client(page: Page, client: Client) -> None:
    page.locator("#client-search").fill("Nordlicht")
    match = page.locator(f"#client-results li[data-client-id='{client.pk}']")
    expect(match).to_be_visible()
    match.click()
    expect(page.locator("input[name=client]")).to_have_value(str(client.pk))
    expect(page.locator("#contact-choice")).to_be_visible()  # the client's contact persons have arrived


def test_order_with_lines_and_planned_invoices_added_in_place(
    page: Page, live_server, member, own_client, assert_accessible
):
    today = timezone.localdate()
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/orders/new/")
    expect(page.get_by_test_id("required-legend").first).to_contain_text(either("Entwurf", "draft"))
    expect(page.locator("#contact-choice-box")).to_be_hidden()  # no client yet
    assert_accessible(page)

    # Choosing the client fills in its first contact person and offers the others.
    choose_client(page, own_client)
    expect(page.locator("input[name=contact_name]")).to_have_value("Petra Kunde")
    expect(page.locator("input[name=contact_email]")).to_have_value("petra@nordlicht.example")
    contact_choice = page.locator("#contact-choice")
    expect(contact_choice).to_be_visible()
    expect(contact_choice.locator("option")).to_have_count(3)
    contact_choice.select_option(label="Max Muster · max@nordlicht.example")
    expect(page.locator("input[name=contact_name]")).to_have_value("Max Muster")
    expect(page.locator("input[name=contact_email]")).to_have_value("max@nordlicht.example")
    assert_accessible(page)

    page.locator("input[name=title]").fill("Corporate Design")
    page.locator("textarea[name=description]").fill("Logo und Geschäftsausstattung")

    # Three lines: the empty one on the page and two added, one of them from the keyboard.
    lines = page.get_by_test_id("line-row")
    expect(lines).to_have_count(1)
    fill_line(page, 0, "Konzept", "2", "400.00")
    page.get_by_role("button", name=ADD_LINE).click()
    expect(page.locator("input[name=lines-1-description]")).to_be_focused()
    fill_line(page, 1, "Gestaltung", "3", "500.00")
    page.get_by_role("button", name=ADD_LINE).focus()
    page.keyboard.press("Enter")
    expect(page.locator("input[name=lines-2-description]")).to_be_focused()
    fill_line(page, 2, "Reinzeichnung", "1", "300.00")
    expect(lines).to_have_count(3)
    expect(page.locator("input[name=lines-TOTAL_FORMS]")).to_have_value("3")
    live_totals = page.get_by_test_id("live-totals")
    expect(live_totals).to_contain_text(re.compile(r"2\.600,00|2,600\.00"))
    assert_accessible(page)

    # Removing the middle line: the last one moves up and the totals follow.
    lines.nth(1).get_by_role("button", name=re.compile("Entfernen|Remove")).click()
    expect(lines).to_have_count(2)
    expect(page.locator("input[name=lines-TOTAL_FORMS]")).to_have_value("2")
    expect(page.locator("input[name=lines-1-description]")).to_have_value("Reinzeichnung")
    expect(live_totals).to_contain_text(re.compile(r"1\.100,00|1,100\.00"))

    # Two planned invoices.
    page.locator("input[name=planned-0-date]").fill((today + timedelta(days=30)).isoformat())
    page.locator("input[name=planned-0-amount]").fill("500.00")
    page.get_by_role("button", name=ADD_PLANNED).click()
    expect(page.locator("input[name=planned-1-date]")).to_be_focused()
    page.locator("input[name=planned-1-date]").fill((today + timedelta(days=60)).isoformat())
    page.locator("input[name=planned-1-amount]").fill("600.00")
    expect(page.get_by_test_id("planned-row")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("button", name=either("Entwurf speichern", "Save draft")).click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    order = Order.objects.get()
    assert list(order.lines.values_list("description", flat=True)) == ["Konzept", "Reinzeichnung"]
    assert sorted(order.planned_invoices.values_list("amount", flat=True)) == [Decimal("500.00"), Decimal("600.00")]
    assert (order.client, order.contact_name, order.contact_email) == (
        own_client,
        "Max Muster",
        "max@nordlicht.example",
    )
    for text in ("Konzept", "Reinzeichnung"):
        expect(page.locator("main")).to_contain_text(text)
    expect(page.locator("main")).not_to_contain_text("Gestaltung")
    assert_accessible(page)

    # Editing: a stored line is removed, a new one added; the server keeps exactly what the page shows.
    page.goto(f"{live_server.url}/orders/{order.pk}/edit/")
    expect(page.locator("#contact-choice")).to_have_value(str(own_client.contacts.get(name="Max Muster").pk))
    stored = page.get_by_test_id("line-row")
    expect(stored).to_have_count(3)  # two stored and the empty one
    stored.nth(0).get_by_role("button", name=re.compile("Entfernen|Remove")).click()
    expect(stored.nth(0)).to_be_hidden()
    expect(page.locator("input[name=lines-0-DELETE]")).to_be_checked()
    # The live totals leave the removed line out; waiting for them keeps requests in sequence.
    live_totals = page.get_by_test_id("live-totals")
    expect(live_totals).to_contain_text(re.compile(r"(?<![\d.])300,00|(?<![\d,])300\.00"))
    fill_line(page, 2, "Abstimmung", "1", "800.00")
    expect(live_totals).to_contain_text(re.compile(r"1\.100,00|1,100\.00"))
    page.get_by_role("button", name=either("Entwurf speichern", "Save draft")).click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    assert list(order.lines.values_list("description", flat=True)) == ["Reinzeichnung", "Abstimmung"]


def test_errors_keep_every_typed_row(page: Page, live_server, member, own_client, assert_accessible):
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/orders/new/")
    choose_client(page, own_client)
    fill_line(page, 0, "Konzept", "2", "400.00")
    page.get_by_role("button", name=ADD_LINE).click()
    fill_line(page, 1, "Gestaltung", "3", "500.00")
    page.locator("input[name=lines-1-quantity]").fill("")  # required in a filled-in row
    expect(page.get_by_test_id("live-totals")).to_contain_text(re.compile(r"(?<![\d.])800,00|(?<![\d,])800\.00"))
    page.get_by_role("button", name=either("Entwurf speichern", "Save draft")).click()

    expect(page).to_have_url(at("/orders/new/"))
    assert not Order.objects.exists()
    expect(page.get_by_test_id("line-row")).to_have_count(2)
    expect(page.locator("input[name=lines-1-description]")).to_have_value("Gestaltung")
    quantity = page.locator("input[name=lines-1-quantity]")
    expect(quantity).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_lines-1-quantity_error")).to_be_visible()
    expect(page.locator("#client-search")).to_have_value(own_client.name)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_order_form_is_accessible_with_added_rows(
    new_page, live_server, member, own_client, assert_accessible, viewport
):
    page = new_page(viewport) if viewport else new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/orders/new/")
    choose_client(page, own_client)
    page.get_by_role("button", name=ADD_LINE).click()
    page.get_by_role("button", name=ADD_PLANNED).click()
    assert_accessible(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_client_contacts_added_and_removed_in_place(page: Page, live_server, member, own_client, assert_accessible):
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/clients/{own_client.pk}/edit/")
    rows = page.get_by_test_id("contact-row")
    expect(rows).to_have_count(3)  # two stored and the empty one
    assert_accessible(page)
    page.locator("input[name=contacts-2-name]").fill("Lena Lang")
    page.get_by_role("button", name=ADD_CONTACT).click()
    expect(page.locator("input[name=contacts-3-name]")).to_be_focused()
    page.locator("input[name=contacts-3-name]").fill("Ole Ohm")
    petra = rows.filter(has=page.locator("input[value='Petra Kunde']"))
    petra.get_by_role("button", name=re.compile("Entfernen|Remove")).click()  # stored: marked for deletion
    expect(petra).to_be_hidden()
    assert_accessible(page)
    page.get_by_role("button", name=either("Kund*in speichern", "Save client")).click()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))
    names = set(Client.objects.get(pk=own_client.pk).contacts.values_list("name", flat=True))
    assert names == {"Max Muster", "Lena Lang", "Ole Ohm"}


def test_extra_invoice_lines_added_and_removed_in_place(page: Page, live_server, member, entities, assert_accessible):
    from portal.core.transitions import Actor
    from portal.invoicing import services
    from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for

    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    services.invoice_cancel(invoice_id=draft_for(order).pk, actor=Actor.SYSTEM)  # 2 400 EUR left to invoice
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/invoices/new/?order={order.pk}")
    rows = page.get_by_test_id("line-row")
    expect(rows).to_have_count(1)
    fill_line(page, 0, "Konzept", "1", "100.00")
    page.get_by_role("button", name=ADD_LINE).click()
    fill_line(page, 1, "Entwurf", "1", "200.00")
    page.get_by_role("button", name=ADD_LINE).click()
    fill_line(page, 2, "Satz", "1", "300.00")
    rows.nth(1).get_by_role("button", name=re.compile("Entfernen|Remove")).click()
    expect(rows).to_have_count(2)
    expect(page.locator("input[name=lines-1-description]")).to_have_value("Satz")
    assert_accessible(page)
    page.get_by_role("button", name=either("Entwurf anlegen", "Create draft")).click()
    expect(page).to_have_url(re.compile(r"/invoices/\d+/$"))
    page.wait_for_load_state("load")  # the draft's PDF preview, rendered by the server, has arrived
    invoice = order.invoices.get(planned_invoice__isnull=True)
    assert list(invoice.lines.values_list("description", flat=True)) == ["Konzept", "Satz"]
