from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from portal.invoicing.rows import InvoiceRow
from portal.invoicing.rows import invoice_rows as rows_of

register = template.Library()


@register.simple_tag(takes_context=True)
def invoice_rows(context: template.Context, invoices: Any, staff_links: bool = False) -> list[InvoiceRow]:
    """The table rows of ``invoices``, links into the back office when ``staff_links``."""
    user = context.get("user")
    user_id = user.pk if user is not None and user.is_authenticated else None
    return rows_of(invoices, staff=bool(staff_links), user_id=user_id, today=timezone.localdate())


@register.simple_tag
def invoice_table_body(
    rows: list[InvoiceRow],
    staff_links: bool,
    date_label: str,
    gross_label: str,
    cancellation_label: str,
    overdue_label: str,
    xml_title: str,
) -> SafeString:
    """The ``<tr>`` of each row of ``invoicing/invoice_table.html``, written in Python: the same HTML as
    a template loop over the rows, at a fraction of its cost (about 19 template nodes per row)."""
    e = conditional_escape
    date_label, gross_label, xml_title = e(date_label), e(gross_label), e(xml_title)
    cancellation = f' <span class="badge text-bg-light">{e(cancellation_label)}</span>'
    overdue = f' <span class="badge text-bg-danger">{e(overdue_label)}</span>'
    own_badge = render_to_string("backoffice/own_badge.html") if staff_links else ""
    parts = []
    for row in rows:
        url, number, client = e(row.url), e(row.number), e(row.client_name)
        short_number = f'<span class="d-sm-none">{number} · </span>' if row.number else ""
        member = (
            f'<td class="d-none d-lg-table-cell">{e(row.member_name)}{" " + own_badge if row.own else ""}</td>'
            if staff_links
            else ""
        )
        files = (
            f'<a href="{e(row.pdf_url)}" class="me-2" title="PDF"><i class="bi bi-file-earmark-pdf" aria-hidden="true">'
            f'</i><span class="visually-hidden">{e(row.pdf_label)}</span></a><a href="{e(row.xml_url)}" '
            f'title="{xml_title}"><i class="bi bi-filetype-xml" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{e(row.xml_label)}</span></a>'
            if row.pdf_url
            else ""
        )
        parts.append(
            f'\n      <tr data-href="{url}" tabindex="0">'
            f'\n        <td data-label="{date_label}">{e(row.date)}</td>'
            f'\n        <td class="text-nowrap d-none d-sm-table-cell">{number if row.number else "–"}</td>'
            f'\n        <td class="stack-title"><a href="{url}">{e(row.title)}</a>'
            f"{cancellation if row.is_cancellation else ''}"
            f'<div class="small text-body-secondary d-md-none">{short_number}{client}</div></td>'
            f'\n        <td class="d-none d-md-table-cell">{client}</td>'
            f"\n        {member}"
            f'\n        <td class="text-end text-nowrap stack-amount" data-label="{gross_label}">'
            f"{e(row.gross_total)}</td>"
            f'\n        <td class="stack-status">{e(row.status)}{overdue if row.overdue else ""}</td>'
            f'\n        <td class="text-nowrap">{files}</td>'
            "\n      </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)
