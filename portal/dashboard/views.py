from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.accounts.models import MemberProfile
from portal.core.permissions import member_required, signed_in_required
from portal.core.scope import Scope
from portal.dashboard.attention import attention_for
from portal.entities.models import IssuingEntity
from portal.invoicing import rows as invoice_rows
from portal.invoicing.models import Invoice
from portal.invoicing.selectors import invoices_in
from portal.orders import rows as order_rows
from portal.orders.models import Order
from portal.orders.selectors import orders_in

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


def latest_invoices(scope: Scope, *, entity: IssuingEntity) -> QuerySet[Invoice, Any]:
    """The newest invoices by the date the panel shows: the invoice date once issued, else the planned one."""
    invoices = invoice_rows.for_rows(invoices_in(scope, entities=[entity]))
    return invoices.order_by(Coalesce("issue_date", "planned_date").desc(), "-pk")[:DASHBOARD_ROWS]


def latest_orders(scope: Scope, *, entity: IssuingEntity) -> QuerySet[Order]:
    """The newest orders by the date the panel shows, their creation (the order of ``orders_in``)."""
    return order_rows.for_rows(orders_in(scope, entities=[entity]))[:DASHBOARD_ROWS]


@member_required
def dashboard(request) -> HttpResponse:
    entity = request.role.entity
    today = timezone.localdate()
    profile = MemberProfile.objects.filter(user=request.user).only("membership_status", "member_number").first()
    orders = latest_orders(request.scope, entity=entity)
    invoices = invoice_rows.invoice_rows(
        latest_invoices(request.scope, entity=entity), staff=False, user_id=request.user.pk, today=today
    )
    context = {
        "profile": profile,
        "entity": entity,
        "orders": orders,
        "invoices": invoices,
        "attention": attention_for(request.scope, entity=entity, today=today),
    }
    return render(request, "dashboard/dashboard.html", context)
