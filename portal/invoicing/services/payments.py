"""Payments received for issued invoices; an invoice is paid once they cover its total."""

import logging
from datetime import date

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from portal.core import money
from portal.core.audit import audit_record, money_facts
from portal.core.errors import BusinessError
from portal.core.permissions import refuse_self_decision
from portal.core.transitions import Actor
from portal.invoicing.models import Payment
from portal.invoicing.services.common import apply_event, locked
from portal.invoicing.transitions import Event

logger = logging.getLogger(__name__)


def payment_record(
    *, invoice_id: int, amount, received_on: date, user=None, reference: str = "", source=Payment.Source.MANUAL
) -> Payment:
    """Money received; the invoice is paid once the payments cover its total."""
    amount = money.to_money(amount)
    if amount <= 0:
        raise BusinessError(_("The amount must be greater than zero."), field="amount")
    with transaction.atomic():
        invoice = locked(invoice_id)
        refuse_self_decision(user, invoice.member_id, what="invoice")
        if not invoice.is_payable or invoice.gross_total <= 0:
            raise BusinessError(_("Payments can only be recorded for open invoices."))
        if received_on > invoice.entity.today():
            raise BusinessError(_("The payment cannot have been received in the future."), field="received_on")
        if source == Payment.Source.MANUAL and invoice.issue_date and received_on < invoice.issue_date:
            # A bank statement's day is the bank's fact (a client may pay early); a typed one is checked.
            raise BusinessError(
                _("The payment cannot have been received before the invoice date (%(day)s).")
                % {"day": formats.date_format(invoice.issue_date, "SHORT_DATE_FORMAT")},
                field="received_on",
            )
        if source == Payment.Source.MANUAL and amount > invoice.outstanding:
            raise BusinessError(
                _("The payment can be at most the outstanding amount of %(outstanding)s.")
                % {"outstanding": money.display(invoice.outstanding)},
                field="amount",
            )
        payment = Payment.objects.create(
            invoice=invoice,
            amount=amount,
            received_on=received_on,
            reference=reference,
            source=source,
            recorded_by=user,
        )
        invoice.paid_amount += amount
        audit_record(actor=user, action="invoice.payment", target=invoice, data=money_facts(amount, received_on))
        if invoice.paid_amount >= invoice.gross_total:
            apply_event(invoice, Event.PAY, Actor.STAFF if user else Actor.SYSTEM, user)
            invoice.paid_at = received_on
        invoice.save(update_fields=["paid_amount", "paid_at", "status", "updated_at"])
    return payment
