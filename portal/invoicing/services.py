"""Every change to an invoice goes through here: row lock, transition table, audit record, e-mails."""

import hashlib
import logging
from datetime import date, timedelta
from itertools import pairwise

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.core import money
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry
from portal.core.outbox import queue_email
from portal.core.permissions import refuse_self_decision
from portal.core.scheduled import note_failure
from portal.invoicing import amount_rules, numbering, tax
from portal.invoicing.documents.render import issued_documents
from portal.invoicing.models import UNISSUED, Invoice, InvoiceLine, InvoiceStatus, Payment
from portal.invoicing.snapshots import issuer_snapshot, recipient_snapshot, wants_xrechnung
from portal.invoicing.splitting import instalment_shares
from portal.invoicing.transitions import TRANSITIONS, Event
from portal.orders.models import Order, OrderStatus, PlannedInvoice
from portal.orders.transitions import Actor

logger = logging.getLogger(__name__)


def locked(invoice_id: int) -> Invoice:
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("order", "client", "entity", "member")
        .get(pk=invoice_id)
    )


def _apply(invoice: Invoice, event: str, actor: str, user=None, reason: str = "") -> str:
    """Check the transition table for a locked invoice and record it; returns the previous status."""
    if invoice.kind == Invoice.Kind.CANCELLATION:
        # It is born issued and final: it settles the original, which carries the payment state.
        raise BusinessError(_("A cancellation invoice cannot be changed, disputed, paid or cancelled."))
    transition = TRANSITIONS.get((invoice.status, event))
    if transition is None:
        raise BusinessError(
            _("This is not possible for an invoice in status “%(status)s”.") % {"status": invoice.get_status_display()}
        )
    if actor not in transition.by:
        raise BusinessError(_("You are not allowed to do this."))
    if actor == Actor.STAFF:
        refuse_self_decision(user, invoice.member_id, what="invoice")
    if transition.reason_required and not reason.strip():
        raise BusinessError(_("Please give a reason."), field="reason")
    previous = invoice.status
    invoice.status = transition.to
    audit_record(
        actor=user,
        action=f"invoice.{event}",
        target=invoice,
        from_state=previous,
        to_state=transition.to,
        message=reason.strip(),
    )
    return previous


def invoice_transition(*, invoice_id: int, event: str, actor: str, user=None, reason: str = "") -> Invoice:
    """Status changes without side effects beyond audit and e-mail (request changes, release, dispute)."""
    if event in (Event.ISSUE, Event.CANCEL, Event.PAY):
        raise ValueError(f"use the dedicated service for {event}")
    with transaction.atomic():
        invoice = locked(invoice_id)
        _change_status(invoice, event, actor, user, reason)
    return invoice


def _change_status(invoice: Invoice, event: str, actor: str, user, reason: str) -> None:
    """Apply a status-only ``event`` to a locked invoice, save it and tell the member."""
    _apply(invoice, event, actor, user, reason)
    invoice.save(update_fields=["status", "updated_at"])
    if event != Event.REQUEST_CHANGES:  # the member asked; the Smart team sees it in its queue
        _notify_member(invoice, event, reason)


# --- drafts --------------------------------------------------------------------------------------


def draft_from_planned(planned: PlannedInvoice, *, today: date) -> Invoice:
    """The draft for one planned invoice of an active order (called with the order locked)."""
    order = planned.order
    schedule = list(order.planned_invoices.all())
    position = next(index for index, item in enumerate(schedule) if item.pk == planned.pk)
    # A late draft is dated after the review window, so the member sees when it will really be issued.
    earliest = today + amount_rules.REVIEW_WINDOW
    invoice = _new_invoice(order, planned_date=max(planned.date, earliest), planned=planned)
    order_lines = list(order.lines.all())
    if len(schedule) == 1 and planned.amount == order.net_total:
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
        totals = order.totals()
        share = instalment_shares(totals.net_by_rate, [item.amount for item in schedule])[position]
        with override(invoice.language):
            label = _("Instalment %(number)s of %(count)s") % {"number": position + 1, "count": len(schedule)}
            unit = _("lump sum")  # a unit the staff edit form accepts; UN/ECE “LS” in the e-invoice
        lines = [
            InvoiceLine(description=f"{label}: {order.title}", quantity=1, unit=unit, unit_price=net, vat_rate=rate)
            for rate, net in sorted(share.items(), reverse=True)
        ]
    _save_lines(invoice, lines)
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
        vat_treatment=tax.client_treatment(issuer_country=order.entity.country, client=client),
        vat_exemption=order.vat_exemption,
    )


