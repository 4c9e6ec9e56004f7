"""The demo employments (``portal/demo/employment_data.py``): the shipped salary tables, an employment in
every status, made through the services and consistent where they were dated back."""

import csv
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from portal.accounts.models import User
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.audit import audit_history
from portal.employment import costs, rules, services
from portal.employment.categories import DATA_DIR
from portal.employment.models import (
    ChangeRequest,
    ChangeStatus,
    ContractVersion,
    Employment,
    EmploymentStatus,
    Payslip,
    SalaryCategory,
)
from portal.expenses.models import ExpenseRequest
from portal.expenses.travel_rules import may_claim_travel

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        SalaryCategory.objects.count(),
        Employment.objects.count(),
        ContractVersion.objects.count(),
        ChangeRequest.objects.count(),
        Payslip.objects.count(),
        LedgerEntry.objects.filter(kind=EntryKind.EMPLOYMENT_COST).count(),
    )


@pytest.fixture
def seeded():
    call_command("seed_demo", quiet_logins=True)


def test_every_shipped_salary_table_is_loaded_and_each_ends_where_the_next_begins(seeded):
    counts = _counts()
    call_command("seed_demo", quiet_logins=True)
    assert _counts() == counts  # tables and employments are seeded once
    files = sorted(DATA_DIR.glob("*.csv"))
    rows = sum(len(list(csv.DictReader(path.open(encoding="utf-8")))) for path in files)
    assert SalaryCategory.objects.count() == rows and rows > 40
    for entity in ("SC", "BW"):
        starts = sorted(set(SalaryCategory.objects.filter(entity__code=entity).values_list("valid_from", flat=True)))
        for start, following in zip(starts, [*starts[1:], None], strict=True):
            ends = set(
                SalaryCategory.objects.filter(entity__code=entity, valid_from=start).values_list("valid_to", flat=True)
            )
            assert ends == {following - timedelta(days=1) if following else None}


def test_there_is_an_employment_in_every_status_with_consistent_contract_versions(seeded):
    assert set(Employment.objects.values_list("status", flat=True)) == set(EmploymentStatus.values)
    for employment in Employment.objects.select_related("category", "budget"):
        assert (employment.budget.owner_id, employment.budget.entity_id) == (employment.member_id, employment.entity_id)
        assert employment.start.day == 1 and employment.end == rules.month_end(employment.end)
        assert len(rules.months_between(employment.start, employment.end)) >= rules.MIN_MONTHS
        assert services.categories_on(employment.entity_id, employment.start).filter(pk=employment.category_id).exists()
        versions = list(employment.versions.all())
        if employment.status in (EmploymentStatus.DRAFT, EmploymentStatus.SUBMITTED, EmploymentStatus.REJECTED):
            assert versions == [] and not employment.signed_at
            continue
        first = versions[0]
        assert (first.number, first.valid_from, first.end) == (1, employment.start, employment.end)
        assert (first.category_id, first.monthly_cost) == (employment.category_id, employment.category.total_cost)
        assert first.file.name.endswith(".pdf") and first.file.open("rb").read(5) == b"%PDF-"
    for open_ in Employment.objects.filter(status__in=services.OPEN_STATUSES):  # no overlaps, as the rules say
        others = Employment.objects.filter(member=open_.member, entity=open_.entity, status__in=services.OPEN_STATUSES)
        for other in others.exclude(pk=open_.pk):
            assert not rules.overlaps((open_.start, open_.end), (other.start, other.end))


def test_the_demo_member_is_employed_and_her_months_are_booked(seeded):
    member = User.objects.get(email="member@example.com")
    today = timezone.localdate()
    this_month = rules.month_start(today)
    employment = Employment.objects.get(member=member, status=EmploymentStatus.ACTIVE)
    assert (
        employment.entity.code == "SC" and employment.start < this_month - timedelta(days=90) < today < employment.end
    )
    assert may_claim_travel(member)
    paris = ExpenseRequest.objects.get(member=member, kind="travel", status="paid")  # still valid: she is employed
    assert paris.salary_month == this_month

    months = rules.months_between(employment.start, this_month)
    booked = LedgerEntry.objects.filter(budget=employment.budget, kind=EntryKind.EMPLOYMENT_COST).order_by(
        "booking_date"
    )
    assert [(row.key, row.booking_date, row.amount) for row in booked] == [
        (costs.month_key(employment.pk, month), month, -employment.category.total_cost) for month in months
    ]
    assert {row.source_id for row in booked} == {employment.pk}
    payslips = employment.payslips.order_by("month")
    assert [payslip.month for payslip in payslips] == months[:-1]  # each past month's
    assert all(payslip.file.open("rb").read(5) == b"%PDF-" for payslip in payslips)

    change = employment.changes.get()
    assert change.status == ChangeStatus.SUBMITTED and change.kinds == ["category"]
    assert change.category_from == this_month + relativedelta(months=1) <= employment.end
    assert change.new_category.total_cost > employment.category.total_cost

    bildungswerk = Employment.objects.get(member=member, entity__code="BW")
    assert bildungswerk.status == EmploymentStatus.APPROVED and bildungswerk.category.minijob
    assert bildungswerk.versions.get().file and not bildungswerk.signed_at  # the contract waits for her


