"""The Smart team's clients: every client used in the login's staff entities, and their client portal
(DESIGN §9): who has access and with which permissions, the client's settings and requests, and the
entities' defaults."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.backoffice import selectors
from portal.backoffice.forms import ClientFilterForm
from portal.backoffice.portal_forms import (
    ClientSettingsForm,
    EntitySettingsForm,
    InviteForm,
    PermissionsForm,
    setting_text,
)
from portal.clientportal import services as portal_services
from portal.clientportal.access import DEFAULTS, SETTING_NAMES, Settings, entity_defaults, resolve
from portal.clientportal.models import ContactAccess
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.permissions import staff_required
from portal.core.views import paginate, parse_id, perform, query_without_page, report_business_error
from portal.customers.models import Client
from portal.entities.models import IssuingEntity

#: Orders, invoices and requests shown on a client's page; the full lists are one link away.
DETAIL_ROWS = 25


@staff_required
def client_list(request) -> HttpResponse:
    form = ClientFilterForm(request.GET, entities=staff_entities(request.roles))
    form.is_valid()
    context = {
        "form": form,
        "page": paginate(request, selectors.client_list_for_staff(request.scope, **form.filters())),
        "query": query_without_page(request),
    }
    return render(request, "backoffice/client_list.html", context)


@staff_required
def client_detail(request, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.client_for_staff(request.scope, pk))


def _detail_page(
    request, client: Client, *, invite_form: InviteForm | None = None, settings_form: ClientSettingsForm | None = None
) -> HttpResponse:
    """The client's page; a form that was sent with errors is shown again as sent."""
    orders = selectors.client_orders_for_staff(request.scope, client)
    invoices = selectors.client_invoices_for_staff(request.scope, client)
    contacts = list(client.contacts.all())
    accesses = list(selectors.client_portal_accesses(client))
    context = {
        "client": client,
        "contacts": contacts,
        "orders": orders[:DETAIL_ROWS],
        "order_count": orders.count(),
        "invoices": invoices[:DETAIL_ROWS],
        "invoice_count": invoices.count(),
        "history": audit_history(client),
        "accesses": accesses,
        "invitable": _invitable(contacts, accesses),
        "invite_form": invite_form or InviteForm(initial=_invite_initial(request, contacts)),
        "settings_form": settings_form or _settings_form(request, client),
        "requests": selectors.client_requests_for_staff(request.scope, client)[:DETAIL_ROWS],
    }
    return render(request, "backoffice/client_detail.html", context)


def _portal_url(client: Client, anchor: str = "portal-heading") -> str:
    return f"{reverse('backoffice:client_detail', args=[client.pk])}#{anchor}"


# --- contacts with portal access ----------------------------------------------------------------------


def _invitable(contacts: list[Any], accesses: list[ContactAccess]) -> list[Any]:
    """The client's contact persons with an e-mail address but no portal access yet: quick choices."""
    taken = {access.user.email.lower() for access in accesses}
    return [contact for contact in contacts if contact.email and contact.email.lower() not in taken]


def _invite_initial(request, contacts: list[Any]) -> dict[str, Any]:
    """The invitation form filled in from a contact person (``?invite=<id>``), if one was chosen."""
    chosen = parse_id(request.GET.get("invite"))
    contact = next((contact for contact in contacts if contact.pk == chosen), None)
    if contact is None:
        return {}
    first_name, _space, last_name = contact.name.strip().rpartition(" ")
    if not first_name:
        first_name, last_name = last_name, ""
    return {"email": contact.email, "first_name": first_name[:150], "last_name": last_name[:150]}


