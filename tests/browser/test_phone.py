"""List pages and the dashboard on a phone (375 px): axe-clean, and the first row's status and amount
are in view without scrolling sideways. The dashboard at 1 280 px shows every column of “Deine Rechnungen”."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from portal.banking import services as statements
from portal.core.transitions import Actor
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event
from tests.browser.test_journeys import either, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
BANK_SAMPLE = Path(__file__).resolve().parents[2] / "portal/banking/tests/files/camt053_001_02.xml"
AMOUNT = re.compile(r"\d,\d\d\s*EUR")
#: Set to a directory to keep a screenshot of every page checked (for looking at the layout).
SCREENSHOTS = os.environ.get("PORTAL_SCREENSHOTS", "")

#: The page scrolls sideways if its content is wider than the window.
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def in_view(page: Page, element: Locator) -> None:
    """``element``, scrolled into view vertically, lies inside the window and inside every scrolling box
    around it: nobody has to scroll sideways to read it."""
    expect(element).to_be_visible()
    # Scroll the window only: Playwright's own scrolling would also scroll a table's box sideways.
    element.evaluate(
        "(el) => { const r = el.getBoundingClientRect(); window.scrollBy(0, r.top - (innerHeight - r.height) / 2); }"
    )
    box = element.bounding_box()
    assert box is not None
    viewport = page.viewport_size
    assert viewport is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, (box, viewport)
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 0.5, (box, viewport)
    clipped = element.evaluate(
        """(el) => {
            const box = el.getBoundingClientRect();
            for (let up = el.parentElement; up; up = up.parentElement) {
                const style = getComputedStyle(up);
                if (!/(auto|scroll|hidden)/.test(style.overflowX)) continue;
                const frame = up.getBoundingClientRect();
                if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) return up.className || up.tagName;
            }
            return "";
        }"""
    )
    assert clipped == "", f"cut off by a scrolling box ({clipped})"


def check_list(page: Page, check, url: str, *, amount: bool = True, status: bool = True) -> Locator:
    """Opens ``url``; axe-clean, no sideways scrolling, the first row's status and amount in view."""
    page.goto(url)
    check(page)
    if SCREENSHOTS:
        name = re.sub(r"\W+", "-", url.split("//", 1)[-1].split("/", 1)[-1]).strip("-") or "home"
        width = (page.viewport_size or {}).get("width")
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{url} scrolls sideways"
    row = page.locator("main table tbody tr:has(td)").first
    if status:
        in_view(page, row.locator("[data-status]").first)
    if amount:
        in_view(page, row.get_by_text(AMOUNT).first)
    if status and amount:
        apart(row.locator("[data-status]").first, row.get_by_text(AMOUNT).first)
    return row


def apart(first: Locator, second: Locator) -> None:
    """The two elements do not overlap (e.g. a long amount running into the status beside it)."""
    a, b = first.bounding_box(), second.bounding_box()
    assert a is not None and b is not None
    overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


@pytest.fixture
def member_data(member, entities, customer):
    """Orders in several statuses, an invoice draft and clients of the member (SC)."""
    sc = entities["SC"]
    draft_for(active_order(member, sc, client_in("DE", name="Kunde XYZ mit einem recht langen Namen GmbH"), [DESIGN]))
    for title in ("Workshop Design Thinking mit Vorbereitung und Dokumentation", "Beratung"):
        order = complete_order(member, sc, customer, title=title)
        order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    return member


def test_member_pages_on_a_phone(new_page, live_server, member_data, assert_accessible):
    page: Page = new_page(PHONE)
    base = live_server.url
    log_in(page, base, member_data.email, assert_accessible)
    check_list(page, assert_accessible, f"{base}/dashboard/")
    attention = page.get_by_test_id("attention")
    expect(attention).to_contain_text(either("Rechnungsentwurf zu prüfen", "Invoice draft to review"))
    check_list(page, assert_accessible, f"{base}/orders/")
    check_list(page, assert_accessible, f"{base}/invoices/")
    row = check_list(page, assert_accessible, f"{base}/clients/", amount=False, status=False)
    in_view(page, row.get_by_role("link").first)


def test_dashboard_at_1280_px_shows_every_invoice_column(new_page, live_server, member_data, assert_accessible):
    page: Page = new_page(DESKTOP)
    log_in(page, live_server.url, member_data.email, assert_accessible)
    panel = page.get_by_test_id("dashboard-invoices")
    for column in (("Datum", "Date"), ("Kund*in", "Client"), ("Betrag netto", "Net amount"), ("Status", "Status")):
        header = panel.get_by_role("columnheader", name=either(*column))
        in_view(page, header)
    row = panel.locator("tbody tr").first
    for cell in row.locator("td").all():
        in_view(page, cell)
    expect(row).to_contain_text("Kunde XYZ")
    expect(row).to_contain_text("2.400,00 EUR")  # net; the gross would be 2.856,00 EUR


@pytest.fixture
def office_data(member_data, staff, entities, issued):
    """Everything the Smart team's lists show: orders, invoices (one issued, matched by the statement),
    clients, members, e-mails and an imported bank statement."""
    return statements.statement_import(
        entity=entities["SC"], user=staff, data=BANK_SAMPLE.read_bytes(), filename="camt053_001_02.xml"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_staff_lists(new_page, live_server, staff, customer, office_data, viewport, assert_accessible):
    page: Page = new_page(viewport)
    base = f"{live_server.url}/backoffice"
    log_in(page, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    check_list(page, assert_accessible, f"{base}/orders/")
    check_list(page, assert_accessible, f"{base}/orders/review/")
    check_list(page, assert_accessible, f"{base}/clients/{customer.pk}/")
    check_list(page, assert_accessible, f"{base}/invoices/")
    row = check_list(page, assert_accessible, f"{base}/clients/", amount=False, status=False)
    in_view(page, row.get_by_role("link").first)
    check_list(page, assert_accessible, f"{base}/members/", amount=False)
    check_list(page, assert_accessible, f"{base}/emails/", amount=False)

    # The statement review: every line's amount, status and actions in view, and the booking button.
    check_list(page, assert_accessible, f"{base}/bank-statements/", amount=False)
    check_list(page, assert_accessible, f"{base}/bank-statements/{office_data.pk}/")
    lines = page.get_by_test_id("statement-line")
    expect(lines).to_have_count(office_data.lines.count())
    for index in range(lines.count()):
        line = lines.nth(index)
        in_view(page, line.locator("[data-status]"))
        in_view(page, line.get_by_text(AMOUNT).first)
        for button in line.get_by_role("button").all():
            in_view(page, button)
    in_view(page, page.get_by_role("textbox", name=either("Rechnungsnummer", "Invoice number")).first)
    in_view(page, page.get_by_role("button", name=either("Ausgewählte Zahlungen buchen", "Book selected payments")))


def test_staff_order_page_lines_scroll_in_a_named_focusable_region(
    new_page, live_server, staff, member_data, assert_accessible
):
    page: Page = new_page(PHONE)
    log_in(page, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    page.goto(f"{live_server.url}/backoffice/orders/")
    page.get_by_role("link", name="Beratung").click()
    expect(page).to_have_url(re.compile(r"/backoffice/orders/\d+/$"))
    assert_accessible(page)
    region = page.locator('div[role="region"]', has=page.get_by_role("table"))
    expect(region).to_have_attribute("aria-label", either("Positionstabelle", "Line item table"))
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    # The table is wider than the phone: it scrolls inside its region, which keyboard users can focus
    # and scroll with the arrow keys.
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle())
