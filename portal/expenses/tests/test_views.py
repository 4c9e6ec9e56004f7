"""The member's and the Smart team's expense pages: what they show, what they refuse, to whom."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.expenses import services
from portal.expenses.models import ExpenseRequest, Receipt, Status
from portal.expenses.tests.factories import HEIC, PDF, funded_budget, receipt
from portal.expenses.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(member, entities):
    return funded_budget(member, entities["SC"], "1000.00")


@pytest.fixture
def submitted(member, budget):
    request = services.reimbursement_save(
        member=member, budget_id=budget.pk, title="Office supplies", receipt_ids=[receipt(member).pk]
    )
    return services.request_submit(member=member, request_id=request.pk)


def receipt_post(**changes):
    data = {
        "receipt_date": (timezone.localdate()).isoformat(),
        "supplier": "Bürobedarf Meier",
        "description": "Toner",
        "category": "office",
        "gross": "119,00",
        "vat_rate_1": "19",
        "vat_1": "",
        "file": SimpleUploadedFile("toner.pdf", PDF, content_type="application/pdf"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_menu_leads_to_the_expenses(member_http):
    page = member_http.get(reverse("dashboard")).content.decode()
    assert reverse("expenses:list") in page


def test_a_receipt_is_added_with_german_amounts(member_http, member):
    response = member_http.post(reverse("expenses:receipt_create"), receipt_post())
    assert response.status_code == 302 and response.url == reverse("expenses:receipts")
    saved = Receipt.objects.get(member=member)
    assert (saved.gross, saved.vat, saved.original_name) == (Decimal("119.00"), Decimal("19.00"), "toner.pdf")
    listing = member_http.get(reverse("expenses:receipts")).content.decode()
    assert "Bürobedarf Meier" in listing and reverse("expenses:receipt_file", args=[saved.pk]) in listing


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gross": "abc"}, "amount"),
        ({"gross": "1e5"}, "amount"),
        ({"receipt_date": "31.02.2026"}, "date"),
        ({"file": SimpleUploadedFile("IMG_1.heic", HEIC)}, "HEIC"),
        ({"category": "hospitality"}, "attendees"),
        ({"gross": "300,00"}, "addressed to the cooperative"),
        ({"supplier": "x" * 500}, "at most 200 characters"),
    ],
)
def test_wrong_receipt_input_gets_a_clear_message_and_keeps_what_was_typed(member, member_http, changes, message):
    member.language = "en"  # the messages in English
    member.save()
    response = member_http.post(reverse("expenses:receipt_create"), receipt_post(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Toner" in page  # nothing typed is lost
    assert not Receipt.objects.exists()


def test_the_request_form_shows_totals_and_the_available_amount_live(member_http, member, budget):
    first, second = receipt(member, gross="119.00"), receipt(member, gross="100.00", rate="0")
    url = reverse("expenses:reimbursement_preview")
    page = member_http.get(url, {"budget": budget.pk, "receipts": [first.pk, second.pk]}).content.decode()
    assert 'data-testid="preview-payout">219,00 EUR' in page
    assert 'data-testid="preview-debit">200,00 EUR' in page
    assert 'data-testid="preview-available">1.000,00 EUR' in page
    foreign = member_http.get(url, {"budget": 999999, "receipts": ["x", "-1"]}).content.decode()
    assert "preview-available" not in foreign


def test_the_journey_receipt_request_question_answer_approval(member_http, staff_http, member, budget):
    saved = receipt(member)
    response = member_http.post(
        reverse("expenses:reimbursement_create"),
        {"budget": budget.pk, "title": "Office supplies", "description": "", "receipts": [saved.pk]},
    )
    request = ExpenseRequest.objects.get()
    assert response.url == reverse("expenses:detail", args=[request.pk])
    page = member_http.get(response.url).content.decode()
    assert 'data-testid="expense-debit">100,00 EUR' in page and 'data-testid="available">' in page
    member_http.post(reverse("expenses:submit", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED

    queue = staff_http.get(reverse("backoffice:expense_queue")).content.decode()
    assert request.title in queue and "900,00 EUR" in queue  # the budget's available amount beside it
    staff_http.post(reverse("backoffice:expense_decide", args=[request.pk]), {"decision": "ask", "reason": "Why?"})
    request.refresh_from_db()
    assert request.status == Status.NEEDS_INFO
    assert "Why?" in member_http.get(reverse("expenses:detail", args=[request.pk])).content.decode()
    member_http.post(reverse("expenses:submit", args=[request.pk]))
    staff_http.post(reverse("backoffice:expense_decide", args=[request.pk]), {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert staff_http.get(reverse("backoffice:expense_queue")).content.decode().count(request.title) == 0


def test_rejecting_without_a_reason_is_refused_with_a_message(staff_http, submitted):
    response = staff_http.post(
        reverse("backoffice:expense_decide", args=[submitted.pk]), {"decision": "reject"}, follow=True
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert "reason" in response.content.decode().lower() or "Grund" in response.content.decode()
    assert (
        staff_http.post(reverse("backoffice:expense_decide", args=[submitted.pk]), {"decision": "x"}).status_code == 404
    )


def test_a_direct_payment_is_entered_with_a_wrong_iban_first(member_http, member, budget):
    member.language = "en"
    member.save()
    today = timezone.localdate()
    data = {
        "budget": budget.pk,
        "title": "Flyers",
        "supplier": "Druckerei",
        "iban": "DE02120300000000202052",
        "invoice_number": "R-1",
        "invoice_date": today.isoformat(),
        "due_date": today.isoformat(),
        "gross": "595,00",
        "vat_rate": "19",
        "addressed_to_cooperative": "on",
        "file": SimpleUploadedFile("invoice.pdf", PDF),
    }
    response = member_http.post(reverse("expenses:direct_payment_create"), data)
    assert response.status_code == 200 and "IBAN is not valid" in response.content.decode()
    data["iban"] = "DE02 1203 0000 0000 2020 51"
    data["file"] = SimpleUploadedFile("invoice.pdf", PDF)
    response = member_http.post(reverse("expenses:direct_payment_create"), data)
    request = ExpenseRequest.objects.get()
    assert response.url == reverse("expenses:detail", args=[request.pk])
    assert (request.payout, request.debit) == (Decimal("595.00"), Decimal("500.00"))


def test_the_list_filters_and_searches(member_http, member, budget, submitted):
    services.reimbursement_save(member=member, budget_id=budget.pk, title="Camera", receipt_ids=[])
    page = member_http.get(reverse("expenses:list"), {"status": "submitted"}).content.decode()
    assert "Office supplies" in page and "Camera" not in page
    page = member_http.get(reverse("expenses:list"), {"q": "cam"}).content.decode()
    assert "Camera" in page and "Office supplies" not in page
    page = member_http.get(reverse("expenses:list"), {"q": submitted.reference}).content.decode()
    assert "Office supplies" in page


def test_list_pages_do_not_query_more_with_more_requests(
    member_http, staff_http, member, budget, django_assert_max_num_queries
):
    for number in range(12):
        request = services.reimbursement_save(
            member=member, budget_id=budget.pk, title=f"R{number}", receipt_ids=[receipt(member, gross="1.19").pk]
        )
        services.request_submit(member=member, request_id=request.pk)
    with django_assert_max_num_queries(9):
        assert member_http.get(reverse("expenses:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert staff_http.get(reverse("backoffice:expense_queue")).status_code == 200
    with django_assert_max_num_queries(9):
        assert member_http.get(reverse("expenses:receipts"), {"saved": "0"}).status_code == 200


MEMBER_URLS = [
    ("expenses:detail", "get"),
    ("expenses:reimbursement_edit", "get"),
    ("expenses:submit", "post"),
    ("expenses:delete", "post"),
    ("expenses:invoice_file", "get"),
]
STAFF_URLS = [
    ("backoffice:expense_detail", "get"),
    ("backoffice:expense_decide", "post"),
    ("backoffice:expense_invoice_file", "get"),
]


@pytest.mark.parametrize(("name", "method"), MEMBER_URLS)
@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff_at", "staff"])
def test_a_member_s_request_is_theirs_alone(request, member, budget, name, method, persona):
    draft = services.reimbursement_save(member=member, budget_id=budget.pk, title="Mine", receipt_ids=[])
    http = logged_in(request.getfixturevalue(persona))
    assert getattr(http, method)(reverse(name, args=[draft.pk])).status_code == 404
    assert ExpenseRequest.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()


@pytest.mark.parametrize("name", ["expenses:receipt_edit", "expenses:receipt_file", "expenses:receipt_delete"])
@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff_at", "staff"])
def test_a_member_s_receipts_are_theirs_alone(request, member, name, persona):
    saved = receipt(member)
    http = logged_in(request.getfixturevalue(persona))
    method = http.post if name.endswith("delete") else http.get
    assert method(reverse(name, args=[saved.pk])).status_code == 404
    assert Receipt.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize(("name", "method"), STAFF_URLS)
@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_the_staff_pages_are_for_the_entity_s_team_alone(request, submitted, name, method, persona):
    http = logged_in(request.getfixturevalue(persona))
    response = getattr(http, method)(reverse(name, args=[submitted.pk]), {"decision": "approve"})
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_receipt_files_in_the_back_office_are_for_the_entity_s_team_alone(request, submitted, persona):
    http = logged_in(request.getfixturevalue(persona))
    saved = submitted.receipts.get()
    assert http.get(reverse("backoffice:expense_receipt_file", args=[saved.pk])).status_code == 404


def test_the_team_opens_the_files_of_submitted_requests_but_not_of_drafts(staff_http, member, budget, submitted):
    saved = submitted.receipts.get()
    response = staff_http.get(reverse("backoffice:expense_receipt_file", args=[saved.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    draft = services.reimbursement_save(
        member=member, budget_id=budget.pk, title="Draft", receipt_ids=[receipt(member, gross="2.38").pk]
    )
    assert staff_http.get(reverse("backoffice:expense_detail", args=[draft.pk])).status_code == 404
    assert staff_http.get(reverse("backoffice:expense_receipt_file", args=[draft.receipts.get().pk])).status_code == 404


def test_the_staff_page_shows_duplicates_and_the_budget(staff_http, member, budget, submitted):
    copy = services.reimbursement_save(
        member=member, budget_id=budget.pk, title="Again", receipt_ids=[receipt(member).pk]
    )
    services.request_submit(member=member, request_id=copy.pk)
    page = staff_http.get(reverse("backoffice:expense_detail", args=[copy.pk]))
    html = page.content.decode()
    assert 'data-testid="duplicates"' in html and submitted.reference in html
    assert 'data-testid="available">800,00 EUR' in html


def test_staff_decide_through_the_service_rules(staff_http, submitted, staff):
    staff_http.post(reverse("backoffice:expense_decide", args=[submitted.pk]), {"decision": Event.APPROVE})
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED and submitted.decided_by == staff


def test_a_receipt_of_a_submitted_request_is_shown_without_a_form(member_http, member, submitted):
    saved = submitted.receipts.get()
    url = reverse("expenses:receipt_edit", args=[saved.pk])
    page = member_http.get(url).content.decode()
    assert 'data-testid="receipt-locked"' in page and "119,00 EUR" in page
    assert 'name="gross"' not in page and reverse("expenses:receipt_delete", args=[saved.pk]) not in page
    assert reverse("expenses:detail", args=[submitted.pk]) in page  # the note leads to the request
    response = member_http.post(url, receipt_post(gross="1,00"))  # a form opened before the request was sent
    assert response.status_code == 200 and 'data-testid="receipt-locked"' in response.content.decode()
    saved.refresh_from_db()
    assert saved.gross == Decimal("119.00")


def test_a_saved_receipt_is_still_edited_in_its_form(member_http, member):
    page = member_http.get(reverse("expenses:receipt_edit", args=[receipt(member).pk])).content.decode()
    assert 'name="gross"' in page and 'data-testid="receipt-locked"' not in page


def test_the_receipt_form_shows_a_stored_amount_as_the_reader_writes_it(member_http, member):
    saved = receipt(member, gross="1329.00", addressed_to_cooperative=True)
    page = member_http.get(reverse("expenses:receipt_edit", args=[saved.pk])).content.decode()  # German
    assert 'value="1329,00"' in page or 'value="1.329,00"' in page
    assert 'value="212,19"' in page  # the VAT at 19 %
    assert "1329.00" not in page and "212.19" not in page


def _payout_label(page: str) -> str:
    return page.split('data-testid="expense-payout"')[0].rsplit("<dt", 1)[1]


def _debit_label(page: str) -> str:
    return page.split('data-testid="expense-debit"')[0].rsplit("<dt", 1)[1]


def test_amounts_are_named_as_paid_and_debited_only_once_they_are(member_http, staff, member, budget, submitted):
    member.language = "en"
    member.save()
    url = reverse("expenses:detail", args=[submitted.pk])
    draft = services.reimbursement_save(
        member=member, budget_id=budget.pk, title="Draft", receipt_ids=[receipt(member, gross="2.38").pk]
    )
    for pk in (draft.pk, submitted.pk):
        page = member_http.get(reverse("expenses:detail", args=[pk])).content.decode()
        assert ">To be paid out</dt>" in page and ">To be debited from the budget</dt>" in page
        assert ">To be paid out in total</dt>" in page and ">To be debited in total</dt>" in page
        assert "Paid out" not in page and "Debited" not in page

    services.request_decide(user=staff, request_id=submitted.pk, event=Event.APPROVE)
    page = member_http.get(url).content.decode()
    assert "To be paid out" in _payout_label(page) and "Debited from the budget" in _debit_label(page)

    with transaction.atomic():
        locked = ExpenseRequest.objects.select_for_update().get(pk=submitted.pk)
        services.request_paid(locked, user=staff, actor=Actor.STAFF, paid_on=timezone.localdate())
    page = member_http.get(url).content.decode()
    assert ">Paid out</dt>" in page and "Debited from the budget" in _debit_label(page)
    assert "To be" not in page


def test_a_rejected_request_names_its_amounts_as_requested(member_http, staff, member, submitted):
    member.language = "en"
    member.save()
    services.request_decide(user=staff, request_id=submitted.pk, event=Event.REJECT, reason="No receipt")
    page = member_http.get(reverse("expenses:detail", args=[submitted.pk])).content.decode()
    assert "Requested payout" in _payout_label(page) and "Requested debit" in _debit_label(page)
    assert "Paid out" not in page and "To be" not in page


def test_the_staff_page_names_the_amounts_of_a_request_to_decide_as_to_be_booked(staff_http, staff, submitted):
    staff.language = "en"
    staff.save()
    page = staff_http.get(reverse("backoffice:expense_detail", args=[submitted.pk])).content.decode()
    assert "To be paid out" in _payout_label(page) and "To be debited" in _debit_label(page)


def test_a_receipt_sent_in_another_request_meanwhile_is_named_plainly(member_http, member, budget):
    member.language = "en"
    member.save()
    saved = receipt(member)
    data = {"budget": budget.pk, "title": "Office supplies", "description": "", "receipts": [saved.pk]}
    assert member_http.post(reverse("expenses:reimbursement_create"), data).status_code == 302
    response = member_http.post(reverse("expenses:reimbursement_create"), {**data, "title": "Sent twice"})
    page = response.content.decode()
    assert response.status_code == 200 and ExpenseRequest.objects.count() == 1
    assert "already part of another request" in page and 'id="receipts-error"' in page
    assert "valid choice" not in page and f"{saved.pk} is not" not in page
    assert 'value="Sent twice"' in page  # what was typed stays


def test_the_service_names_a_receipt_of_another_request_the_same_way(member, budget):
    saved = receipt(member)
    services.reimbursement_save(member=member, budget_id=budget.pk, title="First", receipt_ids=[saved.pk])
    with pytest.raises(BusinessError, match="already part of another request"):
        services.reimbursement_save(member=member, budget_id=budget.pk, title="Again", receipt_ids=[saved.pk])


def test_every_decision_on_the_staff_page_asks_for_confirmation(staff_http, submitted):
    page = staff_http.get(reverse("backoffice:expense_detail", args=[submitted.pk])).content.decode()  # German
    action = reverse("backoffice:expense_decide", args=[submitted.pk])
    form = page[page.index(f'<form method="post" action="{action}"') :]
    form_tag, body = form.split(">", 1)
    assert 'data-confirm="Diese Entscheidung anwenden?"' in form_tag
    body = body[: body.index("</form>")]
    for decision in ("approve", "ask", "reject"):
        assert f'name="decision" value="{decision}"' in body


def test_a_possible_duplicate_shows_date_and_amount_as_the_reader_writes_them(staff_http, member, budget, submitted):
    day = timezone.localdate() - timedelta(days=4)
    first, second = (
        receipt(member, gross="38.40", rate="7", supplier="Taxi Hamburg eG", receipt_date=day) for _ in range(2)
    )
    for number, saved in enumerate((first, second)):
        request = services.reimbursement_save(
            member=member, budget_id=budget.pk, title=f"Taxi {number}", receipt_ids=[saved.pk]
        )
        services.request_submit(member=member, request_id=request.pk)
    page = staff_http.get(reverse("backoffice:expense_detail", args=[request.pk])).content.decode()  # German
    warning = page[page.index('data-testid="duplicates"') :]
    warning = warning[: warning.index("</div>")]
    assert f"{day:%d.%m.%Y} · Taxi Hamburg eG · 38,40 EUR" in warning
    assert day.isoformat() not in warning and "38.40" not in warning
