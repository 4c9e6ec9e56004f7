"""From an active order to a paid invoice in headless Chromium, with time travel; each page checked with axe.

The scheduled commands run as if it were a given day: the draft appears 7 days before the planned
invoice date, the member asks for a change, staff edit and release the draft, it is issued and
e-mailed on its date, a bank statement pays it and the order is completed after its service period.
The planned invoice date lies in the recent past, so that the payment booked today comes after it,
as it would in real life.
"""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from portal.core.models import OutboundEmail
from portal.invoicing.models import Invoice, InvoiceStatus, Payment
from portal.invoicing.tests.factories import DESIGN, active_order, client_in
from portal.orders.models import OrderStatus
from tests.browser.test_journeys import Check, at, either, log_in, open_more

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Corporate Design Workshop"
CHANGE_REQUEST = "Bitte 4 statt 3 Tage"
PAYER_IBAN = "DE89370400440532013000"


# --- helpers -------------------------------------------------------------------------------------


def statements_link(page: Page) -> Locator:
    """The back office's main navigation link to the bank statements (by its target: its wording is new)."""
    return page.locator('#portal-nav a.nav-link[href="/backoffice/bank-statements/"]')


def confirm_next_dialog(page: Page) -> list[str]:
    """The next window.confirm (``data-confirm``) is answered with OK; returns the list its message lands in."""
    messages: list[str] = []

    def accept(dialog) -> None:
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return messages


def run_invoice_schedule(today: date) -> None:
    call_command("process_invoices", today=today)


def expect_invoice_status(page: Page, german: str, english: str) -> None:
    expect(page.get_by_test_id("invoice-status")).to_contain_text(either(german, english))


def money(amount: str) -> re.Pattern:
    """An amount as the pages show it, e.g. ``3200.00`` → “3.200,00 EUR” (or “3,200.00 EUR” in English)."""
    whole, cents = amount.split(".")
    grouped = f"{int(whole):,}"
    return re.compile(rf"{re.escape(grouped.replace(',', '.'))},{cents}\s*EUR|{re.escape(grouped)}\.{cents}\s*EUR")


def open_member_invoices(page: Page, check: Check) -> None:
    page.locator("#portal-nav").get_by_role("link", name=either("Rechnungen", "Invoices")).click()
    expect(page).to_have_url(at("/invoices/"))
    check(page)


def open_staff_invoice(page: Page, invoice: Invoice, check: Check) -> None:
    """Staff: main navigation “Rechnungen”, then the invoice's row."""
    page.locator("#portal-nav").get_by_role("link", name=either("Rechnungen", "Invoices")).click()
    expect(page).to_have_url(at("/backoffice/invoices/"))
    check(page)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(at(f"/backoffice/invoices/{invoice.pk}/"))
    check(page)


def bank_statement_csv(path, *, booked_on: date, amount: str, reference: str) -> None:
    """A statement as German online banking exports it: semicolons, German dates and amounts."""
    path.write_text(
        "Buchungstag;Betrag;Verwendungszweck;Name;IBAN\n"
        f"{booked_on:%d.%m.%Y};{amount};{reference};Kunde GmbH;{PAYER_IBAN}\n",
        encoding="utf-8",
    )


# --- test ----------------------------------------------------------------------------------------


