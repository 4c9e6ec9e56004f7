"""The invoice state machine (DESIGN §5): the only transitions allowed, in one table."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.invoicing.models import InvoiceStatus as S
from portal.orders.transitions import Actor


class Event(models.TextChoices):
    REQUEST_CHANGES = "request_changes", _("Request changes")
    RELEASE = "release", _("Release")
    ISSUE = "issue", _("Issue")
    DISPUTE = "dispute", _("Mark as disputed")
    RESOLVE_DISPUTE = "resolve_dispute", _("Dispute resolved")
    PAY = "pay", _("Paid")
    CANCEL = "cancel", _("Cancel")


@dataclass(frozen=True)
class Transition:
    to: str
    by: frozenset
    reason_required: bool = False


MEMBER, STAFF, SYSTEM = Actor.MEMBER, Actor.STAFF, Actor.SCHEDULER

TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, Event.REQUEST_CHANGES): Transition(S.AWAITING_UPDATE, frozenset({MEMBER}), reason_required=True),
    (S.AWAITING_UPDATE, Event.RELEASE): Transition(S.DRAFT, frozenset({STAFF})),
    (S.DRAFT, Event.ISSUE): Transition(S.ISSUED, frozenset({MEMBER, STAFF, SYSTEM})),
    (S.ISSUED, Event.DISPUTE): Transition(S.DISPUTED, frozenset({STAFF}), reason_required=True),
    (S.DISPUTED, Event.RESOLVE_DISPUTE): Transition(S.ISSUED, frozenset({STAFF})),
    (S.ISSUED, Event.PAY): Transition(S.PAID, frozenset({STAFF, SYSTEM})),
    (S.DISPUTED, Event.PAY): Transition(S.PAID, frozenset({STAFF, SYSTEM})),
    # Drafts simply end; issued invoices are cancelled by a cancellation invoice.
    (S.DRAFT, Event.CANCEL): Transition(S.CANCELLED, frozenset({STAFF, SYSTEM})),
    (S.AWAITING_UPDATE, Event.CANCEL): Transition(S.CANCELLED, frozenset({STAFF, SYSTEM})),
    (S.ISSUED, Event.CANCEL): Transition(S.CANCELLED, frozenset({STAFF, SYSTEM}), reason_required=True),
    (S.DISPUTED, Event.CANCEL): Transition(S.CANCELLED, frozenset({STAFF, SYSTEM}), reason_required=True),
}


def allowed_events(status: str, actor: str) -> list[str]:
    return [event for (source, event), t in TRANSITIONS.items() if source == status and actor in t.by]
