"""Issuing: number, snapshots, documents (write-once, hashed) and e-mails, one transaction per invoice."""

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry
from portal.core.outbox import queue_email
from portal.core.transitions import Actor
from portal.entities import fees, vat
from portal.invoicing import amount_rules, budget_postings, numbering
from portal.invoicing.documents.render import issued_documents
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.invoicing.services.common import (
    apply_event,
    locked,
    remove_files,
    set_totals,
)
from portal.invoicing.snapshots import issuer_snapshot, recipient_snapshot, wants_xrechnung
from portal.invoicing.transitions import Event

logger = logging.getLogger(__name__)


def invoice_issue(*, invoice_id: int, actor: str, user=None, today: date | None = None) -> Invoice:
    """Number, snapshot, documents (write-once, hashed) and e-mails, all in one transaction."""
    today = today or timezone.localdate()
    written: list[FieldFile] = []
    try:
        with transaction.atomic():
            invoice = locked(invoice_id)
            apply_event(invoice, Event.ISSUE, actor, user)
            amount_rules.check_issuable(invoice, actor=actor, today=today)
            freeze(invoice, today, written=written)
            send_issued(invoice)
    except BaseException:
        # The rollback gives the number back; the files already stored under it must go as well, or
        # the next invoice with that number would find them (and storage would rename its own).
        remove_files(written)
        raise
    return invoice


def freeze(invoice: Invoice, today: date, *, written: list[FieldFile] | None = None) -> None:
    """Snapshot, number and documents of an invoice being issued; ``written`` collects the stored files,
    so that the caller can remove them if the transaction rolls back."""
    written = [] if written is None else written
    client = invoice.client
    if not (client.street and client.postal_code and client.city):
        raise BusinessError(_("The client's address is incomplete; please complete it before invoicing."))
    invoice.issuer = issuer_snapshot(invoice.entity)
    invoice.recipient = recipient_snapshot(invoice)
    invoice.vat_treatment = vat.client_treatment(issuer_country=invoice.entity.country, client=client)
    invoice.issue_date = today
    # A cancellation reverses the fee at the rate the cancelled invoice was charged with.
    invoice.fee_rate = invoice.cancels.fee_rate if invoice.cancels else fees.fee_rate(invoice.entity, today)
    invoice.due_date = today + timedelta(days=settings.INVOICE_PAYMENT_DAYS)
    invoice.issued_at = timezone.now()
    series = numbering.series_of(invoice)
    invoice.number = numbering.next_number(entity=invoice.entity, year=today.year, series=series)
    set_totals(invoice)
    documents = issued_documents(invoice)
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(documents.pdf), save=False)
    written.append(invoice.pdf)
    invoice.pdf_sha256 = hashlib.sha256(documents.pdf).hexdigest()
    invoice.xml.save(f"{invoice.number}-{documents.xml_name}", ContentFile(documents.xml), save=False)
    written.append(invoice.xml)
    invoice.xml_sha256 = hashlib.sha256(documents.xml).hexdigest()
    invoice.save()
    budget_postings.post_issued(invoice)


def send_issued(invoice: Invoice) -> None:
    recipients = dict.fromkeys(
        address for address in (invoice.recipient["invoice_email"], invoice.recipient["contact_email"]) if address
    )
    attachments = [pdf_attachment(invoice)]
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


def pdf_attachment(invoice: Invoice) -> tuple[str, str, str]:
    return (str(invoice.pdf.name), f"{invoice.number}.pdf", "application/pdf")


def invoice_issue_due(*, today: date, failures: list[str] | None = None) -> int:
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
            invoice_issue(invoice_id=invoice_id, actor=Actor.SYSTEM, today=today)
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
