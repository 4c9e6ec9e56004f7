"""Budgets end to end in headless Chromium (DESIGN §6): the member's budget grows with an issued invoice,
a collective budget is opened, an invitee accepts by the e-mail link, an order's income lands on the
collective budget, its manager transfers money to a member's personal budget and the Smart team approves.
Every page is checked with axe; the budget page also at phone width, in German and in English.

Texts are matched in German or English (see ``test_journeys``): German translations may still be missing.
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.formats import number_format
from playwright.sync_api import Page, expect

from portal.accounts.models import User
from portal.budget import services
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, EntryKind, LedgerEntry, Participant, Transfer
from portal.budget.transitions import Event
from portal.core.models import OutboundEmail
from portal.core.tests.mailbox import delivered_text
from portal.core.transitions import Actor
from portal.entities import fees
from portal.invoicing import services as invoicing
from portal.invoicing.models import Invoice
from portal.invoicing.services.payments import payment_record
from portal.invoicing.tests.factories import active_order, client_in, draft_for
from portal.orders.models import Order, OrderStatus
from portal.orders.tests.factories import complete_order
from tests.browser.test_journeys import Check, at, either, log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_PAGE = re.compile(r"/budget/(\d+)/(\?.*)?$")
TRANSFER_PAGE = re.compile(r"/budget/transfers/(\d+)/$")
COLLECTIVE = "Kollektiv Kino Nord"
REASON = "Anteil am Projekt Kino Nord"


# --- helpers -------------------------------------------------------------------------------------


def eur(amount: Decimal, language: str = "de") -> str:
    """``amount`` as the page writes it in ``language``, e.g. “2.184,00 EUR”."""
    with translation.override(language):
        return f"{number_format(amount, decimal_pos=2, force_grouping=True)} EUR"


def to_budget(invoice: Invoice) -> Decimal:
    """What an issued invoice brings to its budget: net less the Smart fee."""
    return invoice.net_total - fees.fee_split(invoice.net_total, invoice.fee_rate).fee


def issue(order: Order) -> Invoice:
    """The order's planned invoice, drafted and issued today."""
    return invoicing.invoice_issue(invoice_id=draft_for(order).pk, actor=Actor.STAFF, today=timezone.localdate())


def budget_id_from(page: Page) -> int:
    match = BUDGET_PAGE.search(page.url)
    assert match, f"not a budget page: {page.url}"
    return int(match.group(1))


def statement_row(page: Page, document: str):
    """The statement's row(s) whose document column reads ``document`` (an invoice number, “#12” …)."""
    return page.get_by_test_id("statement").locator("tbody tr", has=page.get_by_role("link", name=document, exact=True))


def check_chart(page: Page, check: Check) -> None:
    """The chart is an image with a title and description, and its values are there as a table."""
    chart = page.get_by_test_id("budget-chart")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("title")).not_to_be_empty()
    expect(chart.locator("desc")).not_to_be_empty()
    labelled_by = (chart.get_attribute("aria-labelledby") or "").split()
    assert labelled_by, "the chart names no title"
    for id_ in labelled_by:
        expect(page.locator(f"#{id_}")).to_have_count(1)
    # Coordinates are plain numbers in every language: “232,7” would place each letter apart (x is a list).
    coordinates = chart.evaluate(
        "(svg) => [...svg.querySelectorAll('line, text')].flatMap(el => ['x', 'y', 'x1', 'x2', 'y1', 'y2']"
        ".map(name => el.getAttribute(name)).filter(value => value !== null))"
    )
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates
    table = page.get_by_test_id("chart-table")
    expect(table).to_be_hidden()
    page.locator("summary", has_text=either("Werte als Tabelle", "Show the values as a table")).click()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(12)
    # The current month's balance is the balance above the chart.
    expect(rows.last.locator("td").first).to_have_text(page.get_by_test_id("figure-balance").inner_text())
    check(page)


# --- the journey ---------------------------------------------------------------------------------


