"""Employment (Anstellung, DESIGN §8) end to end in headless Chromium, in German and in English, every
page checked with axe:

1. the member opens "Employment" from the navigation and fills the request (entity, start on the first
   of next month, end four months later, salary category); the live figures show what the personal
   budget pays; the request is sent (status ``submitted``);
2. the Smart team (staff of the same entity, signed in with the second factor) finds it in the
   employment queue and approves it with the contract PDF;
3. the member signs by typing their name; the team confirms the signature;
4. time travel: ``process_employments --today=<start>`` activates the employment and books the first
   month's cost; the member's budget statement shows the row and the balance drops by that cost;
5. the member asks to change the category from the following month; the team approves; the member's
   page shows a second contract version;
6. the team uploads a payslip on the employment's page; the member downloads it.
Finally the member's employment pages on a phone: axe-clean, no sideways scrolling.

German translations are being written while these tests exist, so no German word is hard-coded: the
test looks at data-testid attributes, URLs, ``data-status`` values, the database, and texts obtained
through gettext in the page's language.
"""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from portal.accounts.models import User
from portal.budget.figures import figures_of
from portal.budget.ledger import budget_personal
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.models import OutboundEmail
from portal.employment.categories import DATA_DIR, salary_categories_load
from portal.employment.costs import month_key
from portal.employment.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    ContractVersion,
    Employment,
    EmploymentStatus,
    Payslip,
    SalaryCategory,
)
from portal.employment.rules import MIN_MONTHS, MONTHS_COVERED, month_start
from portal.employment.services import entity_today
from portal.employment.tests.conftest import fund
from portal.entities.fees import fee_rate
from tests.browser.conftest import accept_next_dialog
from tests.browser.test_budget import eur
from tests.browser.test_journeys import Check, log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FUNDS = Decimal("20000.00")
SIGNER = "Anna Schmidt"
PAYSLIP_NAME = "Lohn_000101.pdf"


def tiny_pdf() -> bytes:
    """A valid one-page PDF of a few hundred bytes (catalog, pages, page, cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF = tiny_pdf()


def pdf_file(name: str) -> dict:
    """A file for ``set_input_files``, from memory."""
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def at(path: str) -> re.Pattern:
    """Matches a page URL by its path, whatever the host, query and fragment."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


def translated(text: str, language: str) -> str:
    """``text`` as the pages write it in ``language`` (German may still fall back to English)."""
    with translation.override(language):
        return gettext(text)


def expect_status(page: Page, status: str, testid: str = "employment-status") -> None:
    expect(page.get_by_test_id(testid).locator("[data-status]")).to_have_attribute("data-status", status)


def live_request(start: date | None = None, category: SalaryCategory | None = None):
    """Matches the request form's htmx request for the live figures with the chosen start or category."""

    def matches(response) -> bool:
        url = response.url
        if "/employment/request/live/" not in url:
            return False
        return (start is None or f"start={start.isoformat()}" in url) and (
            category is None or f"category={category.pk}" in url
        )

    return matches


