"""The invoice state machine (DESIGN §5): the only transitions allowed, in one table."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.transitions import Actor, Transition, TransitionTable
from portal.invoicing.models import InvoiceStatus as S


class Event(models.TextChoices):
    REQUEST_CHANGES = "request_changes", _("Request changes")
    RELEASE = "release", _("Release")
    ISSUE = "issue", _("Issue")
    DISPUTE = "dispute", _("Mark as disputed")
    RESOLVE_DISPUTE = "resolve_dispute", _("Dispute resolved")
    PAY = "pay", _("Paid")
    CANCEL = "cancel", _("Cancel")


MEMBER, STAFF, SYSTEM = Actor.MEMBER, Actor.STAFF, Actor.SYSTEM

TRANSITIONS: TransitionTable = {
    (S.DRAFT, Event.REQUEST_CHANGES): Transition(S.AWAITING_UPDATE, MEMBER, reason_required=True),
    (S.AWAITING_UPDATE, Event.RELEASE): Transition(S.DRAFT, STAFF),
    (S.DRAFT, Event.ISSUE): Transition(S.ISSUED, {MEMBER, STAFF, SYSTEM}),
    (S.ISSUED, Event.DISPUTE): Transition(S.DISPUTED, STAFF, reason_required=True),
    (S.DISPUTED, Event.RESOLVE_DISPUTE): Transition(S.ISSUED, STAFF),
    (S.ISSUED, Event.PAY): Transition(S.PAID, {STAFF, SYSTEM}),
    (S.DISPUTED, Event.PAY): Transition(S.PAID, {STAFF, SYSTEM}),
    # Drafts simply end; issued invoices are cancelled by a cancellation invoice.
    (S.DRAFT, Event.CANCEL): Transition(S.CANCELLED, {STAFF, SYSTEM}),
    (S.AWAITING_UPDATE, Event.CANCEL): Transition(S.CANCELLED, {STAFF, SYSTEM}),
    (S.ISSUED, Event.CANCEL): Transition(S.CANCELLED, {STAFF, SYSTEM}, reason_required=True),
    (S.DISPUTED, Event.CANCEL): Transition(S.CANCELLED, {STAFF, SYSTEM}, reason_required=True),
}
