"""Transfers between budgets (DESIGN §6): who may send where, the availability check, the decision."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_member
from portal.budget import services
from portal.budget.figures import figures_of
from portal.budget.ledger import Posting, budget_personal, ledger_book
from portal.budget.models import Budget, EntryKind, LedgerEntry, Participant, Transfer
from portal.budget.transitions import Event
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail
from portal.core.transitions import Actor
from portal.invoicing import services as invoicing
from portal.invoicing.tests.factories import ISSUE_DAY

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------------------------


def refusal(call: Callable[[], Any]) -> BusinessError:
    """The ``BusinessError`` ``call`` raises, its message in English."""
    with translation.override("en"), pytest.raises(BusinessError) as refused:
        call()
    return refused.value


def give_staff_role(user, entity) -> None:
    from portal.accounts.models import Role

    Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=entity)


def collective(entity, manager, *members, status=Budget.Status.ACTIVE, name="Kollektiv") -> Budget:
    budget = Budget.objects.create(kind=Budget.Kind.COLLECTIVE, status=status, entity=entity, owner=manager, name=name)
    Participant.objects.create(
        budget=budget, member=manager, role=Participant.Role.MANAGER, status=Participant.Status.ACTIVE
    )
    for member in members:
        Participant.objects.create(
            budget=budget, member=member, role=Participant.Role.MEMBER, status=Participant.Status.ACTIVE
        )
    return budget


def credit(budget: Budget, amount: str) -> None:
    ledger_book(
        postings=[Posting(budget.pk, EntryKind.CORRECTION, Decimal(amount), "Startguthaben", f"test:{budget.pk}")],
        booking_date=ISSUE_DAY,
    )


def rows(budget: Budget) -> list[tuple[str, Decimal]]:
    return list(budget.entries.order_by("id").values_list("kind", "amount"))


@pytest.fixture
def source(issued, member, staff):
    """The member's personal budget with the issued invoice paid: 2 184,00 available for expenses."""
    invoicing.payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=ISSUE_DAY, user=staff)
    budget = Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)
    assert figures_of(budget.pk).available_for_expenses == Decimal("2184.00")
    return budget


@pytest.fixture
def target(member2, entities):
    return budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)


def request(source: Budget, target: Budget, user, amount: Any = "500.00", reason: str = "Honorar Jonas") -> Transfer:
    return services.transfer_request(source_id=source.pk, target_id=target.pk, amount=amount, reason=reason, user=user)


# --- amount and reason -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("zwanzig", "Please enter an amount in euros and cents."),
        ("", "Please enter an amount in euros and cents."),
        (None, "Please enter an amount in euros and cents."),
        ("1e3", "Please enter an amount in euros and cents."),
        ("1E2", "Please enter an amount in euros and cents."),
        ("1_000", "Please enter an amount in euros and cents."),
        ("١٢", "Please enter an amount in euros and cents."),  # Arabic-Indic digits
        ("NaN", "Please enter an amount in euros and cents."),
        ("Infinity", "Please enter an amount in euros and cents."),
        ("12.345", "Please enter an amount in euros and cents."),
        ("0.001", "Please enter an amount in euros and cents."),
        (Decimal("NaN"), "Please enter an amount in euros and cents."),
        (True, "Please enter an amount in euros and cents."),
        ("0", "The amount must be greater than zero."),
        ("0.00", "The amount must be greater than zero."),
        ("-5.00", "The amount must be greater than zero."),
        ("10000000.01", "The amount can be at most 10,000,000.00 EUR."),
        ("9" * 30, "The amount can be at most 10,000,000.00 EUR."),
        (Decimal("1E+30"), "The amount can be at most 10,000,000.00 EUR."),
    ],
)
def test_a_bad_amount_is_refused_for_the_amount_field(source, target, member, amount, message):
    error = refusal(lambda: request(source, target, member, amount=amount))
    assert (error.field, error.message) == ("amount", message)
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (" 12.5 ", "12.50"),
        ("100", "100.00"),
        (".5", "0.50"),
        ("+7.25", "7.25"),
        (Decimal("30.10"), "30.10"),
        (40, "40.00"),
    ],
)
def test_plain_amounts_are_taken_in_euros_and_cents(source, target, member, amount, expected):
    assert request(source, target, member, amount=amount).amount == Decimal(expected)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_transfer_needs_a_reason(source, target, member, reason):
    error = refusal(lambda: request(source, target, member, reason=reason))
    assert (error.field, error.message) == ("reason", "Please give a reason.")
    assert not Transfer.objects.exists()


