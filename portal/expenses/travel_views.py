"""The member's travel-cost claim form (create and edit) and its day rows, refreshed as dates change."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.budget.models import Budget
from portal.core.errors import BusinessError
from portal.core.permissions import member_required
from portal.core.scope import Scope
from portal.core.views import report_business_error
from portal.expenses import selectors, services
from portal.expenses.models import ExpenseRequest
from portal.expenses.travel import travel_claim_save, trip_of
from portal.expenses.travel_forms import (
    LOCAL_FORMAT,
    TravelForm,
    day_rows,
    parse_local,
    stage_formset,
    trip_days,
    trip_input,
)
from portal.expenses.travel_rules import may_claim_travel
from portal.expenses.views import default_budget
from portal.orders.selectors import orders_in

#: Orders offered in the form's "Order" field: the member's latest.
ORDER_CHOICES = 100


def _form_context(request, claim: ExpenseRequest | None):
    budgets = [b for b in services.spendable_budgets(request.user.pk) if b.kind == Budget.Kind.PERSONAL]
    orders = list(orders_in(Scope.member(request.user))[:ORDER_CHOICES])
    initial, stages_initial, stored = None, None, None
    if claim is not None:
        travel = claim.travel_claim
        trip = trip_of(travel)
        initial = {
            "budget": claim.budget_id,
            "title": claim.title,
            "description": claim.description,
            "order": travel.order_id,
            "starts_at": trip.starts_at,
            "ends_at": trip.ends_at,
            "kilometres": travel.kilometres,
            "overnight_stay": travel.overnight_stay,
        }
        stages_initial = [
            {"starts_at": s.starts_at, "country": s.country, "city": s.city, "transit": s.transit} for s in trip.stages
        ]
        stored = dict(trip.days)
    if initial is None:
        initial = {"budget": default_budget(request, budgets), "overnight_stay": True}
    data = request.POST if request.method == "POST" else None
    form = TravelForm(data, initial=initial, budgets=budgets, orders=orders)
    stages = stage_formset(data, initial=stages_initial)
    if data is not None:
        days = trip_days(parse_local(data.get("starts_at")), parse_local(data.get("ends_at")))
        rows = day_rows(days, data)
    else:
        days = trip_days(initial.get("starts_at"), initial.get("ends_at"))
        rows = day_rows(days, stored=stored)
    return form, stages, rows, budgets


def _travel_form(request, claim: ExpenseRequest | None):
    if not may_claim_travel(request.user):
        return render(request, "expenses/travel_not_employed.html", status=200)
    form, stages, rows, budgets = _form_context(request, claim)
    if request.method == "POST" and form.is_valid() and stages.is_valid():
        try:
            saved = travel_claim_save(
                member=request.user,
                budget_id=form.cleaned_data["budget"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                order_id=form.cleaned_data.get("order"),
                trip=trip_input(form, stages, request.POST),
                request_id=claim.pk if claim else None,
            )
        except BusinessError as error:
            report_business_error(request, error, form)  # "stages" and "days" errors show above the form
        else:
            messages.success(request, _("The claim has been saved with its allowance. Check it and submit it."))
            return redirect("expenses:detail", pk=saved.pk)
    context = {"form": form, "stages": stages, "days": rows, "claim": claim, "budgets": budgets}
    return render(request, "expenses/travel_form.html", context)


@member_required
def travel_create(request):
    return _travel_form(request, None)


@member_required
def travel_edit(request, pk: int):
    claim = selectors.request_in(request.scope, pk)
    if claim.kind != ExpenseRequest.Kind.TRAVEL or not claim.is_editable:
        raise Http404
    return _travel_form(request, claim)


@member_required
def travel_days(request):
    """The day rows for the dates typed so far, keeping what was ticked (htmx)."""
    days = trip_days(parse_local(request.GET.get("starts_at")), parse_local(request.GET.get("ends_at")))
    return render(request, "expenses/travel_days.html", {"days": day_rows(days, request.GET), "format": LOCAL_FORMAT})
