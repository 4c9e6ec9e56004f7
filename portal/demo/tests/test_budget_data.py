"""The demo and benchmark budgets follow from their documents (DESIGN §6).

The expected figures are computed here from the invoices, payments, transfers, corrections and expense
requests tables alone, never from ledger rows, and compared with ``figures_of`` to the cent:

* balance = the sum of net minus fee of the issued invoices, minus that of the invoices cancelled by a
  cancellation invoice, plus approved transfers in, minus approved transfers out, plus booked corrections,
  minus the debit of approved and paid expense requests, minus the cost of the months of active and
  ended employments up to this month (each month what its contract version in force says);
* available for expenses = balance, minus the unpaid share of the open invoices (net minus fee, pro rata
  to what was paid), minus transfers out that wait for approval, minus the debit of expense requests
  submitted or waiting for the member's answer, minus the months to come of approved, signed and active
  employments (reserved).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone

from portal.budget.figures import figures_of
from portal.budget.models import Budget, Correction, LedgerEntry, Participant, Transfer
from portal.demo.budget_data import COLLECTIVE_NAME
from portal.employment.models import ContractVersion, Employment
from portal.employment.rules import month_start, months_between
from portal.entities.fees import fee_rate
from portal.expenses.models import ExpenseRequest
from portal.invoicing.models import Invoice, Payment

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


def _net_less_fee(net: Decimal, rate: Decimal | None) -> Decimal:
    fee = (net * (rate or 0) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return net - fee


def _expected() -> tuple[dict[int | None, Decimal], dict[int, Decimal]]:
    """Balance and available for expenses of every budget, from the documents."""
    balance: dict[int | None, Decimal] = defaultdict(Decimal)
    unavailable: dict[int | None, Decimal] = defaultdict(Decimal)
    paid = dict(Payment.objects.values("invoice").annotate(total=Sum("amount")).values_list("invoice", "total"))
    for invoice in Invoice.objects.exclude(number="").select_related("order", "cancels__order"):
        if invoice.kind == Invoice.Kind.CANCELLATION:
            cancelled = invoice.cancels
            assert cancelled is not None
            balance[cancelled.order.budget_id] -= _net_less_fee(cancelled.net_total, cancelled.fee_rate)
            continue
        budget_id = invoice.order.budget_id
        share = _net_less_fee(invoice.net_total, invoice.fee_rate)
        balance[budget_id] += share
        if invoice.status in ("issued", "disputed"):
            received = paid.get(invoice.pk, Decimal(0))
            if received < invoice.gross_total:
                open_share = share * (invoice.gross_total - received) / invoice.gross_total
                unavailable[budget_id] += open_share.quantize(CENT, rounding=ROUND_HALF_UP)
    for transfer in Transfer.objects.all():
        if transfer.status == Transfer.Status.APPROVED:
            balance[transfer.source_id] -= transfer.amount
            balance[transfer.target_id] += transfer.amount
        elif transfer.status == Transfer.Status.SUBMITTED:
            unavailable[transfer.source_id] += transfer.amount
    for correction in Correction.objects.filter(status=Correction.Status.BOOKED):
        balance[correction.budget_id] += correction.amount
    for budget_id, status, debit in ExpenseRequest.objects.values_list("budget_id", "status", "debit"):
        if status in ("approved", "paid"):
            balance[budget_id] -= debit
        elif status in ("submitted", "needs_info"):
            unavailable[budget_id] += debit
    for budget_id, booked, to_come in _employment_costs():
        balance[budget_id] -= booked
        unavailable[budget_id] += to_come
    assert None not in balance and None not in unavailable  # every issued invoice's order has a budget
    available = {
        budget_id: balance[budget_id] - unavailable[budget_id]
        for budget_id in Budget.objects.values_list("pk", flat=True)
    }
    return balance, available


def _employment_costs() -> list[tuple[int, Decimal, Decimal]]:
    """(budget, cost booked, cost to come) of each employment, from its status and contract versions: the
    months up to this one of active and ended employments are booked, the rest of approved, signed and
    active ones reserved; a month costs what the latest version valid on its first day says."""
    versions = defaultdict(list)
    for version in ContractVersion.objects.all():
        versions[version.employment_id].append(version)
    this_month = month_start(timezone.localdate())
    result = []
    for employment in Employment.objects.filter(status__in=["approved", "contract_signed", "active", "ended"]):
        booked = to_come = Decimal(0)
        for month in months_between(employment.start, employment.end):
            in_force = [v for v in versions[employment.pk] if v.valid_from <= month]
            cost = max(in_force, key=lambda v: v.number).monthly_cost if in_force else Decimal(0)
            if employment.status in ("active", "ended") and month <= this_month:
                booked += cost
            elif employment.status != "ended":
                to_come += cost
        result.append((employment.budget_id, booked, to_come))
    return result


def _assert_figures_follow_from_the_documents() -> int:
    balance, available = _expected()
    checked = 0
    for budget_id in Budget.objects.values_list("pk", flat=True):
        figures = figures_of(budget_id)
        assert (budget_id, figures.balance) == (budget_id, balance[budget_id])
        assert (budget_id, figures.available_for_expenses) == (budget_id, available[budget_id])
        checked += 1
    return checked


def _assert_invoices_are_booked_as_issuing_books_them() -> None:
    """Each issued invoice has its income and fee rows (a cancellation their reversal), as ``post_issued``."""
    rows: dict[int, list[LedgerEntry]] = defaultdict(list)
    for row in LedgerEntry.objects.filter(source_type__model="invoice").order_by("id"):
        assert row.source_id is not None
        rows[row.source_id].append(row)
    issued = list(Invoice.objects.exclude(number="").select_related("order", "cancels"))
    assert len(rows) == len(issued)
    for invoice in issued:
        assert invoice.issue_date is not None
        booked = rows[invoice.pk]
        assert {row.booking_date for row in booked} == {invoice.issue_date}
        assert {row.source_label for row in booked} == {invoice.number} and len({row.group for row in booked}) == 1
        if invoice.kind == Invoice.Kind.CANCELLATION:
            assert invoice.cancels is not None and invoice.fee_rate == invoice.cancels.fee_rate
            originals = rows[invoice.cancels.pk]
            assert [row.reverses_id for row in booked] == [row.pk for row in originals]
            assert [row.amount for row in booked] == [-row.amount for row in originals]
            assert [row.key for row in booked] == [f"invoice:{invoice.pk}:{row.kind}_reversal" for row in originals]
            continue
        assert invoice.fee_rate == fee_rate(invoice.entity_id, invoice.issue_date) > 0
        fee = invoice.net_total - _net_less_fee(invoice.net_total, invoice.fee_rate)
        assert [(row.kind, row.amount, row.key, row.budget_id) for row in booked] == [
            ("income", invoice.net_total, f"invoice:{invoice.pk}:income", invoice.order.budget_id),
            ("fee", -fee, f"invoice:{invoice.pk}:fee", invoice.order.budget_id),
        ]
        assert booked[1].fee_rate == invoice.fee_rate


def test_demo_members_have_a_year_of_budget_history():
    call_command("seed_demo", quiet_logins=True)
    counts = (LedgerEntry.objects.count(), Transfer.objects.count(), Correction.objects.count())
    call_command("seed_demo", quiet_logins=True)
    assert (LedgerEntry.objects.count(), Transfer.objects.count(), Correction.objects.count()) == counts

    assert _assert_figures_follow_from_the_documents() == 6
    _assert_invoices_are_booked_as_issuing_books_them()
    personal = Budget.objects.filter(kind=Budget.Kind.PERSONAL)
    assert sorted(personal.values_list("owner__email", "entity__code")) == [
        ("member2@example.com", "SC"),
        ("member3@example.com", "BW"),  # opened by her draft employment request, no rows yet
        ("member3@example.com", "SC"),
        ("member@example.com", "BW"),
        ("member@example.com", "SC"),
    ]
    for budget in personal.exclude(owner__email="member3@example.com", entity__code="BW"):
        figures = figures_of(budget.pk)  # the employments leave every demo budget money to spend
        assert figures.balance > 1000 and figures.available_for_expenses > 1000, (budget, figures)
        rows = budget.entries.order_by("booking_date", "id").values_list("amount", flat=True)
        assert min(sum(list(rows)[: n + 1]) for n in range(len(rows))) > 0  # and never drove one below zero
    anna = personal.get(owner__email="member@example.com", entity__code="SC")
    today = timezone.localdate()
    months = {(day.year, day.month) for day in anna.entries.values_list("booking_date", flat=True)}
    assert len(months) >= 10 and min(months) >= (
        (today - timedelta(days=366)).year,
        (today - timedelta(days=366)).month,
    )
    assert set(anna.entries.values_list("kind", flat=True)) >= {
        "income",
        "fee",
        "income_reversal",
        "fee_reversal",
        "correction",
        "employment_cost",
        "travel_costs",
    }
    multiple = Payment.objects.values("invoice").annotate(n=Count("id")).filter(n__gt=1)
    assert multiple.count() >= 3  # paid in instalments
    assert Invoice.objects.filter(status="issued", paid_amount__gt=0).exists()  # and one still partly open

    together = Budget.objects.get(kind=Budget.Kind.COLLECTIVE, name=COLLECTIVE_NAME)
    assert together.status == Budget.Status.ACTIVE
    seats = set(together.participants.values_list("member__email", "role", "status", "token_hash"))
    assert seats == {
        ("member@example.com", Participant.Role.MANAGER, Participant.Status.ACTIVE, ""),
        ("member2@example.com", Participant.Role.MEMBER, Participant.Status.ACTIVE, ""),
    }
    assert together.entries.filter(kind="income").count() == 3 and figures_of(together.pk).outstanding > 0
    approved = Transfer.objects.get(status=Transfer.Status.APPROVED)
    assert (approved.source, approved.target.owner.email) == (together, "member2@example.com")
    assert approved.decided_by.email == "staff@example.com"
    assert sorted(
        LedgerEntry.objects.filter(source_id=approved.pk, key__startswith="transfer:").values_list("kind", "amount")
    ) == [
        ("transfer_in", approved.amount),
        ("transfer_out", -approved.amount),
    ]
    pending = Transfer.objects.get(status=Transfer.Status.SUBMITTED)
    # three expense requests and a travel-cost claim, and the two months to come of her employment
    waiting = ExpenseRequest.objects.filter(budget=anna, status__in=["submitted", "needs_info"])
    employment = anna.employments.get(status="active")
    to_come = employment.category.total_cost * 2
    reserved = pending.amount + waiting.aggregate(total=Sum("debit"))["total"] + to_come
    assert pending.source == anna and waiting.count() == 4 and figures_of(anna.pk).reserved == reserved
    assert Correction.objects.filter(status="booked", budget=anna).count() == 1
    assert Correction.objects.filter(status="pending", budget__owner__email="member2@example.com").count() == 1


def test_every_generated_budget_follows_from_its_documents():
    options = {
        "scale": 16,
        "orders_per_member": 8,
        "invoices_per_member": 6,
        "ledger_rows_per_member": 40,
        "expense_requests_per_member": 12,
    }
    call_command("seed_demo", quiet_logins=True, **options)
    rows = LedgerEntry.objects.count()
    call_command("seed_demo", quiet_logins=True, **options)
    assert LedgerEntry.objects.count() == rows

    generated = Budget.objects.filter(owner__email__endswith="generated.example.net")
    expenses = Q(entries__kind__in=["expense", "direct_payment"])
    sizes = set(generated.annotate(n=Count("entries", filter=~expenses)).values_list("n", flat=True))
    assert generated.count() >= 12 and sizes == {40}  # the expenses' debits come on top
    kinds = set(LedgerEntry.objects.filter(budget__in=generated).values_list("kind", flat=True))
    assert kinds == {
        "income",
        "fee",
        "income_reversal",
        "fee_reversal",
        "transfer_in",
        "transfer_out",
        "correction",
        "expense",
        "direct_payment",
    }
    statuses = set(ExpenseRequest.objects.filter(budget__in=generated).values_list("status", flat=True))
    assert statuses == set(ExpenseRequest.Status.values)  # reserved (submitted, needs_info) and booked ones
    # Partly paid invoices (the pro-rata share) are among them: the demo member's instalments always, the
    # generated members' by chance (how many depends on the day the data is generated for).
    assert Invoice.objects.filter(status="issued", paid_amount__gt=0).exists()
    assert _assert_figures_follow_from_the_documents() == Budget.objects.count()
    _assert_invoices_are_booked_as_issuing_books_them()