def test_collective_budget_income_transfer_and_approval(
    new_page, live_server, member, member2, staff, entities, customer, issued, assert_accessible
):
    sc = entities["SC"]
    User.objects.filter(pk=member2.pk).update(language="en")  # member2 reads the portal in English
    budget_personal(member_id=member2.pk, entity_id=sc.pk)  # opened with member2's first approved order
    base = live_server.url

    # The member's personal budget: the issued invoice (fixture) is on it.
    page = new_page()
    log_in(page, base, member.email, assert_accessible)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.locator("#portal-nav").get_by_role("link", name="Budget", exact=True).click()
    expect(page).to_have_url(BUDGET_PAGE)
    personal = Budget.objects.get(pk=budget_id_from(page))
    assert (personal.kind, personal.owner, personal.entity) == (Budget.Kind.PERSONAL, member, sc)
    assert_accessible(page)
    balance = page.get_by_test_id("figure-balance")
    before = to_budget(issued)
    expect(balance).to_have_text(eur(before))
    check_chart(page, assert_accessible)
    page.get_by_test_id("budget-figures").locator("summary").first.click()
    expect(page.get_by_test_id("budget-figures").locator("details").first).to_contain_text(
        either("Summe aller Buchungen", "The sum of all bookings")
    )
    assert_accessible(page)

    # A second invoice is issued: after a reload the balance has grown by its net less the fee.
    second = issue(
        active_order(member, sc, client_in("DE", name="Kino Nord GmbH"), [("Plakat", "1", "Stück", "1000.00", "19.00")])
    )
    page.reload()
    expect(balance).to_have_text(eur(before + to_budget(second)))
    expect(statement_row(page, second.number)).to_have_count(2)  # income and fee, one group
    expect(statement_row(page, second.number).first.get_by_role("link", name=second.number)).to_have_attribute(
        "href", f"/invoices/{second.pk}/"
    )
    expect(page.get_by_test_id("closing")).to_have_text(eur(before + to_budget(second)))

    # The dashboard panel shows the same figures.
    page.goto(f"{base}/dashboard/")
    expect(page.get_by_test_id("panel-balance")).to_have_text(eur(before + to_budget(second)))
    expect(page.get_by_test_id("panel-expenses")).to_be_visible()
    expect(page.get_by_test_id("panel-salary")).to_be_visible()

    # Without a collective budget to manage, the order form offers no budget to choose.
    page.goto(f"{base}/orders/new/")
    expect(page.locator("select[name=entity]")).to_be_visible()
    expect(page.locator("select[name=budget]")).to_have_count(0)

    # A collective budget, inviting member2 by member number (an unknown number first).
    page.goto(f"{base}/budget/{personal.pk}/")
    page.get_by_role("link", name=either("Kollektives Budget", "Collective budget")).click()
    expect(page).to_have_url(at("/budget/collective/new/"))
    assert_accessible(page)
    page.locator("input[name=name]").fill(COLLECTIVE)
    expect(page.locator("select[name=entity]")).to_have_value(str(sc.pk))
    page.locator("[name=invitees]").fill("999999")
    page.locator("form:has([name=invitees]) [type=submit]").click()
    expect(page.locator("[name=invitees]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("999999")
    expect(page.locator("input[name=name]")).to_have_value(COLLECTIVE)
    assert_accessible(page)
    assert not Budget.objects.filter(kind=Budget.Kind.COLLECTIVE).exists()
    page.locator("[name=invitees]").fill("000102")
    page.locator("form:has([name=invitees]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/budget/\d+/members/$"))
    collective = Budget.objects.get(kind=Budget.Kind.COLLECTIVE)
    assert (collective.name, collective.status, collective.entity) == (COLLECTIVE, Budget.Status.PENDING, sc)
    participants = page.get_by_test_id("participants")
    expect(participants.locator("tbody tr")).to_have_count(2)
    expect(participants.locator("tbody tr", has_text="Jonas Weber")).to_contain_text("000102")
    assert_accessible(page)

    # member2 follows the link of the invitation e-mail and accepts (in English).
    email = OutboundEmail.objects.get(template="budget_invitation", recipient=member2.email)
    match = re.search(r"/budget/invitation/[^/\s]+/", delivered_text(email))
    assert match, delivered_text(email)
    colleague = new_page()
    log_in(colleague, base, member2.email, assert_accessible)
    expect(colleague.locator("html")).to_have_attribute("lang", "en")
    colleague.goto(base + match.group(0))
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Invitation to a collective budget")
    expect(colleague.locator("main")).to_contain_text(COLLECTIVE)
    expect(colleague.locator("main")).to_contain_text("Anna Schmidt")
    assert_accessible(colleague)
    colleague.get_by_test_id("accept").click()
    expect(colleague).to_have_url(at(f"/budget/{collective.pk}/"))
    expect(colleague.get_by_test_id("collective-role")).to_contain_text("read-only")
    expect(colleague.get_by_test_id("transfer-button")).to_have_count(0)
    assert_accessible(colleague)
    collective.refresh_from_db()
    assert collective.status == Budget.Status.ACTIVE
    # The link works once only.
    colleague.goto(base + match.group(0))
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Invitation not found")
    assert_accessible(colleague)

    # The manager sees member2 active and chooses the collective budget in the order form.
    page.goto(f"{base}/budget/{collective.pk}/members/")
    expect(participants.locator("tbody tr", has_text="Jonas Weber")).to_contain_text(either("Aktiv", "Active"))
    assert_accessible(page)
    order = complete_order(member, sc, customer, title="Kino Nord Kampagne", skip_client_confirmation=True)
    page.goto(f"{base}/orders/{order.pk}/edit/")
    budget_field = page.locator("select[name=budget]")
    expect(budget_field.locator("option")).to_have_text(
        [either("Mein persönliches Budget", "My personal budget"), f"{COLLECTIVE} (SC)"]
    )
    expect(page.get_by_label("Budget", exact=True)).to_have_attribute("name", "budget")  # labelled
    budget_field.select_option(str(collective.pk))
    page.get_by_role("button", name=either("Entwurf speichern", "Save draft")).click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.pk}/(edit/)?$"))
    order.refresh_from_db()
    assert order.budget_id == collective.pk

    # The order runs (approval and client confirmation are other tests' business), is invoiced and paid.
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    income = issue(order)
    assert LedgerEntry.objects.filter(budget=collective, kind=EntryKind.INCOME).count() == 1
    page.goto(f"{base}/budget/{collective.pk}/")
    expect(page.get_by_test_id("figure-balance")).to_have_text(eur(to_budget(income)))
    expect(statement_row(page, income.number)).to_have_count(2)
    # Not paid yet: nothing is available for a transfer.
    expect(page.get_by_test_id("figure-available-expenses")).to_have_text(eur(Decimal("0")))
    payment_record(invoice_id=income.pk, amount=income.gross_total, received_on=timezone.localdate(), user=staff)
    page.reload()
    available = to_budget(income)
    expect(page.get_by_test_id("figure-available-expenses")).to_have_text(eur(available))
    expect(page.get_by_test_id("collective-role")).to_contain_text(either("verwaltest", "You manage"))
    assert_accessible(page)

    # The manager transfers to member2's personal budget: wrong amounts first, nothing typed is lost.
    page.get_by_test_id("transfer-button").click()
    expect(page).to_have_url(at(f"/budget/{collective.pk}/transfer/"))
    expect(page.get_by_test_id("available")).to_have_text(eur(available))
    assert_accessible(page)
    target = page.locator("select[name=target]")
    target_budget = Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=member2, entity=sc)
    choice = f"seat:{member2.pk}"  # a member's personal budget, opened on demand if it does not exist yet
    expect(target.locator(f"option[value='{choice}']")).to_contain_text("Jonas Weber")
    target.select_option(choice)
    amount = page.locator("input[name=amount]")
    reason = page.locator("textarea[name=reason]")
    submit = page.locator("form:has(input[name=amount]) [type=submit]")
    with translation.override("de"):
        too_much = number_format(available + 1, decimal_pos=2)  # as a German member types it: “2185,00”
    for typed, error in (
        ("abc", re.compile(re.escape("1.250,00"))),  # the error shows how to write an amount
        (too_much, re.compile(re.escape(eur(available)))),
    ):
        amount.fill(typed)
        reason.fill(REASON)
        submit.click()
        expect(page).to_have_url(at(f"/budget/{collective.pk}/transfer/"))
        expect(amount).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#id_amount_error")).to_contain_text(error)
        expect(amount).to_have_value(typed)
        expect(reason).to_have_value(REASON)
        expect(target).to_have_value(choice)
        assert_accessible(page)
    assert not Transfer.objects.exists()

    amount.fill("500,00")
    submit.click()
    expect(page).to_have_url(TRANSFER_PAGE)
    transfer = Transfer.objects.get()
    assert (transfer.source, transfer.target, transfer.amount) == (collective, target_budget, Decimal("500.00"))
    facts = page.get_by_test_id("transfer-facts")
    expect(facts).to_contain_text(eur(Decimal("500")))
    expect(facts).to_contain_text(REASON)
    assert_accessible(page)

    # The Smart team finds it on the back-office home page and approves it.
    office = new_page()
    log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
    expect(office.get_by_test_id("transfer-count")).to_have_text("1")
    office.get_by_test_id("transfer-queue").get_by_role("link", name=re.compile(rf"#{transfer.pk}$")).click()
    expect(office).to_have_url(at(f"/backoffice/budgets/transfers/{transfer.pk}/"))
    expect(office.get_by_test_id("transfer-facts")).to_contain_text(REASON)
    assert_accessible(office)
    office.get_by_test_id("approve").click()
    expect(office.get_by_test_id("approve")).to_have_count(0)
    expect(office.get_by_test_id("transfer-facts")).to_contain_text(either("Genehmigt", "Approved"))
    assert_accessible(office)
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.APPROVED

    # The Smart team's budget pages: search by member number, the budget with its transfer rows.
    office.goto(f"{base}/backoffice/budgets/")
    assert_accessible(office)
    office.locator("input[name=q]").fill("000102")
    office.locator("form[role=search] [type=submit]").click()
    rows = office.get_by_test_id("budgets").locator("tbody tr")
    expect(rows.first).to_contain_text("Jonas Weber")
    office.goto(f"{base}/backoffice/budgets/{collective.pk}/")
    expect(office.get_by_test_id("correction-button")).to_be_visible()
    expect(statement_row(office, f"#{transfer.pk}")).to_contain_text(eur(Decimal("-500")))
    check_chart(office, assert_accessible)
    office.get_by_test_id("correction-button").click()
    expect(office).to_have_url(at(f"/backoffice/budgets/{collective.pk}/correction/"))
    assert_accessible(office)
    office.goto(f"{base}/backoffice/budgets/queue/")
    expect(office.get_by_test_id("transfer-queue")).to_have_count(0)  # nothing left to decide
    assert_accessible(office)

    # Both statements show the transfer: out of the collective budget, into member2's personal one.
    page.goto(f"{base}/budget/{collective.pk}/")
    row = statement_row(page, f"#{transfer.pk}")
    expect(row).to_contain_text(either("Umbuchung (ausgehend)", "Transfer out"))
    expect(row).to_contain_text(eur(Decimal("-500")))
    expect(page.get_by_test_id("figure-balance")).to_have_text(eur(available - 500))
    assert_accessible(page)
    colleague.goto(f"{base}/budget/")
    expect(colleague).to_have_url(at(f"/budget/{target_budget.pk}/"))
    row = statement_row(colleague, f"#{transfer.pk}")
    expect(row).to_contain_text("Transfer in")
    expect(row).to_contain_text(eur(Decimal("500"), "en"))
    expect(colleague.get_by_test_id("figure-balance")).to_have_text(eur(Decimal("500"), "en"))
    check_chart(colleague, assert_accessible)
    assert Participant.objects.filter(budget=collective, member=member2, status=Participant.Status.ACTIVE).exists()

    # The budget pages of both on a phone: axe-clean, and the page never scrolls sideways.
    for who, path in (
        (colleague, f"/budget/{collective.pk}/"),
        (colleague, f"/budget/{collective.pk}/members/"),
        (colleague, "/budget/transfers/"),
        (colleague, f"/budget/transfers/{transfer.pk}/"),
        (page, f"/budget/{collective.pk}/members/"),
        (page, f"/budget/{collective.pk}/transfer/"),
        (office, f"/backoffice/budgets/{collective.pk}/"),
        (office, f"/backoffice/budgets/transfers/{transfer.pk}/"),
    ):
        who.set_viewport_size(PHONE)
        who.goto(base + path)
        assert_accessible(who)
        assert who.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways"


