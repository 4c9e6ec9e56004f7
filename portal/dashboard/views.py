from datetime import date

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.accounts.models import MemberProfile
from portal.budget.figures import figures_of
from portal.budget.models import Budget
from portal.clientportal.member_selectors import PANEL_ROWS, open_requests
from portal.community.panel import community_panel
from portal.cooplife.panel import news_panel
from portal.core.permissions import member_required, signed_in_required
from portal.core.scope import Scope
from portal.dashboard import queries
from portal.dashboard.attention import attention_for
from portal.employment.panel import employment_panel
from portal.expenses.panel import expense_panel
from portal.invoicing import rows as invoice_rows
from portal.membership.panel import membership_panel

DASHBOARD_ROWS = 5

HOME_BY_ROLE = {
    "member": "dashboard",
    "staff": "backoffice:home",
    "client_contact": "clientportal:home",
    "admin": "admin:index",
}


@signed_in_required
def home(request):
    """Send the user to the start page of their active role."""
    if request.role is None:
        return render(request, "dashboard/no_role.html")
    return redirect(HOME_BY_ROLE[request.role.kind])


def budget_panel(member_id: int, entity_id: int, today: date) -> dict:
    """The personal budget of the entity and its figures, once the member has one."""
    budget = Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner_id=member_id, entity_id=entity_id).first()
    if budget is None:
        return {"budget": None}
    return {"budget": budget, "budget_figures": figures_of(budget.pk, today=today)}


def request_panel(scope: Scope) -> dict:
    """The client requests waiting for the member's answer (one query); the panel shows only when there are any."""
    waiting = open_requests(scope, PANEL_ROWS)
    return {"open_requests": waiting[:PANEL_ROWS], "more_open_requests": len(waiting) > PANEL_ROWS}


@member_required
def dashboard(request) -> HttpResponse:
    entity = request.role.entity
    today = timezone.localdate()
    status = queries.membership_status(request.scope)
    orders = queries.latest_orders(request.scope, entity, DASHBOARD_ROWS)
    invoices = invoice_rows.invoice_rows(
        queries.latest_invoices(request.scope, entity, DASHBOARD_ROWS),
        staff=False,
        user_id=request.user.pk,
        today=today,
    )
    context = {
        "membership": MemberProfile.MembershipStatus(status) if status else None,
        "entity": entity,
        "orders": orders,
        "invoices": invoices,
        "attention": attention_for(request.scope, entity=entity, today=today),
        **budget_panel(request.user.pk, entity.pk, today),
        **expense_panel(request.user.pk, entity.pk),
        **employment_panel(request.user.pk, entity.pk, today),
        **membership_panel(request.user.pk, status),
        **news_panel(entity.pk),
        **community_panel(entity),
        **request_panel(request.scope),
    }
    return render(request, "dashboard/dashboard.html", context)