def _save_lines(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    for position, line in enumerate(lines):
        line.invoice = invoice
        line.position = position
    InvoiceLine.objects.bulk_create(lines)
    recalculate(invoice)


def recalculate(invoice: Invoice) -> None:
    _set_totals(invoice)
    invoice.save(update_fields=["net_total", "vat_total", "gross_total", "updated_at"])


def _set_totals(invoice: Invoice) -> None:
    totals = invoice.totals()
    invoice.net_total, invoice.vat_total, invoice.gross_total = totals.net, totals.vat, totals.gross


def create_due_drafts(*, today: date, order_id: int | None = None, failures: list[str] | None = None) -> int:
    """Drafts for planned invoices due within the next 7 days (or overdue) of active orders; exactly once.

    A planned invoice whose draft cannot be made is logged (and appended to ``failures``); the others
    are still drafted."""
    horizon = today + timedelta(days=settings.INVOICE_DRAFT_DAYS_AHEAD)
    due = PlannedInvoice.objects.filter(order__status=OrderStatus.ACTIVE, date__lte=horizon, invoice__isnull=True)
    if order_id is not None:
        due = due.filter(order_id=order_id)
    created = 0
    for order_id_, planned_id in list(due.values_list("order_id", "pk")):
        try:
            with transaction.atomic():
                order = Order.objects.select_for_update().get(pk=order_id_)
                planned = PlannedInvoice.objects.select_related("order").filter(pk=planned_id).first()
                if (
                    order.status != OrderStatus.ACTIVE
                    or planned is None
                    or Invoice.objects.filter(planned_invoice=planned).exists()
                ):
                    continue
                planned.order = order
                draft_from_planned(planned, today=today)
        except Exception as error:  # one broken order must not stop the drafts of all others
            note_failure(failures, f"draft for planned invoice {planned_id} of order {order_id_}", error)
            continue
        created += 1
    return created


def add_extra_draft(*, member, order_id: int, planned_date: date, lines: list[dict]) -> Invoice:
    """A member's additional invoice for an active order (“+ Neue Rechnung hinzufügen”)."""
    if not lines:
        raise BusinessError(_("Please add at least one line."))
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("client", "entity")
            .get(pk=order_id, member=member)
        )
        if order.status != OrderStatus.ACTIVE:
            raise BusinessError(_("Invoices can only be added to active orders."))
        if planned_date < timezone.localdate():
            raise BusinessError(_("The invoice date cannot be in the past."), field="planned_date")
        net = amount_rules.check_lines(lines, country=order.entity.country)
        amount_rules.check_within_order(order, net)
        invoice = _new_invoice(order, planned_date=planned_date)
        # Not one of the planned invoices: the Smart team releases it before it can be issued.
        invoice.status = InvoiceStatus.AWAITING_UPDATE
        invoice.save(update_fields=["status"])
        _save_lines(invoice, [InvoiceLine(**line) for line in lines])
        audit_record(actor=member, action="invoice.created", target=invoice, to_state=invoice.status)
    return invoice


def update_draft(*, user, invoice_id: int, fields: dict, lines: list[dict], release: bool = False) -> Invoice:
    """Staff change texts and lines of a draft (also while the member waits for the update); with
    ``release`` a draft awaiting the update goes back to the member's schedule in the same step."""
    with transaction.atomic():
        invoice = locked(invoice_id)
        refuse_self_decision(user, invoice.member_id, what="invoice")
        if invoice.status not in UNISSUED:
            raise BusinessError(_("Only drafts can be changed."))
        net = amount_rules.check_lines(lines, country=invoice.entity.country, discount=invoice.discount)
        amount_rules.check_within_order(invoice.order, net, invoice_id=invoice.pk)
        for name, value in fields.items():
            setattr(invoice, name, value)
        invoice.save()
        invoice.lines.all().delete()
        _save_lines(invoice, [InvoiceLine(**line) for line in lines])
        audit_record(actor=user, action="invoice.updated", target=invoice)
        if release and invoice.status == InvoiceStatus.AWAITING_UPDATE:
            _change_status(invoice, Event.RELEASE, Actor.STAFF, user, "")
    return invoice


