"""Invoice drafts: from planned invoices (7 days ahead), extra invoices of members, staff edits."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.permissions import refuse_self_decision
from portal.core.scheduled import note_failure
from portal.core.transitions import Actor
from portal.core.units import Unit
from portal.entities import vat
from portal.invoicing import amount_rules
from portal.invoicing.models import UNISSUED, Invoice, InvoiceLine, InvoiceStatus
from portal.invoicing.services.common import change_status, locked, save_lines
from portal.invoicing.transitions import Event
from portal.orders.models import Order, PlannedInvoice
from portal.orders.splitting import payment_schedule

logger = logging.getLogger(__name__)


def invoice_draft_from_planned(planned: PlannedInvoice, *, today: date) -> Invoice:
    """The draft for one planned invoice of an active order (called with the order locked)."""
    order = planned.order
    planned_ids = [item.pk for item in order.planned_invoices.all()]
    # The schedule the offer showed the client: each invoice has exactly the amounts shown there.
    instalment = payment_schedule(order)[planned_ids.index(planned.pk)]
    # A late draft is dated after the review window, so the member sees when it will really be issued.
    earliest = today + amount_rules.REVIEW_WINDOW
    invoice = _new_invoice(order, planned_date=max(planned.date, earliest), planned=planned)
    order_lines = list(order.lines.all())
    if instalment.whole_order:
        lines = [
            InvoiceLine(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
            )
            for line in order_lines
        ]
        # The whole order in one invoice: its discount is the invoice's (instalments are net shares).
        invoice.discount_kind, invoice.discount_value = order.discount_kind, order.discount_value
        invoice.discount_reason = order.discount_reason
        invoice.save(update_fields=["discount_kind", "discount_value", "discount_reason"])
    else:
        with override(invoice.language):
            label = _("Instalment %(number)s of %(count)s") % {"number": instalment.number, "count": instalment.count}
        lines = [
            InvoiceLine(
                description=f"{label}: {order.title}", quantity=1, unit=Unit.LUMP_SUM, unit_price=net, vat_rate=rate
            )
            for rate, net in sorted(instalment.net_by_rate.items(), reverse=True)
        ]
    save_lines(invoice, lines)
    audit_record(actor=None, action="invoice.created", target=invoice, to_state=invoice.status)
    queue_email(
        to=order.member,
        template="invoice_draft",
        context={"invoice": invoice},
        category="invoices",
        related=invoice,
        entity=invoice.entity,
    )
    return invoice


def _new_invoice(order: Order, *, planned_date: date, planned: PlannedInvoice | None = None) -> Invoice:
    client = order.client
    assert client is not None, "only orders with a client are invoiced"
    return Invoice.objects.create(
        order=order,
        planned_invoice=planned,
        member=order.member,
        entity=order.entity,
        client=client,
        title=order.title,
        description=order.description,
        service_start=order.service_start,
        service_end=order.service_end,
        planned_date=planned_date,
        language=client.language,
        vat_treatment=vat.client_treatment(issuer_country=order.entity.country, client=client),
        vat_exemption=order.vat_exemption,
    )


def invoice_drafts_create_due(*, today: date, order_id: int | None = None, failures: list[str] | None = None) -> int:
    """Drafts for planned invoices due within the next 7 days (or overdue) of active orders; exactly once.

    A planned invoice whose draft cannot be made is logged (and appended to ``failures``); the others
    are still drafted."""
    horizon = today + timedelta(days=settings.INVOICE_DRAFT_DAYS_AHEAD)
    due = PlannedInvoice.objects.filter(order__status__in=Order.INVOICEABLE, date__lte=horizon, invoice__isnull=True)
    if order_id is not None:
        due = due.filter(order_id=order_id)
    created = 0
    for order_id_, planned_id in list(due.values_list("order_id", "pk")):
        try:
            with transaction.atomic():
                order = Order.objects.select_for_update().get(pk=order_id_)
                planned = PlannedInvoice.objects.select_related("order").filter(pk=planned_id).first()
                if (
                    not order.is_invoiceable
                    or planned is None
                    or Invoice.objects.filter(planned_invoice=planned).exists()
                ):
                    continue
                planned.order = order
                invoice_draft_from_planned(planned, today=today)
        except Exception as error:  # one broken order must not stop the drafts of all others
            note_failure(failures, f"draft for planned invoice {planned_id} of order {order_id_}", error)
            continue
        created += 1
    return created


def invoice_add_extra(*, member, order_id: int, planned_date: date, lines: list[dict]) -> Invoice:
    """A member's additional invoice for an active order (“+ Neue Rechnung hinzufügen”)."""
    if not lines:
        raise BusinessError(_("Please add at least one line."))
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("client", "entity")
            .get(pk=order_id, member=member)
        )
        if not order.is_invoiceable:
            raise BusinessError(_("Invoices can only be added to active orders."))
        if planned_date < timezone.localdate():
            raise BusinessError(_("The invoice date cannot be in the past."), field="planned_date")
        net = amount_rules.check_lines(lines, country=order.entity.country)
        amount_rules.check_within_order(order, net)
        invoice = _new_invoice(order, planned_date=planned_date)
        # Not one of the planned invoices: the Smart team releases it before it can be issued.
        invoice.status = InvoiceStatus.AWAITING_UPDATE
        invoice.save(update_fields=["status"])
        save_lines(invoice, [InvoiceLine(**line) for line in lines])
        audit_record(actor=member, action="invoice.created", target=invoice, to_state=invoice.status)
    return invoice


def invoice_update_draft(
    *, user, invoice_id: int, fields: dict, lines: list[dict], release: bool = False, today: date | None = None
) -> Invoice:
    """Staff change texts and lines of a draft (also while the member waits for the update); with
    ``release`` a draft awaiting the update goes back to the member's schedule in the same step."""
    with transaction.atomic():
        invoice = locked(invoice_id)
        refuse_self_decision(user, invoice.member_id, what="invoice")
        if invoice.status not in UNISSUED:
            raise BusinessError(_("Only drafts can be changed."))
        moved_to = fields.get("planned_date", invoice.planned_date)
        today = today or invoice.entity.today()
        if moved_to != invoice.planned_date and moved_to < today:
            raise BusinessError(_("The invoice date cannot be in the past."), field="planned_date")
        net = amount_rules.check_lines(lines, country=invoice.entity.country, discount=invoice.discount)
        amount_rules.check_within_order(invoice.order, net, invoice_id=invoice.pk)
        for name, value in fields.items():
            setattr(invoice, name, value)
        invoice.save()
        invoice.lines.all().delete()
        save_lines(invoice, [InvoiceLine(**line) for line in lines])
        audit_record(actor=user, action="invoice.updated", target=invoice)
        if release and invoice.status == InvoiceStatus.AWAITING_UPDATE:
            change_status(invoice, Event.RELEASE, Actor.STAFF, user, "")
    return invoice
