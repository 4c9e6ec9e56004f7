from django.shortcuts import render

from portal.core.permissions import client_contact_required


@client_contact_required
def home(request):
    return render(request, "clientportal/home.html", {"client": request.role.client})
