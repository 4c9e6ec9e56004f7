"""Reads of the Smart team's search pages: all orders and all clients of the login's staff entities.

Both follow the staff scope (``portal.core.scope``: every entity in which the login holds a staff
role, like the invoice pages); ``entities`` narrows them down. Drafts stay invisible to staff.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portal.accounts.models import Role
from portal.clientportal.models import ClientPortalSettings, ClientRequest, ContactAccess
from portal.core.scope import Scope
from portal.customers.models import Client
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice
from portal.orders.models import Order
from portal.orders.selectors import orders_in


def _order_number(search: str) -> int | None:
    """The order id in a search such as ``#42`` or ``42``, if it is one."""
    digits = search.removeprefix("#")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 19 else None


def orders_for_staff(
    scope: Scope,
    *,
    entities: Iterable[IssuingEntity] | None = None,
    search: str = "",
    status: str = "",
    member_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Order]:
    """The orders ``scope`` may read (for staff: no drafts), newest first; dates filter on the creation day."""
    orders = orders_in(scope, entities=entities, status=status).select_related("member")
    if member_id is not None:
        orders = orders.filter(member_id=member_id)
    if date_from:
        orders = orders.filter(created_at__date__gte=date_from)
    if date_to:
        orders = orders.filter(created_at__date__lte=date_to)
    if search:
        matching = (
            Q(title__icontains=search)
            | Q(client__name__icontains=search)
            | Q(member__first_name__icontains=search)
            | Q(member__last_name__icontains=search)
            | Q(member__email__icontains=search)
        )
        number = _order_number(search)
        if number is not None:
            matching |= Q(pk=number)
        orders = orders.filter(matching)
    return orders


def _used_in(scope: Scope, entities: Iterable[IssuingEntity] | None) -> Q:
    """Clients with an order (that ``scope`` may read) or an invoice in ``scope`` and ``entities``."""
    orders = orders_in(scope, entities=entities).filter(client=OuterRef("pk"))
    invoices = scope.rows(Invoice.objects.filter(client=OuterRef("pk")))
    if entities is not None:
        invoices = invoices.filter(entity__in=list(entities))
    return Q(Exists(orders.values("pk"))) | Q(Exists(invoices.values("pk")))


def clients_for_staff(
    scope: Scope, *, entities: Iterable[IssuingEntity] | None = None, search: str = ""
) -> QuerySet[Client]:
    """Clients used in the entities of ``scope`` (optionally some ``entities`` only), by name."""
    clients = Client.objects.filter(_used_in(scope, entities))
    if search:
        clients = clients.filter(
            Q(name__icontains=search)
            | Q(city__icontains=search)
            | Q(vat_id__icontains=search.replace(" ", ""))
            | Q(invoice_email__icontains=search)
            | Q(contacts__email__icontains=search)
        ).distinct()
    return clients.order_by("name", "pk")


def client_for_staff(scope: Scope, pk: int) -> Client:
    """One client used in the entities of ``scope``; 404 for clients only others (or nobody) use."""
    return get_object_or_404(Client.objects.filter(_used_in(scope, None)), pk=pk)


def client_orders_for_staff(scope: Scope, client: Client) -> QuerySet[Order]:
    return orders_for_staff(scope).filter(client=client)


def client_invoices_for_staff(scope: Scope, client: Client) -> QuerySet[Invoice]:
    return (
        scope.rows(Invoice.objects.filter(client=client))
        .select_related("client", "member", "entity")
        .order_by("-planned_date", "-pk")
    )


# --- the client portal (DESIGN §9) -----------------------------------------------------------------


def client_list_for_staff(
    scope: Scope, *, entities: Iterable[IssuingEntity] | None = None, search: str = ""
) -> QuerySet[Client]:
    """``clients_for_staff``, also found by the e-mail address of a portal contact, each with the number
    of its active portal contacts (``portal_contacts``, one subquery: no query per row)."""
    clients = clients_for_staff(scope, entities=entities, search=search)
    if search:
        by_portal = Exists(ContactAccess.objects.filter(client=OuterRef("pk"), user__email__icontains=search))
        clients = clients | clients_for_staff(scope, entities=entities).filter(by_portal).distinct()
    active = (
        ContactAccess.objects.filter(client=OuterRef("pk"), active=True)
        .order_by()
        .values("client")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return clients.annotate(portal_contacts=Coalesce(Subquery(active), 0))


def client_portal_accesses(client: Client) -> QuerySet[ContactAccess]:
    """Everyone with portal access to ``client`` (deactivated ones too), with who invited them."""
    return (
        ContactAccess.objects.filter(client=client)
        .select_related("user", "invited_by")
        .order_by("-active", "user__last_name", "user__first_name", "user__email", "pk")
    )


def client_portal_access(client: Client, pk: int) -> ContactAccess:
    """One portal access of ``client``; 404 for another client's or an unknown one."""
    return get_object_or_404(client_portal_accesses(client), pk=pk)


def client_entities_for_staff(scope: Scope, client: Client) -> list[IssuingEntity]:
    """The entities of ``scope`` the client works with (an order the staff may read, or an invoice)."""
    orders = orders_in(scope).filter(client=client, entity=OuterRef("pk"))
    invoices = Invoice.objects.filter(client=client, entity=OuterRef("pk"))
    return list(
        IssuingEntity.objects.filter(pk__in=scope.entity_ids)
        .filter(Q(Exists(orders.values("pk"))) | Q(Exists(invoices.values("pk"))))
        .order_by("code")
    )


def client_requests_for_staff(scope: Scope, client: Client) -> QuerySet[ClientRequest]:
    """The client's requests to members of the entities of ``scope``, newest first."""
    members = Role.objects.filter(user=OuterRef("member"), kind=Role.Kind.MEMBER, entity_id__in=scope.entity_ids)
    return (
        ClientRequest.objects.filter(client=client)
        .filter(Exists(members))
        .select_related("member", "contact")
        .order_by("-created_at", "-pk")
    )


def client_portal_settings(client: Client) -> ClientPortalSettings | None:
    """The client's own portal settings, if it has any."""
    return ClientPortalSettings.objects.filter(client=client).first()
