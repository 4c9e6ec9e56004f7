"""The member's expense pages: saved receipts, reimbursement requests and direct payments."""

from datetime import datetime
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from portal.budget.figures import figures_for
from portal.core import money
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.files import document_response
from portal.core.permissions import member_required
from portal.core.views import chosen_status, paginate, parse_id, parse_ids, perform, report_business_error
from portal.expenses import receipts as receipt_rules
from portal.expenses import selectors, services
from portal.expenses.forms import DirectPaymentForm, ReceiptForm, ReimbursementForm
from portal.expenses.models import ExpenseRequest, Receipt, Status
from portal.expenses.travel_rules import computation_rows, may_claim_travel

TOTALS = ("per_diem", "overnight", "kilometres", "kilometre_rate", "mileage", "total")


@member_required
def request_list(request):
    requests = selectors.search(selectors.requests_in(request.scope), request.GET.get("q", ""))
    status = chosen_status(request, Status.values)
    if status:
        requests = requests.filter(status=status)
    context = {
        "page": paginate(request, requests.order_by("-created_at", "-pk")),
        "statuses": Status.choices,
        "status": status,
        "search": request.GET.get("q", ""),
        "saved_receipts": selectors.receipts_in(request.scope).filter(request__isnull=True).count(),
        "may_claim_travel": may_claim_travel(request.user),
    }
    return render(request, "expenses/request_list.html", context)


@member_required
def receipt_list(request):
    receipts = selectors.receipts_in(request.scope).order_by("-receipt_date", "-pk")
    if request.GET.get("saved") != "0":
        receipts = receipts.filter(request__isnull=True)
    return render(
        request,
        "expenses/receipt_list.html",
        {"page": paginate(request, receipts), "only_saved": request.GET.get("saved") != "0"},
    )


