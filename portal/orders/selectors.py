from collections.abc import Iterable

from django.db.models import Q, QuerySet

from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.entities.models import IssuingEntity
from portal.orders.models import Order, OrderStatus

#: Who does not see orders in which status: a draft is the member's alone, and a client sees an
#: order once the Smart team has offered it.
HIDDEN: dict[str, tuple[str, ...]] = {
    Actor.STAFF: (OrderStatus.DRAFT,),
    Actor.CLIENT: (OrderStatus.DRAFT, OrderStatus.SMART_REVIEW),
}


def _visible(scope: Scope) -> QuerySet[Order]:
    return scope.rows(Order.objects.exclude(status__in=HIDDEN.get(scope.actor, ())))


def orders_in(
    scope: Scope, *, entities: Iterable[IssuingEntity] | None = None, status: str = "", search: str = ""
) -> QuerySet[Order]:
    """The orders ``scope`` may read, newest first, optionally of some ``entities`` only."""
    orders = _visible(scope).select_related("client", "entity")
    if entities is not None:
        orders = orders.filter(entity__in=list(entities))
    if status:
        orders = orders.filter(status=status)
    if search:
        orders = orders.filter(Q(title__icontains=search) | Q(client__name__icontains=search))
    return orders.order_by("-created_at", "-pk")


def order_in(scope: Scope, pk: int) -> Order:
    """One order ``scope`` may read, or a 404. Lines are prefetched: the page lists them and
    ``Order.totals()`` sums them from the same cache."""
    return scope.one(
        _visible(scope).select_related("client", "member", "entity", "budget").prefetch_related("lines"), pk
    )


REVIEW_STATUSES = (OrderStatus.SMART_REVIEW, OrderStatus.CANCELLATION_REVIEW)


def review_queue_for_staff(*, entity) -> QuerySet[Order]:
    """Orders waiting for the Smart team of ``entity``, oldest first. Drafts are never visible to staff."""
    return (
        Order.objects.filter(entity=entity, status__in=REVIEW_STATUSES)
        .select_related("client", "member", "entity")
        .order_by("submitted_at", "pk")
    )
