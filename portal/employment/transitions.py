"""The employment state machine (DESIGN §8), one table of the core kit."""

from portal.core.transitions import Actor, Transition, TransitionTable
from portal.employment.models import EmploymentStatus as S

MEMBER, STAFF, SYSTEM = Actor.MEMBER, Actor.STAFF, Actor.SYSTEM


class Event:
    SUBMIT = "submit"
    APPROVE = "approve"  # the Smart team uploads the contract
    REJECT = "reject"
    SIGN = "sign"  # the member signs (upload or typed name); the Smart team confirms the signature
    ACTIVATE = "activate"  # on the start day, once the signature is confirmed
    END = "end"  # after the end day


TRANSITIONS: TransitionTable = {
    (S.DRAFT, Event.SUBMIT): Transition(S.SUBMITTED, MEMBER),
    (S.SUBMITTED, Event.APPROVE): Transition(S.APPROVED, STAFF),
    (S.SUBMITTED, Event.REJECT): Transition(S.REJECTED, STAFF, reason_required=True),
    (S.APPROVED, Event.SIGN): Transition(S.CONTRACT_SIGNED, MEMBER),
    (S.CONTRACT_SIGNED, Event.ACTIVATE): Transition(S.ACTIVE, SYSTEM),
    (S.ACTIVE, Event.END): Transition(S.ENDED, SYSTEM),
}
