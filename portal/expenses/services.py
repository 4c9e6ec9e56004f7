"""Requests: reimbursements and direct payments from draft to decision (DESIGN §7).

Each service checks its own rules: who may spend the chosen budget, what may still be changed, the
budget's available amount when the request is submitted and again when it is approved, the Smart team
of the budget's entity deciding, never on their own request. Every move goes through the one table in
``transitions`` (audit row included) and is e-mailed to the member.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from portal.budget.figures import budget_check_available
from portal.budget.ledger import ledger_book
from portal.budget.models import Budget, Participant
from portal.budget.services import may_spend, require_team_of
from portal.core import money
from portal.core.amounts import checked_amount
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.transitions import Actor, apply_transition
from portal.core.uploads import store_upload
from portal.expenses.budget_link import request_postings
from portal.expenses.models import EDITABLE, RESERVING, ExpenseRequest, Receipt, Status, SupplierInvoice
from portal.expenses.receipts import VAT_RATES, included_vat
from portal.expenses.totals import amounts_of, refresh_amounts
from portal.expenses.transitions import EXPENSE_TRANSITIONS, Event
from portal.expenses.travel_rules import check_may_claim_travel, check_travel_submission, check_trip_in_employment

#: A chosen receipt is in another request (sent twice, or from two tabs) or was deleted meanwhile.
RECEIPT_UNAVAILABLE = gettext_lazy(
    "One of the chosen receipts is already part of another request or no longer exists. "
    "Please choose among your saved receipts."
)
#: Statuses of other requests in which the same receipt counts as a possible duplicate.
COUNTED = (Status.SUBMITTED, Status.NEEDS_INFO, Status.APPROVED, Status.PAID)


def spendable_budgets(member_id: int):
    """The budgets a member may submit expenses on: their personal budgets and the active collective
    budgets they manage (DESIGN §6)."""
    managed = Participant.objects.filter(
        member_id=member_id, role=Participant.Role.MANAGER, status=Participant.Status.ACTIVE
    ).values("budget_id")
    return Budget.objects.filter(
        Q(kind=Budget.Kind.PERSONAL, owner_id=member_id)
        | Q(kind=Budget.Kind.COLLECTIVE, status=Budget.Status.ACTIVE, pk__in=managed)
    ).select_related("entity")


def spendable(member: Any, budget_id: int | None) -> Budget:
    budget = Budget.objects.select_related("entity").filter(pk=budget_id).first() if budget_id else None
    if budget is None or not may_spend(member_id=member.pk, budget=budget):
        raise BusinessError(_("Please choose a budget you may spend from."), field="budget")
    return budget


def own_editable(member: Any, request_id: int, *, lock: bool = True) -> ExpenseRequest:
    requests = ExpenseRequest.objects.select_for_update() if lock else ExpenseRequest.objects
    request = requests.filter(pk=request_id, member=member).first()
    if request is None:
        raise BusinessError(_("This request does not exist."))
    if request.status not in EDITABLE:
        raise BusinessError(
            _("This request is “%(status)s” and can no longer be changed.") % {"status": request.get_status_display()}
        )
    return request


def _text(value: str, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise BusinessError(message, field=field)
    return value[:limit]


# --- reimbursements ----------------------------------------------------------------------------------


def reimbursement_save(
    *,
    member: Any,
    budget_id: int | None,
    title: str,
    description: str = "",
    receipt_ids: Sequence[int],
    request_id: int | None = None,
) -> ExpenseRequest:
    """Create or change a reimbursement request (draft, or while the Smart team asks a question)."""
    title = _text(title, "title", _("Please give the request a title."), 200)
    with transaction.atomic():
        budget = spendable(member, budget_id)
        if request_id is None:
            request = ExpenseRequest(kind=ExpenseRequest.Kind.REIMBURSEMENT, member=member)
        else:
            request = own_editable(member, request_id)
            if request.kind != ExpenseRequest.Kind.REIMBURSEMENT:
                raise BusinessError(_("This request does not exist."))
            if request.status == Status.NEEDS_INFO and budget.pk != request.budget_id:
                raise BusinessError(_("The budget of a submitted request cannot be changed."), field="budget")
        wanted = set(receipt_ids)
        receipts = list(
            Receipt.objects.select_for_update(of=("self",))
            .filter(pk__in=wanted, member=member)
            .filter(Q(request__isnull=True) | Q(request_id=request.pk if request.pk else -1))
        )
        if len(receipts) != len(wanted):
            raise BusinessError(str(RECEIPT_UNAVAILABLE), field="receipts")
        request.budget, request.entity = budget, budget.entity
        request.title, request.description = title, (description or "").strip()[:5000]
        request.save()
        Receipt.objects.filter(request=request).exclude(pk__in=wanted).update(request=None)
        Receipt.objects.filter(pk__in=wanted).update(request=request)
        refresh_amounts(request)
        audit_record(actor=member, action="expenserequest.saved", target=request, to_state=request.status)
    return request


# --- direct payments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierInvoiceData:
    supplier: str
    iban: str
    bic: str
    invoice_number: str
    invoice_date: date
    due_date: date
    gross: Any
    vat_rate: Any
    vat: Any = None  # None: computed from the gross and the rate
    addressed_to_cooperative: bool = False


def _checked_invoice(data: SupplierInvoiceData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    supplier = (data.supplier or "").strip()
    if not supplier:
        errors["supplier"] = _("Please enter the supplier.")
    number = (data.invoice_number or "").strip()
    if not number:
        errors["invoice_number"] = _("Please enter the supplier's invoice number.")
    iban_text = "".join((data.iban or "").split()).upper()
    try:
        iban = IBAN(iban_text)
    except SchwiftyException:
        errors["iban"] = _("This IBAN is not valid; please check it (the check digits do not match).")
        iban = None
    bic_text = "".join((data.bic or "").split()).upper()
    if bic_text:
        try:
            BIC(bic_text)
        except SchwiftyException:
            errors["bic"] = _("This BIC is not valid.")
    elif iban is not None and iban.country_code not in ("DE", "AT") and not iban.bic:
        errors["bic"] = _("Please enter the BIC of the supplier's bank.")
    today = timezone.localdate()
    if data.invoice_date > today:
        errors["invoice_date"] = _("The invoice date cannot be in the future.")
    if data.due_date < data.invoice_date:
        errors["due_date"] = _("The due date cannot be before the invoice date.")
    if not data.addressed_to_cooperative:
        errors["addressed_to_cooperative"] = _(
            "A direct payment pays a service addressed to the cooperative: please confirm that it is."
        )
    if errors:
        raise BusinessError(next(iter(errors.values())), errors=errors)
    gross = checked_amount(data.gross, field="gross")
    try:
        rate = checked_amount(data.vat_rate, field="vat_rate", allow_zero=True)
    except BusinessError:
        rate = None
    if rate not in VAT_RATES:
        allowed = ", ".join(f"{value:g} %" for value in VAT_RATES)
        raise BusinessError(_("Please choose one of the VAT rates %(rates)s.") % {"rates": allowed}, field="vat_rate")
    vat = (
        included_vat(gross, rate) if data.vat in (None, "") else checked_amount(data.vat, field="vat", allow_zero=True)
    )
    if vat > included_vat(gross, rate) + money.CENT or (rate == 0 and vat):
        raise BusinessError(_("The VAT does not match the gross amount and the VAT rate."), field="vat")
    return {
        "supplier": supplier[:200],
        "invoice_number": number[:100],
        "iban": iban_text,
        "bic": bic_text,
        "invoice_date": data.invoice_date,
        "due_date": data.due_date,
        "gross": gross,
        "vat_rate": rate,
        "vat": vat,
        "addressed_to_cooperative": True,
    }


def direct_payment_save(
    *,
    member: Any,
    budget_id: int | None,
    title: str,
    description: str = "",
    invoice: SupplierInvoiceData,
    upload: Any = None,
    request_id: int | None = None,
) -> ExpenseRequest:
    """Create or change a direct payment: the supplier's invoice the cooperative is to pay."""
    title = _text(title, "title", _("Please give the request a title."), 200)
    values = _checked_invoice(invoice)
    with transaction.atomic():
        budget = spendable(member, budget_id)
        if request_id is None:
            if upload is None:
                raise BusinessError(_("Please add the supplier's invoice as a file."), field="file")
            request = ExpenseRequest(kind=ExpenseRequest.Kind.DIRECT_PAYMENT, member=member)
            supplier_invoice = SupplierInvoice()
        else:
            request = own_editable(member, request_id)
            if request.kind != ExpenseRequest.Kind.DIRECT_PAYMENT:
                raise BusinessError(_("This request does not exist."))
            if request.status == Status.NEEDS_INFO and budget.pk != request.budget_id:
                raise BusinessError(_("The budget of a submitted request cannot be changed."), field="budget")
            supplier_invoice = request.supplier_invoice
        if upload is not None:
            store_upload(supplier_invoice, upload)
        request.budget, request.entity = budget, budget.entity
        request.title, request.description = title, (description or "").strip()[:5000]
        request.save()
        for name, value in values.items():
            setattr(supplier_invoice, name, value)
        supplier_invoice.request = request
        supplier_invoice.save()
        refresh_amounts(request)
        audit_record(actor=member, action="expenserequest.saved", target=request, to_state=request.status)
    return request


