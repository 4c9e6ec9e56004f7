"""The order state machine: the only transitions allowed (DESIGN §4), in one table."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class Actor(models.TextChoices):
    MEMBER = "member", _("Member")
    STAFF = "staff", _("Smart team")
    CLIENT = "client", _("Client")
    SCHEDULER = "scheduler", _("System")


@dataclass(frozen=True)
class Transition:
    to: str
    by: str
    reason_required: bool = False


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, Event.SUBMIT): Transition(S.SMART_REVIEW, Actor.MEMBER),
    # approve leads to ACTIVE instead when the member chose to skip the client confirmation
    (S.SMART_REVIEW, Event.APPROVE): Transition(S.CLIENT_CONFIRMATION, Actor.STAFF),
    (S.SMART_REVIEW, Event.RETURN): Transition(S.DRAFT, Actor.STAFF, reason_required=True),
    (S.SMART_REVIEW, Event.REJECT): Transition(S.REJECTED, Actor.STAFF, reason_required=True),
    (S.CLIENT_CONFIRMATION, Event.CONFIRM): Transition(S.ACTIVE, Actor.CLIENT),
    (S.CLIENT_CONFIRMATION, Event.DECLINE): Transition(S.REJECTED, Actor.CLIENT, reason_required=True),
    (S.CLIENT_CONFIRMATION, Event.REQUEST_CHANGES): Transition(S.DRAFT, Actor.CLIENT, reason_required=True),
    (S.CLIENT_CONFIRMATION, Event.EXPIRE): Transition(S.REJECTED, Actor.SCHEDULER),
    (S.ACTIVE, Event.REQUEST_CANCELLATION): Transition(S.CANCELLATION_REVIEW, Actor.MEMBER, reason_required=True),
    (S.CANCELLATION_REVIEW, Event.APPROVE_CANCELLATION): Transition(S.CANCELLED, Actor.STAFF),
    (S.CANCELLATION_REVIEW, Event.DENY_CANCELLATION): Transition(S.ACTIVE, Actor.STAFF, reason_required=True),
    (S.ACTIVE, Event.COMPLETE): Transition(S.COMPLETED, Actor.SCHEDULER),
}


def allowed_events(status: str, actor: str) -> list[str]:
    """The events ``actor`` may trigger on an order in ``status`` (for showing buttons)."""
    return [event for (source, event), t in TRANSITIONS.items() if source == status and t.by == actor]
