from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.accounts.models import MemberProfile
from portal.core.permissions import member_required

HOME_BY_ROLE = {
    "member": "dashboard",
    "staff": "backoffice:home",
    "client_contact": "clientportal:home",
    "admin": "admin:index",
}


@login_required
def home(request):
    """Send the user to the start page of their active role."""
    if request.role is None:
        return render(request, "dashboard/no_role.html")
    return redirect(HOME_BY_ROLE[request.role.kind])


@member_required
def dashboard(request):
    profile = MemberProfile.objects.filter(user=request.user).only("membership_status", "member_number").first()
    return render(request, "dashboard/dashboard.html", {"profile": profile, "entity": request.role.entity})
