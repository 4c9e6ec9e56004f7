from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.orders.models import Order, OrderStatus


def orders_for_member(*, member, entity=None, status: str = "", search: str = "") -> QuerySet[Order]:
    orders = Order.objects.filter(member=member).select_related("client", "entity")
    if entity is not None:
        orders = orders.filter(entity=entity)
    if status:
        orders = orders.filter(status=status)
    if search:
        orders = orders.filter(Q(title__icontains=search) | Q(client__name__icontains=search))
    return orders.order_by("-created_at", "-pk")


def order_for_member(*, member, pk: int) -> Order:
    # Lines are prefetched: the page lists them and Order.totals() sums them from the same cache.
    return get_object_or_404(
        Order.objects.select_related("client", "entity").prefetch_related("lines"), member=member, pk=pk
    )


REVIEW_STATUSES = (OrderStatus.SMART_REVIEW, OrderStatus.CANCELLATION_REVIEW)


def review_queue_for_staff(*, entity) -> QuerySet[Order]:
    """Orders waiting for the Smart team of ``entity``, oldest first. Drafts are never visible to staff."""
    return (
        Order.objects.filter(entity=entity, status__in=REVIEW_STATUSES)
        .select_related("client", "member", "entity")
        .order_by("submitted_at", "pk")
    )


def order_for_staff(*, entity, pk: int) -> Order:
    return get_object_or_404(
        Order.objects.exclude(status=OrderStatus.DRAFT)
        .select_related("client", "member", "entity")
        .prefetch_related("lines"),
        entity=entity,
        pk=pk,
    )