def _receipt_form(request, receipt: Receipt | None):
    initial = ReceiptForm.initial_of(receipt) if receipt else None
    form = ReceiptForm(request.POST or None, request.FILES or None, initial=initial, editing=receipt is not None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = receipt_rules.receipt_save(
                member=request.user,
                data=form.receipt_data(),
                upload=form.cleaned_data.get("file"),
                receipt_id=receipt.pk if receipt else None,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The receipt has been saved."))
            if saved.request_id:
                return redirect("expenses:detail", pk=saved.request_id)
            return redirect("expenses:receipts")
    return render(request, "expenses/receipt_form.html", {"form": form, "receipt": receipt})


@member_required
def receipt_create(request):
    return _receipt_form(request, None)


@member_required
def receipt_edit(request, pk: int):
    receipt = selectors.receipt_in(request.scope, pk)
    if not receipt.is_editable:
        return _locked_receipt(request, receipt)
    return _receipt_form(request, receipt)


def _locked_receipt(request, receipt: Receipt):
    """A receipt of a submitted or decided request: shown as it is, without a form that cannot be saved."""
    if request.method == "POST":  # a form opened before the request was submitted
        messages.error(request, _("This receipt belongs to a submitted request and cannot be changed."))
    context = {"receipt": receipt, "vat_lines": list(receipt.vat_lines.all())}
    return render(request, "expenses/receipt_locked.html", context)


@member_required
@require_POST
def receipt_delete(request, pk: int):
    receipt = selectors.receipt_in(request.scope, pk)
    return perform(
        request,
        lambda: receipt_rules.receipt_delete(member=request.user, receipt_id=receipt.pk),
        success=_("The receipt has been deleted."),
        redirect_to=reverse("expenses:receipts"),
    )


@member_required
def receipt_file(request, pk: int):
    return document_response(selectors.receipt_in(request.scope, pk))


def _receipt_choices(request, expense: ExpenseRequest | None):
    """The member's saved receipts and those already in ``expense``."""
    free = Q(request__isnull=True) | Q(request_id=expense.pk) if expense else Q(request__isnull=True)
    receipts = selectors.receipts_in(request.scope).filter(free)
    return list(receipts.order_by("-receipt_date", "-pk")[:200])


def default_budget(request, budgets) -> int | None:
    """The budget a new request starts on: the personal budget of the active entity, else the only one."""
    for budget in budgets:
        if budget.kind == "personal" and budget.entity_id == request.role.entity.pk:
            return budget.pk
    return budgets[0].pk if len(budgets) == 1 else None


def _available(budgets) -> dict[int, object]:
    figures = figures_for([budget.pk for budget in budgets])
    return {budget_id: figure.available_for_expenses for budget_id, figure in figures.items()}


def _reimbursement_form(request, expense: ExpenseRequest | None):
    budgets = list(services.spendable_budgets(request.user.pk))
    receipts = _receipt_choices(request, expense)
    initial = None
    if expense is not None:
        initial = {
            "budget": expense.budget_id,
            "title": expense.title,
            "description": expense.description,
            "receipts": [receipt.pk for receipt in receipts if receipt.request_id == expense.pk],
        }
    else:
        initial = {"budget": default_budget(request, budgets), "receipts": parse_ids(request.GET.getlist("receipt"))}
    form = ReimbursementForm(request.POST or None, initial=initial, budgets=budgets, receipts=receipts)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.reimbursement_save(
                member=request.user,
                budget_id=form.cleaned_data["budget"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                receipt_ids=form.cleaned_data["receipts"],
                request_id=expense.pk if expense else None,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The request has been saved. Check it and submit it to the Smart team."))
            return redirect("expenses:detail", pk=saved.pk)
    chosen = set(parse_ids([str(value) for value in form["receipts"].value() or []]))  # initial ints or posted text
    context = {
        "form": form,
        "expense": expense,
        "receipts": receipts,
        "chosen": chosen,
        "budgets": budgets,
        **_preview(request, chosen, parse_id(str(form["budget"].value() or "")), budgets),
    }
    return render(request, "expenses/reimbursement_form.html", context)


@member_required
def reimbursement_create(request):
    return _reimbursement_form(request, None)


def _editable(request, pk: int, kind: str) -> ExpenseRequest:
    expense = selectors.request_in(request.scope, pk)
    if expense.kind != kind or not expense.is_editable:
        raise Http404
    return expense


@member_required
def reimbursement_edit(request, pk: int):
    return _reimbursement_form(request, _editable(request, pk, ExpenseRequest.Kind.REIMBURSEMENT))


def _preview(request, chosen: set[int], budget_id: int | None, budgets) -> dict:
    """The live totals of the request form: the chosen receipts and the chosen budget's available amount."""
    receipts = list(selectors.receipts_in(request.scope).filter(pk__in=chosen)) if chosen else []
    budgets = [budget for budget in budgets if budget.pk == budget_id]
    return {
        "picked": receipts if (chosen or budgets) else None,
        "payout": sum((receipt.payout for receipt in receipts), money.ZERO),
        "debit": sum((receipt.debit for receipt in receipts), money.ZERO),
        "available": _available(budgets).get(budgets[0].pk) if budgets else None,
    }


@member_required
def reimbursement_preview(request):
    chosen = set(parse_ids(request.GET.getlist("receipts")))
    budget_id = parse_id(request.GET.get("budget"))
    context = _preview(request, chosen, budget_id, services.spendable_budgets(request.user.pk))
    return render(request, "expenses/preview.html", context)


def _direct_payment_form(request, expense: ExpenseRequest | None):
    budgets = list(services.spendable_budgets(request.user.pk))
    initial = DirectPaymentForm.initial_of(expense) if expense else {"budget": default_budget(request, budgets)}
    form = DirectPaymentForm(
        request.POST or None, request.FILES or None, initial=initial, budgets=budgets, editing=expense is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.direct_payment_save(
                member=request.user,
                budget_id=form.cleaned_data["budget"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                invoice=form.invoice_data(),
                upload=form.cleaned_data.get("file"),
                request_id=expense.pk if expense else None,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The request has been saved. Check it and submit it to the Smart team."))
            return redirect("expenses:detail", pk=saved.pk)
    context = {"form": form, "expense": expense, "available": _available(budgets), "budgets": budgets}
    return render(request, "expenses/direct_payment_form.html", context)


@member_required
def direct_payment_create(request):
    return _direct_payment_form(request, None)


@member_required
def direct_payment_edit(request, pk: int):
    return _direct_payment_form(request, _editable(request, pk, ExpenseRequest.Kind.DIRECT_PAYMENT))


def amount_labels(status: str) -> dict[str, str]:
    """How a request's two amounts are named: as done only once they are (the debit is booked when the
    request is approved, the payout made when it is paid), as what is asked for before."""
    if status == Status.REJECTED:
        debit = _("Requested debit")
        return {
            "payout": _("Requested payout"),
            "payout_total": _("Requested payout in total"),
            "debit": debit,
            "debit_column": debit,
            "debit_total": _("Requested debit in total"),
        }
    paid = status == Status.PAID
    debited = status in (Status.APPROVED, Status.PAID)
    return {
        "payout": pgettext("expense amount", "Paid out") if paid else _("To be paid out"),
        "payout_total": _("Paid out in total") if paid else _("To be paid out in total"),
        "debit": _("Debited from the budget") if debited else _("To be debited from the budget"),
        "debit_column": _("Debited") if debited else _("To be debited"),
        "debit_total": _("Debited in total") if debited else _("To be debited in total"),
    }


def detail_context(expense: ExpenseRequest) -> dict:
    """What the member's and the Smart team's request pages show."""
    receipts = list(expense.receipts.prefetch_related("vat_lines").order_by("receipt_date", "pk"))
    return {
        "expense": expense,
        "amount_labels": amount_labels(expense.status),
        "receipts": receipts,
        "supplier_invoice": getattr(expense, "supplier_invoice", None)
        if expense.kind == ExpenseRequest.Kind.DIRECT_PAYMENT
        else None,
        "history": audit_history(expense),
        **_travel_context(expense),
    }


def _travel_context(expense: ExpenseRequest) -> dict:
    if expense.kind != ExpenseRequest.Kind.TRAVEL:
        return {}
    claim = expense.travel_claim
    return {
        "travel": claim,
        "travel_rows": computation_rows(claim.computation),
        "travel_totals": {key: Decimal(claim.computation.get(key, "0")) for key in TOTALS},
        "travel_stages": [{**stage, "starts_at": datetime.fromisoformat(stage["starts_at"])} for stage in claim.stages],
    }


@member_required
def detail(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    context = detail_context(expense)
    context["figures"] = figures_for([expense.budget_id])[expense.budget_id] if expense.is_editable else None
    return render(request, "expenses/detail.html", context)


@member_required
def invoice_file(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    invoice = getattr(expense, "supplier_invoice", None)
    if invoice is None:
        raise Http404
    return document_response(invoice)


@member_required
@require_POST
def submit(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    return perform(
        request,
        lambda: services.request_submit(member=request.user, request_id=expense.pk),
        success=_("Your request has been sent to the Smart team."),
        redirect_to=reverse("expenses:detail", args=[expense.pk]),
    )


@member_required
@require_POST
def delete(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    try:
        services.request_delete(member=request.user, request_id=expense.pk)
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("expenses:detail", pk=expense.pk)
    messages.success(request, _("The draft has been deleted; its receipts are saved receipts again."))
    return redirect("expenses:list")