# --- route: who may send from where to where -----------------------------------------------------------


def test_only_the_owner_sends_from_a_personal_budget(source, target, member2):
    error = refusal(lambda: request(source, target, member2))
    assert (error.field, error.message) == ("source", "You cannot transfer money from this budget.")


def test_the_target_must_be_another_budget(source, member):
    error = refusal(lambda: request(source, source, member))
    assert (error.field, error.message) == ("target", "Please choose a budget other than the one the money comes from.")


def test_money_stays_within_its_entity(source, member, entities):
    austrian = budget_personal(member_id=member.pk, entity_id=entities["AT"].pk)
    error = refusal(lambda: request(source, austrian, member))
    assert (error.field, error.message) == (
        "target",
        "Money can only be transferred between budgets of the same entity.",
    )


def test_a_member_pays_into_a_collective_budget_they_belong_to(source, member, member2, entities):
    shared = collective(entities["SC"], member2, member)
    transfer = request(source, shared, member)
    assert (transfer.source, transfer.target, transfer.status) == (source, shared, Transfer.Status.SUBMITTED)


def test_nobody_pays_into_a_collective_budget_they_do_not_belong_to(source, member, member2, entities):
    foreign = collective(entities["SC"], member2)
    error = refusal(lambda: request(source, foreign, member))
    assert error.field == "target"
    assert error.message == (
        "Only your personal budget can transfer to a collective budget, and only to one you belong to."
    )


def test_a_removed_participant_no_longer_pays_into_the_collective_budget(source, member, member2, entities):
    shared = collective(entities["SC"], member2, member)
    Participant.objects.filter(budget=shared, member=member).update(status=Participant.Status.REMOVED)
    assert refusal(lambda: request(source, shared, member)).field == "target"


def test_a_pending_collective_budget_takes_no_transfers(source, member, member2, entities):
    pending = collective(entities["SC"], member2, member, status=Budget.Status.PENDING)
    error = refusal(lambda: request(source, pending, member))
    assert (error.field, error.message) == ("target", "This collective budget is not active yet.")


def test_a_manager_pays_a_member_from_the_collective_budget(member, member2, entities, staff):
    shared = collective(entities["SC"], member, member2)
    credit(shared, "800.00")
    mine = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    transfer = request(shared, mine, member, amount="300.00")
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    assert rows(shared)[-1] == (EntryKind.TRANSFER_OUT, Decimal("-300.00"))
    assert rows(mine) == [(EntryKind.TRANSFER_IN, Decimal("300.00"))]


def test_a_plain_member_of_a_collective_budget_cannot_send_from_it(member, member2, entities):
    shared = collective(entities["SC"], member, member2)
    credit(shared, "800.00")
    mine = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    error = refusal(lambda: request(shared, mine, member2, amount="300.00"))
    assert (error.field, error.message) == ("source", "You cannot transfer money from this budget.")


def test_nothing_is_sent_from_a_pending_collective_budget(member, member2, entities):
    pending = collective(entities["SC"], member, status=Budget.Status.PENDING)
    credit(pending, "800.00")
    mine = budget_personal(member_id=member.pk, entity_id=entities["SC"].pk)
    assert refusal(lambda: request(pending, mine, member, amount="300.00")).field == "source"


def test_one_collective_budget_does_not_pay_another(member, member2, entities):
    first = collective(entities["SC"], member, member2, name="Erstes")
    second = collective(entities["SC"], member, member2, name="Zweites")
    credit(first, "800.00")
    error = refusal(lambda: request(first, second, member, amount="300.00"))
    assert error.field == "target" and error.message.startswith("Only your personal budget")


def test_may_spend_follows_the_role(member, member2, entities):
    shared = collective(entities["SC"], member, member2)
    mine = budget_personal(member_id=member.pk, entity_id=entities["SC"].pk)
    assert services.may_spend(member_id=member.pk, budget=mine)
    assert not services.may_spend(member_id=member2.pk, budget=mine)
    assert services.may_spend(member_id=member.pk, budget=shared)
    assert not services.may_spend(member_id=member2.pk, budget=shared)
    Budget.objects.filter(pk=shared.pk).update(status=Budget.Status.PENDING)
    shared.refresh_from_db()
    assert not services.may_spend(member_id=member.pk, budget=shared)


# --- available for expenses ------------------------------------------------------------------------------


