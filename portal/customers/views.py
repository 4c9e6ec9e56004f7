import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.audit import audit_history
from portal.core.permissions import member_required
from portal.core.views import paginate, query_without_page
from portal.customers import selectors, services
from portal.customers.forms import ClientForm, ContactFormSet, inline_client_forms


@member_required
def client_list(request):
    search = request.GET.get("q", "").strip()
    clients = selectors.clients_for_member(member=request.user, search=search)
    context = {"page": paginate(request, clients), "search": search, "query": query_without_page(request)}
    return render(request, "customers/client_list.html", context)


@member_required
def client_detail(request, pk: int):
    client = selectors.client_for_member(member=request.user, pk=pk)
    context = {"client": client, "contacts": client.contacts.all(), "history": audit_history(client)}
    return render(request, "customers/client_detail.html", context)


@member_required
def client_create(request):
    return _client_form(request, ClientForm(request.POST or None))


@member_required
def client_edit(request, pk: int):
    client = selectors.client_for_member(member=request.user, pk=pk)
    return _client_form(request, ClientForm(request.POST or None, instance=client))


def _client_form(request, form):
    contacts = ContactFormSet(request.POST or None, instance=form.instance, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        client = services.client_save(actor=request.user, form=form, contacts=contacts)
        messages.success(request, _("The client has been saved."))
        return redirect("customers:detail", pk=client.pk)
    context = {"form": form, "contacts": contacts, "similar": similar_to(form)}
    return render(request, "customers/client_form.html", context)


def similar_to(form) -> list[dict]:
    """Existing clients whose name resembles the one typed into a submitted client form."""
    name = form["name"].value() if form.is_bound else ""
    return selectors.similar_clients(name=name, exclude_pk=form.instance.pk) if name else []


@member_required
@require_POST
def client_create_inline(request):
    """Create a client from the order form's dialog (htmx): the order form picks it up through an event."""
    forms = inline_client_forms(request.POST)
    form, contacts = forms["client_form"], forms["client_contacts"]
    if not (form.is_valid() and contacts.is_valid()):
        return render(request, "customers/client_inline_form.html", {**forms, "similar": similar_to(form)})
    client = services.client_save(actor=request.user, form=form, contacts=contacts)
    contact = client.contacts.order_by("pk").first()
    created = {
        "id": client.pk,
        "name": client.name,
        "contactName": contact.name if contact else "",
        "contactEmail": contact.email if contact else "",
        "message": _("The client “%(name)s” has been added and chosen for this order.") % {"name": client.name},
    }
    response = render(request, "customers/client_inline_form.html", inline_client_forms())
    response["HX-Trigger"] = json.dumps({"clientCreated": created})
    return response


@member_required
def client_typeahead(request):
    matches = selectors.client_typeahead(query=request.GET.get("q", ""))
    return render(request, "customers/typeahead.html", {"matches": matches, "query": request.GET.get("q", "")})
