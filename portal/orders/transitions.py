"""The order state machine: the only transitions allowed (DESIGN §4), in one table."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.transitions import Actor, Transition, TransitionTable
from portal.orders.models import OrderStatus as S


class Event(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return to member")
    REJECT = "reject", _("Reject")
    CONFIRM = "confirm", _("Confirm")
    DECLINE = "decline", _("Decline")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    EXPIRE = "expire", _("Expire")
    REQUEST_CANCELLATION = "request_cancellation", _("Request cancellation")
    APPROVE_CANCELLATION = "approve_cancellation", _("Approve cancellation")
    DENY_CANCELLATION = "deny_cancellation", _("Deny cancellation")
    COMPLETE = "complete", _("Complete")


MEMBER, STAFF, CLIENT, SYSTEM = Actor.MEMBER, Actor.STAFF, Actor.CLIENT, Actor.SYSTEM

TRANSITIONS: TransitionTable = {
    (S.DRAFT, Event.SUBMIT): Transition(S.SMART_REVIEW, MEMBER),
    # approve leads to ACTIVE instead when the member chose to skip the client confirmation
    (S.SMART_REVIEW, Event.APPROVE): Transition(S.CLIENT_CONFIRMATION, STAFF),
    (S.SMART_REVIEW, Event.RETURN): Transition(S.DRAFT, STAFF, reason_required=True),
    (S.SMART_REVIEW, Event.REJECT): Transition(S.REJECTED, STAFF, reason_required=True),
    (S.CLIENT_CONFIRMATION, Event.CONFIRM): Transition(S.ACTIVE, CLIENT),
    (S.CLIENT_CONFIRMATION, Event.DECLINE): Transition(S.REJECTED, CLIENT, reason_required=True),
    (S.CLIENT_CONFIRMATION, Event.REQUEST_CHANGES): Transition(S.DRAFT, CLIENT, reason_required=True),
    (S.CLIENT_CONFIRMATION, Event.EXPIRE): Transition(S.REJECTED, SYSTEM),
    (S.ACTIVE, Event.REQUEST_CANCELLATION): Transition(S.CANCELLATION_REVIEW, MEMBER, reason_required=True),
    (S.CANCELLATION_REVIEW, Event.APPROVE_CANCELLATION): Transition(S.CANCELLED, STAFF),
    (S.CANCELLATION_REVIEW, Event.DENY_CANCELLATION): Transition(S.ACTIVE, STAFF, reason_required=True),
    (S.ACTIVE, Event.COMPLETE): Transition(S.COMPLETED, SYSTEM),
}