def test_a_transfer_beyond_the_available_money_names_both_amounts(source, target, member):
    error = refusal(lambda: request(source, target, member, amount="2184.01"))
    assert error.field == "amount"
    assert error.message == "2,184.01 EUR is more than the 2,184.00 EUR available for expenses in this budget."
    assert request(source, target, member, amount="2184.00").amount == Decimal("2184.00")


def test_an_unpaid_invoice_is_no_money_to_transfer_yet(issued, member, target):
    budget = Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)
    error = refusal(lambda: request(budget, target, member, amount="1.00"))
    assert "0.00 EUR available for expenses" in error.message


def test_pending_transfers_reduce_what_is_available(source, target, member):
    first = request(source, target, member, amount="2000.00")
    figures = figures_of(source.pk)
    assert (figures.reserved, figures.available_for_expenses) == (Decimal("2000.00"), Decimal("184.00"))
    error = refusal(lambda: request(source, target, member, amount="184.01"))
    assert "184.00 EUR available" in error.message
    services.transfer_decide(transfer_id=first.pk, event=Event.WITHDRAW, user=member, actor=Actor.MEMBER)
    assert figures_of(source.pk).reserved == 0
    assert request(source, target, member, amount="2184.00").status == Transfer.Status.SUBMITTED


# --- the same form sent twice --------------------------------------------------------------------------


def test_the_same_transfer_sent_again_is_refused_and_names_the_first(source, target, member):
    first = request(source, target, member)
    error = refusal(lambda: request(source, target, member))
    assert f"transfer #{first.pk}" in error.message and "different reason" in error.message
    assert error.field is None  # above the form, which keeps what was typed
    assert Transfer.objects.count() == 1
    assert figures_of(source.pk).reserved == Decimal("500.00")


def test_a_transfer_that_differs_or_was_decided_is_no_duplicate(source, target, member, entities):
    first = request(source, target, member)
    request(source, target, member, reason="Honorar Jonas, zweiter Teil")
    request(source, target, member, amount="500.01")
    member3 = make_member("member3@test.example", entities["SC"], number="000103")
    other = budget_personal(member_id=member3.pk, entity_id=entities["SC"].pk)
    request(source, other, member)
    services.transfer_decide(transfer_id=first.pk, event=Event.WITHDRAW, user=member, actor=Actor.MEMBER)
    request(source, target, member)  # the first one is withdrawn: this is meant
    assert Transfer.objects.count() == 5


def test_the_same_transfer_is_accepted_again_after_a_while(source, target, member):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request(source, target, member)
    with time_machine.travel(start + services.DUPLICATE_TRANSFER_WINDOW + timedelta(seconds=1), tick=False):
        request(source, target, member)
    assert Transfer.objects.count() == 2


# --- the decision --------------------------------------------------------------------------------------


def test_approval_books_the_pair_in_one_group(source, target, member, staff):
    transfer = request(source, target, member, amount="500.00")
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)

    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (Transfer.Status.APPROVED, staff)
    assert transfer.decided_at is not None
    out = source.entries.get(kind=EntryKind.TRANSFER_OUT)
    into = target.entries.get()
    assert (out.amount, into.kind, into.amount) == (Decimal("-500.00"), EntryKind.TRANSFER_IN, Decimal("500.00"))
    assert out.group == into.group
    assert out.source_id == into.source_id == transfer.pk
    assert out.text == into.text == "Honorar Jonas"
    assert LedgerEntry.objects.filter(group=out.group).count() == 2
    assert figures_of(source.pk).balance == Decimal("1684.00")
    assert figures_of(source.pk).reserved == 0  # no longer reserved: booked
    assert figures_of(target.pk).balance == Decimal("500.00")  # no fee on transfers


def test_a_transfer_is_booked_once_however_often_it_is_approved(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff))
    assert error.message == "This is not possible in status “Approved”."
    assert LedgerEntry.objects.filter(kind__in=[EntryKind.TRANSFER_OUT, EntryKind.TRANSFER_IN]).count() == 2
    assert OutboundEmail.objects.filter(template="budget_transfer_decided").count() == 1


def test_a_rejection_needs_a_reason_and_records_it(source, target, member, staff):
    transfer = request(source, target, member)
    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.REJECT, user=staff))
    assert (error.field, error.message) == ("reason", "Please give a reason.")
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED

    services.transfer_decide(transfer_id=transfer.pk, event=Event.REJECT, user=staff, reason="  Kein Beleg  ")
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by, transfer.decision_reason) == (
        Transfer.Status.REJECTED,
        staff,
        "Kein Beleg",
    )
    assert not LedgerEntry.objects.filter(kind__in=[EntryKind.TRANSFER_OUT, EntryKind.TRANSFER_IN]).exists()
    assert figures_of(source.pk).reserved == 0