# --- the way through -----------------------------------------------------------------------------------


def request_delete(*, member: Any, request_id: int) -> None:
    """Delete a draft; its receipts become saved receipts again."""
    with transaction.atomic():
        request = own_editable(member, request_id)
        if request.status != Status.DRAFT:
            raise BusinessError(_("Only a draft can be deleted."))
        Receipt.objects.filter(request=request).update(request=None)
        invoice = getattr(request, "supplier_invoice", None)
        request.delete()
        if invoice is not None:
            stored = invoice.file
            transaction.on_commit(lambda: stored.delete(save=False))  # the file goes only if the row does


def possible_duplicates(request: ExpenseRequest) -> list[Any]:
    """Receipts or invoices of other requests that look like this request's: the same file, or the same
    supplier, date and gross (a supplier's invoice: the same supplier and invoice number)."""
    others = ExpenseRequest.objects.filter(status__in=COUNTED).exclude(pk=request.pk)
    if request.kind == ExpenseRequest.Kind.DIRECT_PAYMENT:
        invoice = request.supplier_invoice
        same = Q(file_hash=invoice.file_hash) | Q(
            supplier__iexact=invoice.supplier, invoice_number=invoice.invoice_number
        )
        return list(SupplierInvoice.objects.filter(same, request__in=others).select_related("request"))
    receipts = list(request.receipts.all())
    if not receipts:
        return []
    same = Q(file_hash__in=[receipt.file_hash for receipt in receipts])
    for receipt in receipts:
        same |= Q(supplier__iexact=receipt.supplier, receipt_date=receipt.receipt_date, gross=receipt.gross)
    return list(Receipt.objects.filter(same, request__in=others).select_related("request"))