def open_queue_row(office: Page, base: str, queue: str, check: Check) -> None:
    """The Smart team opens the employment queue and follows the (only) row of ``queue``."""
    office.goto(f"{base}/backoffice/")
    office.locator('main a[href="/backoffice/employment/queue/"]').click()
    expect(office).to_have_url(at("/backoffice/employment/queue/"))
    check(office)
    rows = office.get_by_test_id(queue).locator("tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("a").first.click()


@pytest.mark.parametrize("language", ["de", "en"])
def test_employment_request_contract_costs_change_and_payslip(
    language, new_page, live_server, member, staff, entities, assert_accessible
):
    base = live_server.url
    sc = entities["SC"]
    User.objects.filter(pk__in=[member.pk, staff.pk]).update(language=language)
    salary_categories_load(path=DATA_DIR / "SC-2026.csv")
    fund(member, sc, str(FUNDS))
    budget = budget_personal(member_id=member.pk, entity_id=sc.pk)
    today = entity_today(sc)
    start = month_start(today) + relativedelta(months=1)  # requested by the last day of the month before
    end = start + relativedelta(months=MIN_MONTHS) - timedelta(days=1)
    later = start + relativedelta(months=1)  # the category changes from the second month
    category = SalaryCategory.objects.get(entity=sc, code="5", valid_from__lte=start)
    new_category = SalaryCategory.objects.get(entity=sc, code="7", valid_from__lte=start)

    # --- 1. The member requests an employment. ---------------------------------------------------------
    page = new_page()
    log_in(page, base, member.email, assert_accessible)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator('#portal-nav a.nav-link[href="/employment/"]').click()
    expect(page).to_have_url(at("/employment/"))
    expect(page.get_by_test_id("categories-SC").locator("tbody tr")).to_have_count(
        SalaryCategory.objects.filter(entity=sc).count()
    )
    assert_accessible(page)
    page.get_by_test_id("request-employment").click()
    expect(page).to_have_url(at("/employment/request/"))
    assert_accessible(page)

    form = page.locator("form#employment-form")
    form.locator("select[name=entity]").select_option(str(sc.pk))
    with page.expect_response(live_request(start=start)):
        form.locator("input[name=start]").fill(start.isoformat())
    form.locator("input[name=end]").fill(end.isoformat())
    with page.expect_response(live_request(start=start, category=category)):
        form.locator("select[name=category]").select_option(str(category.pk))
    live = page.get_by_test_id("request-live")
    months = int(FUNDS / category.total_cost)  # 20 000 EUR pays 18 months of 1 077 EUR
    assert months >= MONTHS_COVERED
    expect(live.get_by_test_id("live-months")).to_have_text(str(months))
    expect(live.get_by_test_id("live-cost")).to_have_text(eur(category.total_cost, language))
    expect(live.get_by_test_id("live-available")).to_have_text(eur(FUNDS, language))
    turnover = category.required_turnover(fee_rate(sc, today))
    expect(live.get_by_test_id("live-turnover")).to_have_text(eur(turnover, language))
    expect(live.get_by_test_id("live-enough")).to_be_visible()
    expect(live.get_by_test_id("live-problem")).to_have_count(0)
    expect(form.locator("select[name=category]")).to_have_value(str(category.pk))
    assert_accessible(page)

    form.get_by_test_id("submit-request").click()
    expect(page).to_have_url(re.compile(r"/employment/(\d+)/$"))
    employment = Employment.objects.get(member=member)
    expect(page).to_have_url(at(f"/employment/{employment.pk}/"))
    expect_status(page, EmploymentStatus.SUBMITTED)
    expect(page.get_by_test_id("monthly-cost")).to_have_text(eur(category.total_cost, language))
    expect(page.get_by_test_id("employment-period")).to_contain_text(str(start.year))
    assert_accessible(page)
    assert (employment.status, employment.entity, employment.budget, employment.category) == (
        EmploymentStatus.SUBMITTED,
        sc,
        budget,
        category,
    )
    assert (employment.start, employment.end) == (start, end)
    assert employment.submitted_at is not None

    # --- 2. The Smart team approves it with the contract. ---------------------------------------------
    office = new_page()
    log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
    expect(office.get_by_test_id("employment-count")).to_have_text("1")
    open_queue_row(office, base, "request-queue", assert_accessible)
    detail_path = f"/backoffice/employment/{employment.pk}/"
    expect(office).to_have_url(at(detail_path))
    expect_status(office, EmploymentStatus.SUBMITTED)
    assert_accessible(office)
    approve = office.get_by_test_id("approve")
    approve.locator("input[type=file]").set_input_files(pdf_file("vertrag.pdf"))
    approve.locator("[type=submit]").click()
    expect(office).to_have_url(at(detail_path))
    expect_status(office, EmploymentStatus.APPROVED)
    expect(office.get_by_test_id("versions").locator("tbody tr")).to_have_count(1)
    expect(office.get_by_test_id("decision")).to_have_count(0)
    assert_accessible(office)
    employment.refresh_from_db()
    assert employment.status == EmploymentStatus.APPROVED
    first = ContractVersion.objects.get(employment=employment)
    assert (first.number, first.valid_from, first.category, first.monthly_cost) == (
        1,
        start,
        category,
        category.total_cost,
    )
    assert first.file.read().startswith(b"%PDF")

    # --- 3. The member signs by typing their name; the team confirms the signature. -------------------
    page.reload()
    expect_status(page, EmploymentStatus.APPROVED)
    expect(page.get_by_test_id("contract-to-sign")).to_have_attribute(
        "href", f"/employment/{employment.pk}/contract/1/"
    )
    assert_accessible(page)
    page.locator("#sign input[name=name]").fill(SIGNER)
    page.get_by_test_id("sign").click()
    expect(page).to_have_url(at(f"/employment/{employment.pk}/"))
    expect_status(page, EmploymentStatus.CONTRACT_SIGNED)
    expect(page.get_by_test_id("signature-waiting")).to_be_visible()
    assert_accessible(page)
    employment.refresh_from_db()
    assert (employment.status, employment.signed_by_name) == (EmploymentStatus.CONTRACT_SIGNED, SIGNER)

    open_queue_row(office, base, "signature-queue", assert_accessible)
    expect(office).to_have_url(at(detail_path))
    expect(office.get_by_test_id("confirm-signature")).to_be_visible()
    assert_accessible(office)
    accept_next_dialog(office)
    office.get_by_test_id("confirm-signature").locator("[type=submit]").click()
    expect(office.get_by_test_id("confirm-signature")).to_have_count(0)
    expect(office).to_have_url(at(detail_path))
    assert_accessible(office)
    employment.refresh_from_db()
    assert employment.signature_confirmed_at is not None

    page.reload()
    expect(page.get_by_test_id("signature-confirmed")).to_be_visible()
    assert_accessible(page)

    # The budget before the first month: the income on it so far.
    balance_before = figures_of(budget.pk).balance
    assert balance_before == FUNDS
    page.locator('#portal-nav a.nav-link[href="/budget/"]').click()
    expect(page).to_have_url(at(f"/budget/{budget.pk}/"))
    expect(page.get_by_test_id("figure-balance")).to_have_text(eur(balance_before, language))
    assert_accessible(page)

    # --- 4. Time travel to the first day: the employment starts and its first month is booked. -------
    call_command("process_employments", today=start)
    employment.refresh_from_db()
    assert employment.status == EmploymentStatus.ACTIVE
    booked = LedgerEntry.objects.get(key=month_key(employment.pk, start))
    assert (booked.budget_id, booked.kind, booked.amount, booked.booking_date) == (
        budget.pk,
        EntryKind.EMPLOYMENT_COST,
        -category.total_cost,
        start,
    )
    balance_after = figures_of(budget.pk).balance
    assert balance_after == balance_before - category.total_cost

    page.reload()
    expect(page.get_by_test_id("figure-balance")).to_have_text(eur(balance_after, language))
    period = page.get_by_test_id("period-filter")
    period.locator("select[name=period]").select_option("all")
    period.locator("[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]period=all"))
    row = page.get_by_test_id("statement").locator(
        "tbody tr", has=page.get_by_role("link", name=f"{start:%Y-%m}", exact=True)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(translated("Employment cost", language))
    expect(row).to_contain_text(eur(booked.amount, language))
    expect(row).to_contain_text(eur(balance_after, language))  # the balance after the booking
    expect(row.get_by_role("link", name=f"{start:%Y-%m}", exact=True)).to_have_attribute(
        "href", f"/employment/{employment.pk}/"
    )
    assert_accessible(page)

    # --- 5. The member asks to change the category from the second month; the team approves. --------
    row.get_by_role("link", name=f"{start:%Y-%m}", exact=True).click()
    expect(page).to_have_url(at(f"/employment/{employment.pk}/"))
    expect_status(page, EmploymentStatus.ACTIVE)
    expect(page.get_by_test_id("contract-versions").locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    change_form = page.get_by_test_id("change-form")
    change_form.get_by_test_id(f"change-kind-{ChangeKind.CATEGORY.value}").locator("input[type=checkbox]").check()
    change_form.locator("select[name=new_category]").select_option(str(new_category.pk))
    change_form.locator("input[name=category_from]").fill(later.isoformat())
    change_form.get_by_test_id("send-change").click()
    expect(page).to_have_url(at(f"/employment/{employment.pk}/"))
    expect(page.get_by_test_id("change-pending")).to_be_visible()
    expect(page.get_by_test_id("change-requests").locator("[data-status]")).to_have_attribute(
        "data-status", ChangeStatus.SUBMITTED
    )
    assert_accessible(page)
    change = ChangeRequest.objects.get(employment=employment)
    assert (change.kinds, change.new_category, change.category_from) == (
        [ChangeKind.CATEGORY.value],
        new_category,
        later,
    )

    open_queue_row(office, base, "change-queue", assert_accessible)
    expect(office).to_have_url(at(detail_path))
    approve_change = office.get_by_test_id("change-approve")
    expect(approve_change).to_be_visible()
    assert_accessible(office)
    approve_change.locator("[type=submit]").click()
    expect(office).to_have_url(at(detail_path))
    expect(office.get_by_test_id("change-approve")).to_have_count(0)
    expect(office.get_by_test_id("change").locator("[data-status]")).to_have_attribute(
        "data-status", ChangeStatus.APPROVED
    )
    expect(office.get_by_test_id("versions").locator("tbody tr")).to_have_count(2)
    assert_accessible(office)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    second = ContractVersion.objects.get(employment=employment, number=2)
    assert (second.valid_from, second.category, second.monthly_cost, second.change) == (
        later,
        new_category,
        new_category.total_cost,
        change,
    )

    page.reload()
    versions = page.get_by_test_id("contract-versions").locator("tbody tr")
    expect(versions).to_have_count(2)
    # the CSV's generated name ("Category 7") is shown in the page's language
    expect(versions.nth(1)).to_contain_text(translated("Category %(code)s", language) % {"code": new_category.code})
    expect(versions.nth(1)).to_contain_text(eur(new_category.total_cost, language))
    expect(page.get_by_test_id("change-requests").locator("[data-status]")).to_have_attribute(
        "data-status", ChangeStatus.APPROVED
    )
    expect(page.get_by_test_id("change-form")).to_be_visible()  # another change may be requested
    assert_accessible(page)

    # --- 6. The team uploads the first month's payslip; the member downloads it. ----------------------
    upload = office.get_by_test_id("payslip-upload")
    upload.locator("input[type=month]").fill(f"{start:%Y-%m}")
    upload.locator("input[type=file]").set_input_files(pdf_file(PAYSLIP_NAME))
    upload.locator("[type=submit]").click()
    expect(office).to_have_url(at(detail_path))
    expect(office.get_by_test_id("payslips").locator("li")).to_have_count(1)
    assert_accessible(office)
    payslip = Payslip.objects.get(employment=employment)
    assert (payslip.month, payslip.content_type, payslip.uploaded_by) == (start, "application/pdf", staff)
    assert OutboundEmail.objects.filter(template="employment_payslip", recipient=member.email).exists()

    page.reload()
    payslips = page.get_by_test_id("payslips")
    expect(payslips.locator("li")).to_have_count(1)
    assert_accessible(page)
    link = payslips.locator(f'a[href="/employment/{employment.pk}/payslips/{payslip.pk}/"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == PAYSLIP_NAME
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    # --- The member's employment pages on a phone. ------------------------------------------------
    page.set_viewport_size(PHONE)
    for path in ("/employment/", f"/employment/{employment.pk}/"):
        page.goto(base + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
        assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways ({language})"
