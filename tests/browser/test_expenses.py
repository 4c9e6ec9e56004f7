"""Expenses end to end in headless Chromium (DESIGN §7), each page checked with axe:

1. a reimbursement from two uploaded receipts, through a question of the Smart team, approval, a SEPA
   payout batch and the bank statement that shows its debit, to "paid" and the budget's debit rows;
2. a direct payment of a supplier's invoice, first with a wrong IBAN;
3. a travel-cost claim to Paris with its day-by-day allowance, paid with the salary;
4. the request list and a request page on a phone, in German and in English.

The clock stands at 20 November 2026 (ticking from there), so that the trip lies in the rate table of
2026, is over and is still within the deadline (the end of the month after the trip). time-machine
moves the clock of the whole process, so the live server and the test agree on "today"; the browser
keeps its own clock, which only matters for cookies, and those carry a Max-Age.

Texts are matched in German or English (see ``test_journeys``): German translations may still be missing.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Locator, Page, expect

from portal.accounts.models import User
from portal.banking.pain001 import validate
from portal.budget.models import EntryKind, LedgerEntry
from portal.employment.tests.factories import active_employment
from portal.expenses import services
from portal.expenses.models import ExpenseRequest, PayoutBatch, Receipt, Status
from portal.expenses.tests.factories import funded_budget, receipt
from portal.expenses.travel import StageInput, TripInput, travel_claim_save
from portal.travelrates.compute import Day
from portal.travelrates.services import rate_table_load
from portal.travelrates.tables import DATA_DIR
from tests.browser.conftest import accept_next_dialog
from tests.browser.test_budget import eur, statement_row
from tests.browser.test_journeys import Check, at, either, log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE, in_view

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BERLIN = ZoneInfo("Europe/Berlin")
#: "Now" for every test of this module (the clock ticks on from here).
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)
TODAY = NOW.date()
MEMBER_IBAN = "DE89370400440532013000"  # the member persona's account (conftest.make_member)
SUPPLIER_IBAN = "DE02120300000000202051"
DETAIL = re.compile(r"/expenses/(\d+)/$")
STAFF_DETAIL = re.compile(r"/backoffice/expenses/(\d+)/$")
BATCH = re.compile(r"/backoffice/payouts/(\d+)/$")
QUESTION = "Zu welchem Auftrag gehört die Bahnfahrt nach Hamburg?"

#: Status labels as DESIGN §7 names them: German, English.
STATUS = {
    Status.DRAFT: ("Entwurf", "Draft"),
    Status.SUBMITTED: ("In Bearbeitung", "In progress"),
    Status.NEEDS_INFO: ("Rückfrage", "More information needed"),
    Status.APPROVED: ("Bestätigt", "Approved"),
    Status.PAID: ("Ausgezahlt", "Paid"),
    PayoutBatch.Status.EXPORTED: ("Exportiert", "Exported"),
    PayoutBatch.Status.EXECUTED: ("Ausgeführt", "Executed"),
}


@pytest.fixture
def accessible(assert_accessible) -> Check:
    """Every page is checked against WCAG 2.1 A/AA with axe-core."""
    return assert_accessible


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def rate_tables(db):
    """The German rate tables of 2026. A migration loads them, but the flush after each transactional
    test (every browser test) empties the tables, so a browser test after the first one would have none."""
    for name in ("de-2026.csv", "de-rules-2025.csv"):
        rate_table_load(path=DATA_DIR / name)  # idempotent: rows already there stay as they are


# --- helpers -------------------------------------------------------------------------------------


def tiny_pdf(text: str) -> bytes:
    """A small, well-formed one-page PDF showing ``text`` (cross-reference table with true offsets)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def expect_status(where: Locator, status: str) -> None:
    """``where`` shows the status dot of ``status`` with its label (German per DESIGN, or English)."""
    dot = where.locator("[data-status]").first
    expect(dot).to_have_attribute("data-status", status)
    expect(dot).to_have_text(re.compile(rf"^\s*({either(*STATUS[status]).pattern})\s*$"))


