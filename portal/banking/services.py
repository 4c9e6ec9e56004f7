"""Importing a bank statement, reviewing its lines and booking them as invoice payments.

Lock order when booking: the statement line, then the invoice (inside ``record_payment``), the same
order everywhere, so two people booking overlapping lines wait for each other instead of deadlocking.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.banking import credits as credits_recognised
from portal.banking import debits
from portal.banking.matching import open_invoice_by_number, open_invoices, propose_matches
from portal.banking.models import BankStatement, BankStatementLine
from portal.banking.parsing import parse_statement
from portal.banking.parsing.entries import StatementEntry, StatementError
from portal.core import money
from portal.core.audit import audit_record, money_facts
from portal.core.errors import BusinessError
from portal.core.text import without_invisible
from portal.invoicing import services as invoice_services
from portal.invoicing.models import Payment

Status = BankStatementLine.Status
#: Lines staff may still point at an invoice (an ignored payment can be taken back into review).
ASSIGNABLE = (Status.MATCHED, Status.UNMATCHED, Status.IGNORED)


@dataclass
class BookingResult:
    booked: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)


def statement_import(*, entity, user, data: bytes, filename: str) -> BankStatement:
    """Read the file, keep its lines and propose an invoice for each payment received."""
    notes: list[str] = []
    entries = parse_statement(data, filename, account_iban=entity.iban, time_zone=entity.time_zone, notes=notes)
    if not entries:
        raise StatementError(_("The statement contains no booked payments."))
    digest = hashlib.sha256(data).hexdigest()
    _refuse_known_file(entity, digest)
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                entity=entity,
                file_name=filename[-255:],
                sha256=digest,
                uploaded_by=user,
                import_note="\n".join(notes),
            )
            lines = [_line(statement, entry) for entry in entries]
            credits = [line for line in lines if line.amount > 0]
            _mark_duplicates(entity, credits)
            credits_recognised.recognise(entity, credits)
            propose_matches([line for line in credits if line.status == Status.UNMATCHED], open_invoices(entity))
            debits.recognise(entity, lines)
            BankStatementLine.objects.bulk_create(lines)
            audit_record(
                actor=user,
                action="bank_statement.imported",
                target=statement,
                message=statement.file_name,
                data=dict(Counter(line.status for line in lines)),
            )
    except IntegrityError:  # the same file, uploaded at the same moment by someone else
        _refuse_known_file(entity, digest)
        raise
    return statement


def _refuse_known_file(entity, digest: str) -> None:
    earlier = BankStatement.objects.filter(entity=entity, sha256=digest).first()
    if earlier is not None:
        raise BusinessError(
            _("This file has already been imported on %(date)s (%(name)s).")
            % {
                "date": formats.date_format(timezone.localtime(earlier.created_at), "SHORT_DATE_FORMAT"),
                "name": earlier.file_name,
            }
        )


def _line(statement: BankStatement, entry: StatementEntry) -> BankStatementLine:
    return BankStatementLine(
        statement=statement,
        booked_on=entry.booked_on,
        amount=entry.amount,
        # A name may carry a text-direction override that would show it as another name.
        reference=without_invisible(entry.reference)[:500],
        counterparty=without_invisible(entry.counterparty)[:200],
        iban=entry.iban[:34],
        bank_reference=without_invisible(entry.bank_reference)[:100],
        # Debits are our own payments: nothing to match.
        status=Status.UNMATCHED if entry.is_credit else Status.IGNORED,
    )


def _mark_duplicates(entity, lines: list[BankStatementLine]) -> None:
    """Overlapping statements repeat bookings; one already booked from an earlier statement is not offered."""
    if not lines:
        return
    booked = set(
        BankStatementLine.objects.filter(
            statement__entity=entity,
            status=Status.BOOKED,
            booked_on__range=(min(line.booked_on for line in lines), max(line.booked_on for line in lines)),
        ).values_list(*BankStatementLine.FINGERPRINT)
    )
    for line in lines:
        if line.fingerprint() in booked:
            line.status = Status.DUPLICATE


# --- review ----------------------------------------------------------------------------------------


def _locked_line(entity, line_id: int) -> BankStatementLine:
    return (
        BankStatementLine.objects.select_for_update(of=("self",))
        .select_related("statement")
        .get(pk=line_id, statement__entity=entity)
    )


def statement_line_assign(*, entity, user, line_id: int, invoice_number: str) -> BankStatementLine:
    """Staff say which open invoice of their entity a payment is for."""
    with transaction.atomic():
        line = _locked_line(entity, line_id)
        if line.status not in ASSIGNABLE or line.amount <= 0:
            raise BusinessError(_("Only received payments that are not booked yet can be assigned to an invoice."))
        if not invoice_number.strip():
            raise BusinessError(_("Please enter the invoice number."), field="invoice_number")
        invoice = open_invoice_by_number(entity, invoice_number.strip())
        if invoice is None:
            raise BusinessError(
                _("There is no open invoice with the number “%(number)s”.") % {"number": invoice_number.strip()},
                field="invoice_number",
            )
        line.invoice, line.match_reason, line.status = invoice, BankStatementLine.MatchReason.STAFF, Status.MATCHED
        line.save(update_fields=["invoice", "match_reason", "status"])
        audit_record(
            actor=user,
            action="bank_statement.line_assigned",
            target=line.statement,
            data=money_facts(line.amount, line.booked_on, invoice.number),
        )
    return line


def statement_line_ignore(*, entity, user, line_id: int) -> BankStatementLine:
    """A payment that is not for an invoice (or is handled elsewhere) leaves the review."""
    with transaction.atomic():
        line = _locked_line(entity, line_id)
        if line.status not in (Status.MATCHED, Status.UNMATCHED):
            raise BusinessError(_("Only payments that are not booked yet can be ignored."))
        line.invoice, line.match_reason, line.status = None, "", Status.IGNORED
        line.save(update_fields=["invoice", "match_reason", "status"])
        audit_record(
            actor=user,
            action="bank_statement.line_ignored",
            target=line.statement,
            data=money_facts(line.amount, line.booked_on),
        )
    return line


def _describe(line: BankStatementLine) -> str:
    return f"{formats.date_format(line.booked_on, 'SHORT_DATE_FORMAT')} {money.display(line.amount)}"


# --- booking ---------------------------------------------------------------------------------------


def statement_book(*, entity, user, statement_id: int, line_ids) -> BookingResult:
    """Record a payment for each chosen matched line; a line that fails stays for review, the rest are booked.

    Each line is booked in its own transaction with the line row locked, and only while it is still
    ``matched``: booking the same lines again, or at the same time from two browsers, books nothing twice.
    """
    statement = BankStatement.objects.get(pk=statement_id, entity=entity)
    result = BookingResult()
    for line_id in sorted(set(line_ids)):
        try:
            with transaction.atomic():
                outcome = _book_line(statement, line_id, user)
        except BusinessError as error:
            result.errors.append(error.message)
            continue
        if outcome == Status.BOOKED:
            result.booked += 1
        elif outcome == Status.DUPLICATE:
            result.duplicates += 1
    if result.booked or result.duplicates:
        audit_record(
            actor=user,
            action="bank_statement.booked",
            target=statement,
            data={"booked": result.booked, "duplicates": result.duplicates},  # shown by ``AuditEntry.facts``
        )
    return result


def _book_line(statement: BankStatement, line_id: int, user) -> str | None:
    line = BankStatementLine.objects.select_for_update().filter(statement=statement, pk=line_id).first()
    if line is None or line.status != Status.MATCHED or line.invoice_id is None:
        return None
    invoice = invoice_services.locked(line.invoice_id)
    # A twin from an overlapping statement may have been booked since this one was imported.
    if _booked_elsewhere(line, statement):
        line.status = Status.DUPLICATE
        line.save(update_fields=["status"])
        return Status.DUPLICATE
    try:
        payment = invoice_services.payment_record(
            invoice_id=invoice.pk,
            amount=line.amount,
            received_on=line.booked_on,
            user=user,
            reference=line.reference[:300],
            source=Payment.Source.BANK_IMPORT,
        )
    except BusinessError as error:
        raise BusinessError(
            _("%(line)s for %(number)s was not booked: %(reason)s")
            % {"line": _describe(line), "number": invoice.number, "reason": error.message}
        ) from error
    line.status, line.payment = Status.BOOKED, payment
    line.save(update_fields=["status", "payment"])
    return Status.BOOKED


def _booked_elsewhere(line: BankStatementLine, statement: BankStatement) -> bool:
    twins = BankStatementLine.objects.filter(
        statement__entity_id=statement.entity_id,
        status=Status.BOOKED,
        **{name: getattr(line, name) for name in BankStatementLine.FINGERPRINT},
    )
    return twins.exclude(statement_id=statement.pk).exists()
