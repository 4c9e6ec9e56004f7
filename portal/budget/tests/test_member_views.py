"""The member's budget pages as a member uses them: statement periods, hostile filter input, collective
budgets, invitations and transfers through the forms, and query counts that do not grow with rows."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from portal.budget import collective, services
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, Participant, Transfer
from portal.budget.tests.test_collective import token_from_mail
from portal.invoicing.services.payments import payment_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(issued, staff):
    """``member``'s SC budget: 2 184,00 EUR from a paid invoice, all available."""
    payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=issued.issue_date, user=staff)
    return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=issued.member, entity=issued.entity)


def book(budget, staff, amounts, day):
    for amount in amounts:
        services.correction_request(budget_id=budget.pk, amount=amount, reason="Test", user=staff, booking_date=day)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# --- the statement ----------------------------------------------------------------------------------


@time_machine.travel("2027-06-01 12:00 +01:00")  # the bookings below lie after the invoice, not in the future
def test_period_filter_gives_opening_balance_running_balance_and_totals(member, budget, staff):
    member_http = logged_in(member)  # signed in on the travelled day
    issue_day = budget.entries.first().booking_date
    later = issue_day + timedelta(days=40)
    book(budget, staff, ["10.00", "-2.50"], later)
    rows = csv_rows(
        member_http.get(reverse("budget:statement_csv", args=[budget.pk]), {"period": "month", "on": later.isoformat()})
    )
    assert rows[1][2] == "Anfangssaldo" and rows[1][-1] == "2184,00"
    assert [row[4] for row in rows[2:-1]] == ["10,00", "-2,50"]
    assert [row[5] for row in rows[2:-1]] == ["2194,00", "2191,50"]
    assert rows[-1][-1] == "2191,50"
    page = member_http.get(
        reverse("budget:detail", args=[budget.pk]), {"period": "month", "on": later.isoformat()}
    ).content.decode()
    assert 'data-testid="opening">2.184,00 EUR' in page
    assert 'data-testid="closing">2.191,50 EUR' in page
    assert "Korrektur" in page  # totals per kind


def test_custom_period_and_everything(member_http, budget, staff):
    issue_day = budget.entries.first().booking_date
    book(budget, staff, ["5.00"], issue_day + timedelta(days=3))
    url = reverse("budget:statement_csv", args=[budget.pk])
    custom = csv_rows(
        member_http.get(
            url, {"period": "custom", "start": (issue_day + timedelta(days=1)).isoformat(), "end": "2100-01-01"}
        )
    )
    assert [row[4] for row in custom[2:-1]] == ["5,00"]
    everything = csv_rows(member_http.get(url, {"period": "all"}))
    assert [row[4] for row in everything[2:-1]] == ["2400,00", "-216,00", "5,00"]


