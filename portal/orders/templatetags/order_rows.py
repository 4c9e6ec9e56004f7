from typing import Any

from django import template

from portal.orders.rows import OrderRow
from portal.orders.rows import order_rows as rows_of

register = template.Library()


@register.simple_tag(takes_context=True)
def order_rows(context: template.Context, orders: Any, staff_links: bool = False) -> list[OrderRow]:
    """The table rows of ``orders``, links into the back office when ``staff_links``."""
    user = context.get("user")
    user_id = user.pk if user is not None and user.is_authenticated else None
    return rows_of(orders, staff=bool(staff_links), user_id=user_id)
