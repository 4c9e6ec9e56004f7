"""Corrections by the Smart team (DESIGN §6): small ones booked at once, large ones by a second person."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_user
from portal.accounts.models import Role
from portal.budget import services
from portal.budget.figures import figures_of
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, Correction, EntryKind, LedgerEntry, Participant
from portal.budget.tests.test_transfers import refusal
from portal.budget.transitions import Event
from portal.core.models import AuditEntry, OutboundEmail

pytestmark = pytest.mark.django_db

SELF_DECISION = "You cannot decide on your own request; another member of the Smart team has to."


@pytest.fixture
def budget(member, entities):
    return budget_personal(member_id=member.pk, entity_id=entities["SC"].pk)


@pytest.fixture
def member3(entities):
    return make_member("member3@test.example", entities["SC"], number="000103", first_name="Lea", last_name="Koch")


@pytest.fixture
def staff2(entities):
    """A second member of the Smart team: the other pair of eyes."""
    user = make_user("staff2@test.example", first_name="Lena", last_name="Vogel")
    Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=entities["SC"])
    return user


def correct(budget: Budget, user, amount: Any, reason: str = "Doppelte Gebühr erstattet", **extra) -> Correction:
    return services.correction_request(budget_id=budget.pk, amount=amount, reason=reason, user=user, **extra)


def corrections_booked() -> list[tuple[int, Decimal]]:
    return list(LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).values_list("budget_id", "amount"))


# --- up to the four-eyes limit: booked at once ----------------------------------------------------------


@pytest.mark.parametrize("amount", ["1000.00", "-1000.00", "0.01", "-250.00"])
def test_a_correction_up_to_the_limit_is_booked_at_once(budget, staff, amount):
    correction = correct(budget, staff, amount)
    correction.refresh_from_db()
    assert correction.status == Correction.Status.BOOKED
    assert (correction.decided_by, correction.requested_by) == (staff, staff)
    assert correction.decided_at is not None
    row = LedgerEntry.objects.get()
    assert (row.budget, row.kind, row.amount) == (budget, EntryKind.CORRECTION, Decimal(amount))
    assert (row.text, row.source_id, row.created_by) == ("Doppelte Gebühr erstattet", correction.pk, staff)
    assert row.booking_date == timezone.localdate()
    assert figures_of(budget.pk).balance == Decimal(amount)


def test_a_negative_correction_may_take_the_balance_below_zero(budget, staff):
    correct(budget, staff, "-99.99")
    assert figures_of(budget.pk).balance == Decimal("-99.99")


def test_a_correction_is_booked_on_the_date_given(budget, staff):
    day = date(2026, 10, 31)
    correct(budget, staff, "10.00", booking_date=day)
    assert LedgerEntry.objects.get().booking_date == day


def test_a_booked_correction_is_audited(budget, staff):
    correction = correct(budget, staff, "10.00")
    entries = AuditEntry.objects.filter(target_id=str(correction.pk), action__startswith="correction.").order_by("id")
    assert [(e.action, e.actor, e.from_state, e.to_state) for e in entries] == [
        ("correction.request", staff, "", "pending"),
        ("correction.book", staff, "pending", "booked"),
    ]
    assert entries[0].message == "Doppelte Gebühr erstattet"


def test_the_member_is_mailed_a_booked_correction(budget, member, staff, settings):
    correction = correct(budget, staff, "10.00")
    email = OutboundEmail.objects.get(template="budget_correction_booked")
    assert (email.recipient, email.related_id, email.entity) == (member.email, str(correction.pk), budget.entity)
    assert "Doppelte Gebühr erstattet" in email.body_text and "10,00" in email.body_text
    assert settings.PORTAL_BASE_URL + reverse("budget:detail", args=[budget.pk]) in email.body_text


def test_a_correction_of_a_collective_budget_is_mailed_to_its_managers(member, member2, member3, staff, entities):
    # member2 opened the budget and has left it; member manages it, member3 is a plain member.
    shared = Budget.objects.create(kind=Budget.Kind.COLLECTIVE, entity=entities["SC"], owner=member2, name="Band")
    for user, role, status in (
        (member2, Participant.Role.MANAGER, Participant.Status.REMOVED),
        (member, Participant.Role.MANAGER, Participant.Status.ACTIVE),
        (member3, Participant.Role.MEMBER, Participant.Status.ACTIVE),
    ):
        Participant.objects.create(budget=shared, member=user, role=role, status=status)
    correct(shared, staff, "20.00")
    assert corrections_booked() == [(shared.pk, Decimal("20.00"))]
    told = OutboundEmail.objects.filter(template="budget_correction_booked")
    assert list(told.values_list("recipient", flat=True)) == [member.email]


# --- above the limit: a second staff member decides ----------------------------------------------------


@pytest.mark.parametrize("amount", ["1000.01", "-1000.01", "10000000.00"])
def test_a_larger_correction_waits_for_a_second_approval(budget, staff, amount):
    correction = correct(budget, staff, amount)
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by, correction.decided_at) == (Correction.Status.PENDING, None, None)
    assert not LedgerEntry.objects.exists()
    assert not OutboundEmail.objects.filter(template="budget_correction_booked").exists()


def test_a_second_staff_member_books_it(budget, member, staff, staff2):
    correction = correct(budget, staff, "1500.00", booking_date=date(2026, 11, 30))
    services.correction_decide(correction_id=correction.pk, event=Event.BOOK, user=staff2)
    correction.refresh_from_db()
    assert (correction.status, correction.requested_by, correction.decided_by) == (
        Correction.Status.BOOKED,
        staff,
        staff2,
    )
    row = LedgerEntry.objects.get()
    assert (row.budget, row.kind, row.amount) == (budget, EntryKind.CORRECTION, Decimal("1500.00"))
    assert (row.booking_date, row.created_by) == (date(2026, 11, 30), staff2)
    assert OutboundEmail.objects.get(template="budget_correction_booked").recipient == member.email
    approval = AuditEntry.objects.get(action="correction.book", target_id=str(correction.pk))
    assert (approval.actor, approval.from_state, approval.to_state) == (staff2, "pending", "booked")


@pytest.mark.parametrize("event", [Event.BOOK, Event.REJECT])
def test_nobody_decides_their_own_correction(budget, staff, event):
    correction = correct(budget, staff, "1500.00")
    error = refusal(
        lambda: services.correction_decide(correction_id=correction.pk, event=event, user=staff, reason="passt")
    )
    assert error.message == SELF_DECISION
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by) == (Correction.Status.PENDING, None)
    assert not LedgerEntry.objects.exists()


def test_a_rejection_needs_a_reason_and_books_nothing(budget, staff, staff2):
    correction = correct(budget, staff, "1500.00")
    error = refusal(lambda: services.correction_decide(correction_id=correction.pk, event=Event.REJECT, user=staff2))
    assert (error.field, error.message) == ("reason", "Please give a reason.")

    services.correction_decide(correction_id=correction.pk, event=Event.REJECT, user=staff2, reason=" Kein Beleg ")
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by, correction.decision_reason) == (
        Correction.Status.REJECTED,
        staff2,
        "Kein Beleg",
    )
    assert not LedgerEntry.objects.exists()
    assert not OutboundEmail.objects.filter(template="budget_correction_booked").exists()
    assert AuditEntry.objects.get(action="correction.reject").message == "Kein Beleg"


@pytest.mark.parametrize("first", [Event.BOOK, Event.REJECT])
def test_a_decided_correction_is_not_decided_again(budget, staff, staff2, first):
    correction = correct(budget, staff, "1500.00")
    services.correction_decide(correction_id=correction.pk, event=first, user=staff2, reason="geprüft")
    error = refusal(lambda: services.correction_decide(correction_id=correction.pk, event=Event.BOOK, user=staff2))
    assert error.message.startswith("This is not possible in status")
    assert len(corrections_booked()) == (1 if first == Event.BOOK else 0)


def test_a_correction_booked_at_once_cannot_be_booked_again(budget, staff, staff2):
    correction = correct(budget, staff, "100.00")
    error = refusal(lambda: services.correction_decide(correction_id=correction.pk, event=Event.BOOK, user=staff2))
    assert error.message == "This is not possible in status “Booked”."
    assert corrections_booked() == [(budget.pk, Decimal("100.00"))]


# --- own budget -------------------------------------------------------------------------------------------


def test_staff_do_not_correct_their_own_budget(staff, entities):
    own = budget_personal(member_id=staff.pk, entity_id=entities["SC"].pk)
    error = refusal(lambda: correct(own, staff, "50.00"))
    assert error.message == SELF_DECISION
    assert not Correction.objects.exists() and not LedgerEntry.objects.exists()


def test_staff_do_not_approve_a_correction_of_their_own_budget(staff, staff2, entities):
    own = budget_personal(member_id=staff2.pk, entity_id=entities["SC"].pk)
    correction = correct(own, staff, "1500.00")
    error = refusal(lambda: services.correction_decide(correction_id=correction.pk, event=Event.BOOK, user=staff2))
    assert error.message == SELF_DECISION
    assert not LedgerEntry.objects.exists()


def test_a_third_staff_member_may_approve(budget, staff, staff2, entities):
    third = make_user("staff3@test.example", first_name="Tom", last_name="Dritt")
    Role.objects.create(user=third, kind=Role.Kind.STAFF, entity=entities["SC"])
    correction = correct(budget, staff, "-2500.00")
    services.correction_decide(correction_id=correction.pk, event=Event.BOOK, user=third)
    assert corrections_booked() == [(budget.pk, Decimal("-2500.00"))]


# --- input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "Please enter an amount in euros and cents."),
        ("1e3", "Please enter an amount in euros and cents."),
        ("5.555", "Please enter an amount in euros and cents."),
        ("0", "The amount must be greater than zero."),
        ("-0.00", "The amount must be greater than zero."),
        ("10000000.01", "The amount can be at most 10,000,000.00 EUR."),
        ("-10000000.01", "The amount can be at most 10,000,000.00 EUR."),
    ],
)
def test_a_bad_correction_amount_is_refused(budget, staff, amount, message):
    error = refusal(lambda: correct(budget, staff, amount))
    assert (error.field, error.message) == ("amount", message)
    assert not Correction.objects.exists()


@pytest.mark.parametrize("reason", ["", "  \n ", None])
def test_a_correction_needs_a_reason(budget, staff, reason):
    error = refusal(lambda: correct(budget, staff, "10.00", reason=reason))
    assert (error.field, error.message) == ("reason", "Please give a reason.")
    assert not Correction.objects.exists()


def test_a_long_reason_is_cut_to_the_field(budget, staff):
    correction = correct(budget, staff, "10.00", reason="x" * 600)
    assert len(Correction.objects.get(pk=correction.pk).reason) == 500
    assert len(LedgerEntry.objects.get().text) == 300


def test_the_booking_date_defaults_to_today(budget, staff):
    with time_machine.travel(timezone.make_aware(datetime(2027, 1, 15, 12))):
        correction = correct(budget, staff, "1500.00")
    assert correction.booking_date == date(2027, 1, 15)


def test_only_the_team_of_the_budgets_entity_corrects_it(budget, staff_at):
    error = refusal(
        lambda: services.correction_request(budget_id=budget.pk, amount="10.00", reason="Fremd", user=staff_at)
    )
    assert error.message == "You are not allowed to do this."
    assert not Correction.objects.exists()


def test_only_the_team_of_the_budgets_entity_approves_a_correction(budget, staff, staff_at):
    correction = services.correction_request(budget_id=budget.pk, amount="1500.00", reason="Gross", user=staff)
    error = refusal(lambda: services.correction_decide(correction_id=correction.pk, event=Event.BOOK, user=staff_at))
    assert error.message == "You are not allowed to do this."
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(9999, 12, 31)])
def test_a_correction_is_booked_between_2000_and_today(budget, staff, day):
    error = refusal(
        lambda: services.correction_request(budget_id=budget.pk, amount="5", reason="Alt", user=staff, booking_date=day)
    )
    assert error.field == "booking_date"
    assert error.message == "The booking date must lie between 01/01/2000 and today."
    assert not Correction.objects.exists()
