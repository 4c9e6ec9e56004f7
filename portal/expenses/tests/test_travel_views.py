"""The travel-cost pages: the claim form with stages and day rows, the computation on the claim, the
payroll marking in the back office, and what a member without an active employment is told."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from conftest import logged_in
from portal.employment.models import Employment, EmploymentStatus
from portal.employment.tests.factories import active_employment
from portal.expenses.models import ExpenseRequest, Status
from portal.expenses.tests.factories import funded_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel("2026-11-20 10:00 +0100", tick=False):
        yield


@pytest.fixture
def employed(member, entities):
    """The member with an active employment with Smart eG (only they claim travel costs)."""
    active_employment(member, entities["SC"])
    return member


@pytest.fixture
def budget(member, entities):
    # 2 000 EUR for the claims on top of the employment's four months, which are reserved (4 x 787 EUR).
    return funded_budget(member, entities["SC"], "5148.00")


def paris_post(budget, **changes):
    data = {
        "budget": budget.pk,
        "title": "Messe Paris",
        "starts_at": "2026-11-02T06:00",
        "ends_at": "2026-11-04T19:30",
        "overnight_stay": "on",
        "kilometres": "12,5",
        "stage-TOTAL_FORMS": "3",
        "stage-INITIAL_FORMS": "0",
        "stage-MIN_NUM_FORMS": "0",
        "stage-MAX_NUM_FORMS": "12",
        "stage-0-starts_at": "",
        "stage-0-country": "DE",
        "stage-1-starts_at": "2026-11-02T11:30",
        "stage-1-country": "FR",
        "stage-1-city": "Paris",
        "stage-2-starts_at": "2026-11-04T16:00",
        "stage-2-country": "DE",
        "day-2026-11-02-night_without_receipt": "on",
        "day-2026-11-03-dinner": "on",
    }
    data.update(changes)
    return data


def test_a_claim_is_entered_and_shows_its_computation_day_by_day(member_http, employed, budget):
    response = member_http.post(reverse("expenses:travel_create"), paris_post(budget))
    claim = ExpenseRequest.objects.get(kind=ExpenseRequest.Kind.TRAVEL)
    assert response.status_code == 302 and response.url == reverse("expenses:detail", args=[claim.pk])
    # 39 + 34.80 + 39 per diems, 159 for the night, 12.5 km x 0.30 = 3.75
    assert claim.payout == Decimal("275.55")
    page = member_http.get(response.url).content.decode()
    assert 'data-testid="travel-computation"' in page and 'data-testid="travel-total">275,55 EUR' in page
    assert "Paris" in page
    edit = member_http.get(reverse("expenses:travel_edit", args=[claim.pk])).content.decode()
    assert 'value="2026-11-02T06:00"' in edit and 'name="day-2026-11-03-dinner"' in edit


def test_wrong_trips_keep_what_was_typed(member_http, employed, budget):
    employed.language = "en"
    employed.save()
    response = member_http.post(
        reverse("expenses:travel_create"),
        paris_post(budget, ends_at="2026-11-01T10:00", title="Kept title", kilometres="12.5"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "must end after it starts" in page and "Kept title" in page
    response = member_http.post(reverse("expenses:travel_create"), paris_post(budget, **{"stage-1-country": "ZZ"}))
    assert response.status_code == 200 and not ExpenseRequest.objects.exists()
    response = member_http.post(reverse("expenses:travel_create"), paris_post(budget, starts_at="gestern"))
    assert response.status_code == 200 and not ExpenseRequest.objects.exists()


def test_the_day_rows_follow_the_dates_and_keep_the_ticks(member_http, employed):
    page = member_http.get(
        reverse("expenses:travel_days"),
        {"starts_at": "2026-11-02T06:00", "ends_at": "2026-11-04T19:30", "day-2026-11-03-lunch": "on"},
    ).content.decode()
    assert page.count("<tr>") == 3 + 1  # header and three days
    assert 'name="day-2026-11-03-lunch" aria-label' in page and "checked" in page
    assert "2026-11-04-night_without_receipt" not in page  # no night after the last day
    empty = member_http.get(reverse("expenses:travel_days"), {"starts_at": "x"}).content.decode()
    assert "travel-days" not in empty


def test_members_without_an_active_employment_are_told_why_and_where_to_request_one(
    member_http, member, entities, budget
):
    member.language = "en"
    member.save()
    for status in (None, EmploymentStatus.CONTRACT_SIGNED, EmploymentStatus.ENDED):
        if status is not None:  # a contract not started yet, or over: still no claims
            Employment.objects.update(status=status)
        page = member_http.get(reverse("expenses:travel_create")).content.decode()
        assert 'data-testid="travel-not-employed"' in page and "only while you have an active employment" in page
        assert reverse("employment:home") in page and reverse("expenses:reimbursement_create") in page
        member_http.post(reverse("expenses:travel_create"), paris_post(budget))
        assert not ExpenseRequest.objects.exists()
        assert reverse("expenses:travel_create") not in member_http.get(reverse("expenses:list")).content.decode()
        if status is None:
            active_employment(member, entities["SC"], start=date(2026, 1, 1), end=date(2026, 4, 30))
    Employment.objects.update(status=EmploymentStatus.ACTIVE)
    assert reverse("expenses:travel_create") in member_http.get(reverse("expenses:list")).content.decode()


def test_the_payroll_marks_approved_claims_paid_with_the_salary(member_http, staff_http, employed, budget):
    member_http.post(reverse("expenses:travel_create"), paris_post(budget))
    claim = ExpenseRequest.objects.get()
    member_http.post(reverse("expenses:submit", args=[claim.pk]))
    staff_http.post(reverse("backoffice:expense_decide", args=[claim.pk]), {"decision": "approve"})
    page = staff_http.get(reverse("backoffice:payout_list")).content.decode()
    assert 'data-testid="travel-claims"' in page and claim.reference in page
    salary_form = page[page.find('action="/backoffice/payouts/salary/"') :][:300]
    assert "data-confirm=" in salary_form  # marking them paid cannot be undone
    staff_http.post(
        reverse("backoffice:payout_salary"), {"claims": [claim.pk], "entity": claim.entity_id, "month": "2026-11"}
    )
    claim.refresh_from_db()
    assert (claim.status, str(claim.salary_month)) == (Status.PAID, "2026-11-01")


@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff_at", "staff"])
def test_a_claim_is_the_member_s_alone(request, member_http, employed, budget, persona):
    member_http.post(reverse("expenses:travel_create"), paris_post(budget))
    claim = ExpenseRequest.objects.get()
    http = logged_in(request.getfixturevalue(persona))
    assert http.get(reverse("expenses:travel_edit", args=[claim.pk])).status_code == 404
    assert http.post(reverse("expenses:travel_edit", args=[claim.pk]), paris_post(budget)).status_code == 404


@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_only_the_entity_s_team_marks_salary_payments(request, persona, employed, budget, member_http, staff_http):
    member_http.post(reverse("expenses:travel_create"), paris_post(budget))
    claim = ExpenseRequest.objects.get()
    member_http.post(reverse("expenses:submit", args=[claim.pk]))
    staff_http.post(reverse("backoffice:expense_decide", args=[claim.pk]), {"decision": "approve"})
    http = logged_in(request.getfixturevalue(persona))
    response = http.post(
        reverse("backoffice:payout_salary"), {"claims": [claim.pk], "entity": claim.entity_id, "month": "2026-11"}
    )
    assert response.status_code in (302, 404)
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED
