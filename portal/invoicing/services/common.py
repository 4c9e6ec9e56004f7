"""What every invoice service shares: the row lock, the transition table, lines and totals, the member's e-mail."""

import logging

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.transitions import apply_transition
from portal.invoicing.models import Invoice, InvoiceLine
from portal.invoicing.transitions import TRANSITIONS, Event

logger = logging.getLogger(__name__)


def locked(invoice_id: int) -> Invoice:
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("order", "client", "entity", "member")
        .get(pk=invoice_id)
    )


def apply_event(invoice: Invoice, event: str, actor: str, user=None, reason: str = "") -> str:
    """Check the transition table for a locked invoice and record it; returns the previous status."""
    if invoice.kind == Invoice.Kind.CANCELLATION:
        # It is born issued and final: it settles the original, which carries the payment state.
        raise BusinessError(_("A cancellation invoice cannot be changed, disputed, paid or cancelled."))
    return apply_transition(
        TRANSITIONS, invoice, event=event, actor=actor, user=user, reason=reason, owner_id=invoice.member_id
    )


def invoice_transition(*, invoice_id: int, event: str, actor: str, user=None, reason: str = "") -> Invoice:
    """Status changes without side effects beyond audit and e-mail (request changes, release, dispute)."""
    if event in (Event.ISSUE, Event.CANCEL, Event.PAY):
        raise ValueError(f"use the dedicated service for {event}")
    with transaction.atomic():
        invoice = locked(invoice_id)
        change_status(invoice, event, actor, user, reason)
    return invoice


def change_status(invoice: Invoice, event: str, actor: str, user, reason: str) -> None:
    """Apply a status-only ``event`` to a locked invoice, save it and tell the member."""
    apply_event(invoice, event, actor, user, reason)
    invoice.save(update_fields=["status", "updated_at"])
    if event != Event.REQUEST_CHANGES:  # the member asked; the Smart team sees it in its queue
        notify_member(invoice, event, reason)


def notify_member(invoice: Invoice, event: str, reason: str) -> None:
    queue_email(
        to=invoice.member,
        template="invoice_event",
        context={"invoice": invoice, "event": event, "reason": reason},
        category="invoices",
        related=invoice,
        entity=invoice.entity,
    )


def save_lines(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    for position, line in enumerate(lines):
        line.invoice = invoice
        line.position = position
    InvoiceLine.objects.bulk_create(lines)
    invoice_recalculate(invoice)


def invoice_recalculate(invoice: Invoice) -> None:
    set_totals(invoice)
    invoice.save(update_fields=["net_total", "vat_total", "gross_total", "updated_at"])


def set_totals(invoice: Invoice) -> None:
    totals = invoice.totals()
    invoice.net_total, invoice.vat_total, invoice.gross_total = totals.net, totals.vat, totals.gross


def remove_files(files: list[FieldFile]) -> None:
    for file in files:
        if not file.name:
            continue
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("Could not remove %s after a failed issue", file.name)