def request_from(page: Page, pattern: re.Pattern = DETAIL) -> ExpenseRequest:
    match = pattern.search(page.url)
    assert match, f"not a request page: {page.url}"
    return ExpenseRequest.objects.get(pk=int(match.group(1)))


def nav(page: Page, german: str, english: str) -> None:
    page.locator("#portal-nav").get_by_role("link", name=either(german, english), exact=True).click()


def add_receipt(
    page: Page, check: Check, *, day: date, supplier: str, what: str, category: str, gross: str, rate: str, file
) -> None:
    """Fills and saves the form "Beleg hinzufügen" (``file``: a path or a Playwright file payload)."""
    expect(page).to_have_url(at("/expenses/receipts/new/"))
    check(page)
    page.get_by_label(either("Belegdatum", "Receipt date")).fill(day.isoformat())
    page.get_by_label(either("Lieferant", "Supplier")).fill(supplier)
    page.locator("input[name=description]").fill(what)
    page.locator("select[name=category]").select_option(category)
    page.locator("input[name=gross]").fill(gross)
    page.locator("select[name=vat_rate_1]").select_option(rate)  # VAT left empty: computed from the rate
    page.locator("input[name=file]").set_input_files(file)
    page.get_by_role("button", name=either("Beleg speichern", "Save receipt")).click()
    expect(page).to_have_url(at("/expenses/receipts/"))


def day_box(page: Page, label: tuple[str, str], day: str) -> Locator:
    """A checkbox of the travel form's day rows, by its accessible name (“Abendessen gestellt 03.11.2026”)."""
    return page.get_by_role("checkbox", name=re.compile(rf"^({either(*label).pattern}) {re.escape(day)}$"))


def decide(office: Page, check: Check, decision: str, reason: str = "") -> None:
    """Staff, on a request's page: decide with the decision form (``ask``, ``approve``, ``reject``)."""
    if reason:
        office.locator("textarea[name=reason]").fill(reason)
    accept_next_dialog(office)  # every decision is confirmed first
    office.get_by_test_id(decision).click()
    expect(office.locator(".alert-success")).to_be_visible()
    check(office)


def open_in_queue(office: Page, check: Check, title: str) -> ExpenseRequest:
    """Staff: main navigation "Auslagen", then the request's row in the queue."""
    nav(office, "Auslagen", "Expenses")
    expect(office).to_have_url(at("/backoffice/expenses/"))
    check(office)
    office.get_by_test_id("expense-queue").get_by_role("link", name=title, exact=True).click()
    expect(office).to_have_url(STAFF_DETAIL)
    check(office)
    return request_from(office, STAFF_DETAIL)


def statement_csv(path: Path, *rows: str) -> Path:
    """A statement as German online banking exports it (semicolons, German dates and amounts)."""
    path.write_text("\n".join(["Buchungstag;Name;Verwendungszweck;Betrag", *rows]) + "\n", encoding="utf-8")
    return path


def create_batch(office: Page, check: Check, expense: ExpenseRequest, payee: str, amount: Decimal) -> PayoutBatch:
    """Staff: the approved request waits on the payouts page; a batch is made of it."""
    office.goto(office.url.split("/backoffice/")[0] + "/backoffice/payouts/")
    check(office)
    row = office.get_by_test_id("payable").locator("tbody tr", has_text=expense.reference)
    expect(row).to_contain_text(payee)
    expect(row).to_contain_text(eur(amount))
    expect(row.get_by_role("checkbox")).to_be_checked()
    office.get_by_test_id("create-batch").click()
    expect(office).to_have_url(BATCH)
    batch = PayoutBatch.objects.get(pk=int(BATCH.search(office.url).group(1)))
    expect(office.get_by_role("heading", level=1)).to_have_text(batch.message_id)
    expect_status(office.get_by_test_id("batch-status"), "exported")
    check(office)
    return batch


def sepa_file(office: Page) -> bytes:
    """Downloads the batch's SEPA file as the browser does."""
    with office.expect_download() as info:
        office.get_by_test_id("sepa-download").click()
    download = info.value
    return Path(download.path()).read_bytes()


