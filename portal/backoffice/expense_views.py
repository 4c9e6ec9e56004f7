"""The Smart team's expense pages: the queue of requests to decide (oldest first) and each request."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.budget.figures import figures_for
from portal.core.files import document_response
from portal.core.permissions import staff_required
from portal.core.views import chosen_status, paginate, perform
from portal.expenses import selectors, services
from portal.expenses.forms import DecisionForm
from portal.expenses.models import ExpenseRequest, Status
from portal.expenses.transitions import Event
from portal.expenses.views import detail_context

#: What the queue shows without a status filter: what waits for the Smart team.
QUEUE = (Status.SUBMITTED,)
SUCCESS = {
    Event.APPROVE: _("The request has been approved and debited from the budget."),
    Event.REJECT: _("The request has been rejected."),
    Event.ASK: _("Your question has been sent to the member."),
}


@staff_required
def expense_queue(request):
    """Requests of the team's entities; by default those waiting for a decision, oldest first."""
    status = chosen_status(request, Status.values)
    requests = selectors.search(selectors.requests_in(request.scope), request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    if kind in ExpenseRequest.Kind.values:
        requests = requests.filter(kind=kind)
    if status:
        requests = requests.filter(status=status).order_by("-submitted_at", "-pk")
    else:
        requests = requests.filter(status__in=QUEUE).order_by("submitted_at", "pk")
    page = paginate(request, requests.select_related("member__member_profile"))
    budget_ids = {expense.budget_id for expense in page.object_list}
    available = {pk: figure.available_for_expenses for pk, figure in figures_for(sorted(budget_ids)).items()}
    rows = [(expense, available.get(expense.budget_id)) for expense in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "statuses": Status.choices,
        "status": status,
        "kinds": ExpenseRequest.Kind.choices,
        "kind": kind,
        "search": request.GET.get("q", ""),
    }
    return render(request, "backoffice/expense_queue.html", context)


@staff_required
def expense_detail(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    context = detail_context(expense)
    context.update(
        staff_view=True,
        form=DecisionForm(),
        figures=figures_for([expense.budget_id])[expense.budget_id],
        duplicates=services.possible_duplicates(expense) if expense.status in (Status.SUBMITTED,) else [],
    )
    return render(request, "backoffice/expense_detail.html", context)


@staff_required
@require_POST
def expense_decide(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    decision = request.POST.get("decision", "")
    if decision not in SUCCESS:
        raise Http404
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return perform(
        request,
        lambda: services.request_decide(user=request.user, request_id=expense.pk, event=decision, reason=reason),
        success=str(SUCCESS[Event(decision)]),
        redirect_to=reverse("backoffice:expense_detail", args=[expense.pk]),
    )


@staff_required
def expense_receipt_file(request, pk: int):
    return document_response(selectors.receipt_in(request.scope, pk))


@staff_required
def expense_invoice_file(request, pk: int):
    expense = selectors.request_in(request.scope, pk)
    invoice = getattr(expense, "supplier_invoice", None)
    if invoice is None:
        raise Http404
    return document_response(invoice)
