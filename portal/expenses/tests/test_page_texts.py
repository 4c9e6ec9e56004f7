"""Long words and joined sentences on the member's expense pages (a walk at 375 px)."""

import re

import pytest
from django.urls import reverse

from portal.expenses import services
from portal.expenses.models import ExpenseRequest, Status
from portal.expenses.tests.factories import funded_budget, receipt

pytestmark = pytest.mark.django_db

LONG_TITLE = "Bewirtung" + "Projektbesprechung" * 5
LONG_SUPPLIER = "Copyshop" + "Druckpunkt" * 9


@pytest.fixture
def asked(member, entities):
    """A reimbursement request with a long title that the Smart team asked a question about."""
    budget = funded_budget(member, entities["SC"])
    request = services.reimbursement_save(
        member=member, budget_id=budget.pk, title=LONG_TITLE, receipt_ids=[receipt(member).pk]
    )
    ExpenseRequest.objects.filter(pk=request.pk).update(
        status=Status.NEEDS_INFO, staff_message="Wer war die vierte Person? Bitte reiche den Antrag erneut ein."
    )
    return request


def test_the_request_title_breaks(member_http, asked):
    page = member_http.get(reverse("expenses:detail", args=[asked.pk])).content.decode()
    assert f'<h1 class="page-title mb-0 text-break">{LONG_TITLE} <span' in page


def test_the_question_and_the_hint_are_separate_sentences(member_http, asked):
    page = member_http.get(reverse("expenses:detail", args=[asked.pk])).content.decode()
    question = page[page.index('data-testid="staff-question"') :]
    question = question[: question.index("</div></div>")]
    # Text extraction and copying ran "…erneut ein.Ändere bei Bedarf…" together.
    assert re.search(r"erneut ein\.\s+<div", question)


def test_the_receipt_breadcrumb_breaks(member, member_http):
    saved = receipt(member, supplier=LONG_SUPPLIER)
    page = member_http.get(reverse("expenses:receipt_edit", args=[saved.pk])).content.decode()
    assert f'<li class="breadcrumb-item active text-break" aria-current="page">{LONG_SUPPLIER}</li>' in page


def test_a_locked_receipt_breaks_its_name(member, member_http, asked):
    used = asked.receipts.get()
    type(used).objects.filter(pk=used.pk).update(supplier=LONG_SUPPLIER)
    ExpenseRequest.objects.filter(pk=asked.pk).update(status=Status.SUBMITTED)
    page = member_http.get(reverse("expenses:receipt_edit", args=[used.pk])).content.decode()
    assert f'<h1 class="page-title text-break">{LONG_SUPPLIER}</h1>' in page
    assert f'<li class="breadcrumb-item active text-break" aria-current="page">{LONG_SUPPLIER}</li>' in page