def test_the_requester_withdraws_their_transfer(source, target, member):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.WITHDRAW, user=member, actor=Actor.MEMBER)
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (Transfer.Status.WITHDRAWN, None)
    assert not OutboundEmail.objects.filter(template="budget_transfer_decided").exists()
    assert AuditEntry.objects.filter(action="transfer.withdraw", target_id=str(transfer.pk), actor=member).exists()


def test_nobody_else_withdraws_a_transfer(source, target, member, member2, staff):
    transfer = request(source, target, member)
    error = refusal(
        lambda: services.transfer_decide(
            transfer_id=transfer.pk, event=Event.WITHDRAW, user=member2, actor=Actor.MEMBER
        )
    )
    assert error.message == "You are not allowed to do this."
    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.WITHDRAW, user=staff))
    assert error.message == "You are not allowed to do this."
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED


@pytest.mark.parametrize("event", [Event.APPROVE, Event.REJECT])
def test_a_member_cannot_decide_their_own_transfer(source, target, member, event):
    transfer = request(source, target, member)
    error = refusal(
        lambda: services.transfer_decide(
            transfer_id=transfer.pk, event=event, user=member, actor=Actor.MEMBER, reason="weil"
        )
    )
    assert error.message == "You are not allowed to do this."
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED
    assert not LedgerEntry.objects.filter(kind=EntryKind.TRANSFER_OUT).exists()


def test_a_withdrawn_transfer_cannot_be_approved(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.WITHDRAW, user=member, actor=Actor.MEMBER)
    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff))
    assert error.message == "This is not possible in status “Withdrawn”."
    assert not LedgerEntry.objects.filter(kind=EntryKind.TRANSFER_OUT).exists()


SELF_DECISION = "You cannot decide on your own request; another member of the Smart team has to."


@pytest.mark.parametrize("event", [Event.APPROVE, Event.REJECT])
def test_staff_do_not_decide_a_transfer_from_their_own_budget(source, target, member, entities, event):
    give_staff_role(member, entities["SC"])
    transfer = request(source, target, member)
    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=event, user=member, reason="passt"))
    assert error.message == SELF_DECISION
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED


def test_staff_do_not_decide_a_transfer_into_their_own_budget(source, target, member, member2, entities):
    give_staff_role(member2, entities["SC"])
    transfer = request(source, target, member)
    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=member2))
    assert error.message == SELF_DECISION
    assert not LedgerEntry.objects.filter(kind=EntryKind.TRANSFER_IN).exists()


def test_approval_checks_the_money_again(issued, member, target, staff):
    # Half the gross paid: half of net - fee (1 092,00) is available.
    invoicing.payment_record(invoice_id=issued.pk, amount=Decimal("1428.00"), received_on=ISSUE_DAY, user=staff)
    source = Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)
    transfer = request(source, target, member, amount="1000.00")
    invoicing.invoice_cancel(invoice_id=issued.pk, actor=Actor.STAFF, reason="Falscher Kunde", today=ISSUE_DAY)

    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff))
    assert error.field == "amount"
    assert error.message == "1,000.00 EUR is more than the 0.00 EUR available for expenses in this budget."
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (Transfer.Status.SUBMITTED, None)
    assert not LedgerEntry.objects.filter(kind__in=[EntryKind.TRANSFER_OUT, EntryKind.TRANSFER_IN]).exists()
    assert not AuditEntry.objects.filter(action="transfer.approve").exists()
    assert not OutboundEmail.objects.filter(template="budget_transfer_decided").exists()
    # It can still be rejected.
    services.transfer_decide(transfer_id=transfer.pk, event=Event.REJECT, user=staff, reason="Rechnung storniert")
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.REJECTED


def test_the_transfer_being_approved_may_use_its_own_reservation(source, target, member, staff):
    transfer = request(source, target, member, amount="2184.00")  # everything: available is 0 now
    assert figures_of(source.pk).available_for_expenses == 0
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    assert figures_of(source.pk).balance == 0


