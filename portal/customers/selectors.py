from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.customers.models import Client

TYPEAHEAD_MIN_LENGTH = 3
TYPEAHEAD_LIMIT = 10


def clients_for_member(*, member, search: str = "") -> QuerySet[Client]:
    """Clients the member works with: created by them or named on one of their orders."""
    clients = Client.objects.filter(Q(created_by=member) | Q(pk__in=member.orders.values("client_id"))).distinct()
    if search:
        clients = clients.filter(Q(name__icontains=search) | Q(city__icontains=search))
    return clients.order_by("name", "pk")


def client_for_member(*, member, pk: int) -> Client:
    return get_object_or_404(clients_for_member(member=member), pk=pk)


def client_typeahead(*, query: str) -> list[dict]:
    """Matches from the shared client database, reduced to name and city (nothing else is shared)."""
    query = query.strip()
    if len(query) < TYPEAHEAD_MIN_LENGTH:
        return []
    return list(
        Client.objects.filter(name__icontains=query).order_by("name").values("pk", "name", "city")[:TYPEAHEAD_LIMIT]
    )


def similar_clients(*, name: str, exclude_pk: int | None = None) -> list[dict]:
    """Clients whose name resembles ``name``, to warn before a duplicate is created."""
    words = [word for word in name.replace(",", " ").split() if len(word) >= TYPEAHEAD_MIN_LENGTH]
    if not words:
        return []
    condition = Q()
    for word in words[:3]:
        condition |= Q(name__icontains=word)
    matches = Client.objects.filter(condition)
    if exclude_pk:
        matches = matches.exclude(pk=exclude_pk)
    return list(matches.order_by("name").values("pk", "name", "city")[:5])