def test_from_order_to_paid_invoice(new_page, live_server, member, staff, entities, assert_accessible, tmp_path):
    planned_date = timezone.localdate() + timedelta(days=10)
    client = client_in("DE")
    order = active_order(
        member,
        entities["SC"],
        client,
        [DESIGN],  # 3 days of 800,00 EUR at 19 %
        title=TITLE,
        service_start=planned_date - timedelta(days=30),
        service_end=planned_date,
    )
    order.planned_invoices.update(date=planned_date)

    # 1. Eight days before the planned date nothing happens; seven days before, the draft appears.
    run_invoice_schedule(planned_date - timedelta(days=8))
    assert not Invoice.objects.exists()
    assert not OutboundEmail.objects.filter(template="invoice_draft").exists()

    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    open_member_invoices(page, assert_accessible)
    expect(page.locator("main .empty-state")).to_contain_text(either("Noch keine Rechnungen.", "No invoices yet."))

    run_invoice_schedule(planned_date - timedelta(days=7))
    invoice = Invoice.objects.get(order=order)
    assert (invoice.status, invoice.planned_date, invoice.number) == (InvoiceStatus.DRAFT, planned_date, "")
    drafted = OutboundEmail.objects.filter(template="invoice_draft")
    assert list(drafted.values_list("recipient", flat=True)) == [member.email]

    page.reload()
    expect(page.locator("main .empty-state")).to_have_count(0)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text(either("Entwurf", "Draft"))
    expect(row).to_contain_text(money("2856.00"))
    assert_accessible(page)

    # 2. The member checks the draft (its PDF preview is on the page) and asks for a change.
    row.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(at(f"/invoices/{invoice.pk}/"))
    expect_invoice_status(page, "Entwurf", "Draft")
    preview = page.locator(f'iframe.pdf-preview[src="/invoices/{invoice.pk}/invoice.pdf"]')
    expect(preview).to_be_attached()
    expect(preview).to_have_attribute("title", either("Rechnungsdokument", "Invoice document"))
    draft_pdf = page.request.get(f"{live_server.url}/invoices/{invoice.pk}/invoice.pdf")
    assert draft_pdf.status == 200
    assert draft_pdf.headers["content-type"] == "application/pdf"
    assert draft_pdf.body().startswith(b"%PDF")
    assert_accessible(page)

    page.get_by_label(either("Was soll das Smart-Team ändern?", "What should the Smart team change?")).fill(
        CHANGE_REQUEST
    )
    page.get_by_role("button", name=either("Änderungen anfragen", "Request changes")).click()
    expect(page).to_have_url(at(f"/invoices/{invoice.pk}/"))
    expect_invoice_status(page, "Änderung angefragt", "Awaiting update")
    assert_accessible(page)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.AWAITING_UPDATE

    # 3. Staff find the request on their home page, lower the quantity and release the draft.
    office = new_page()
    log_in(office, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    expect(office.get_by_test_id("invoice-count")).to_have_text("1")
    awaiting_panel = office.locator("section", has=office.get_by_test_id("invoice-count"))
    expect(awaiting_panel.get_by_role("link", name=TITLE, exact=True)).to_be_visible()

    open_staff_invoice(office, invoice, assert_accessible)
    expect_invoice_status(office, "Änderung angefragt", "Awaiting update")
    expect(office.get_by_test_id("change-request")).to_contain_text(CHANGE_REQUEST)
    expect(office.get_by_test_id("change-request")).to_contain_text("Anna Schmidt")

    office.get_by_role("link", name=either("Texte und Positionen bearbeiten", "Edit texts and lines")).click()
    expect(office).to_have_url(at(f"/backoffice/invoices/{invoice.pk}/edit/"))
    assert_accessible(office)
    line = office.get_by_test_id("line-row").first
    expect(line.get_by_label(either("Beschreibung", "Description"))).to_have_value("Designtag")
    line.get_by_label(either("Menge", "Quantity")).fill("2")
    office.get_by_role("button", name=either("Speichern und freigeben", "Save and release")).click()

    expect(office).to_have_url(at(f"/backoffice/invoices/{invoice.pk}/"))
    expect_invoice_status(office, "Entwurf", "Draft")
    expect(office.get_by_test_id("change-request")).to_have_count(0)
    lines = office.get_by_role("region", name=either("Positionen", "Line items"))
    expect(lines).to_contain_text(money("1600.00"))
    expect(lines).to_contain_text(money("304.00"))
    expect(lines).to_contain_text(money("1904.00"))
    assert_accessible(office)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.DRAFT
    assert (str(invoice.net_total), str(invoice.gross_total)) == ("1600.00", "1904.00")
    assert [str(quantity) for quantity in invoice.lines.values_list("quantity", flat=True)] == ["2.000"]

    # 4. The day before its date the draft waits; on its date it is issued with the first number of the year.
    run_invoice_schedule(planned_date - timedelta(days=1))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number) == (InvoiceStatus.DRAFT, "")

    run_invoice_schedule(planned_date)
    invoice.refresh_from_db()
    number = f"SC-{planned_date.year}-00001"
    assert (invoice.status, invoice.number, invoice.issue_date) == (InvoiceStatus.ISSUED, number, planned_date)

    page.reload()
    expect_invoice_status(page, "Gestellt", "Issued")
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    assert_accessible(page)
    pdf_href = page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
    xml_href = page.get_by_role("link", name=either("E-Rechnung (XML)", "E-invoice (XML)")).get_attribute("href")
    pdf = page.request.get(live_server.url + pdf_href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    xml = page.request.get(live_server.url + xml_href)
    assert xml.status == 200
    assert xml.headers["content-type"] == "application/xml"
    assert number.encode() in xml.body()

    # 5. The invoice went to the client's invoice address with the PDF attached; staff see it in the outbox.
    issued_mail = OutboundEmail.objects.get(template="invoice_issued", recipient=client.invoice_email)
    assert issued_mail.attachments == [[invoice.pdf.name, f"{number}.pdf", "application/pdf"]]
    with default_storage.open(issued_mail.attachments[0][0], "rb") as attached:
        assert attached.read().startswith(b"%PDF")
    sent = [message for message in mail.outbox if message.to == [client.invoice_email]]
    assert len(sent) == 1
    assert [(name, kind) for name, _content, kind in sent[0].attachments] == [(f"{number}.pdf", "application/pdf")]
    assert sent[0].attachments[0][1].startswith(b"%PDF")

    open_more(office)
    office.locator("#portal-nav").get_by_role("link", name=either("E-Mails", "E-mails")).click()
    expect(office).to_have_url(at("/backoffice/emails/"))
    assert_accessible(office)
    mail_row = office.get_by_role("row").filter(has_text=client.invoice_email)
    expect(mail_row).to_have_count(1)
    mail_row.get_by_role("link", name=issued_mail.subject, exact=True).click()
    expect(office).to_have_url(at(f"/backoffice/emails/{issued_mail.pk}/"))
    expect(office.get_by_role("heading", level=1)).to_have_text(issued_mail.subject)
    expect(office.locator("main")).to_contain_text(client.invoice_email)
    expect(office.locator("main")).to_contain_text(number)
    expect(office.get_by_test_id("email-attachments")).to_have_text(f"{number}.pdf")
    assert_accessible(office)

    # 6. Payment: staff import the bank statement, check the match and book it.
    booked_on = timezone.localdate()
    statement = tmp_path / "umsaetze.csv"
    bank_statement_csv(statement, booked_on=booked_on, amount="1.904,00", reference=f"Rechnung {number}")

    statements_link(office).click()
    expect(office).to_have_url(at("/backoffice/bank-statements/"))
    expect(office.locator("main .empty-state")).to_be_visible()
    assert_accessible(office)
    upload = office.locator("form:has(input[type=file])")
    upload.locator("input[type=file]").set_input_files(statement)
    upload.locator("[type=submit]").click()

    expect(office).to_have_url(re.compile(r"/backoffice/bank-statements/\d+/$"))
    expect(office.get_by_role("heading", level=1)).to_have_text("umsaetze.csv")
    line = office.get_by_test_id("statement-line")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Kunde GmbH")
    expect(line).to_contain_text(PAYER_IBAN)
    expect(line).to_contain_text(f"Rechnung {number}")
    expect(line).to_contain_text(money("1904.00"))
    expect(line.get_by_role("link", name=number, exact=True)).to_have_attribute(
        "href", f"/backoffice/invoices/{invoice.pk}/"
    )
    expect(line.locator("[data-status=matched]")).to_be_visible()
    expect(line.get_by_role("checkbox")).to_be_checked()
    expect(line.get_by_test_id("overpayment")).to_have_count(0)
    assert_accessible(office)

    confirmation = confirm_next_dialog(office)
    office.locator("#book-form").get_by_role("button").click()
    expect(line.locator("[data-status=booked]")).to_be_visible()
    assert len(confirmation) == 1 and confirmation[0]
    expect(line.get_by_role("checkbox")).to_have_count(0)
    expect(office.locator("#book-form")).to_have_count(0)
    assert_accessible(office)

    invoice.refresh_from_db()
    assert (invoice.status, str(invoice.paid_amount), invoice.paid_at) == (InvoiceStatus.PAID, "1904.00", booked_on)
    payment = invoice.payments.get()
    assert (payment.source, payment.received_on, payment.recorded_by) == (
        Payment.Source.BANK_IMPORT,
        booked_on,
        staff,
    )

    # The statement is listed with its booked payment; the invoice is paid for staff and the member.
    office.get_by_role("navigation", name=either("Brotkrümelnavigation", "Breadcrumb")).get_by_role("link").click()
    expect(office).to_have_url(at("/backoffice/bank-statements/"))
    statement_row = office.get_by_role("row").filter(has=office.get_by_role("link", name="umsaetze.csv"))
    expect(statement_row.get_by_test_id("statement-counts").locator("[data-status=booked]")).to_be_visible()
    assert_accessible(office)

    open_staff_invoice(office, invoice, assert_accessible)
    expect_invoice_status(office, "Bezahlt", "Paid")
    expect(office.get_by_test_id("outstanding")).to_have_text(money("0.00"))
    expect(office.get_by_role("region", name=either("Zahlungen", "Payments"))).to_contain_text(money("1904.00"))

    page.reload()
    expect_invoice_status(page, "Bezahlt", "Paid")
    expect(page.get_by_test_id("outstanding")).to_have_text(money("0.00"))
    assert_accessible(page)

    # 7. After the service period the order is completed.
    call_command("process_orders", today=order.service_end)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    call_command("process_orders", today=order.service_end + timedelta(days=1))
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED

    page.goto(f"{live_server.url}/invoices/{invoice.pk}/")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(at(f"/orders/{order.pk}/"))
    expect(page.get_by_test_id("order-status")).to_contain_text(either("Abgeschlossen", "Completed"))
    assert_accessible(page)
