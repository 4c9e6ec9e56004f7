"""The Smart team's budget pages: every budget of their entities, corrections, and the transfer queue."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.budget import exports, figures, selectors, services
from portal.budget.forms import CorrectionForm, DecisionReasonForm
from portal.budget.models import Correction
from portal.budget.page import budget_page
from portal.budget.transitions import Event
from portal.core.errors import BusinessError
from portal.core.permissions import staff_required
from portal.core.views import paginate, perform, query_without_page, report_business_error


@staff_required
def budget_list(request):
    search = request.GET.get("q", "").strip()[:100]
    budgets = selectors.budgets_for_staff(request.scope, search=search)
    page = paginate(request, budgets)
    balances = figures.balances([budget.pk for budget in page.object_list])
    context = {
        "page": page,
        "rows": [(budget, balances.get(budget.pk)) for budget in page.object_list],
        "search": search,
        "query": query_without_page(request),
    }
    return render(request, "backoffice/budget_list.html", context)


@staff_required
def budget_detail(request, pk: int):
    budget = selectors.budget_in(request.scope, pk)
    context = budget_page(request, budget, scope=request.scope)
    context.update(
        csv_url=reverse("backoffice:budget_statement_csv", args=[budget.pk]),
        pdf_url=reverse("backoffice:budget_statement_pdf", args=[budget.pk]),
        transfer_namespace="backoffice",
        corrections=selectors.corrections_of(budget.pk).order_by("-created_at")[:10],
        participants=budget.participants.select_related("member", "member__member_profile")
        if budget.is_collective
        else [],
    )
    return render(request, "backoffice/budget_detail.html", context)


@staff_required
def budget_statement_csv(request, pk: int):
    return exports.statement_csv(selectors.budget_in(request.scope, pk), request.GET)


@staff_required
def budget_statement_pdf(request, pk: int):
    return exports.statement_pdf(selectors.budget_in(request.scope, pk), request.GET)


@staff_required
def correction_create(request, pk: int):
    budget = selectors.budget_in(request.scope, pk)
    form = CorrectionForm(request.POST or None, initial={"booking_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.correction_request(
                budget_id=budget.pk,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                booking_date=form.cleaned_data["booking_date"],
                user=request.user,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            if correction.status == Correction.Status.BOOKED:
                messages.success(request, _("The correction has been booked."))
            else:
                messages.info(
                    request, _("The correction is above 1,000 EUR: it is booked once a second team member approves it.")
                )
            return redirect("backoffice:budget_detail", pk=budget.pk)
    return render(
        request,
        "backoffice/correction_form.html",
        {"form": form, "budget": budget, "figures": figures.figures_of(budget.pk)},
    )


@staff_required
def budget_queue(request):
    """Transfers and corrections waiting for a decision by the Smart team."""
    entity_ids = sorted(request.scope.entity_ids)
    context = {
        "transfers": paginate(request, selectors.transfer_queue(entity_ids)),
        "corrections": selectors.corrections_awaiting_approval(entity_ids)[:50],
    }
    return render(request, "backoffice/budget_queue.html", context)


@staff_required
def transfer_detail(request, pk: int):
    transfer = selectors.transfer_in(request.scope, pk)
    context = {
        "transfer": transfer,
        "form": DecisionReasonForm(),
        "source_figures": figures.figures_of(transfer.source_id),
    }
    return render(request, "backoffice/transfer_detail.html", context)


def _reason(request) -> str:
    form = DecisionReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@staff_required
@require_POST
def transfer_decide(request, pk: int):
    transfer = selectors.transfer_in(request.scope, pk)
    event = Event.APPROVE if request.POST.get("decision") == "approve" else Event.REJECT
    return perform(
        request,
        lambda: services.transfer_decide(
            transfer_id=transfer.pk, event=event, user=request.user, reason=_reason(request)
        ),
        success=_("The transfer has been approved and booked.")
        if event == Event.APPROVE
        else _("The transfer has been rejected."),
        redirect_to=reverse("backoffice:transfer_detail", args=[transfer.pk]),
    )


@staff_required
@require_POST
def correction_decide(request, pk: int):
    correction = selectors.correction_in(request.scope, pk)
    event = Event.BOOK if request.POST.get("decision") == "approve" else Event.REJECT
    return perform(
        request,
        lambda: services.correction_decide(
            correction_id=correction.pk, event=event, user=request.user, reason=_reason(request)
        ),
        success=_("The correction has been approved and booked.")
        if event == Event.BOOK
        else _("The correction has been rejected."),
        redirect_to=reverse("backoffice:budget_queue"),
    )