def test_an_approved_transfer_is_refused_for_its_status_even_when_the_money_is_gone(issued, member, target, staff):
    invoicing.payment_record(invoice_id=issued.pk, amount=Decimal("1428.00"), received_on=ISSUE_DAY, user=staff)
    source = Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)
    transfer = request(source, target, member, amount="1000.00")
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    invoicing.invoice_cancel(invoice_id=issued.pk, actor=Actor.STAFF, reason="Falscher Kunde", today=ISSUE_DAY)
    assert figures_of(source.pk).available_for_expenses < 0

    error = refusal(lambda: services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff))
    assert error.message == "This is not possible in status “Approved”."


# --- audit and e-mail ------------------------------------------------------------------------------------


def test_request_and_decision_are_audited(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    entries = AuditEntry.objects.filter(target_id=str(transfer.pk), action__startswith="transfer.").order_by("id")
    assert [(e.action, e.actor, e.from_state, e.to_state) for e in entries] == [
        ("transfer.submit", member, "", "submitted"),
        ("transfer.approve", staff, "submitted", "approved"),
    ]
    assert entries[0].message == "Honorar Jonas"


def test_a_rejection_is_audited_with_its_reason(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.REJECT, user=staff, reason="Kein Beleg")
    entry = AuditEntry.objects.get(action="transfer.reject", target_id=str(transfer.pk))
    assert (entry.actor, entry.from_state, entry.to_state, entry.message) == (
        staff,
        "submitted",
        "rejected",
        "Kein Beleg",
    )


def test_the_requester_is_mailed_the_approval(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    email = OutboundEmail.objects.get(template="budget_transfer_decided")
    assert (email.recipient, email.recipient_user, email.related_id) == (member.email, member, str(transfer.pk))
    assert email.entity == source.entity
    assert "500,00" in email.body_text  # the member reads German


def test_the_requester_is_mailed_the_rejection_with_its_reason(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.REJECT, user=staff, reason="Kein Beleg")
    email = OutboundEmail.objects.get(template="budget_transfer_decided")
    assert email.recipient == member.email
    assert "Kein Beleg" in email.body_text


def test_the_mail_links_to_the_transfer(source, target, member, staff, settings):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    body = OutboundEmail.objects.get(template="budget_transfer_decided").body_text
    assert settings.PORTAL_BASE_URL + reverse("budget:transfer_detail", args=[transfer.pk]) in body


def test_the_receiving_member_is_told_the_money_arrived(source, target, member, member2, staff, settings):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.APPROVE, user=staff)
    email = OutboundEmail.objects.get(template="budget_transfer_received")
    assert email.recipient_user == member2
    assert "500,00" in email.body_text and "Honorar Jonas" in email.body_text
    assert settings.PORTAL_BASE_URL + reverse("budget:detail", args=[target.pk]) in email.body_text


def test_a_rejected_transfer_tells_only_the_requester(source, target, member, staff):
    transfer = request(source, target, member)
    services.transfer_decide(transfer_id=transfer.pk, event=Event.REJECT, user=staff, reason="Nein")
    assert not OutboundEmail.objects.filter(template="budget_transfer_received").exists()


# --- who decides, and unknown budgets -----------------------------------------------------------------


@pytest.mark.parametrize("event", [Event.APPROVE, Event.REJECT])
def test_only_the_team_of_the_budgets_entity_decides(source, target, member, staff_at, event):
    transfer = request(source, target, member)
    error = refusal(
        lambda: services.transfer_decide(transfer_id=transfer.pk, event=event, user=staff_at, reason="Nein")
    )
    assert error.message == "You are not allowed to do this."
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED
    assert not LedgerEntry.objects.filter(kind=EntryKind.TRANSFER_IN).exists()


def test_an_unknown_budget_is_a_clear_error(source, member):
    error = refusal(
        lambda: services.transfer_request(source_id=source.pk, target_id=987654, amount="10", reason="x", user=member)
    )
    assert (error.field, error.message) == ("target", "This budget does not exist.")


def test_a_collective_budget_pays_only_its_own_members(member, member2, entities):
    from conftest import make_member

    shared = collective(entities["SC"], member, member2)
    credit(shared, "800.00")
    outsider = make_member("outside@test.example", entities["SC"], number="000199")
    theirs = budget_personal(member_id=outsider.pk, entity_id=entities["SC"].pk)
    error = refusal(lambda: request(shared, theirs, member, amount="10.00"))
    assert (error.field, error.message) == (
        "target",
        "A collective budget transfers to the personal budgets of its own members only.",
    )