def _check_complete(request: ExpenseRequest) -> None:
    if request.kind == ExpenseRequest.Kind.REIMBURSEMENT:
        receipts = list(request.receipts.all())
        if not receipts:
            raise BusinessError(_("Please choose at least one receipt."), field="receipts")
        since = getattr(getattr(request.member, "member_profile", None), "member_since", None)
        if since and any(receipt.receipt_date < since for receipt in receipts):
            raise BusinessError(_("A receipt is dated before your membership started."), field="receipts")
    elif request.kind == ExpenseRequest.Kind.DIRECT_PAYMENT and getattr(request, "supplier_invoice", None) is None:
        raise BusinessError(_("Please add the supplier's invoice."), field="file")
    elif request.kind == ExpenseRequest.Kind.TRAVEL:
        check_may_claim_travel(request.member)
        claim = request.travel_claim
        zone = ZoneInfo(request.entity.time_zone)
        first_day, last_day = (timezone.localtime(moment, zone).date() for moment in (claim.starts_at, claim.ends_at))
        check_trip_in_employment(request.member, request.entity, first_day, last_day)
        if request.status == Status.DRAFT:  # an answer to a question is not late
            check_travel_submission(request, timezone.localdate())


def request_submit(*, member: Any, request_id: int) -> ExpenseRequest:
    """Send a draft (or the answer to a question) to the Smart team: checked against available for expenses."""
    with transaction.atomic():
        request = own_editable(member, request_id)
        budget = Budget.objects.select_for_update().get(pk=request.budget_id)  # one check at a time per budget
        if not may_spend(member_id=member.pk, budget=budget):
            raise BusinessError(_("Please choose a budget you may spend from."), field="budget")
        _check_complete(request)
        reserved_before = request.debit if request.status in RESERVING else money.ZERO
        request.payout, request.debit = amounts_of(request)
        if request.payout <= 0:
            raise BusinessError(_("The request pays out nothing."))
        budget_check_available(budget, request.debit, "expenses", reserved_by_it=reserved_before)
        apply_transition(EXPENSE_TRANSITIONS, request, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
        request.submitted_at = timezone.now()
        request.staff_message = ""
        request.possible_duplicate = bool(possible_duplicates(request))
        request.save()
        tell_member(request)
    return request


def request_decide(*, user: Any, request_id: int, event: str, reason: str = "") -> ExpenseRequest:
    """The Smart team of the budget's entity approves (books the debit), rejects or asks a question."""
    with transaction.atomic():
        request = (
            ExpenseRequest.objects.select_for_update(of=("self",))
            .select_related("budget")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            raise BusinessError(_("This request does not exist."))
        require_team_of(user, request.entity_id)
        if event not in (Event.APPROVE, Event.REJECT, Event.ASK):
            raise BusinessError(_("You are not allowed to do this."))
        apply_transition(
            EXPENSE_TRANSITIONS,
            request,
            event=event,
            actor=Actor.STAFF,
            user=user,
            reason=reason,
            owner_id=request.member_id,
        )
        if event == Event.APPROVE:
            Budget.objects.select_for_update().filter(pk=request.budget_id).first()
            # Money may have gone meanwhile; the request's own reservation is available for it.
            budget_check_available(request.budget, request.debit, "expenses", reserved_by_it=request.debit)
        request.decided_by, request.decided_at = user, timezone.now()
        request.staff_message = reason.strip()[:5000] if event in (Event.REJECT, Event.ASK) else ""
        request.save()
        if event == Event.APPROVE:
            ledger_book(
                postings=request_postings(request),
                booking_date=timezone.localdate(),
                source=request,
                source_label=request.reference,
                user=user,
            )
        tell_member(request)
    return request


def request_paid(
    request: ExpenseRequest, *, user: Any, actor: str, paid_on: date, salary_month: date | None = None
) -> None:
    """Mark a locked, approved request paid (by a payout batch, or with the salary of ``salary_month``)."""
    apply_transition(EXPENSE_TRANSITIONS, request, event=Event.PAY, actor=actor, user=user)
    request.paid_on, request.salary_month = paid_on, salary_month
    request.save(update_fields=["status", "paid_on", "salary_month", "updated_at"])
    tell_member(request)


def tell_member(request: ExpenseRequest) -> None:
    queue_email(
        to=request.member,
        template="expense_status",
        context={"request": request},
        category="expenses",
        related=request,
        entity=request.entity,
    )
