"""The one state machine of reimbursements, direct payments and travel-cost claims (DESIGN §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.transitions import Actor, Transition, TransitionTable
from portal.expenses.models import Status


class Event(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    ASK = "ask", _("Ask a question")
    PAY = "pay", _("Mark as paid")


EXPENSE_TRANSITIONS: TransitionTable = {
    (Status.DRAFT, Event.SUBMIT): Transition(Status.SUBMITTED, Actor.MEMBER),
    (Status.NEEDS_INFO, Event.SUBMIT): Transition(Status.SUBMITTED, Actor.MEMBER),
    (Status.SUBMITTED, Event.APPROVE): Transition(Status.APPROVED, Actor.STAFF),
    (Status.SUBMITTED, Event.REJECT): Transition(Status.REJECTED, Actor.STAFF, reason_required=True),
    (Status.SUBMITTED, Event.ASK): Transition(Status.NEEDS_INFO, Actor.STAFF, reason_required=True),
    (Status.APPROVED, Event.PAY): Transition(Status.PAID, (Actor.STAFF, Actor.SYSTEM)),
}
