"""Choosing a client in the order form in headless Chromium: another member's client becomes one's own."""

import pytest
from playwright.sync_api import expect

from portal.customers.models import Client
from tests.browser.test_journeys import at, either, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_takes_over_another_members_client_from_the_type_ahead(
    new_page, live_server, member, member2, entities, assert_accessible
):
    shared = Client.objects.create(
        kind=Client.Kind.BUSINESS_EU_VAT,
        name="Werkstatt Süd GmbH",
        street="Südstraße 3",
        postal_code="80331",
        city="München",
        vat_id="DE136695976",
        invoice_email="geheim@werkstatt-sued.example",
        created_by=member2,
    )
    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/orders/new/")
    expect(page).to_have_url(at("/orders/new/"))

    page.locator("#client-search").fill("Werkstatt")
    match = page.locator("#client-results li[data-take-over-url]")
    expect(match).to_be_visible()
    expect(page.locator(f"#client-results li[data-client-id='{shared.pk}']")).to_have_count(0)
    assert_accessible(page)
    match.click()

    # The dialog opens with the public part filled in; the member completes the rest.
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("taken-over")).to_be_visible()
    expect(dialog.locator("input[name=new_client-name]")).to_have_value("Werkstatt Süd GmbH")
    expect(dialog.locator("input[name=new_client-street]")).to_have_value("Südstraße 3")
    expect(dialog.locator("input[name=new_client-city]")).to_have_value("München")
    expect(dialog.locator("input[name=new_client-invoice_email]")).to_have_value("")
    expect(dialog.locator("input[name=new_client-vat_id]")).to_have_value("")
    assert "geheim@" not in page.content()
    assert_accessible(page)
    dialog.locator("input[name=new_client-vat_id]").fill("DE136695976")
    dialog.locator("input[name=new_client-invoice_email]").fill("rechnung@werkstatt-sued.example")
    dialog.locator("input[name=new_client_contacts-0-name]").fill("Karl Süd")
    dialog.locator("input[name=new_client_contacts-0-email]").fill("karl@werkstatt-sued.example")
    dialog.get_by_role("button", name=either("Kund*in speichern", "Save client")).click()
    expect(dialog).to_be_hidden()

    own = Client.objects.get(name="Werkstatt Süd GmbH", created_by=member)
    assert own.pk != shared.pk and own.invoice_email == "rechnung@werkstatt-sued.example"
    expect(page.locator("input[name=client]")).to_have_value(str(own.pk))
    expect(page.locator("#client-search")).to_have_value("Werkstatt Süd GmbH")
    expect(page.locator("input[name=contact_email]")).to_have_value("karl@werkstatt-sued.example")
    shared.refresh_from_db()
    assert shared.invoice_email == "geheim@werkstatt-sued.example"

    # Next time the type-ahead offers the member's own client, chosen directly.
    page.locator("#client-search").fill("Werkstatt S")
    expect(page.locator(f"#client-results li[data-client-id='{own.pk}']")).to_be_visible()
    expect(page.locator("#client-results li[data-take-over-url]")).to_have_count(0)
