"""The Smart team's budget pages: search, the same page as the member, corrections, the transfer queue."""

import pytest
from django.urls import reverse

from portal.budget import services
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, Correction, LedgerEntry, Transfer
from portal.invoicing.services.payments import payment_record


@pytest.fixture
def budget(issued, staff):
    payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=issued.issue_date, user=staff)
    return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=issued.member, entity=issued.entity)


def test_staff_find_a_budget_by_member_number(staff_http, budget):
    response = staff_http.get(reverse("backoffice:budget_list"), {"q": "000101"})
    assert response.status_code == 200
    assert reverse("backoffice:budget_detail", args=[budget.pk]) in response.content.decode()
    response = staff_http.get(reverse("backoffice:budget_list"), {"q": "999999"})
    assert reverse("backoffice:budget_detail", args=[budget.pk]) not in response.content.decode()


def test_staff_see_the_budget_page_and_book_a_small_correction(staff_http, budget, staff):
    assert staff_http.get(reverse("backoffice:budget_detail", args=[budget.pk])).status_code == 200
    response = staff_http.post(
        reverse("backoffice:budget_correction", args=[budget.pk]),
        {"amount": "-12,50", "booking_date": "2026-12-01", "reason": "Bank fee"},
    )
    assert response.status_code == 302
    row = LedgerEntry.objects.get(budget=budget, kind="correction")
    assert str(row.amount) == "-12.50"


def test_correction_form_keeps_input_on_error(staff_http, budget):
    response = staff_http.post(
        reverse("backoffice:budget_correction", args=[budget.pk]),
        {"amount": "abc", "booking_date": "2026-12-01", "reason": "Keep me"},
    )
    assert response.status_code == 200
    assert "Keep me" in response.content.decode()
    assert not LedgerEntry.objects.filter(budget=budget, kind="correction").exists()


def test_staff_approve_a_transfer_from_the_queue(staff_http, budget, member, member2, entities):
    target = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    transfer = services.transfer_request(
        source_id=budget.pk, target_id=target.pk, amount="100", reason="Share", user=member
    )
    home = staff_http.get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:transfer_detail", args=[transfer.pk]) in home
    assert staff_http.get(reverse("backoffice:transfer_detail", args=[transfer.pk])).status_code == 200
    response = staff_http.post(reverse("backoffice:transfer_decide", args=[transfer.pk]), {"decision": "approve"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.APPROVED
    assert LedgerEntry.objects.filter(budget=target, kind="transfer_in").count() == 1


def test_big_correction_waits_for_a_second_staff_member(staff_http, budget, staff):
    staff_http.post(
        reverse("backoffice:budget_correction", args=[budget.pk]),
        {"amount": "1500", "booking_date": "2026-12-01", "reason": "Late payment"},
    )
    correction = Correction.objects.get(budget=budget)
    assert correction.status == Correction.Status.PENDING
    queue = staff_http.get(reverse("backoffice:budget_queue")).content.decode()
    assert "Late payment" in queue