def test_the_other_members_show_the_rest_of_the_way(seeded):
    today = timezone.localdate()
    jonas = Employment.objects.filter(member__email="member2@example.com")
    ended = jonas.get(status=EmploymentStatus.ENDED)
    months = rules.months_between(ended.start, ended.end)
    assert ended.end < today and len(months) == 4
    rows = LedgerEntry.objects.filter(kind=EntryKind.EMPLOYMENT_COST, key__startswith=f"employment:{ended.pk}:")
    assert sorted(rows.values_list("booking_date", flat=True)) == months
    assert sorted(ended.payslips.values_list("month", flat=True)) == months
    rejected = jonas.get(status=EmploymentStatus.REJECTED)
    assert "Kategorie 4" in audit_history(rejected).get(to_state="rejected").message
    waiting = jonas.get(status=EmploymentStatus.SUBMITTED)
    assert waiting.submitted_at and waiting.start > today

    lena = Employment.objects.filter(member__email="member3@example.com")
    signed = lena.get(status=EmploymentStatus.CONTRACT_SIGNED)
    assert signed.signature_confirmed_at is None and signed.versions.get().signed_file  # for the team to confirm
    draft = lena.get(status=EmploymentStatus.DRAFT)
    coverage = services.coverage_of(member=draft.member, entity_id=draft.entity_id, category=draft.category)
    assert draft.entity.code == "BW" and not coverage.enough  # her budget there does not cover it yet


def test_generated_employments_are_spread_consistent_and_booked_as_the_daily_run_books():
    from portal.demo.tests.test_budget_data import _assert_figures_follow_from_the_documents

    call_command("seed_demo", quiet_logins=True, scale=24, orders_per_member=2, employments=60)
    generated = Employment.objects.filter(member__email__endswith="generated.example.net")
    counts = _counts()
    call_command("seed_demo", quiet_logins=True, scale=24, employments=60)
    assert _counts() == counts  # topped up to 60 already
    assert generated.count() == 60
    assert set(generated.values_list("entity__code", flat=True)) == {"SC", "BW"}
    statuses = list(generated.values_list("status", flat=True))
    assert statuses.count("active") + statuses.count("ended") > len(statuses) / 2
    assert {"active", "ended", "rejected"} <= set(statuses)
    today = timezone.localdate()
    this_month = rules.month_start(today)
    for employment in generated.select_related("category"):
        assert services.categories_on(employment.entity_id, employment.start).filter(pk=employment.category_id).exists()
        assert employment.created_at <= timezone.now() and employment.start.day == 1
        versions = list(employment.versions.order_by("number"))
        if employment.status in ("active", "ended", "approved", "contract_signed"):
            assert versions[0].valid_from == employment.start and versions[0].end == employment.end
            assert all(version.file for version in versions)
        if employment.status == "active":
            assert employment.start <= today <= employment.end and employment.signature_confirmed_at
        elif employment.status == "ended":
            assert employment.end < today
        elif employment.status != "rejected":
            assert employment.start > today
        rows = LedgerEntry.objects.filter(kind=EntryKind.EMPLOYMENT_COST, source_id=employment.pk)
        expected = []
        if employment.status in ("active", "ended"):
            months = rules.months_between(employment.start, min(employment.end, this_month))
            expected = [(costs.month_key(employment.pk, m), m, -costs.cost_of_month(versions, m)) for m in months]
        assert sorted(rows.values_list("key", "booking_date", "amount")) == sorted(expected)
        if len(versions) == 2:
            assert versions[1].change.status == ChangeStatus.APPROVED
            assert versions[1].change.category_from == versions[1].valid_from
    for employment in generated.filter(status__in=services.OPEN_STATUSES):
        others = generated.filter(member=employment.member, entity=employment.entity, status__in=services.OPEN_STATUSES)
        assert others.count() == 1
    # A second daily run books nothing more: every due month is booked.
    assert costs.book_month_costs(today) == 0
    assert _assert_figures_follow_from_the_documents() > 20