@staff_required
@require_POST
def client_portal_invite(request, pk: int) -> HttpResponse:
    client = selectors.client_for_staff(request.scope, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            portal_services.contact_invite(
                actor=request.user,
                scope=request.scope,
                client_id=client.pk,
                email=email,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                permissions=form.permissions(),
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(
                request, _("%(email)s now has access to the client portal and gets an e-mail.") % {"email": email}
            )
            return redirect(_portal_url(client))
    return _detail_page(request, client, invite_form=form)


def _on_access(request, pk: int, access_pk: int, action: Callable[[ContactAccess], None], success: str) -> HttpResponse:
    """Run ``action`` on one of the client's accesses (the service refuses one's own access: four eyes)."""
    client = selectors.client_for_staff(request.scope, pk)
    access = selectors.client_portal_access(client, access_pk)
    return perform(
        request,
        lambda: action(access),
        success=success % {"email": access.user.email},
        redirect_to=_portal_url(client, "portal-access"),
    )


@staff_required
@require_POST
def client_portal_permissions(request, pk: int, access_pk: int) -> HttpResponse:
    form = PermissionsForm(request.POST)
    form.is_valid()  # checkboxes: anything sent reads as ticked or not
    return _on_access(
        request,
        pk,
        access_pk,
        lambda access: portal_services.contact_set_permissions(
            actor=request.user, scope=request.scope, access_id=access.pk, permissions=form.permissions()
        ),
        _("The permissions of %(email)s have been saved."),
    )


@staff_required
@require_POST
def client_portal_deactivate(request, pk: int, access_pk: int) -> HttpResponse:
    return _on_access(
        request,
        pk,
        access_pk,
        lambda access: portal_services.contact_set_active(
            actor=request.user, scope=request.scope, access_id=access.pk, active=False
        ),
        _("%(email)s can no longer sign in to this client's portal."),
    )


@staff_required
@require_POST
def client_portal_reactivate(request, pk: int, access_pk: int) -> HttpResponse:
    return _on_access(
        request,
        pk,
        access_pk,
        lambda access: portal_services.contact_set_active(
            actor=request.user, scope=request.scope, access_id=access.pk, active=True
        ),
        _("%(email)s has access to this client's portal again, with the same permissions."),
    )


@staff_required
@require_POST
def client_portal_resend(request, pk: int, access_pk: int) -> HttpResponse:
    return _on_access(
        request,
        pk,
        access_pk,
        lambda access: portal_services.contact_resend_invitation(
            actor=request.user, scope=request.scope, access_id=access.pk
        ),
        _("A new invitation has been sent to %(email)s."),
    )


# --- the client's settings ----------------------------------------------------------------------------


def _by_entity(entities: list[IssuingEntity], values: Mapping[int, Settings], name: str) -> str:
    """One setting over the client's entities: the value, or each entity's when they differ."""
    texts = [(entity.code, setting_text(values.get(entity.pk, DEFAULTS), name)) for entity in entities]
    if not texts:
        return setting_text(DEFAULTS, name)
    if len({text for _code, text in texts}) == 1:
        return texts[0][1]
    return " · ".join(f"{code}: {text}" for code, text in texts)


def _settings_form(request, client: Client, data: Any = None) -> ClientSettingsForm:
    """The client's settings, each with the entities' default and the value that applies now (for the
    entities of the login the client works with)."""
    entities = selectors.client_entities_for_staff(request.scope, client)
    stored = entity_defaults([entity.pk for entity in entities])
    defaults = {entity.pk: stored.get(entity.pk, DEFAULTS) for entity in entities}
    own = selectors.client_portal_settings(client)
    effective = {pk: resolve(settings, own) for pk, settings in defaults.items()}
    return ClientSettingsForm(
        data,
        initial=ClientSettingsForm.initial_from(own),
        defaults={name: _by_entity(entities, defaults, name) for name in SETTING_NAMES},
        effective={name: _by_entity(entities, effective, name) for name in SETTING_NAMES},
    )


@staff_required
@require_POST
def client_portal_settings(request, pk: int) -> HttpResponse:
    client = selectors.client_for_staff(request.scope, pk)
    form = _settings_form(request, client, request.POST)
    if form.is_valid():
        try:
            portal_services.client_settings_save(
                actor=request.user, scope=request.scope, client_id=client.pk, values=form.values()
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The client's portal settings have been saved."))
            return redirect(_portal_url(client, "portal-settings-heading"))
    return _detail_page(request, client, settings_form=form)


# --- the entities' defaults ---------------------------------------------------------------------------


def _entity_form(entity: IssuingEntity, stored: Mapping[int, Settings], data: Any = None) -> EntitySettingsForm:
    initial = EntitySettingsForm.initial_from(stored.get(entity.pk, DEFAULTS))
    return EntitySettingsForm(data, initial=initial, prefix=f"entity-{entity.pk}")


@staff_required
def portal_settings(request) -> HttpResponse:
    """The client portal's defaults of each entity the login works in as the Smart team."""
    entities = staff_entities(request.roles)
    stored = entity_defaults([entity.pk for entity in entities])
    forms = {entity.pk: _entity_form(entity, stored) for entity in entities}
    if request.method == "POST":
        entity_id = parse_id(request.POST.get("entity"))
        entity = next((entity for entity in entities if entity.pk == entity_id), None)
        if entity is None:
            raise Http404
        form = forms[entity.pk] = _entity_form(entity, stored, request.POST)
        if form.is_valid():
            try:
                portal_services.entity_settings_save(
                    actor=request.user, scope=request.scope, entity_id=entity.pk, values=form.values()
                )
            except BusinessError as error:
                report_business_error(request, error, form)
            else:
                messages.success(
                    request, _("The client portal's defaults of %(entity)s have been saved.") % {"entity": entity.name}
                )
                return redirect("backoffice:portal_settings")
    context = {
        "rows": [(entity, forms[entity.pk]) for entity in entities],
    }
    return render(request, "backoffice/portal_settings.html", context)
