"""Cancelling: drafts simply end, issued invoices are cancelled by a cancellation invoice."""

import logging
from datetime import date

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.audit import audit_record
from portal.core.transitions import Actor
from portal.invoicing.models import UNISSUED, Invoice, InvoiceLine, InvoiceStatus
from portal.invoicing.services.common import apply_event, locked, remove_files, save_lines
from portal.invoicing.services.issuing import freeze, send_issued
from portal.invoicing.transitions import Event
from portal.orders.models import Order

logger = logging.getLogger(__name__)


def invoice_cancel(*, invoice_id: int, actor: str, user=None, reason: str = "", today: date | None = None) -> Invoice:
    """Cancel a draft, or an issued invoice by issuing a cancellation invoice for it."""
    written: list[FieldFile] = []
    try:
        return _cancel(invoice_id, actor, user, reason, today or timezone.localdate(), written)
    except BaseException:
        remove_files(written)  # the cancellation invoice's documents of a rolled-back cancellation
        raise


def _cancel(invoice_id: int, actor: str, user, reason: str, today: date, written: list[FieldFile]) -> Invoice:
    with transaction.atomic():
        invoice = locked(invoice_id)
        was = apply_event(invoice, Event.CANCEL, actor, user, reason)
        invoice.save(update_fields=["status", "updated_at"])
        if was in UNISSUED:
            return invoice
        correction = Invoice.objects.create(
            kind=Invoice.Kind.CANCELLATION,
            status=InvoiceStatus.ISSUED,
            cancels=invoice,
            order=invoice.order,
            member=invoice.member,
            entity=invoice.entity,
            client=invoice.client,
            title=invoice.title,
            description=invoice.description,
            service_start=invoice.service_start,
            service_end=invoice.service_end,
            planned_date=today,
            language=invoice.language,
            vat_treatment=invoice.vat_treatment,
            vat_exemption=invoice.vat_exemption,
            discount_kind=invoice.discount_kind,
            discount_value=invoice.discount_value,
            discount_reason=invoice.discount_reason,
        )
        save_lines(
            correction,
            [
                InvoiceLine(
                    description=line.description,
                    quantity=-line.quantity,
                    unit=line.unit,
                    unit_price=line.unit_price,
                    vat_rate=line.vat_rate,
                )
                for line in invoice.lines.all()
            ],
        )
        audit_record(
            actor=user, action="invoice.created", target=correction, to_state=correction.status, message=reason
        )
        freeze(correction, today, written=written)
        send_issued(correction)
    return invoice


def invoice_drafts_cancel(order: Order) -> int:
    drafts = order.invoices.filter(status__in=UNISSUED).values_list("pk", flat=True)
    for invoice_id in list(drafts):
        invoice_cancel(invoice_id=invoice_id, actor=Actor.SYSTEM)
    return len(drafts)


def invoice_cancel_for_order(order: Order, *, user=None, reason: str = "") -> None:
    """An approved order cancellation: drafts end, issued invoices get cancellation invoices."""
    invoice_drafts_cancel(order)
    issued = order.invoices.filter(kind=Invoice.Kind.INVOICE, status__in=[InvoiceStatus.ISSUED, InvoiceStatus.DISPUTED])
    for invoice_id in list(issued.values_list("pk", flat=True)):
        invoice_cancel(
            invoice_id=invoice_id,
            actor=Actor.SYSTEM,
            user=user,
            reason=reason or _("The order has been cancelled."),
        )
