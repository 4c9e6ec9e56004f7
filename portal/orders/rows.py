"""Order list rows: what the order table shows, worked out once per row in Python."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.core.rows import date_formatter, money_formatter, status_dots, url_for_pk
from portal.orders.models import Order, OrderStatus

#: The values the table needs: list queries load only these, as plain values (no model instances).
ROW_VALUES = ("pk", "status", "title", "created_at", "net_total", "member_id", "client__name")


def for_rows(orders: QuerySet[Order]) -> QuerySet[Order, Any]:
    """``orders`` as the plain values :func:`order_rows` reads (named tuples of :data:`ROW_VALUES`)."""
    return orders.values_list(*ROW_VALUES, named=True)


def _client_name(order: Any) -> str | None:
    """The client's name from a row of :func:`for_rows` (a named tuple) or from an order model."""
    if isinstance(order, tuple):
        return order.client__name  # type: ignore[attr-defined]  # the named rows of values_list
    return order.client.name if order.client is not None else None


@dataclass(frozen=True)
class OrderRow:
    pk: int
    url: str
    date: str
    title: str
    client_name: str
    own: bool
    net_total: str
    status: SafeString


def order_rows(orders: Iterable[Any], *, staff: bool, user_id: int | None) -> list[OrderRow]:
    detail_url = url_for_pk("backoffice:order_detail" if staff else "orders:detail")
    untitled = gettext("(untitled draft)")
    date, money, status = date_formatter(), money_formatter(), status_dots(OrderStatus.choices)
    return [
        OrderRow(
            pk=order.pk,
            url=detail_url(order.pk),
            date=date(timezone.localtime(order.created_at)),  # the lists are sorted by it
            title=order.title or untitled,
            client_name=_client_name(order) or "–",
            own=staff and order.member_id == user_id,
            net_total=money(order.net_total),
            status=status(order.status),
        )
        for order in orders
    ]
