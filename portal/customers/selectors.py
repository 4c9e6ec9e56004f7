"""Reads of clients, always for one actor.

Rule (docs/decisions.md): a member works with the clients they created and the clients already on one
of their own orders. Those are the only ones they can see, open, edit and choose for an order. Of all
other clients the type-ahead shows name and city, and the order form offers to create the member's
own client prefilled with the public part (name and address) — never contacts, invoice e-mail, VAT ID.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.customers.models import Client

TYPEAHEAD_MIN_LENGTH = 3
TYPEAHEAD_LIMIT = 10

#: What another member's client shares when a member takes it over as their own (its public part).
PUBLIC_FIELDS = ("kind", "name", "street", "postal_code", "city", "country")


def clients_for_member(*, member: Any, search: str = "") -> QuerySet[Client]:
    """Clients the member works with: created by them or named on one of their orders."""
    clients = Client.objects.filter(Q(created_by=member) | Q(pk__in=member.orders.values("client_id"))).distinct()
    if search:
        clients = clients.filter(Q(name__icontains=search) | Q(city__icontains=search))
    return clients.order_by("name", "pk")


def client_for_member(*, member: Any, pk: int) -> Client:
    return get_object_or_404(clients_for_member(member=member), pk=pk)


def client_usable_by_member(*, member: Any, pk: int | None) -> bool:
    """Whether the member may choose client ``pk`` for an order (no client at all is fine for a draft)."""
    return pk is None or clients_for_member(member=member).filter(pk=pk).exists()


def contacts_of(client: Client) -> list[dict[str, Any]]:
    """The client's contact persons, first entered first (the first is the usual contact for orders)."""
    return [dict(row) for row in client.contacts.order_by("pk").values("id", "name", "email")]


def client_shared_with_others(*, client: Client, member: Any) -> bool:
    """Whether a change to ``client`` would reach anyone but ``member``: someone else created it, or
    another member's orders or invoices use it."""
    if client.created_by_id != member.pk:
        return True
    return client.order_set.exclude(member=member).exists() or client.invoice_set.exclude(member=member).exists()


def client_typeahead(*, member: Any, query: str) -> list[dict[str, Any]]:
    """The member's own matches first (``own``), then other businesses in the shared client database,
    reduced to name and city. Private persons of other members are never shown."""
    query = query.strip()
    if len(query) < TYPEAHEAD_MIN_LENGTH:
        return []
    mine = clients_for_member(member=member).filter(name__icontains=query)
    own = [{**match, "own": True} for match in mine.values("pk", "name", "city")[:TYPEAHEAD_LIMIT]]
    names = {match["name"] for match in own}
    shared = (
        Client.objects.filter(name__icontains=query)
        .exclude(kind=Client.Kind.PRIVATE)
        .exclude(pk__in=mine.values("pk"))
        .exclude(name__in=names)  # the member's own copy already stands for it
        .order_by("name", "pk")
        .values("pk", "name", "city")
    )
    return own + [{**match, "own": False} for match in shared[: TYPEAHEAD_LIMIT - len(own)]]


def client_public_data(*, pk: int) -> dict[str, Any]:
    """The public part of a shared business client, to prefill the member's own new client (404 else)."""
    client = get_object_or_404(Client.objects.exclude(kind=Client.Kind.PRIVATE), pk=pk)
    data = {name: getattr(client, name) for name in PUBLIC_FIELDS}
    data["country"] = str(client.country)  # the code
    return data


def similar_clients(*, member: Any, name: str, exclude_pk: int | None = None) -> list[dict]:
    """Clients whose name resembles ``name``, to warn before a duplicate is created: the member's own
    and businesses of the shared client database (as the type-ahead, never another's private persons)."""
    words = [word for word in name.replace(",", " ").split() if len(word) >= TYPEAHEAD_MIN_LENGTH]
    if not words:
        return []
    condition = Q()
    for word in words[:3]:
        condition |= Q(name__icontains=word)
    visible = Q(pk__in=clients_for_member(member=member).values("pk")) | ~Q(kind=Client.Kind.PRIVATE)
    matches = Client.objects.filter(condition).filter(visible)
    if exclude_pk:
        matches = matches.exclude(pk=exclude_pk)
    return [dict(row) for row in matches.order_by("name").values("pk", "name", "city")[:5]]