# --- 1. reimbursement ----------------------------------------------------------------------------


def test_reimbursement_from_receipts_to_paid(new_page, live_server, member, staff, entities, accessible, tmp_path):
    base = live_server.url
    budget = funded_budget(member, entities["SC"], "1000.00")

    # The member adds two receipts, one by one: German amounts, the VAT computed from the rate.
    page = new_page()
    log_in(page, base, member.email, accessible)
    nav(page, "Auslagen", "Expenses")
    expect(page).to_have_url(at("/expenses/"))
    expect(page.get_by_test_id("expense-requests")).to_have_count(0)
    accessible(page)

    office_pdf = tmp_path / "buerobedarf-meier.pdf"
    office_pdf.write_bytes(tiny_pdf("Buerobedarf Meier 119,00 EUR"))
    page.get_by_role("link", name=either("Beleg hinzufügen", "Add receipt")).click()
    add_receipt(
        page,
        accessible,
        day=TODAY - timedelta(days=8),
        supplier="Bürobedarf Meier",
        what="Papier und Toner",
        category="office",
        gross="119,00",
        rate="19",
        file=office_pdf,
    )
    accessible(page)
    page.get_by_role("link", name=either("Beleg hinzufügen", "Add receipt")).click()
    add_receipt(
        page,
        accessible,
        day=TODAY - timedelta(days=4),
        supplier="Deutsche Bahn",
        what="Fahrkarte Hamburg",
        category="travel",
        gross="53,50",
        rate="7",
        file={"name": "bahn.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("DB 53,50 EUR")},
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(either("Gespeicherte Belege", "Saved receipts"))
    receipts = page.get_by_test_id("receipts").locator("tbody tr")
    expect(receipts).to_have_count(2)
    paper = receipts.filter(has_text="Bürobedarf Meier")
    expect(paper).to_contain_text(eur(Decimal("119")))
    expect(paper).to_contain_text(eur(Decimal("100")))  # net: 19 % VAT taken out of 119,00
    expect(receipts.filter(has_text="Deutsche Bahn")).to_contain_text(eur(Decimal("50")))  # 7 % of 53,50
    accessible(page)
    stored = {r.supplier: r for r in Receipt.objects.filter(member=member)}
    assert (stored["Bürobedarf Meier"].vat, stored["Deutsche Bahn"].vat) == (Decimal("19.00"), Decimal("3.50"))
    assert stored["Bürobedarf Meier"].content_type == "application/pdf"
    assert stored["Bürobedarf Meier"].original_name == "buerobedarf-meier.pdf"

    # The request: both receipts and the budget; the live preview shows paid out, debited, available.
    page.get_by_role("navigation", name=either("Brotkrümelnavigation", "Breadcrumb")).get_by_role("link").first.click()
    expect(page).to_have_url(at("/expenses/"))
    expect(page.get_by_test_id("saved-receipts-link")).to_contain_text("2")
    page.get_by_role("link", name=either("+ Auslagenerstattung", "+ Reimbursement")).click()
    expect(page).to_have_url(at("/expenses/reimbursement/new/"))
    expect(page.locator("select[name=budget]")).to_have_value(str(budget.pk))  # the personal budget
    # (The preview shows the chosen budget's available amount only after a first change: see the report.)
    accessible(page)
    page.locator("input[name=title]").fill("Büromaterial und Bahnfahrt")
    for supplier in ("Bürobedarf Meier", "Deutsche Bahn"):
        page.get_by_test_id("receipt-choices").locator("tr", has_text=supplier).get_by_role("checkbox").check()
    expect(page.get_by_test_id("preview-count")).to_have_text("2")
    expect(page.get_by_test_id("preview-payout")).to_have_text(eur(Decimal("172.50")))  # gross
    expect(page.get_by_test_id("preview-debit")).to_have_text(eur(Decimal("150.00")))  # net
    expect(page.get_by_test_id("preview-available")).to_have_text(eur(Decimal("1000")))
    accessible(page)
    page.get_by_role("button", name=either("Antrag speichern", "Save request")).click()

    expect(page).to_have_url(DETAIL)
    expense = request_from(page)
    title = expense.title
    expect_status(page.get_by_test_id("expense-status"), Status.DRAFT)
    expect(page.get_by_test_id("expense-payout")).to_have_text(eur(Decimal("172.50")))
    expect(page.get_by_test_id("expense-debit")).to_have_text(eur(Decimal("150.00")))
    expect(page.get_by_test_id("expense-receipts").locator("tbody tr")).to_have_count(2)
    accessible(page)
    page.get_by_test_id("submit-request").click()
    expect_status(page.get_by_test_id("expense-status"), Status.SUBMITTED)
    expect(page.get_by_test_id("submit-request")).to_have_count(0)
    accessible(page)

    # The Smart team finds it in the queue and asks a question.
    office = new_page()
    log_in(office, base, staff.email, accessible, lands_on="/backoffice/")
    expect(office.get_by_test_id("expense-count")).to_have_text("1")
    assert open_in_queue(office, accessible, title) == expense
    expect(office.get_by_test_id("available")).to_have_text(eur(Decimal("850")))  # the request is reserved
    expect(office.get_by_test_id("expense-receipts")).to_contain_text("Deutsche Bahn")
    decide(office, accessible, "ask", QUESTION)
    expect_status(office.get_by_test_id("expense-status"), Status.NEEDS_INFO)
    expect(office.locator("main")).to_contain_text(QUESTION)

    # The member sees the question on the request and on the dashboard, changes nothing, submits again.
    page.reload()
    expect_status(page.get_by_test_id("expense-status"), Status.NEEDS_INFO)
    expect(page.get_by_test_id("staff-question")).to_contain_text(QUESTION)
    accessible(page)
    page.goto(f"{base}/dashboard/")
    panel = page.get_by_test_id("expense-panel")
    expect(panel).to_contain_text(either("1 Rückfrage", "1 question of the Smart team"))
    accessible(page)
    panel.get_by_role("link", name=title).click()
    expect(page).to_have_url(at(f"/expenses/{expense.pk}/"))
    page.get_by_test_id("submit-request").click()
    expect_status(page.get_by_test_id("expense-status"), Status.SUBMITTED)
    expect(page.get_by_test_id("staff-question")).to_have_count(0)
    accessible(page)

    # The Smart team approves: the net is debited, one row per receipt.
    office.reload()
    expect_status(office.get_by_test_id("expense-status"), Status.SUBMITTED)
    decide(office, accessible, "approve")
    expect_status(office.get_by_test_id("expense-status"), Status.APPROVED)
    debits = LedgerEntry.objects.filter(budget=budget, kind=EntryKind.EXPENSE)
    assert sorted(debits.values_list("amount", flat=True)) == [Decimal("-100.00"), Decimal("-50.00")]

    # A payout batch and its SEPA file (pain.001.001.09) with the member's account and amount.
    batch = create_batch(office, accessible, expense, "Anna Schmidt", Decimal("172.50"))
    line = office.get_by_test_id("batch-lines").locator("tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(MEMBER_IBAN)
    expect(line).to_contain_text(expense.reference)
    xml = sepa_file(office)
    validate(xml)
    assert MEMBER_IBAN.encode() in xml and b">172.50<" in xml and batch.message_id.encode() in xml
    assert sepa_file(office) == xml  # exported again: the same file

    # The bank statement shows the batch's debit: the batch is executed and the request paid.
    csv = statement_csv(
        tmp_path / "umsaetze.csv",
        f"{TODAY:%d.%m.%Y};Smart eG;Sammelueberweisung {batch.message_id};-172,50",
    )
    nav(office, "Kontoauszüge", "Bank statements")
    expect(office).to_have_url(at("/backoffice/bank-statements/"))
    accessible(office)
    upload = office.locator("form:has(input[type=file])")
    upload.locator("input[type=file]").set_input_files(csv)
    upload.locator("[type=submit]").click()
    expect(office).to_have_url(re.compile(r"/backoffice/bank-statements/\d+/$"))
    debit = office.get_by_test_id("statement-line")
    expect(debit).to_have_count(1)
    expect(debit).to_contain_text(batch.message_id)
    expect(debit).to_contain_text(eur(Decimal("-172.50")))
    expect(debit.locator("[data-status]")).to_have_attribute("data-status", "booked")
    accessible(office)

    office.goto(f"{base}/backoffice/payouts/{batch.pk}/")
    expect_status(office.get_by_test_id("batch-status"), "executed")
    expect(office.get_by_test_id("mark-executed")).to_have_count(0)
    executed_on = office.locator("dt", has_text=either("Ausgeführt am", "Executed on"))
    expect(executed_on.locator("xpath=following-sibling::dd[1]")).to_have_text(
        re.compile(rf"^{re.escape(f'{TODAY:%d.%m.%Y}')} \(({either('Kontoauszug', 'bank statement').pattern})\)$")
    )
    accessible(office)

    page.reload()
    expect_status(page.get_by_test_id("expense-status"), Status.PAID)
    paid_on = page.locator("dt", has_text=either("Ausgezahlt am", "Paid on"))
    expect(paid_on.locator("xpath=following-sibling::dd[1]")).to_have_text(TODAY.strftime("%d.%m.%Y"))
    accessible(page)
    expense.refresh_from_db()
    assert (expense.status, expense.paid_on) == (Status.PAID, TODAY)

    # The budget's statement shows the debit rows, linked to the request.
    nav(page, "Budget", "Budget")
    expect(page).to_have_url(re.compile(rf"/budget/{budget.pk}/(\?.*)?$"))
    rows = statement_row(page, expense.reference)
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Bürobedarf Meier")).to_contain_text(eur(Decimal("-100")))
    expect(rows.filter(has_text="Deutsche Bahn")).to_contain_text(eur(Decimal("-50")))
    expect(rows.first).to_contain_text(either("Auslagenerstattung", "Expense reimbursement"))
    expect(rows.first.get_by_role("link", name=expense.reference)).to_have_attribute("href", f"/expenses/{expense.pk}/")
    expect(page.get_by_test_id("figure-balance")).to_have_text(eur(Decimal("850")))
    accessible(page)


# --- 2. direct payment ---------------------------------------------------------------------------


def test_direct_payment_with_a_wrong_iban_first(new_page, live_server, member, staff, entities, accessible):
    base = live_server.url
    funded_budget(member, entities["SC"], "1000.00")
    page = new_page()
    log_in(page, base, member.email, accessible)
    page.goto(f"{base}/expenses/")
    page.get_by_role("link", name=either("+ Direktzahlung", "+ Direct payment")).click()
    expect(page).to_have_url(at("/expenses/direct-payment/new/"))
    expect(page.get_by_test_id("available-list")).to_contain_text(eur(Decimal("1000")))
    accessible(page)

    typed = {
        "title": "Flyer Druck Kino Nord",
        "supplier": "Druckerei Nord GmbH",
        "invoice_number": "RE-2026-117",
        "invoice_date": (TODAY - timedelta(days=2)).isoformat(),
        "due_date": (TODAY + timedelta(days=12)).isoformat(),
        "gross": "595,00",
    }
    for name, value in typed.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("select[name=vat_rate]").select_option("19")
    page.locator("input[name=addressed_to_cooperative]").check()
    invoice = {"name": "RE-2026-117.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("RE-2026-117")}
    iban = page.locator("input[name=iban]")
    iban.fill("DE02 1203 0000 0000 2020 52")  # one digit off
    page.locator("input[name=file]").set_input_files(invoice)
    save = page.get_by_role("button", name=either("Antrag speichern", "Save request"))
    save.click()

    # A clear error at the IBAN; everything typed is still there.
    expect(page).to_have_url(at("/expenses/direct-payment/new/"))
    expect(iban).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_iban_error")).to_contain_text(either("Prüfziffern", "check digits"))
    expect(iban).to_have_value("DE02 1203 0000 0000 2020 52")
    for name, value in typed.items():
        expect(page.locator(f"[name={name}]")).to_have_value(value)
    expect(page.locator("select[name=vat_rate]")).to_have_value("19")
    expect(page.locator("input[name=addressed_to_cooperative]")).to_be_checked()
    accessible(page)
    assert not ExpenseRequest.objects.exists()

    iban.fill(SUPPLIER_IBAN)
    # No browser keeps a chosen file over a page load: the invoice is chosen again (see the report).
    page.locator("input[name=file]").set_input_files(invoice)
    save.click()
    expect(page).to_have_url(DETAIL)
    expense = request_from(page)
    assert expense.kind == ExpenseRequest.Kind.DIRECT_PAYMENT
    expect_status(page.get_by_test_id("expense-status"), Status.DRAFT)
    expect(page.get_by_test_id("expense-payout")).to_have_text(eur(Decimal("595")))
    expect(page.get_by_test_id("expense-debit")).to_have_text(eur(Decimal("500")))
    expect(page.locator("main")).to_contain_text(SUPPLIER_IBAN)
    expect(page.get_by_role("link", name="RE-2026-117.pdf")).to_be_visible()
    accessible(page)
    page.get_by_test_id("submit-request").click()
    expect_status(page.get_by_test_id("expense-status"), Status.SUBMITTED)
    accessible(page)

    # The Smart team approves; the payment waits for a batch and is paid to the supplier.
    office = new_page()
    log_in(office, base, staff.email, accessible, lands_on="/backoffice/")
    open_in_queue(office, accessible, typed["title"])
    expect(office.locator("main")).to_contain_text("Druckerei Nord GmbH")
    decide(office, accessible, "approve")
    expect_status(office.get_by_test_id("expense-status"), Status.APPROVED)
    batch = create_batch(office, accessible, expense, "Druckerei Nord GmbH", Decimal("595"))
    line = office.get_by_test_id("batch-lines").locator("tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(SUPPLIER_IBAN)
    expect(line).to_contain_text("RE-2026-117")
    expect(line).to_contain_text(eur(Decimal("595")))
    xml = sepa_file(office)
    validate(xml)
    assert SUPPLIER_IBAN.encode() in xml and b">595.00<" in xml and b"RE-2026-117" in xml
    assert batch.total == Decimal("595.00")

    # Nothing is left to pay; the member sees the request approved (paid once the bank executed it).
    office.goto(f"{base}/backoffice/payouts/")
    expect(office.get_by_test_id("payable")).to_have_count(0)
    expect(office.get_by_test_id("batches").locator("tbody tr", has_text=batch.message_id)).to_contain_text(
        eur(Decimal("595"))
    )
    accessible(office)
    page.reload()
    expect_status(page.get_by_test_id("expense-status"), Status.APPROVED)


# --- 3. travel costs -----------------------------------------------------------------------------


def test_travel_claim_to_paris_paid_with_the_salary(
    new_page, live_server, member, staff, entities, rate_tables, accessible
):
    base = live_server.url
    # 1 000 EUR for the claim on top of the employment's four months, which are reserved (4 x 787 EUR).
    budget = funded_budget(member, entities["SC"], "4148.00")
    page = new_page()
    log_in(page, base, member.email, accessible)
    page.goto(f"{base}/expenses/")
    expect(page.get_by_role("link", name=either("+ Reisekosten", "+ Travel costs"))).to_have_count(0)

    # Without an active employment the travel form says why and where to request one.
    page.goto(f"{base}/expenses/travel/new/")
    explanation = page.get_by_test_id("travel-not-employed")
    expect(explanation).to_contain_text(either("aktiven Anstellung", "active employment"))
    expect(explanation.get_by_role("link", name=either("Anstellung", "Employment"))).to_have_attribute(
        "href", "/employment/"
    )
    expect(page.locator("input[name=starts_at]")).to_have_count(0)
    accessible(page)

    # Her employment starts (approved with the contract, signed, confirmed: see the employment tests).
    active_employment(member, entities["SC"])

    # The member enters the trip: Hamburg, Paris and back, 2 to 4 November 2026.
    page.goto(f"{base}/expenses/")
    office = new_page()
    log_in(office, base, staff.email, accessible, lands_on="/backoffice/")
    page.get_by_role("link", name=either("+ Reisekosten", "+ Travel costs")).click()
    expect(page).to_have_url(at("/expenses/travel/new/"))
    expect(page.get_by_test_id("travel-days")).to_have_count(0)  # no dates yet, no day rows
    accessible(page)
    page.locator("input[name=title]").fill("Messe Paris")
    page.locator("input[name=starts_at]").fill("2026-11-02T06:00")
    page.locator("input[name=ends_at]").fill("2026-11-04T19:30")
    page.locator("input[name=kilometres]").fill("12,5")
    days = page.get_by_test_id("travel-days").locator("tbody tr")
    expect(days).to_have_count(3)  # appeared with the dates
    first, second, third = (page.get_by_test_id(f"stage-{n}") for n in range(3))
    expect(first.locator("select")).to_have_value("DE")
    second.locator("input[name$=starts_at]").fill("2026-11-02T11:30")
    second.locator("select").select_option("FR")
    second.locator("input[name$=city]").fill("Paris")
    third.locator("input[name$=starts_at]").fill("2026-11-04T16:00")
    third.locator("select").select_option("DE")
    day_box(page, ("Abendessen gestellt", "Dinner provided"), "03.11.2026").check()
    day_box(page, ("Übernachtung ohne Hotelbeleg", "Night without hotel receipt"), "02.11.2026").check()
    accessible(page)
    page.get_by_role("button", name=either("Berechnen und speichern", "Compute and save")).click()

    # The computation day by day. BMF 2026, Paris: full day 58, partial day 39, overnight 159.
    # Mon 2.11.: departure day 39 + the night without receipt 159; Tue 3.11.: 58 - 40 % of 58 for the
    # dinner = 34,80; Wed 4.11.: return day 39 (the place reached last abroad); 12,5 km at 0,30 = 3,75.
    expect(page).to_have_url(DETAIL)
    claim = request_from(page)
    computation = page.get_by_test_id("travel-computation")
    rows = computation.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Paris")
    expect(rows.nth(0)).to_contain_text(eur(Decimal("39")))
    expect(rows.nth(0)).to_contain_text(eur(Decimal("159")))
    expect(rows.nth(1)).to_contain_text(eur(Decimal("34.80")))
    expect(rows.nth(1)).to_contain_text(f"−{eur(Decimal('23.20'))}")
    expect(rows.nth(2)).to_contain_text(eur(Decimal("39")))
    per_diems = Decimal("39") + (Decimal("58") - Decimal("0.40") * 58) + Decimal("39")
    total = per_diems + Decimal("159") + Decimal("12.5") * Decimal("0.30")
    assert total == Decimal("275.55")
    expect(page.get_by_test_id("travel-total")).to_have_text(eur(total))
    expect(page.get_by_test_id("travel-stages").locator("li")).to_have_count(3)
    expect_status(page.get_by_test_id("expense-status"), Status.DRAFT)
    accessible(page)
    page.get_by_test_id("submit-request").click()
    expect_status(page.get_by_test_id("expense-status"), Status.SUBMITTED)
    accessible(page)

    # The Smart team approves (debited from the budget) and marks it paid with November's salary.
    assert open_in_queue(office, accessible, "Messe Paris") == claim
    expect(office.get_by_test_id("travel-total")).to_have_text(eur(total))
    decide(office, accessible, "approve")
    expect_status(office.get_by_test_id("expense-status"), Status.APPROVED)
    assert LedgerEntry.objects.get(budget=budget, kind=EntryKind.TRAVEL_COSTS).amount == -total
    office.goto(f"{base}/backoffice/payouts/")
    expect(office.get_by_test_id("payable")).to_have_count(0)  # not paid by transfer
    claims = office.get_by_test_id("travel-claims").locator("tbody tr")
    expect(claims).to_have_count(1)
    expect(claims).to_contain_text(claim.reference)
    expect(claims).to_contain_text(eur(total))
    expect(office.locator("input[name=month]")).to_have_value("2026-11")
    accessible(office)
    accept_next_dialog(office)
    office.get_by_test_id("mark-salary").click()
    expect(office.locator(".alert-success")).to_be_visible()
    expect(office.get_by_test_id("travel-claims")).to_have_count(0)
    accessible(office)

    page.reload()
    expect_status(page.get_by_test_id("expense-status"), Status.PAID)
    expect(page.locator("main")).to_contain_text(
        either("Ausgezahlt mit dem Gehalt für November 2026", "Paid with the salary of November 2026")
    )
    accessible(page)
    claim.refresh_from_db()
    assert (claim.status, claim.salary_month) == (Status.PAID, date(2026, 11, 1))


# --- 4. on a phone, in German and in English -----------------------------------------------------


@pytest.fixture
def requests_of_member(member, entities, rate_tables):
    """A submitted reimbursement of two receipts and a draft travel-cost claim to Paris."""
    budget = funded_budget(member, entities["SC"], "1000.00")
    receipts = [
        receipt(member, supplier="Bürobedarf Meier mit einem recht langen Namen GmbH & Co. KG", gross="119.00"),
        receipt(member, supplier="Deutsche Bahn", gross="53.50", rate="7", category="travel"),
    ]
    reimbursement = services.reimbursement_save(
        member=member, budget_id=budget.pk, title="Büromaterial", receipt_ids=[r.pk for r in receipts]
    )
    services.request_submit(member=member, request_id=reimbursement.pk)
    active_employment(member, entities["SC"])
    local = datetime.fromisoformat  # wall-clock time of the entity (Berlin)
    trip = TripInput(
        starts_at=local("2026-11-02T06:00"),
        ends_at=local("2026-11-04T19:30"),
        stages=[
            StageInput(local("2026-11-02T06:00"), "DE"),
            StageInput(local("2026-11-02T11:30"), "FR", "Paris"),
            StageInput(local("2026-11-04T16:00"), "DE"),
        ],
        days={date(2026, 11, 2): Day(night_without_receipt=True), date(2026, 11, 3): Day(dinner=True)},
    )
    travel = travel_claim_save(member=member, budget_id=budget.pk, title="Messe Paris", trip=trip)
    return reimbursement, travel


def check_on_phone(page: Page, check: Check) -> None:
    check(page)
    assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{page.url} scrolls sideways"


def test_requests_on_a_phone_in_german_and_english(new_page, live_server, member, requests_of_member, accessible):
    reimbursement, travel = requests_of_member
    base = live_server.url
    page = new_page(PHONE)
    log_in(page, base, member.email, accessible)
    for language, amount in (("de", "172,50"), ("en", "172.50")):
        User.objects.filter(pk=member.pk).update(language=language)
        page.goto(f"{base}/expenses/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text("Auslagen" if language == "de" else "Expenses")
        check_on_phone(page, accessible)
        row = page.get_by_test_id("expense-requests").locator("tbody tr", has_text="Büromaterial")
        in_view(page, row.locator("[data-status]"))
        in_view(page, row.get_by_text(f"{amount} EUR"))
        expect(row.locator("[data-status]")).to_have_text(
            STATUS[Status.SUBMITTED][0] if language == "de" else STATUS[Status.SUBMITTED][1]
        )

        row.get_by_role("link", name="Büromaterial").click()
        expect(page).to_have_url(at(f"/expenses/{reimbursement.pk}/"))
        check_on_phone(page, accessible)
        in_view(page, page.get_by_test_id("expense-status"))
        for cell in page.get_by_test_id("expense-receipts").locator("tbody td").all():
            if cell.inner_text().strip():
                in_view(page, cell)

        page.goto(f"{base}/expenses/{travel.pk}/")
        check_on_phone(page, accessible)
        # (The table's footer with the total allowance does not fit a phone: see the report.)
        in_view(page, page.get_by_test_id("travel-computation").locator("tbody td.stack-amount").first)
        in_view(page, page.get_by_test_id("submit-request"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Messe Paris")
    expect(page.get_by_test_id("travel-computation").locator("caption")).to_have_text("The allowance day by day")
