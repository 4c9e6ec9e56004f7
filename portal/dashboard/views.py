from django.shortcuts import redirect, render

from portal.accounts.models import MemberProfile
from portal.core.permissions import member_required, signed_in_required
from portal.invoicing.selectors import invoices_in
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


@member_required
def dashboard(request):
    profile = MemberProfile.objects.filter(user=request.user).only("membership_status", "member_number").first()
    orders = orders_in(request.scope, entities=[request.role.entity])[:DASHBOARD_ROWS]
    invoices = invoices_in(request.scope, entities=[request.role.entity])[:DASHBOARD_ROWS]
    context = {"profile": profile, "entity": request.role.entity, "orders": orders, "invoices": invoices}
    return render(request, "dashboard/dashboard.html", context)