# --- issuing -------------------------------------------------------------------------------------


def issue(*, invoice_id: int, actor: str, user=None, today: date | None = None) -> Invoice:
    """Number, snapshot, documents (write-once, hashed) and e-mails, all in one transaction."""
    today = today or timezone.localdate()
    written: list[FieldFile] = []
    try:
        with transaction.atomic():
            invoice = locked(invoice_id)
            _apply(invoice, Event.ISSUE, actor, user)
            amount_rules.check_issuable(invoice, actor=actor, today=today)
            _freeze(invoice, today, written=written)
            _send_issued(invoice)
    except BaseException:
        # The rollback gives the number back; the files already stored under it must go as well, or
        # the next invoice with that number would find them (and storage would rename its own).
        _remove_files(written)
        raise
    return invoice


def _remove_files(files: list[FieldFile]) -> None:
    for file in files:
        if not file.name:
            continue
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("Could not remove %s after a failed issue", file.name)


def _freeze(invoice: Invoice, today: date, *, written: list[FieldFile] | None = None) -> None:
    """Snapshot, number and documents of an invoice being issued; ``written`` collects the stored files,
    so that the caller can remove them if the transaction rolls back."""
    written = [] if written is None else written
    client = invoice.client
    if not (client.street and client.postal_code and client.city):
        raise BusinessError(_("The client's address is incomplete; please complete it before invoicing."))
    invoice.issuer = issuer_snapshot(invoice.entity)
    invoice.recipient = recipient_snapshot(invoice)
    invoice.vat_treatment = tax.client_treatment(issuer_country=invoice.entity.country, client=client)
    invoice.issue_date = today
    invoice.due_date = today + timedelta(days=settings.INVOICE_PAYMENT_DAYS)
    invoice.issued_at = timezone.now()
    series = numbering.series_of(invoice)
    invoice.number = numbering.next_number(entity=invoice.entity, year=today.year, series=series)
    _set_totals(invoice)
    documents = issued_documents(invoice)
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(documents.pdf), save=False)
    written.append(invoice.pdf)
    invoice.pdf_sha256 = hashlib.sha256(documents.pdf).hexdigest()
    invoice.xml.save(f"{invoice.number}-{documents.xml_name}", ContentFile(documents.xml), save=False)
    written.append(invoice.xml)
    invoice.xml_sha256 = hashlib.sha256(documents.xml).hexdigest()
    invoice.save()


def _send_issued(invoice: Invoice) -> None:
    recipients = dict.fromkeys(
        address for address in (invoice.recipient["invoice_email"], invoice.recipient["contact_email"]) if address
    )
    attachments = [_pdf_attachment(invoice)]
    if wants_xrechnung(invoice.recipient):
        attachments.append((str(invoice.xml.name), f"{invoice.number}-xrechnung.xml", "application/xml"))
    for address in recipients:
        queue_email(
            to=address,
            template="invoice_issued",
            context={"invoice": invoice},
            language=invoice.language,
            related=invoice,
            entity=invoice.entity,
            attachments=attachments,
        )
    queue_email(
        to=invoice.member,
        template="invoice_issued_member",
        context={"invoice": invoice},
        category="invoices",
        related=invoice,
        entity=invoice.entity,
        attachments=attachments[:1],
    )


def _pdf_attachment(invoice: Invoice) -> tuple[str, str, str]:
    return (str(invoice.pdf.name), f"{invoice.number}.pdf", "application/pdf")


def issue_due(*, today: date, failures: list[str] | None = None) -> int:
    """Drafts whose date has come are issued (drafts awaiting an update wait for staff).

    A draft that cannot be issued, for whatever reason, is skipped and its reason recorded for staff
    (``invoice.issue_failed``; they see late drafts on their home page); the others are still issued.
    Each failure is appended to ``failures``.
    """
    due = Invoice.objects.filter(
        status=InvoiceStatus.DRAFT, planned_date__lte=today, created_at__lt=amount_rules.reviewed_before(today)
    ).values_list("pk", flat=True)
    issued = 0
    for invoice_id in list(due):
        try:
            issue(invoice_id=invoice_id, actor=Actor.SCHEDULER, today=today)
        except Exception as error:  # one poisoned draft must not stop the others
            if isinstance(error, BusinessError):
                reason = str(error.message)
                logger.warning("Invoice draft %s not issued: %s", invoice_id, reason)
            else:
                reason = f"{type(error).__name__}: {error}"[:500]
                logger.exception("Invoice draft %s not issued", invoice_id)
            if _record_issue_failure(invoice_id, reason) and failures is not None:
                failures.append(f"invoice {invoice_id}: {reason}")
            continue
        issued += 1
    return issued


