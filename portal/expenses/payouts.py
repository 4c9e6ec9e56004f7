"""Payouts: approved requests paid together with one SEPA credit transfer file (DESIGN §7).

A batch snapshots who is paid how much to which account (``PayoutLine``) and stores the pain.001 file
it was exported as, so downloading it again gives the same bytes even if a member changes their IBAN
later. A request is in exactly one batch (``PayoutLine.request`` is unique, and only requests without a
batch can be chosen). When the bank has executed the batch — marked by the Smart team, or recognised in
an imported bank statement — its requests become "paid" and the members are e-mailed.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from portal.banking.debits import mark_recognised
from portal.banking.models import BankStatementLine
from portal.banking.pain001 import CreditTransfer, Debtor, pain001, sepa_text
from portal.budget.services import require_team_of
from portal.core import money
from portal.core.errors import BusinessError
from portal.core.permissions import refuse_self_decision
from portal.core.transitions import Actor
from portal.entities.models import IssuingEntity
from portal.expenses.models import ExpenseRequest, PayoutBatch, PayoutLine, Status
from portal.expenses.services import request_paid

#: Paid by bank transfer; travel costs are paid with the salary instead.
BY_TRANSFER = (ExpenseRequest.Kind.REIMBURSEMENT, ExpenseRequest.Kind.DIRECT_PAYMENT)
#: The latest execution date a batch may ask the bank for.
MAX_DAYS_AHEAD = 60


def payable(entity_ids: Sequence[int]) -> QuerySet[ExpenseRequest]:
    """Approved requests of these entities not in a batch yet, to be paid by transfer."""
    return ExpenseRequest.objects.filter(
        entity_id__in=entity_ids, status=Status.APPROVED, batch__isnull=True, kind__in=BY_TRANSFER
    )


def _line(request: ExpenseRequest) -> CreditTransfer:
    """The transfer paying ``request``: the member's account for a reimbursement, the supplier's for a
    direct payment (paying the invoice number as reference)."""
    if request.kind == ExpenseRequest.Kind.DIRECT_PAYMENT:
        invoice = request.supplier_invoice
        name, iban, bic = invoice.supplier, invoice.iban, invoice.bic
        remittance = f"{invoice.invoice_number} {request.reference}"
    else:
        profile = getattr(request.member, "member_profile", None)
        name, iban, bic = request.member.get_full_name() or request.member.email, getattr(profile, "iban", ""), ""
        remittance = f"{request.reference} {request.title}"
    try:
        iban = str(IBAN(iban))
    except SchwiftyException:
        raise BusinessError(
            _("%(reference)s cannot be paid: the IBAN of %(name)s is missing or not valid.")
            % {"reference": request.reference, "name": name}
        ) from None
    return CreditTransfer(
        end_to_end_id=request.reference,
        creditor_name=sepa_text(name, 70) or request.reference,
        iban=iban,
        bic=bic,
        amount=request.payout,
        remittance=sepa_text(remittance, 140),
    )


def batch_create(*, user: Any, entity_id: int, request_ids: Sequence[int], execution_date: date) -> PayoutBatch:
    """Export the chosen approved requests as one batch and its SEPA file."""
    require_team_of(user, entity_id)
    today = timezone.localdate()
    if execution_date < today or (execution_date - today).days > MAX_DAYS_AHEAD:
        raise BusinessError(
            _("Please choose an execution date from today to %(days)s days ahead.") % {"days": MAX_DAYS_AHEAD},
            field="execution_date",
        )
    if not request_ids:
        raise BusinessError(_("Please choose at least one request to pay."))
    with transaction.atomic():
        entity = IssuingEntity.objects.get(pk=entity_id)
        requests = list(
            ExpenseRequest.objects.select_for_update(of=("self",))
            .filter(pk__in=set(request_ids))
            .select_related("member__member_profile", "supplier_invoice")
            .order_by("pk")
        )
        chosen = {request.pk for request in requests}
        open_ones = [
            r for r in requests if r.status == Status.APPROVED and r.batch_id is None and r.kind in BY_TRANSFER
        ]
        if (
            chosen != set(request_ids)
            or len(open_ones) != len(requests)
            or any(r.entity_id != entity_id for r in requests)
        ):
            raise BusinessError(_("Only approved requests of this entity that are not paid or in a batch can be paid."))
        for request in requests:
            refuse_self_decision(user, request.member_id, what="request")
        transfers = [_line(request) for request in requests]
        batch = PayoutBatch.objects.create(
            entity=entity,
            execution_date=execution_date,
            message_id=f"pending-{timezone.now().timestamp()}"[:35],
            total=sum((transfer.amount for transfer in transfers), money.ZERO),
            count=len(transfers),
            created_by=user,
        )
        batch.message_id = f"{entity.code}-PAYOUT-{batch.pk:06d}"
        try:
            xml = pain001(
                message_id=batch.message_id,
                created_at=timezone.localtime(batch.created_at),
                execution_date=execution_date,
                debtor=Debtor(name=entity.name, iban=entity.iban, bic=entity.bic),
                transfers=transfers,
            )
        except ValueError as error:
            raise BusinessError(_("The SEPA file could not be created: %(error)s") % {"error": error}) from error
        batch.sepa_file.save(f"{batch.message_id}.xml", ContentFile(xml), save=False)
        batch.save()
        PayoutLine.objects.bulk_create(
            [
                PayoutLine(
                    batch=batch,
                    request=request,
                    end_to_end_id=transfer.end_to_end_id,
                    creditor_name=transfer.creditor_name,
                    iban=transfer.iban,
                    bic=transfer.bic,
                    amount=transfer.amount,
                    remittance=transfer.remittance,
                )
                for request, transfer in zip(requests, transfers, strict=True)
            ]
        )
        ExpenseRequest.objects.filter(pk__in=chosen).update(batch=batch)
    return batch


def batch_mark_executed(
    *, user: Any, batch_id: int, executed_on: date | None = None, actor: str = Actor.STAFF
) -> PayoutBatch:
    """The bank executed the batch: its requests are paid (by staff, or by the statement import)."""
    executed_on = executed_on or timezone.localdate()
    with transaction.atomic():
        batch = PayoutBatch.objects.select_for_update(of=("self",)).filter(pk=batch_id).first()
        if batch is None:
            raise BusinessError(_("This payout batch does not exist."))
        if actor == Actor.STAFF:
            require_team_of(user, batch.entity_id)
        if batch.status == PayoutBatch.Status.EXECUTED:
            raise BusinessError(_("This batch is marked as executed already."))
        if executed_on > timezone.localdate():
            raise BusinessError(_("The execution date cannot be in the future."), field="executed_on")
        batch.status = PayoutBatch.Status.EXECUTED
        batch.executed_on = executed_on
        batch.executed_by = user if actor == Actor.STAFF else None
        batch.save()
        for request in (
            ExpenseRequest.objects.select_for_update(of=("self",)).filter(batch=batch).select_related("member")
        ):
            request_paid(request, user=user, actor=actor, paid_on=executed_on)
    return batch


# --- recognised in the bank statement --------------------------------------------------------------


def recognise_debits(entity: Any, lines: list[BankStatementLine]) -> None:
    """Mark exported batches executed when the statement shows them paid: one debit naming the batch
    (its message id) or equal to its total, or a debit per payment naming its request (A-000123) with
    its amount, for every payment of the batch."""
    batches = list(PayoutBatch.objects.filter(entity=entity, status=PayoutBatch.Status.EXPORTED))
    if not batches:
        return
    remaining = list(lines)
    for batch in batches:
        whole = _whole_batch_line(batch, remaining, batches)
        if whole is not None:
            mark_recognised(whole)
            remaining.remove(whole)
            batch_mark_executed(user=None, batch_id=batch.pk, executed_on=whole.booked_on, actor=Actor.SYSTEM)
            continue
        found = _payment_lines(batch, remaining)
        if found is not None:
            for line in found:
                mark_recognised(line)
                remaining.remove(line)
            executed_on = max(line.booked_on for line in found)
            batch_mark_executed(user=None, batch_id=batch.pk, executed_on=executed_on, actor=Actor.SYSTEM)


def _text(line: BankStatementLine) -> str:
    return " ".join((line.bank_reference, line.reference)).upper()


def _whole_batch_line(batch: PayoutBatch, lines: list[BankStatementLine], batches: list[PayoutBatch]):
    for line in lines:
        if -line.amount == batch.total and batch.message_id.upper() in _text(line):
            return line
    same_total = [other for other in batches if other.total == batch.total]
    if len(same_total) == 1:  # no other batch of the same total: the amount alone says which
        candidates = [line for line in lines if -line.amount == batch.total]
        if len(candidates) == 1:
            return candidates[0]
    return None


def _payment_lines(batch: PayoutBatch, lines: list[BankStatementLine]) -> list[BankStatementLine] | None:
    """A debit line per payment of the batch (by end-to-end id and amount), or ``None`` if any is missing."""
    found = []
    for payment in batch.lines.all():
        match = next(
            (
                line
                for line in lines
                if line not in found and -line.amount == payment.amount and payment.end_to_end_id in _text(line)
            ),
            None,
        )
        if match is None:
            return None
        found.append(match)
    return found
