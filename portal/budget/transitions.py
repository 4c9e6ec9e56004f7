"""The state machines of transfers and corrections (DESIGN §6), one table each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.budget.models import Correction, Transfer
from portal.core.transitions import Actor, Transition, TransitionTable


class Event(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    WITHDRAW = "withdraw", _("Withdraw")
    BOOK = "book", _("Approve and book")


T = Transfer.Status
C = Correction.Status

TRANSFER_TRANSITIONS: TransitionTable = {
    (T.SUBMITTED, Event.APPROVE): Transition(T.APPROVED, Actor.STAFF),
    (T.SUBMITTED, Event.REJECT): Transition(T.REJECTED, Actor.STAFF, reason_required=True),
    (T.SUBMITTED, Event.WITHDRAW): Transition(T.WITHDRAWN, Actor.MEMBER),
}

#: A correction above the four-eyes limit waits for a second staff member (never the one who asked).
CORRECTION_TRANSITIONS: TransitionTable = {
    (C.PENDING, Event.BOOK): Transition(C.BOOKED, Actor.STAFF),
    (C.PENDING, Event.REJECT): Transition(C.REJECTED, Actor.STAFF, reason_required=True),
}
