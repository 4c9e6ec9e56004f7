"""Order list rows: what the order table shows, worked out once per row in Python."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.core.rows import url_for_pk
from portal.core.templatetags.portal import money, status_dot
from portal.orders.models import Order

#: The columns the table needs: list queries load only these.
ROW_FIELDS = ("status", "title", "submitted_at", "created_at", "net_total", "member_id", "client__name", "entity__code")


def for_rows(orders: QuerySet[Order]) -> QuerySet[Order]:
    """``orders`` loading only what :func:`order_rows` reads."""
    return orders.select_related("client", "entity").only(*ROW_FIELDS)


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


def order_rows(orders: Iterable[Order], *, staff: bool, user_id: int | None) -> list[OrderRow]:
    detail_url = url_for_pk("backoffice:order_detail" if staff else "orders:detail")
    untitled = gettext("(untitled draft)")
    return [
        OrderRow(
            pk=order.pk,
            url=detail_url(order.pk),
            date=formats.date_format(timezone.localtime(order.submitted_at or order.created_at), "SHORT_DATE_FORMAT"),
            title=order.title or untitled,
            client_name=(order.client.name if order.client is not None else "") or "–",
            own=staff and order.member_id == user_id,
            net_total=money(order.net_total),
            status=status_dot(order.status, order.get_status_display()),
        )
        for order in orders
    ]
