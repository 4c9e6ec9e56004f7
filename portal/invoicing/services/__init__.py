"""Every change to an invoice goes through these services: row lock, transition table, audit record, e-mails.

One module per concern; the public services are named here, so callers import them from
``portal.invoicing.services``.
"""

from portal.invoicing.services.cancellation import invoice_cancel, invoice_cancel_for_order, invoice_drafts_cancel
from portal.invoicing.services.common import invoice_recalculate, invoice_transition, locked
from portal.invoicing.services.drafts import (
    invoice_add_extra,
    invoice_draft_from_planned,
    invoice_drafts_create_due,
    invoice_update_draft,
)
from portal.invoicing.services.issuing import invoice_issue, invoice_issue_due, last_issue_failure
from portal.invoicing.services.payments import payment_record
from portal.invoicing.services.reminders import (
    REMINDER_DAYS,
    invoice_reminders_send,
    reminder_candidates,
    reminder_due,
)

__all__ = [
    "REMINDER_DAYS",
    "invoice_add_extra",
    "invoice_cancel",
    "invoice_cancel_for_order",
    "invoice_draft_from_planned",
    "invoice_drafts_cancel",
    "invoice_drafts_create_due",
    "invoice_issue",
    "invoice_issue_due",
    "invoice_recalculate",
    "invoice_reminders_send",
    "invoice_transition",
    "invoice_update_draft",
    "last_issue_failure",
    "locked",
    "payment_record",
    "reminder_candidates",
    "reminder_due",
]
