"""The state-machine kit: checks, audit row and previous state, independent of any domain."""

import pytest

from portal.core.errors import BusinessError
from portal.core.models import AuditEntry
from portal.core.transitions import Actor, Transition, allowed_events, apply_transition, check_transition
from portal.invoicing.transitions import TRANSITIONS as INVOICE_TRANSITIONS
from portal.orders.transitions import TRANSITIONS as ORDER_TRANSITIONS

pytestmark = pytest.mark.django_db

TABLE = {
    ("open", "close"): Transition("closed", Actor.STAFF, reason_required=True),
    ("open", "withdraw"): Transition("withdrawn", {Actor.MEMBER, Actor.STAFF}),
}


class Case:
    """A stand-in for a model instance with a status (the audit row needs a saved model)."""

    def __init__(self, user):
        self.target = user
        self.status = "open"
        self._meta = user._meta
        self.pk = user.pk


def test_allowed_events_lists_the_moves_of_an_actor():
    assert allowed_events(TABLE, "open", Actor.STAFF) == ["close", "withdraw"]
    assert allowed_events(TABLE, "open", Actor.MEMBER) == ["withdraw"]
    assert allowed_events(TABLE, "closed", Actor.STAFF) == []


def test_a_move_outside_the_table_or_by_the_wrong_actor_is_refused(member):
    case = Case(member)
    with pytest.raises(BusinessError):
        check_transition(TABLE, case, event="reopen", actor=Actor.STAFF)
    with pytest.raises(BusinessError):
        check_transition(TABLE, case, event="close", actor=Actor.MEMBER, reason="weil")
    with pytest.raises(BusinessError) as missing:
        check_transition(TABLE, case, event="close", actor=Actor.STAFF, reason="  ")
    assert missing.value.field == "reason"


def test_staff_never_decide_their_own_case(staff):
    case = Case(staff)
    with pytest.raises(BusinessError):
        check_transition(TABLE, case, event="close", actor=Actor.STAFF, user=staff, reason="x", owner_id=staff.pk)


def test_apply_sets_the_status_writes_the_audit_row_and_returns_the_previous_one(member, staff):
    case = Case(member)
    previous = apply_transition(
        TABLE, case, event="close", actor=Actor.STAFF, user=staff, reason=" done ", owner_id=member.pk
    )
    assert (previous, case.status) == ("open", "closed")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.from_state, entry.to_state, entry.message, entry.actor) == (
        "user.close",
        "open",
        "closed",
        "done",
        staff,
    )


def test_the_domain_tables_speak_the_kit_vocabulary():
    for table in (ORDER_TRANSITIONS, INVOICE_TRANSITIONS):
        for move in table.values():
            assert isinstance(move, Transition)
            assert move.by <= set(Actor.values)
