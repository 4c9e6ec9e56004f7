"""Reimbursements and direct payments through the one state machine, and what each step does to the
budget figures (DESIGN §6/§7)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_member
from portal.budget import collective
from portal.budget.figures import figures_of
from portal.budget.models import Budget, EntryKind, LedgerEntry
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail
from portal.expenses import services
from portal.expenses.models import ExpenseRequest, Receipt, Status
from portal.expenses.tests.factories import funded_budget, pdf, receipt
from portal.expenses.transitions import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(member, entities):
    return funded_budget(member, entities["SC"], "1000.00")


def reimbursement(member, budget, receipts, title="Office"):
    return services.reimbursement_save(
        member=member, budget_id=budget.pk, title=title, receipt_ids=[r.pk for r in receipts]
    )


def supplier_invoice(**changes):
    today = timezone.localdate()
    values = {
        "supplier": "Druckerei Gutenberg GmbH",
        "iban": "DE02 1203 0000 0000 2020 51",
        "bic": "",
        "invoice_number": "RE-2026-117",
        "invoice_date": today - timedelta(days=2),
        "due_date": today + timedelta(days=12),
        "gross": Decimal("595.00"),
        "vat_rate": Decimal("19"),
        "vat": None,
        "addressed_to_cooperative": True,
        **changes,
    }
    return services.SupplierInvoiceData(**values)


def test_the_budget_follows_each_step_submit_ask_resubmit_approve(member, staff, budget):
    request = reimbursement(member, budget, [receipt(member, gross="119.00"), receipt(member, gross="59.50")])
    assert (request.payout, request.debit) == (Decimal("178.50"), Decimal("150.00"))
    assert figures_of(budget.pk).available_for_expenses == Decimal("1000.00")  # a draft reserves nothing

    services.request_submit(member=member, request_id=request.pk)
    figures = figures_of(budget.pk)
    assert (figures.balance, figures.reserved, figures.available_for_expenses) == (
        Decimal("1000.00"),
        Decimal("150.00"),
        Decimal("850.00"),
    )

    services.request_decide(user=staff, request_id=request.pk, event=Event.ASK, reason="Which project?")
    request.refresh_from_db()
    assert request.status == Status.NEEDS_INFO and request.staff_message == "Which project?"
    assert figures_of(budget.pk).reserved == Decimal("150.00")  # still waiting

    services.request_submit(member=member, request_id=request.pk)
    services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)
    figures = figures_of(budget.pk)
    assert (figures.balance, figures.reserved, figures.available_for_expenses) == (
        Decimal("850.00"),
        Decimal("0.00"),
        Decimal("850.00"),
    )
    rows = LedgerEntry.objects.filter(budget=budget, kind=EntryKind.EXPENSE).order_by("id")
    assert [row.amount for row in rows] == [Decimal("-100.00"), Decimal("-50.00")]
    assert len({row.group for row in rows}) == 1 and {row.source_label for row in rows} == {request.reference}
    actions = list(AuditEntry.objects.filter(target_id=request.pk).values_list("action", flat=True))
    for action in ("expenserequest.submit", "expenserequest.ask", "expenserequest.approve"):
        assert action in actions
    subjects = OutboundEmail.objects.filter(recipient=member.email).values_list("subject", flat=True)
    assert len([s for s in subjects if request.reference in s]) == 4  # submit, ask, submit, approve


def test_rejection_releases_the_reservation_and_needs_a_reason(member, staff, budget):
    request = reimbursement(member, budget, [receipt(member)])
    services.request_submit(member=member, request_id=request.pk)
    with pytest.raises(BusinessError, match="reason"):
        services.request_decide(user=staff, request_id=request.pk, event=Event.REJECT)
    services.request_decide(user=staff, request_id=request.pk, event=Event.REJECT, reason="Private purchase")
    assert figures_of(budget.pk).reserved == Decimal("0.00")
    assert not LedgerEntry.objects.filter(kind=EntryKind.EXPENSE).exists()


def test_a_request_above_available_for_expenses_cannot_be_submitted(member, entities):
    budget = funded_budget(member, entities["SC"], "100.00")
    request = reimbursement(member, budget, [receipt(member, gross="238.00")])  # net 200.00
    with pytest.raises(BusinessError) as caught:
        services.request_submit(member=member, request_id=request.pk)
    assert "200.00 EUR" in caught.value.message and "100.00 EUR" in caught.value.message
    request.refresh_from_db()
    assert request.status == Status.DRAFT


def test_approval_is_refused_when_the_money_went_meanwhile(member, staff, entities):
    budget = funded_budget(member, entities["SC"], "300.00")
    first = reimbursement(member, budget, [receipt(member, gross="238.00")], title="First")  # net 200
    services.request_submit(member=member, request_id=first.pk)
    from portal.budget.services import correction_request

    correction_request(budget_id=budget.pk, amount="-250.00", reason="Payroll difference", user=staff)
    with pytest.raises(BusinessError, match="available for expenses"):
        services.request_decide(user=staff, request_id=first.pk, event=Event.APPROVE)
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED


def test_staff_never_decide_their_own_request_nor_another_entity_s(member, staff, staff_at, entities):
    budget = funded_budget(member, entities["SC"])
    request = reimbursement(member, budget, [receipt(member)])
    services.request_submit(member=member, request_id=request.pk)
    with pytest.raises(BusinessError, match="not allowed"):
        services.request_decide(user=staff_at, request_id=request.pk, event=Event.APPROVE)
    with pytest.raises(BusinessError, match="not allowed"):
        services.request_decide(user=member, request_id=request.pk, event=Event.APPROVE)
    # A staff member who is also a member of the entity files a request of their own.
    from portal.accounts.models import Role

    Role.objects.create(user=staff, kind=Role.Kind.MEMBER, entity=entities["SC"])
    own_budget = funded_budget(staff, entities["SC"])
    own = reimbursement(staff, own_budget, [receipt(staff)])
    services.request_submit(member=staff, request_id=own.pk)
    with pytest.raises(BusinessError):
        services.request_decide(user=staff, request_id=own.pk, event=Event.APPROVE)


def test_approved_requests_and_their_receipts_cannot_change(member, staff, budget):
    saved = receipt(member)
    request = reimbursement(member, budget, [saved])
    services.request_submit(member=member, request_id=request.pk)
    with pytest.raises(BusinessError, match="can no longer be changed"):
        services.reimbursement_save(
            member=member, budget_id=budget.pk, title="x", receipt_ids=[saved.pk], request_id=request.pk
        )
    services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)
    with pytest.raises(BusinessError, match="can no longer be changed"):
        services.reimbursement_save(
            member=member, budget_id=budget.pk, title="x", receipt_ids=[], request_id=request.pk
        )
    from portal.expenses.receipts import receipt_delete

    with pytest.raises(BusinessError, match="cannot be deleted"):
        receipt_delete(member=member, receipt_id=saved.pk)
    with pytest.raises(BusinessError, match="not possible"):
        services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)


def test_deleting_a_draft_keeps_its_receipts_as_saved_receipts(member, budget):
    saved = receipt(member)
    request = reimbursement(member, budget, [saved])
    services.request_delete(member=member, request_id=request.pk)
    assert not ExpenseRequest.objects.exists()
    assert Receipt.objects.get(pk=saved.pk).request is None


def test_a_receipt_is_in_one_request_only_and_only_the_member_s(member, member2, budget, entities):
    saved = receipt(member)
    reimbursement(member, budget, [saved])
    with pytest.raises(BusinessError, match="saved receipts"):
        reimbursement(member, budget, [saved], title="Twice")
    other_budget = funded_budget(member2, entities["SC"])
    with pytest.raises(BusinessError, match="saved receipts"):
        reimbursement(member2, other_budget, [receipt(member)])


def test_an_empty_request_cannot_be_submitted(member, budget):
    request = reimbursement(member, budget, [])
    with pytest.raises(BusinessError, match="at least one receipt"):
        services.request_submit(member=member, request_id=request.pk)


def test_the_same_file_or_purchase_in_two_requests_is_flagged(member, member2, budget, entities):
    first = reimbursement(member, budget, [receipt(member, upload=pdf(content=b"%PDF-same"))])
    services.request_submit(member=member, request_id=first.pk)
    same_file = reimbursement(member, budget, [receipt(member, gross="10.00", upload=pdf(content=b"%PDF-same"))])
    services.request_submit(member=member, request_id=same_file.pk)
    same_purchase = reimbursement(member2, funded_budget(member2, entities["SC"]), [receipt(member2)])
    services.request_submit(member=member2, request_id=same_purchase.pk)
    unrelated = reimbursement(
        member, budget, [receipt(member, supplier="Other shop", upload=pdf(content=b"%PDF-other"))]
    )
    services.request_submit(member=member, request_id=unrelated.pk)
    flags = dict(ExpenseRequest.objects.values_list("pk", "possible_duplicate"))
    assert flags == {first.pk: False, same_file.pk: True, same_purchase.pk: True, unrelated.pk: False}
    assert [r.request_id for r in services.possible_duplicates(same_purchase)] == [first.pk]


def test_only_managers_spend_a_collective_budget(member, member2, entities):
    shared = collective.collective_create(
        user=member, entity_id=entities["SC"].pk, name="Band", invitee_numbers=["000102"]
    )
    Budget.objects.filter(pk=shared.pk).update(status=Budget.Status.ACTIVE)
    from portal.budget.models import Participant

    Participant.objects.filter(budget=shared, member=member2).update(status=Participant.Status.ACTIVE)
    with pytest.raises(BusinessError, match="may spend"):
        reimbursement(member2, shared, [receipt(member2)])
    assert reimbursement(member, shared, [receipt(member)]).budget == shared
    personal = Budget.objects.filter(owner=member2, kind=Budget.Kind.PERSONAL)
    assert set(services.spendable_budgets(member2.pk)) == set(personal)


def test_a_direct_payment_pays_the_gross_and_debits_the_net(member, staff, budget):
    request = services.direct_payment_save(
        member=member, budget_id=budget.pk, title="Flyers", invoice=supplier_invoice(), upload=pdf()
    )
    assert (request.payout, request.debit) == (Decimal("595.00"), Decimal("500.00"))
    assert request.supplier_invoice.iban == "DE02120300000000202051"
    services.request_submit(member=member, request_id=request.pk)
    services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)
    row = LedgerEntry.objects.get(kind=EntryKind.DIRECT_PAYMENT)
    assert (row.budget_id, row.amount) == (budget.pk, Decimal("-500.00"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"iban": "DE02120300000000202052"}, "iban"),
        ({"iban": "not an iban"}, "iban"),
        ({"bic": "XYZ"}, "bic"),
        ({"addressed_to_cooperative": False}, "addressed_to_cooperative"),
        ({"supplier": "  "}, "supplier"),
        ({"vat_rate": Decimal("16")}, "vat_rate"),
        ({"vat": Decimal("200.00")}, "vat"),
        ({"gross": Decimal("-1")}, "gross"),
    ],
)
def test_a_direct_payment_with_wrong_data_is_refused_clearly(member, budget, changes, field):
    with pytest.raises(BusinessError) as caught:
        services.direct_payment_save(
            member=member, budget_id=budget.pk, title="Flyers", invoice=supplier_invoice(**changes), upload=pdf()
        )
    assert field == caught.value.field or field in caught.value.errors
    assert not ExpenseRequest.objects.exists()


def test_a_due_date_before_the_invoice_date_is_refused(member, budget):
    today = timezone.localdate()
    with pytest.raises(BusinessError) as caught:
        services.direct_payment_save(
            member=member,
            budget_id=budget.pk,
            title="x",
            invoice=supplier_invoice(invoice_date=today, due_date=today - timedelta(days=1)),
            upload=pdf(),
        )
    assert "due_date" in caught.value.errors


def test_another_member_cannot_touch_the_request(member, member2, budget):
    request = reimbursement(member, budget, [receipt(member)])
    for action in (
        lambda: services.request_submit(member=member2, request_id=request.pk),
        lambda: services.request_delete(member=member2, request_id=request.pk),
    ):
        with pytest.raises(BusinessError, match="does not exist"):
            action()


def test_new_members_colleague_cannot_use_someone_else_s_personal_budget(member, entities):
    stranger = make_member("third@test.example", entities["SC"], number="000103")
    budget = funded_budget(member, entities["SC"])
    with pytest.raises(BusinessError, match="may spend"):
        reimbursement(stranger, budget, [receipt(stranger)])
