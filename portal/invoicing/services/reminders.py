"""Payment reminders for overdue invoices, at most one level per reminder period."""

import logging
from datetime import date, timedelta
from itertools import pairwise

from django.db import transaction
from django.db.models import Q

from portal.core.audit import audit_record
from portal.core.outbox import queue_email
from portal.core.scheduled import note_failure
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.invoicing.services.common import locked
from portal.invoicing.services.issuing import pdf_attachment

logger = logging.getLogger(__name__)


#: Days after the due date on which reminder level 1, 2, 3 is sent.
REMINDER_DAYS = (7, 21, 35)


#: Days that must pass after one reminder before the next level is sent, however late the command runs:
#: the gap between two reminder days, so a client found 40 days overdue after a downtime gets level 1
#: now and level 2 no sooner than 14 days later (never levels 1, 2 and 3 on one day).
REMINDER_GAPS = tuple(later - earlier for earlier, later in pairwise(REMINDER_DAYS))


def reminder_candidates(*, today: date):
    """Invoices that may be due for their next reminder level (each is checked again under its lock)."""
    return Invoice.objects.filter(
        Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lte=today - timedelta(days=min(REMINDER_GAPS))),
        status=InvoiceStatus.ISSUED,
        kind=Invoice.Kind.INVOICE,
        due_date__lte=today - timedelta(days=REMINDER_DAYS[0]),
        reminder_level__lt=len(REMINDER_DAYS),
    )


def reminder_due(invoice: Invoice, today: date) -> bool:
    """Whether the next reminder level of an issued invoice is due on ``today``."""
    level = invoice.reminder_level
    if invoice.status != InvoiceStatus.ISSUED or level >= len(REMINDER_DAYS) or invoice.due_date is None:
        return False
    if today < invoice.due_date + timedelta(days=REMINDER_DAYS[level]):
        return False
    last = invoice.last_reminder_on
    if last is None:
        return True
    return today >= last + timedelta(days=REMINDER_GAPS[level - 1] if level else 1)


def invoice_reminders_send(*, today: date, failures: list[str] | None = None) -> int:
    """Remind clients of overdue invoices, at most one level per reminder period, however often or late the
    command runs. An invoice whose reminder fails is logged (and appended to ``failures``); the others
    are still reminded."""
    candidates = reminder_candidates(today=today).values_list("pk", flat=True)
    sent = 0
    for invoice_id in list(candidates):
        try:
            with transaction.atomic():
                invoice = locked(invoice_id)
                if not reminder_due(invoice, today):
                    continue
                invoice.reminder_level += 1
                invoice.last_reminder_on = today
                invoice.save(update_fields=["reminder_level", "last_reminder_on", "updated_at"])
                audit_record(actor=None, action="invoice.reminder", target=invoice, message=str(invoice.reminder_level))
                queue_email(
                    to=invoice.recipient["invoice_email"] or invoice.recipient["contact_email"],
                    template="invoice_reminder",
                    context={"invoice": invoice, "level": invoice.reminder_level, "today": today},
                    language=invoice.language,
                    related=invoice,
                    entity=invoice.entity,
                    attachments=[pdf_attachment(invoice)],
                )
        except Exception as error:  # one invoice must not stop the reminders of all others
            note_failure(failures, f"payment reminder for invoice {invoice_id}", error)
            continue
        sent += 1
    return sent