# --- the budget page on its own ------------------------------------------------------------------


def test_budget_page_on_a_phone_period_filter_and_exports(new_page, live_server, member, issued, assert_accessible):
    page = new_page(PHONE)
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/budget/")
    expect(page).to_have_url(BUDGET_PAGE)
    assert_accessible(page)
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the budget page scrolls sideways"
    check_chart(page, assert_accessible)
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the chart's table makes the page scroll sideways"
    for figure in page.get_by_test_id("budget-figures").locator("summary").all():
        figure.click()
    assert_accessible(page)
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the figures' explanations make the page scroll sideways"
    expect(statement_row(page, issued.number)).to_have_count(2)

    # Period filter: the month of today has no bookings (the invoice is older); everything has them.
    filter_ = page.get_by_test_id("period-filter")
    filter_.locator("select[name=period]").select_option("month")
    filter_.locator("[type=submit]").click()
    expect(page.get_by_test_id("period-title")).to_have_text(re.compile(timezone.localdate().strftime("%Y")))
    if timezone.localdate().replace(day=1) > issued.issue_date:
        expect(page.get_by_test_id("statement")).to_have_count(0)
        page.get_by_test_id("period-previous").click()
    expect(statement_row(page, issued.number)).to_have_count(2)
    filter_.locator("select[name=period]").select_option("all")
    filter_.locator("[type=submit]").click()
    expect(page.get_by_test_id("period-title")).to_have_text(either("Alles", "Everything"))
    expect(page.get_by_test_id("totals")).to_contain_text(eur(issued.net_total))
    assert_accessible(page)
    assert page.evaluate(PAGE_OVERFLOW) <= 0

    # A custom range whose end is before its start: a clear message, no server error.
    filter_.locator("select[name=period]").select_option("custom")
    filter_.locator("input[name=start]").fill("2026-05-01")
    filter_.locator("input[name=end]").fill("2026-04-01")
    filter_.locator("[type=submit]").click()
    expect(filter_.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    for testid, content_type, magic in (
        ("statement-csv", "text/csv", b"\xef\xbb\xbf"),
        ("statement-pdf", "application/pdf", b"%PDF"),
    ):
        filter_.locator("select[name=period]").select_option("all")
        href = page.get_by_test_id(testid).get_attribute("href")
        assert href
        response = page.request.get(live_server.url + href)
        assert response.status == 200, href
        assert response.headers["content-type"].startswith(content_type)
        assert response.body().startswith(magic)


def test_budget_page_in_english(new_page, live_server, member, issued, assert_accessible):
    User.objects.filter(pk=member.pk).update(language="en")
    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/budget/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget: Personal budget")
    expect(page.get_by_test_id("figure-balance")).to_have_text(eur(to_budget(issued), "en"))
    for label in ("Balance", "Outstanding invoices", "Reserved", "Available for expenses", "Available for salary"):
        expect(page.get_by_test_id("budget-figures").get_by_role("heading", name=label, exact=True)).to_be_visible()
    expect(page.locator("summary", has_text="How is this computed?").first).to_be_visible()
    check_chart(page, assert_accessible)
    page.goto(f"{live_server.url}/budget/transfers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfers")
    assert_accessible(page)


def test_statement_rows_link_to_their_transfer(
    new_page, live_server, member, member2, staff, entities, issued, assert_accessible
):
    sc = entities["SC"]
    personal = budget_personal(member_id=member.pk, entity_id=sc.pk)
    # The fixture's invoice is paid: its money is available for a transfer.
    payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=timezone.localdate(), user=staff)
    colleague = budget_personal(member_id=member2.pk, entity_id=sc.pk)
    transfer = services.transfer_request(
        source_id=personal.pk, target_id=colleague.pk, amount="100.00", reason=REASON, user=member
    )
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    page = new_page()
    log_in(page, live_server.url, member.email, assert_accessible)
    page.goto(f"{live_server.url}/budget/{personal.pk}/")
    link = statement_row(page, f"#{transfer.pk}").get_by_role("link", name=f"#{transfer.pk}")
    expect(link).to_have_attribute("href", f"/budget/transfers/{transfer.pk}/", timeout=1_000)
