import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.clientportal import services as portal_services
from portal.clientportal.member_selectors import portal_accesses_of
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.permissions import member_required
from portal.core.views import paginate, parse_id, query_without_page, report_business_error
from portal.customers import selectors, services
from portal.customers.forms import ClientForm, ContactFormSet, client_data, contacts_data, inline_client_forms


@member_required
def client_list(request):
    search = request.GET.get("q", "").strip()
    clients = selectors.clients_for_member(member=request.user, search=search)
    context = {"page": paginate(request, clients), "search": search, "query": query_without_page(request)}
    return render(request, "customers/client_list.html", context)


class PortalInviteForm(forms.Form):
    """A contact of the client to invite to the client portal, with what they may do there."""

    email = forms.EmailField(label=gettext_lazy("e-mail"))
    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150)
    may_confirm = forms.BooleanField(label=gettext_lazy("may confirm orders"), required=False, initial=True)
    may_request = forms.BooleanField(label=gettext_lazy("may send requests"), required=False, initial=True)
    may_see_invoices = forms.BooleanField(label=gettext_lazy("may see invoices"), required=False, initial=True)

    PERMISSIONS = ("may_confirm", "may_request", "may_see_invoices")


def _invite_initial(client, contact_id: int | None) -> dict | None:
    """The invitation form filled in from one of the client's contact persons (``?invite=<id>``)."""
    contact = client.contacts.filter(pk=contact_id).exclude(email="").first() if contact_id else None
    if contact is None:
        return None
    first, _space, last = contact.name.strip().rpartition(" ")
    return {"email": contact.email, "first_name": first or last, "last_name": last if first else ""}


@member_required
def client_detail(request, pk: int):
    """The client's data; a POST invites a contact to the client portal (DESIGN §9)."""
    client = selectors.client_for_member(member=request.user, pk=pk)
    if request.method == "POST":
        form = PortalInviteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                access = portal_services.contact_invite(
                    actor=request.user,
                    scope=request.scope,
                    client_id=client.pk,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    permissions={name: data[name] for name in PortalInviteForm.PERMISSIONS},
                )
            except BusinessError as error:
                report_business_error(request, error, form)
            else:
                messages.success(
                    request,
                    _("%(email)s now has access to the client portal and has been told by e-mail.")
                    % {"email": access.user.email},
                )
                return redirect(reverse("customers:detail", args=[client.pk]) + "#portal-access-heading")
    else:
        form = PortalInviteForm(initial=_invite_initial(client, parse_id(request.GET.get("invite"))))
    accesses = list(portal_accesses_of(client))
    context = {
        "client": client,
        "contacts": client.contacts.all(),
        "history": audit_history(client),
        "shared": selectors.client_shared_with_others(client=client, member=request.user),
        "accesses": accesses,
        "access_emails": {access.user.email.lower() for access in accesses},
        "invite_form": form,
    }
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
    client_id = form.instance.pk
    shared = client_id is not None and selectors.client_shared_with_others(client=form.instance, member=request.user)
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        try:
            client = services.client_save(
                actor=request.user, client_id=client_id, values=client_data(form), contacts=contacts_data(contacts)
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            if client_id is not None and client.pk != client_id:
                messages.success(
                    request,
                    _(
                        "Other members also work with this client, so your changes were saved as your own copy. "
                        "Your orders and invoice drafts now use it; the other members' data is unchanged."
                    ),
                )
            elif client_id is None:
                messages.success(request, _("The client has been created."))
            else:
                messages.success(request, _("The client has been saved."))
            return redirect("customers:detail", pk=client.pk)
    context = {"form": form, "contacts": contacts, "similar": similar_to(request, form), "shared": shared}
    return render(request, "customers/client_form.html", context)


def similar_to(request, form) -> list[dict]:
    """Existing clients the member may see whose name resembles the one typed into a submitted form."""
    name = form["name"].value() if form.is_bound else ""
    return selectors.similar_clients(member=request.user, name=name, exclude_pk=form.instance.pk) if name else []


@member_required
@require_POST
def client_create_inline(request):
    """Create a client from the order form's dialog (htmx): the order form picks it up through an event."""
    forms = inline_client_forms(request.POST)
    form, contacts = forms["client_form"], forms["client_contacts"]
    if not (form.is_valid() and contacts.is_valid()):
        return render(request, "customers/client_inline_form.html", {**forms, "similar": similar_to(request, form)})
    try:
        client = services.client_save(
            actor=request.user, client_id=None, values=client_data(form), contacts=contacts_data(contacts)
        )
    except BusinessError as error:
        report_business_error(request, error, form)
        return render(request, "customers/client_inline_form.html", forms)
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
def client_contacts(request: HttpRequest, pk: int) -> JsonResponse:
    """The contact persons of one of the member's clients (JSON), for the order form's contact choice."""
    client = selectors.client_for_member(member=request.user, pk=pk)
    return JsonResponse({"contacts": selectors.contacts_of(client)})


@member_required
def client_typeahead(request):
    matches = selectors.client_typeahead(member=request.user, query=request.GET.get("q", ""))
    return render(request, "customers/typeahead.html", {"matches": matches, "query": request.GET.get("q", "")})


@member_required
def client_take_over(request: HttpRequest, pk: int) -> HttpResponse:
    """The order form's client dialog, prefilled with the public part of another member's client (htmx):
    the member completes it and saves their own client."""
    initial = selectors.client_public_data(pk=pk)
    context = {**inline_client_forms(initial=initial), "taken_over": initial["name"]}
    return render(request, "customers/client_inline_form.html", context)
