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
    """The table rows of ``orders``: rows of :func:`for_rows` (or rows with the same names)."""
    detail_url = url_for_pk("backoffice:order_detail" if staff else "orders:detail")
    untitled = gettext("(untitled draft)")
    date, money, status = date_formatter(), money_formatter(), status_dots(OrderStatus.choices)
    return [
        OrderRow(
            pk=order.pk,
            url=detail_url(order.pk),
            date=date(timezone.localtime(order.created_at)),  # the lists are sorted by it
            title=order.title or untitled,
            client_name=order.client__name or "–",
            own=staff and order.member_id == user_id,
            net_total=money(order.net_total),
            status=status(order.status),
        )
        for order in orders
    ]
