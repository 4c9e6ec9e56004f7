from typing import Any

from django import template
from django.utils import timezone

from portal.invoicing.rows import InvoiceRow
from portal.invoicing.rows import invoice_rows as rows_of

register = template.Library()


@register.simple_tag(takes_context=True)
def invoice_rows(context: template.Context, invoices: Any, staff_links: bool = False) -> list[InvoiceRow]:
    """The table rows of ``invoices``, links into the back office when ``staff_links``."""
    user = context.get("user")
    user_id = user.pk if user is not None and user.is_authenticated else None
    return rows_of(invoices, staff=bool(staff_links), user_id=user_id, today=timezone.localdate())