@pytest.mark.parametrize(
    "query",
    [
        {"period": "nonsense"},
        {"period": "month", "on": "not-a-date"},
        {"period": "year", "on": "99999-01-01"},
        {"period": "custom", "start": "2026-12-31", "end": "2026-01-01"},
        {"period": "custom", "start": "1000-01-01"},
        {"period": "custom", "start": "<script>"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"period": ["month", "year"]},
    ],
)
def test_hostile_filters_get_a_message_not_an_error(member_http, budget, query):
    response = member_http.get(reverse("budget:detail", args=[budget.pk]), query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="statement-heading"')[1]
    assert member_http.get(reverse("budget:statement_csv", args=[budget.pk]), query).status_code == 200


def test_reversed_custom_period_says_what_is_wrong(member_http, budget):
    response = member_http.get(
        reverse("budget:detail", args=[budget.pk]),
        {"period": "custom", "start": "2026-12-31", "end": "2026-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "Das Ende des Zeitraums" in page or "The end of the period cannot be before its start." in page
    assert 'value="2026-12-31"' in page  # what was typed stays


def test_statement_pages_keep_the_running_balance(member_http, budget, staff, settings):
    settings.PAGINATE_BY = 2
    day = budget.entries.first().booking_date
    book(budget, staff, ["1.00", "2.00", "3.00"], day)
    first = member_http.get(reverse("budget:detail", args=[budget.pk]), {"period": "all"}).content.decode()
    second = member_http.get(
        reverse("budget:detail", args=[budget.pk]), {"period": "all", "page": "2"}
    ).content.decode()
    # newest first: 2 190,00 after the last booking, then 2 187,00; page 2 holds 2 185,00 and 2 184,00
    assert first.index("2.190,00 EUR") < first.index("2.187,00 EUR")
    assert "2.185,00 EUR" in second and "2.184,00 EUR" in second


def test_budget_page_queries_do_not_grow_with_rows(member_http, budget, staff, django_assert_max_num_queries):
    url = reverse("budget:detail", args=[budget.pk])
    member_http.get(url)
    day = budget.entries.first().booking_date
    book(budget, staff, ["1.00"] * 40, day)
    with django_assert_max_num_queries(22):
        assert member_http.get(url, {"period": "all"}).status_code == 200
    with django_assert_max_num_queries(10):
        response = member_http.get(reverse("budget:statement_csv", args=[budget.pk]), {"period": "all"})
        assert len(csv_rows(response)) == 1 + 1 + 42 + 1


def test_staff_budget_list_queries_do_not_grow(staff, entities, django_assert_max_num_queries):
    from conftest import make_member

    for number in range(30):
        user = make_member(f"m{number}@test.example", entities["SC"], number=f"0009{number:02d}")
        budget_personal(member_id=user.pk, entity_id=entities["SC"].pk)
    http = logged_in(staff)
    http.get(reverse("backoffice:budget_list"))  # the first request of a session stores it
    with django_assert_max_num_queries(8):
        assert http.get(reverse("backoffice:budget_list")).status_code == 200


def test_chart_has_a_text_alternative_with_twelve_months(member_http, budget):
    page = member_http.get(reverse("budget:detail", args=[budget.pk])).content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    table = page[page.index('data-testid="chart-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == 12
    assert "2.184,00 EUR" in table  # this month: balance and available for expenses


# --- collective budgets through the pages ----------------------------------------------------------------


def test_member_opens_a_collective_budget_and_a_colleague_accepts_by_link(member, member2, entities):
    http = logged_in(member)
    response = http.post(
        reverse("budget:collective_create"),
        {"name": "Filmkollektiv", "entity": entities["SC"].pk, "invitees": "000102"},
    )
    team = Budget.objects.get(kind=Budget.Kind.COLLECTIVE)
    assert response.url == reverse("budget:members", args=[team.pk])
    token = token_from_mail(member2)
    assert http.get(reverse("budget:invitation", args=[token])).status_code == 404  # not the inviter's link
    colleague = logged_in(member2)
    assert colleague.get(reverse("budget:invitation", args=[token])).status_code == 200
    response = colleague.post(reverse("budget:invitation", args=[token]), {"answer": "accept"})
    assert response.url == reverse("budget:detail", args=[team.pk])
    team.refresh_from_db()
    assert team.status == Budget.Status.ACTIVE
    assert colleague.get(reverse("budget:invitation", args=[token])).status_code == 404  # single use


def test_collective_form_keeps_input_and_names_unknown_numbers(member, entities):
    response = logged_in(member).post(
        reverse("budget:collective_create"),
        {"name": "Theater", "entity": entities["SC"].pk, "invitees": "000999"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "000999" in page and 'value="Theater"' in page
    assert not Budget.objects.filter(kind=Budget.Kind.COLLECTIVE).exists()


def test_manager_promotes_and_removes_members(member, member2, entities):
    http = logged_in(member)
    http.post(
        reverse("budget:collective_create"),
        {"name": "Filmkollektiv", "entity": entities["SC"].pk, "invitees": "000102"},
    )
    team = Budget.objects.get(kind=Budget.Kind.COLLECTIVE)
    logged_in(member2).post(reverse("budget:invitation", args=[token_from_mail(member2)]), {"answer": "accept"})
    seat = Participant.objects.get(budget=team, member=member2)
    http.post(reverse("budget:member_role", args=[team.pk, seat.pk]), {"role": "manager"})
    seat.refresh_from_db()
    assert seat.role == Participant.Role.MANAGER
    http.post(reverse("budget:member_remove", args=[team.pk, seat.pk]))
    seat.refresh_from_db()
    assert seat.status == Participant.Status.REMOVED
    own = Participant.objects.get(budget=team, member=member)
    response = http.post(reverse("budget:member_remove", args=[team.pk, own.pk]), follow=True)
    own.refresh_from_db()
    assert own.status == Participant.Status.ACTIVE  # the last manager stays
    assert "braucht immer" in response.content.decode()


def test_a_long_budget_name_breaks_instead_of_widening_the_pages(member, member2, budget, entities):
    """A 100-character name without a space made /budget/ 1093 px wide on a 375 px screen."""
    name = "Filmkollektiv" + "N" * 87
    team = collective.collective_create(user=member, entity_id=entities["SC"].pk, name=name, invitee_numbers=["000102"])
    collective.invitation_answer(token=token_from_mail(member2), user=member2, accept=True)
    Transfer.objects.create(source=team, target=budget, amount=Decimal("1.00"), reason="x", requested_by=member)
    http = logged_in(member)
    home = http.get(reverse("budget:home"), follow=True).content.decode()
    link = reverse("budget:detail", args=[team.pk])
    assert f'<li class="nav-item mw-100"><a class="nav-link py-1 text-break" href="{link}">' in home
    page = http.get(link).content.decode()
    assert f'<h1 class="page-title mb-0 text-break">Budget: {name} <span' in page
    assert f'<li class="nav-item mw-100"><a class="nav-link py-1 text-break active" href="{link}"' in page
    pending = reverse("budget:transfer_detail", args=[Transfer.objects.get().pk])
    assert f'<a href="{pending}" class="text-break">{name} →' in page
    members = http.get(reverse("budget:members", args=[team.pk])).content.decode()
    assert f'<h1 class="page-title text-break">Mitglieder von {name}</h1>' in members
    assert f'<li class="breadcrumb-item text-break"><a href="{link}">{name}</a></li>' in members
    transfer = http.get(reverse("budget:transfer_create", args=[team.pk])).content.decode()
    assert f'<li class="breadcrumb-item text-break"><a href="{link}">{name}</a></li>' in transfer


def test_order_form_offers_the_collective_budgets_the_member_manages(member, member2, entities):
    http = logged_in(member)
    assert 'name="budget"' not in http.get(reverse("orders:create")).content.decode()
    http.post(
        reverse("budget:collective_create"),
        {"name": "Filmkollektiv", "entity": entities["SC"].pk, "invitees": "000102"},
    )
    logged_in(member2).post(reverse("budget:invitation", args=[token_from_mail(member2)]), {"answer": "accept"})
    form = http.get(reverse("orders:create")).content.decode()
    assert 'name="budget"' in form and "Filmkollektiv (SC)" in form
    assert 'name="budget"' not in logged_in(member2).get(reverse("orders:create")).content.decode()


# --- transfers through the pages -----------------------------------------------------------------------


def test_transfer_to_a_colleague_by_member_number(member_http, budget, member2, entities):
    target = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    response = member_http.post(
        reverse("budget:transfer_create", args=[budget.pk]),
        {"target": "member", "member_number": "000102", "amount": "100,50", "reason": "Share of Kino Nord"},
    )
    transfer = Transfer.objects.get()
    assert response.url == reverse("budget:transfer_detail", args=[transfer.pk])
    assert (transfer.target, transfer.amount) == (target, Decimal("100.50"))
    member_http.post(reverse("budget:transfer_withdraw", args=[transfer.pk]))
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.WITHDRAWN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target": "member", "member_number": "", "amount": "10"}, "Mitgliedsnummer"),
        ({"target": "member", "member_number": "000999", "amount": "10"}, "000999"),
        ({"target": "member", "member_number": "000102", "amount": "abc"}, "1.250,00"),
        ({"target": "member", "member_number": "000102", "amount": "5000"}, "2.184,00 EUR"),
        ({"target": "12345678", "amount": "10"}, "Auswahl"),
    ],
)
def test_transfer_form_errors_are_clear_and_keep_the_input(member_http, budget, member2, entities, data, message):
    budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    response = member_http.post(reverse("budget:transfer_create", args=[budget.pk]), {**data, "reason": "Mein Grund"})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Mein Grund" in page
    assert not Transfer.objects.exists()


def test_sending_the_transfer_form_again_creates_no_second_transfer(member, member_http, budget, member2, entities):
    """Back button and send again (or a double click): the second copy is refused with a message."""
    member.language = "en"
    member.save(update_fields=["language"])
    budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    url = reverse("budget:transfer_create", args=[budget.pk])
    data = {"target": "member", "member_number": "000102", "amount": "100,50", "reason": "Share of Kino Nord"}
    assert member_http.post(url, data).status_code == 302
    response = member_http.post(url, data)
    page = response.content.decode()
    first = Transfer.objects.get()
    assert response.status_code == 200
    assert f"You sent this transfer a moment ago (transfer #{first.pk})" in page
    assert "Share of Kino Nord" in page  # what was typed stays
    assert Transfer.objects.count() == 1


def test_transfer_list_shows_transfers_from_and_to_the_member(member_http, budget, member, member2, entities):
    target = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    transfer = services.transfer_request(source_id=budget.pk, target_id=target.pk, amount="10", reason="x", user=member)
    for http in (member_http, logged_in(member2)):
        page = http.get(reverse("budget:transfer_list")).content.decode()
        assert reverse("budget:transfer_detail", args=[transfer.pk]) in page


def test_today_is_in_the_default_period(member_http, budget):
    today = timezone.localdate()
    page = member_http.get(reverse("budget:detail", args=[budget.pk])).content.decode()
    assert f'data-testid="period-title">{today.year}<' in page
    assert date(today.year, 1, 1) <= today


def test_statement_rows_of_a_transfer_link_to_it_for_both_members(
    member_http, budget, member, member2, staff, entities
):
    target = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    transfer = services.transfer_request(source_id=budget.pk, target_id=target.pk, amount="10", reason="x", user=member)
    services.transfer_decide(transfer_id=transfer.pk, event="approve", user=staff)
    link = reverse("budget:transfer_detail", args=[transfer.pk])
    assert link in member_http.get(reverse("budget:detail", args=[budget.pk])).content.decode()
    assert link in logged_in(member2).get(reverse("budget:detail", args=[target.pk])).content.decode()
    staff_page = logged_in(staff).get(reverse("backoffice:budget_detail", args=[target.pk])).content.decode()
    assert reverse("backoffice:transfer_detail", args=[transfer.pk]) in staff_page


def test_a_collective_budget_pays_a_member_without_a_personal_budget_yet(member, member2, entities, staff):
    from portal.budget.ledger import Posting, ledger_book

    http = logged_in(member)
    http.post(
        reverse("budget:collective_create"),
        {"name": "Filmkollektiv", "entity": entities["SC"].pk, "invitees": "000102"},
    )
    team = Budget.objects.get(kind=Budget.Kind.COLLECTIVE)
    logged_in(member2).post(reverse("budget:invitation", args=[token_from_mail(member2)]), {"answer": "accept"})
    ledger_book(
        postings=[Posting(team.pk, "correction", Decimal("800.00"), "Start", f"test:{team.pk}")],
        booking_date=timezone.localdate(),
    )
    assert not Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner=member2).exists()
    form = http.get(reverse("budget:transfer_create", args=[team.pk])).content.decode()
    assert f'value="seat:{member2.pk}"' in form
    http.post(
        reverse("budget:transfer_create", args=[team.pk]),
        {"target": f"seat:{member2.pk}", "amount": "1.250,00", "reason": "Anteil"},
    )
    http.post(
        reverse("budget:transfer_create", args=[team.pk]),
        {"target": f"seat:{member2.pk}", "amount": "250", "reason": "Anteil"},
    )
    transfers = list(Transfer.objects.values_list("target__owner", "amount"))
    assert transfers == [(member2.pk, Decimal("250.00"))]  # 1 250 is more than the 800 available


def test_the_order_page_names_its_budget(member_http, staff, issued, budget):
    page = member_http.get(reverse("orders:detail", args=[issued.order_id])).content.decode()
    assert 'data-testid="order-budget">Persönliches Budget' in page
    staff_page = logged_in(staff).get(reverse("backoffice:order_detail", args=[issued.order_id])).content.decode()
    assert reverse("backoffice:budget_detail", args=[budget.pk]) in staff_page


@time_machine.travel("2027-06-01 12:00 +01:00")
def test_opening_balance_from_the_monthly_sums_equals_the_database_sum(budget, staff):
    from portal.budget import selectors

    day = budget.entries.first().booking_date
    book(budget, staff, ["7.00"], day + timedelta(days=35))
    book(budget, staff, ["-3.00"], day + timedelta(days=70))
    monthly = selectors.monthly_sums(budget.pk)
    for start in (day.replace(day=1), (day + timedelta(days=40)).replace(day=1), date(2100, 1, 1)):
        assert selectors.opening_balance(budget.pk, start, monthly) == selectors.opening_balance(budget.pk, start)