def _record_issue_failure(invoice_id: int, reason: str) -> bool:
    """Note why a due draft was not issued (once per distinct reason). False when the draft has moved on
    meanwhile (issued, cancelled, sent back to staff), which is no failure."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update(of=("self",)).filter(pk=invoice_id).first()
        if invoice is None or invoice.status != InvoiceStatus.DRAFT:
            return False
        last = last_issue_failure(invoice)
        if last is None or last.message != reason:
            audit_record(actor=None, action="invoice.issue_failed", target=invoice, message=reason)
    return True


def last_issue_failure(invoice: Invoice) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(
            action="invoice.issue_failed",
            target_type=ContentType.objects.get_for_model(Invoice),
            target_id=str(invoice.pk),
        )
        .order_by("-created_at", "-id")
        .first()
    )


# --- cancellation --------------------------------------------------------------------------------


def cancel(*, invoice_id: int, actor: str, user=None, reason: str = "", today: date | None = None) -> Invoice:
    """Cancel a draft, or an issued invoice by issuing a cancellation invoice for it."""
    written: list[FieldFile] = []
    try:
        return _cancel(invoice_id, actor, user, reason, today or timezone.localdate(), written)
    except BaseException:
        _remove_files(written)  # the cancellation invoice's documents of a rolled-back cancellation
        raise


def _cancel(invoice_id: int, actor: str, user, reason: str, today: date, written: list[FieldFile]) -> Invoice:
    with transaction.atomic():
        invoice = locked(invoice_id)
        was = _apply(invoice, Event.CANCEL, actor, user, reason)
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
        _save_lines(
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
        _freeze(correction, today, written=written)
        _send_issued(correction)
    return invoice


def cancel_open_drafts(order: Order) -> int:
    drafts = order.invoices.filter(status__in=UNISSUED).values_list("pk", flat=True)
    for invoice_id in list(drafts):
        cancel(invoice_id=invoice_id, actor=Actor.SCHEDULER)
    return len(drafts)


def cancel_order_invoices(order: Order, *, user=None, reason: str = "") -> None:
    """An approved order cancellation: drafts end, issued invoices get cancellation invoices."""
    cancel_open_drafts(order)
    issued = order.invoices.filter(kind=Invoice.Kind.INVOICE, status__in=[InvoiceStatus.ISSUED, InvoiceStatus.DISPUTED])
    for invoice_id in list(issued.values_list("pk", flat=True)):
        cancel(
            invoice_id=invoice_id,
            actor=Actor.SCHEDULER,
            user=user,
            reason=reason or _("The order has been cancelled."),
        )


# --- payments ------------------------------------------------------------------------------------


def record_payment(
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
        audit_record(actor=user, action="invoice.payment", target=invoice, message=f"{amount} EUR ({received_on})")
        if invoice.paid_amount >= invoice.gross_total:
            _apply(invoice, Event.PAY, Actor.STAFF if user else Actor.SCHEDULER, user)
            invoice.paid_at = received_on
        invoice.save(update_fields=["paid_amount", "paid_at", "status", "updated_at"])
    return payment


def _notify_member(invoice: Invoice, event: str, reason: str) -> None:
    queue_email(
        to=invoice.member,
        template="invoice_event",
        context={"invoice": invoice, "event": event, "reason": reason},
        category="invoices",
        related=invoice,
        entity=invoice.entity,
    )


# --- reminders -----------------------------------------------------------------------------------

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


def send_payment_reminders(*, today: date, failures: list[str] | None = None) -> int:
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
                    attachments=[_pdf_attachment(invoice)],
                )
        except Exception as error:  # one invoice must not stop the reminders of all others
            note_failure(failures, f"payment reminder for invoice {invoice_id}", error)
            continue
        sent += 1
    return sent
