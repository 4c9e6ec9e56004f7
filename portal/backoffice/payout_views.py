"""The Smart team's payouts: approved requests exported as SEPA batches, and the batches themselves."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.core.errors import BusinessError
from portal.core.files import stored_file_response
from portal.core.forms import DateInput
from portal.core.permissions import staff_required
from portal.core.views import paginate, parse_id, parse_ids, perform, report_business_error
from portal.entities.models import IssuingEntity
from portal.expenses import payouts
from portal.expenses.models import ExpenseRequest, PayoutBatch
from portal.expenses.travel import salary_month_paid

#: Approved requests shown for the next batch, oldest decision first; the next ones follow once it is made.
PAYABLE_PER_PAGE = 50


class BatchForm(forms.Form):
    execution_date = forms.DateField(label=gettext_lazy("Execution date"), widget=DateInput())


class SalaryMonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Paid with the salary of (month)"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m"],
    )


class ExecutedForm(forms.Form):
    executed_on = forms.DateField(label=gettext_lazy("Executed on"), widget=DateInput())


def _batches(request):
    return PayoutBatch.objects.filter(entity_id__in=request.scope.entity_ids).select_related("entity")


@staff_required
def payout_list(request):
    entity_ids = sorted(request.scope.entity_ids)
    payable = (
        payouts.payable(entity_ids)
        .select_related("member__member_profile", "entity", "supplier_invoice")
        .order_by("entity_id", "decided_at", "pk")
    )
    open_requests = list(payable[: PAYABLE_PER_PAGE + 1])
    more_open = len(open_requests) > PAYABLE_PER_PAGE
    open_requests = open_requests[:PAYABLE_PER_PAGE]
    form = BatchForm(request.POST or None, initial={"execution_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        entity_id = parse_id(request.POST.get("entity"))
        try:
            batch = payouts.batch_create(
                user=request.user,
                entity_id=entity_id if entity_id in request.scope.entity_ids else 0,
                request_ids=parse_ids(request.POST.getlist("requests")),
                execution_date=form.cleaned_data["execution_date"],
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The payout batch has been created. Download its SEPA file for the bank."))
            return redirect("backoffice:payout_detail", pk=batch.pk)
    travel_claims = list(
        ExpenseRequest.objects.filter(
            entity_id__in=entity_ids,
            kind=ExpenseRequest.Kind.TRAVEL,
            status=ExpenseRequest.Status.APPROVED,
            batch__isnull=True,  # always, for travel claims: lets the query use the index "expense_payable"
        )
        .select_related("member__member_profile", "entity")
        .order_by("entity_id", "decided_at", "pk")[:500]
    )
    context = {
        "form": form,
        "salary_form": SalaryMonthForm(initial={"month": timezone.localdate().replace(day=1)}),
        "travel_claims": travel_claims,
        "open_requests": open_requests,
        "more_open": more_open,
        "per_batch": PAYABLE_PER_PAGE,
        "entities": IssuingEntity.objects.filter(pk__in=entity_ids),
        "chosen": set(parse_ids(request.POST.getlist("requests"))),
        "page": paginate(request, _batches(request).order_by("-created_at", "-pk")),
    }
    return render(request, "backoffice/payout_list.html", context)


@staff_required
@require_POST
def payout_salary(request):
    """Approved travel-cost claims paid with the salary of a month (no SEPA transfer)."""
    form = SalaryMonthForm(request.POST)
    entity_id = parse_id(request.POST.get("entity"))
    if not form.is_valid():
        messages.error(request, _("Please choose the month of the salary."))
        return redirect("backoffice:payout_list")
    return perform(
        request,
        lambda: salary_month_paid(
            user=request.user,
            entity_id=entity_id if entity_id in request.scope.entity_ids else 0,
            request_ids=parse_ids(request.POST.getlist("claims")),
            month=form.cleaned_data["month"],
        ),
        success=_("The travel-cost claims are marked as paid with the salary."),
        redirect_to=reverse("backoffice:payout_list"),
    )


@staff_required
def payout_detail(request, pk: int):
    batch = _batches(request).filter(pk=pk).first()
    if batch is None:
        raise Http404
    lines = batch.lines.select_related("request").order_by("pk")
    context = {"batch": batch, "lines": lines, "form": ExecutedForm(initial={"executed_on": timezone.localdate()})}
    return render(request, "backoffice/payout_detail.html", context)


@staff_required
def payout_file(request, pk: int):
    batch = _batches(request).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return stored_file_response(batch.sepa_file, f"{batch.message_id}.xml", "application/xml")


@staff_required
@require_POST
def payout_executed(request, pk: int):
    batch = _batches(request).filter(pk=pk).first()
    if batch is None:
        raise Http404
    form = ExecutedForm(request.POST)
    executed_on = form.cleaned_data["executed_on"] if form.is_valid() else None
    return perform(
        request,
        lambda: payouts.batch_mark_executed(user=request.user, batch_id=batch.pk, executed_on=executed_on),
        success=_("The batch is marked as executed; its requests are paid."),
        redirect_to=reverse("backoffice:payout_detail", args=[batch.pk]),
    )
