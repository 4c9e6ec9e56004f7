"""Travel-cost claims: who may claim, the allowance as computed from the rate tables, the deadline, and
the way to payment with the salary (DESIGN §7)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from portal.budget import collective
from portal.budget.models import Budget, EntryKind, LedgerEntry
from portal.core.errors import BusinessError
from portal.employment.models import Employment, EmploymentStatus
from portal.employment.tests.factories import active_employment
from portal.expenses import services
from portal.expenses.models import Status
from portal.expenses.tests.factories import funded_budget
from portal.expenses.transitions import Event
from portal.expenses.travel import StageInput, TripInput, salary_month_paid, travel_claim_save
from portal.expenses.travel_rules import may_claim_travel, submission_deadline
from portal.travelrates.compute import Day

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


PARIS = TripInput(
    starts_at=at("2026-11-02 06:00"),
    ends_at=at("2026-11-04 19:30"),
    stages=[
        StageInput(at("2026-11-02 06:00"), "DE"),
        StageInput(at("2026-11-02 11:30"), "FR", "Paris"),
        StageInput(at("2026-11-04 16:00"), "DE"),
    ],
    days={date(2026, 11, 2): Day(night_without_receipt=True), date(2026, 11, 3): Day(dinner=True)},
)


@pytest.fixture
def employed(member, entities):
    """The member with an active employment with Smart eG since October 2026 (only they claim travel costs,
    and only for trips within it)."""
    active_employment(member, entities["SC"], start=date(2026, 10, 1))
    return member


@pytest.fixture
def budget(member, entities):
    # 2 000 EUR for the claims on top of the employment's four months, which are reserved (4 x 787 EUR).
    return funded_budget(member, entities["SC"], "5148.00")


def claim(member, budget, trip=PARIS, **kwargs):
    return travel_claim_save(member=member, budget_id=budget.pk, title="Trade fair Paris", trip=trip, **kwargs)


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_the_allowance_is_computed_day_by_day_and_debited_on_approval(employed, staff, budget):
    request = claim(employed, budget)
    # Paris (BMF 2026): arrival 39, full day 58 - 40 % x 58 for dinner = 34.80, return day 39; night 159.
    assert (request.payout, request.debit) == (Decimal("271.80"), Decimal("271.80"))
    rows = request.travel_claim.computation["rows"]
    assert [row["per_diem"] for row in rows] == ["39.00", "34.80", "39.00"]
    assert [row["overnight"] for row in rows] == ["159.00", "0.00", "0.00"]
    services.request_submit(member=employed, request_id=request.pk)
    services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)
    row = LedgerEntry.objects.get(kind=EntryKind.TRAVEL_COSTS)
    assert (row.budget_id, row.amount) == (budget.pk, Decimal("-271.80"))


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_a_domestic_day_trip_of_more_than_8_hours_and_kilometres(employed, budget):
    trip = TripInput(
        starts_at=at("2026-11-10 07:00"),
        ends_at=at("2026-11-10 15:01"),
        stages=[StageInput(at("2026-11-10 07:00"), "DE")],
        days={},
        kilometres=Decimal("123.4"),
    )
    request = claim(employed, budget, trip)
    assert request.payout == Decimal("14.00") + Decimal("37.02")  # 14 EUR, 123.4 km x 0.30


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_only_members_with_an_active_employment_claim_and_only_on_their_personal_budget(
    member, member2, employed, entities
):
    member2_budget = funded_budget(member2, entities["SC"])
    with pytest.raises(BusinessError, match="only during an active employment"):
        claim(member2, member2_budget)
    ended = active_employment(member2, entities["SC"], start=date(2026, 5, 1), end=date(2026, 8, 31))
    Employment.objects.filter(pk=ended.pk).update(status=EmploymentStatus.ENDED)
    with pytest.raises(BusinessError, match="only during an active employment"):
        claim(member2, member2_budget)
    shared = collective.collective_create(
        user=member, entity_id=entities["SC"].pk, name="Band", invitee_numbers=["000102"]
    )
    Budget.objects.filter(pk=shared.pk).update(status=Budget.Status.ACTIVE)
    with pytest.raises(BusinessError, match="personal budget"):
        claim(employed, Budget.objects.get(pk=shared.pk))


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_the_trip_falls_within_an_employment_by_the_budgets_entity(member2, entities):
    budget = funded_budget(member2, entities["SC"])
    # Employed by SMartAt only: the salary that would pay a Smart eG trip is not there.
    active_employment(member2, entities["AT"], start=date(2026, 10, 1))
    with pytest.raises(BusinessError, match="within your employment by Smart eG") as refused:
        claim(member2, budget)
    assert refused.value.field == "starts_at"
    # Employed by Smart eG only from 3 November: a trip starting on the 2nd is not within it.
    active_employment(member2, entities["SC"], start=date(2026, 11, 3))
    with pytest.raises(BusinessError, match="within your employment by Smart eG"):
        claim(member2, budget)
    later = TripInput(at("2026-11-10 07:00"), at("2026-11-10 17:00"), [StageInput(at("2026-11-10 07:00"), "DE")], {})
    assert claim(member2, budget, later).payout == Decimal("14.00")


def test_a_trip_of_an_employment_that_ended_last_month_is_still_claimed_until_its_deadline(member2, entities):
    budget = funded_budget(member2, entities["SC"])
    ended = active_employment(member2, entities["SC"], start=date(2026, 7, 1), end=date(2026, 10, 31))
    Employment.objects.filter(pk=ended.pk).update(status=EmploymentStatus.ENDED)
    october = TripInput(at("2026-10-20 07:00"), at("2026-10-20 17:00"), [StageInput(at("2026-10-20 07:00"), "DE")], {})
    with time_machine.travel("2026-11-20 10:00 +0100", tick=False):
        assert may_claim_travel(member2)
        request = claim(member2, budget, october)
        assert services.request_submit(member=member2, request_id=request.pk).status == Status.SUBMITTED
        november = TripInput(
            at("2026-11-10 07:00"), at("2026-11-10 17:00"), [StageInput(at("2026-11-10 07:00"), "DE")], {}
        )
        with pytest.raises(BusinessError, match="within your employment"):
            claim(member2, budget, november)
    with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
        assert not may_claim_travel(member2)  # its trips were all due by 30 November


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
@pytest.mark.parametrize(
    ("trip", "field"),
    [
        (
            TripInput(at("2026-11-02 10:00"), at("2026-11-02 09:00"), [StageInput(at("2026-11-02 10:00"), "DE")], {}),
            "ends_at",
        ),
        (TripInput(at("2026-11-02 10:00"), at("2026-11-02 20:00"), [], {}), "stages"),
        (
            TripInput(at("2026-11-02 10:00"), at("2026-11-02 20:00"), [StageInput(at("2026-11-02 11:00"), "DE")], {}),
            "stages",
        ),
        (
            TripInput(
                at("2026-11-02 10:00"),
                at("2026-11-02 20:00"),
                [StageInput(at("2026-11-02 10:00"), "DE"), StageInput(at("2026-11-02 21:00"), "FR")],
                {},
            ),
            "stages",
        ),
        (
            TripInput(at("2026-11-02 10:00"), at("2026-11-02 20:00"), [StageInput(at("2026-11-02 10:00"), "XX")], {}),
            "stages",
        ),
        (
            TripInput(
                at("2026-11-02 10:00"),
                at("2026-11-02 20:00"),
                [StageInput(at("2026-11-02 10:00"), "DE")],
                {},
                Decimal(-5),
            ),
            "kilometres",
        ),
    ],
)
def test_impossible_trips_are_refused_with_the_field_named(employed, budget, trip, field):
    with pytest.raises(BusinessError) as caught:
        claim(employed, budget, trip)
    assert field in caught.value.errors


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_a_short_day_trip_gives_nothing_and_is_refused(employed, budget):
    trip = TripInput(at("2026-11-10 07:00"), at("2026-11-10 15:00"), [StageInput(at("2026-11-10 07:00"), "DE")], {})
    with pytest.raises(BusinessError, match="no allowance"):
        claim(employed, budget, trip)


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_smartat_computes_austrian_rules_for_trips_in_austria_only(entities):
    from conftest import make_member

    austrian = make_member("at@test.example", entities["AT"], number="000201")
    active_employment(austrian, entities["AT"])
    budget = funded_budget(austrian, entities["AT"])
    ten_hours = TripInput(
        at("2026-11-10 08:00"), at("2026-11-10 18:00"), [StageInput(at("2026-11-10 08:00"), "AT")], {}
    )
    assert claim(austrian, budget, ten_hours).payout == Decimal("25.00")  # 10 started hours x 2.50
    abroad = TripInput(at("2026-11-10 08:00"), at("2026-11-10 18:00"), [StageInput(at("2026-11-10 08:00"), "DE")], {})
    with pytest.raises(BusinessError, match="within Austria"):
        claim(austrian, budget, abroad)


def test_the_deadline_is_the_end_of_the_month_after_the_trip():
    assert submission_deadline(date(2026, 11, 4)) == date(2026, 12, 31)
    assert submission_deadline(date(2026, 12, 31)) == date(2027, 1, 31)
    assert submission_deadline(date(2027, 1, 15)) == date(2027, 2, 28)


def test_a_claim_is_submitted_after_the_trip_and_before_the_deadline(employed, budget):
    with time_machine.travel("2026-11-03 12:00 +0100", tick=False):
        early = claim(employed, budget)
        with pytest.raises(BusinessError, match="once the trip is over"):
            services.request_submit(member=employed, request_id=early.pk)
    with (
        time_machine.travel("2027-01-01 09:00 +0100", tick=False),
        pytest.raises(BusinessError, match="end of the month after the trip"),
    ):
        services.request_submit(member=employed, request_id=early.pk)
    with time_machine.travel("2026-12-31 20:00 +0100", tick=False):
        assert services.request_submit(member=employed, request_id=early.pk).status == Status.SUBMITTED


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_approved_claims_are_paid_with_the_salary_not_by_transfer(employed, staff, budget, entities):
    request = claim(employed, budget)
    services.request_submit(member=employed, request_id=request.pk)
    with pytest.raises(BusinessError, match="Only approved"):
        salary_month_paid(user=staff, entity_id=entities["SC"].pk, request_ids=[request.pk], month=date(2026, 11, 1))
    services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)
    from portal.expenses import payouts

    assert not payouts.payable([entities["SC"].pk]).exists()
    assert (
        salary_month_paid(user=staff, entity_id=entities["SC"].pk, request_ids=[request.pk], month=date(2026, 11, 15))
        == 1
    )
    request.refresh_from_db()
    assert (request.status, request.salary_month, request.paid_on) == (
        Status.PAID,
        date(2026, 11, 1),
        timezone.localdate(),
    )


@time_machine.travel("2026-11-20 10:00 +0100", tick=False)
def test_the_claim_keeps_the_trip_as_stated_for_editing(employed, budget):
    from portal.expenses.travel import trip_of

    request = claim(employed, budget)
    again = trip_of(request.travel_claim)
    assert again.starts_at == PARIS.starts_at and again.ends_at == PARIS.ends_at
    assert [(s.starts_at, s.country, s.city) for s in again.stages] == [
        (s.starts_at, s.country, s.city) for s in PARIS.stages
    ]
    assert again.days == PARIS.days
