"""The demo expenses (every status, made through the services, seeded once) and the generated ones
(as the services would leave them: amounts from the receipts, the ledger rows approval books, paid ones
in executed payout batches)."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from portal.accounts.models import MemberProfile
from portal.banking.pain001 import validate
from portal.budget.figures import figures_for
from portal.budget.models import Budget, LedgerEntry
from portal.core.models import OutboundEmail
from portal.demo.client_portal_bulk import SAMPLE_FILES as BULK_CLIENT_FILES
from portal.demo.client_portal_data import SAMPLE_FILES as CLIENT_PORTAL_FILES
from portal.demo.expense_data import FILES, FIRST_TITLE, QUESTION, RECEIPTS, REJECTION, TRIP_TITLE
from portal.expenses.budget_link import request_postings
from portal.expenses.models import ADDRESSED_FROM, ExpenseRequest, PayoutBatch, PayoutLine, Receipt, Status
from portal.expenses.receipts import MAX_AGE_DAYS, included_vat
from portal.expenses.services import possible_duplicates
from portal.expenses.totals import amounts_of

pytestmark = pytest.mark.django_db

BOOKED = (Status.APPROVED, Status.PAID)


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (ExpenseRequest, Receipt, PayoutBatch, PayoutLine, LedgerEntry, OutboundEmail)
    )


def _assert_booked_as_approval_books(requests) -> None:
    """Approved and paid requests have exactly the rows approval books (one group, on the decision's day,
    by the decider); the others have none."""
    rows = defaultdict(list)
    for row in LedgerEntry.objects.filter(source_type__model="expenserequest").order_by("id"):
        rows[row.source_id].append(row)
    for request in requests.select_related("budget"):
        booked = rows.pop(request.pk, [])
        if request.status not in BOOKED:
            assert booked == [], request
            continue
        expected = [(p.budget_id, p.kind, p.amount, p.text, p.key) for p in request_postings(request)]
        assert [(r.budget_id, r.kind, r.amount, r.text, r.key) for r in booked] == expected
        assert sum(row.amount for row in booked) == -request.debit and request.debit > 0
        assert {(r.booking_date, r.source_label, r.group, r.created_by_id) for r in booked} == {
            (timezone.localdate(request.decided_at), request.reference, booked[0].group, request.decided_by_id)
        }
    assert not rows  # no rows of other requests


def _assert_paid_in_executed_batches(requests) -> None:
    """Paid reimbursements and direct payments are in executed batches (travel costs go with the salary)."""
    paid = requests.filter(status=Status.PAID).exclude(kind=ExpenseRequest.Kind.TRAVEL)
    assert paid.exists() and not paid.filter(batch__isnull=True).exists()
    assert not requests.exclude(status=Status.PAID).filter(batch__isnull=False, batch__status="executed").exists()
    for batch in PayoutBatch.objects.filter(requests__in=paid).distinct():
        lines = list(batch.lines.select_related("request"))
        assert batch.status == PayoutBatch.Status.EXECUTED
        assert batch.executed_on is not None and batch.executed_on <= timezone.localdate()
        assert {line.request.status for line in lines} == {Status.PAID}
        assert {line.request.paid_on for line in lines} == {batch.executed_on}
        assert all(
            line.amount == line.request.payout and line.end_to_end_id == line.request.reference for line in lines
        )
        assert (batch.count, batch.total) == (len(lines), sum(line.amount for line in lines))
        assert batch.message_id == f"{batch.entity.code}-PAYOUT-{batch.pk:06d}"
        xml = batch.sepa_file.read()
        validate(xml)
        assert batch.message_id.encode() in xml and f"<CtrlSum>{batch.total}</CtrlSum>".encode() in xml


def _assert_amounts_follow_from_the_receipts(requests) -> None:
    today = timezone.localdate()
    since = dict(MemberProfile.objects.values_list("user_id", "member_since"))
    for request in requests.prefetch_related("receipts__vat_lines").select_related("supplier_invoice"):
        assert (request.payout, request.debit) == amounts_of(request), request
        if request.kind == ExpenseRequest.Kind.REIMBURSEMENT:
            receipts = list(request.receipts.all())
            assert 1 <= len(receipts) <= 3
        elif request.kind == ExpenseRequest.Kind.TRAVEL:
            receipts = []
            assert request.travel_claim.computation["total"] == str(request.payout)
        else:
            receipts = []
            invoice = request.supplier_invoice
            assert invoice.net == request.debit and invoice.addressed_to_cooperative
            assert invoice.vat <= included_vat(invoice.gross, invoice.vat_rate) + Decimal("0.01")
        for receipt in receipts:
            assert since[receipt.member_id] <= receipt.receipt_date <= today
            assert (today - receipt.receipt_date).days <= MAX_AGE_DAYS
            assert receipt.vat == sum((line.amount for line in receipt.vat_lines.all()), Decimal(0)) < receipt.gross
            for line in receipt.vat_lines.all():
                assert line.amount <= included_vat(receipt.gross, line.rate) + Decimal("0.01")
            assert receipt.addressed_to_cooperative or receipt.gross < ADDRESSED_FROM
            assert not receipt.is_hospitality or (receipt.attendees and receipt.occasion)
        if request.status != Status.DRAFT:
            assert request.submitted_at and request.created_at <= request.submitted_at
        if request.status in (*BOOKED, Status.REJECTED, Status.NEEDS_INFO):
            assert request.submitted_at <= request.decided_at and request.decided_by_id != request.member_id
            assert bool(request.staff_message) == (request.status in (Status.REJECTED, Status.NEEDS_INFO))


def test_demo_expenses_cover_every_status_and_are_seeded_once():
    call_command("seed_demo", quiet_logins=True)
    counts = _counts()
    call_command("seed_demo", quiet_logins=True)
    assert _counts() == counts

    demo = ExpenseRequest.objects.filter(member__email__in=["member@example.com", "member2@example.com"])
    assert set(demo.values_list("status", flat=True)) == set(Status.values)
    anna = demo.filter(member__email="member@example.com")
    assert set(anna.values_list("status", flat=True)) == set(Status.values)
    assert anna.get(title=FIRST_TITLE).status == Status.PAID
    assert anna.get(status=Status.NEEDS_INFO).staff_message == QUESTION
    assert anna.get(status=Status.REJECTED).staff_message == REJECTION
    direct = demo.filter(kind=ExpenseRequest.Kind.DIRECT_PAYMENT)
    assert sorted(direct.values_list("status", "budget__kind")) == [("paid", "collective"), ("submitted", "personal")]
    assert set(demo.exclude(decided_by=None).values_list("decided_by__email", flat=True)) == {"staff@example.com"}
    jonas = demo.filter(member__email="member2@example.com")
    assert {"paid", "submitted"} <= set(jonas.values_list("status", flat=True))

    receipts = Receipt.objects.filter(member__email__in=["member@example.com", "member2@example.com"])
    assert receipts.count() == len(RECEIPTS)
    hospitality = receipts.get(category="hospitality")
    assert hospitality.attendees and hospitality.occasion and hospitality.request.status == Status.NEEDS_INFO
    assert receipts.annotate(rates=Count("vat_lines")).filter(rates=2, category="training").exists()
    assert receipts.filter(gross__gte=ADDRESSED_FROM, addressed_to_cooperative=True).exists()
    saved = receipts.filter(request=None)
    assert sorted(saved.values_list("member__email", flat=True)) == ["member2@example.com", "member@example.com"]
    today = timezone.localdate()
    since = dict(MemberProfile.objects.values_list("user_id", "member_since"))
    assert all(since[r.member_id] <= r.receipt_date < today - timedelta(days=2) for r in receipts)
    others = {"README.md", "generated-receipt.pdf", "generated-invoice.pdf", "generated-contract.pdf"}
    others |= {*CLIENT_PORTAL_FILES, *BULK_CLIENT_FILES}
    files = {path.name for path in FILES.iterdir()} - others
    names = set(receipts.values_list("original_name", flat=True)) | set(
        direct.values_list("supplier_invoice__original_name", flat=True)
    )
    assert names == files  # every sample file is used, and a receipt's file is the sample as uploaded
    assert hospitality.file.read() == (FILES / hospitality.original_name).read_bytes()

    flagged = demo.get(possible_duplicate=True)
    assert (flagged.member.email, flagged.status) == ("member2@example.com", Status.SUBMITTED)
    [same] = possible_duplicates(flagged)
    assert same.request.member.email == "member@example.com" and same.file_hash != flagged.receipts.get().file_hash

    batch = PayoutBatch.objects.get()
    assert set(batch.requests.values_list("pk", flat=True)) == set(
        demo.filter(status="paid").exclude(kind="travel").values_list("pk", flat=True)
    )
    trips = anna.filter(kind=ExpenseRequest.Kind.TRAVEL)
    paris = trips.get(title=TRIP_TITLE)
    # Paris (BMF 2026): 39 + (58 - 23.20 for the dinner) + 39, the night 159, 24 km x 0.30 = 7.20
    assert (paris.status, paris.payout, paris.salary_month) == (
        Status.PAID,
        Decimal("279.00"),
        timezone.localdate().replace(day=1),
    )
    assert trips.get(status=Status.SUBMITTED).payout == Decimal("14.00")  # one day of 11 hours
    assert demo.get(status=Status.APPROVED).batch is None  # approved, waiting for the next payout
    _assert_paid_in_executed_batches(demo)
    _assert_booked_as_approval_books(demo)
    _assert_amounts_follow_from_the_receipts(demo)
    # Every budget with money keeps some (the third member's Bildungswerk budget, opened by her draft
    # employment request, has none yet).
    figures = figures_for(list(Budget.objects.filter(entries__isnull=False).distinct().values_list("pk", flat=True)))
    assert len(figures) == Budget.objects.count() - 1
    assert all(figure.available_for_expenses > 0 for figure in figures.values())


def test_generated_expense_requests_are_what_the_services_would_leave():
    options = {"scale": 12, "orders_per_member": 8, "invoices_per_member": 4, "expense_requests_per_member": 15}
    call_command("seed_demo", quiet_logins=True, **options)
    counts = _counts()
    call_command("seed_demo", quiet_logins=True, **options)
    assert _counts() == counts

    generated = ExpenseRequest.objects.filter(member__email__endswith="generated.example.net")
    with_budget = Budget.objects.filter(kind="personal", owner__email__endswith="generated.example.net")
    per_member = set(generated.values("member").annotate(n=Count("id")).values_list("n", flat=True))
    assert with_budget.count() >= 10 and generated.values("member").distinct().count() == with_budget.count()
    assert per_member == {15} and ExpenseRequest.objects.filter(member__email="member@example.com").count() == 15
    assert set(generated.values_list("kind", flat=True)) == {"reimbursement", "direct_payment"}
    assert set(generated.values_list("status", flat=True)) == set(Status.values)
    by_status = dict(generated.values("status").annotate(n=Count("id")).values_list("status", "n"))
    assert by_status["paid"] + by_status["approved"] > generated.count() / 2
    assert Receipt.objects.filter(member__email__endswith="generated.example.net", request=None).count() >= 10

    everything = ExpenseRequest.objects.all()
    _assert_booked_as_approval_books(everything)
    _assert_paid_in_executed_batches(everything)
    _assert_amounts_follow_from_the_receipts(generated)
    assert not generated.filter(status=Status.APPROVED, batch__isnull=False).exists()
    # Booked and reserved together stay within what the budgets had: none is overdrawn.
    spent = generated.filter(status__in=["approved", "paid", "submitted", "needs_info"])
    assert spent.aggregate(total=Sum("debit"))["total"] > 0
    figures = figures_for(list(with_budget.values_list("pk", flat=True)))
    assert all(figure.available_for_expenses >= 0 for figure in figures.values())
