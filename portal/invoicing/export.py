"""The staff invoice list as CSV for accounting (streamed, so any number of rows fits)."""

from datetime import date

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from portal.core.csv_export import csv_amount, csv_day, csv_response, csv_text
from portal.invoicing.models import Invoice


def _header() -> list[str]:
    return [
        _("Number"),
        _("Kind"),
        _("Status"),
        _("Entity"),
        _("Invoice date"),
        _("Planned invoice date"),
        _("Due date"),
        _("Client"),
        _("Member"),
        _("Title"),
        _("Net amount"),
        _("VAT"),
        _("Gross amount"),
        _("Paid"),
        _("Outstanding"),
        _("Overdue"),
        _("Reminder level"),
    ]


def _row(invoice: Invoice, today: date) -> list[str]:
    return [
        invoice.number,
        invoice.get_kind_display(),
        invoice.get_status_display(),
        invoice.entity.code,
        csv_day(invoice.issue_date),
        csv_day(invoice.planned_date),
        csv_day(invoice.due_date),
        csv_text(invoice.client.name),
        csv_text(invoice.member.get_full_name() or invoice.member.email),
        csv_text(invoice.title),
        csv_amount(invoice.net_total),
        csv_amount(invoice.vat_total),
        csv_amount(invoice.gross_total),
        csv_amount(invoice.paid_amount),
        csv_amount(invoice.outstanding),
        _("yes") if invoice.overdue_on(today) else _("no"),
        str(invoice.reminder_level),
    ]


def invoices_csv_response(invoices, *, today: date) -> StreamingHttpResponse:
    return csv_response(
        f"invoices-{today.isoformat()}.csv",
        _header,
        lambda: (_row(invoice, today) for invoice in invoices.iterator(chunk_size=2000)),
    )
