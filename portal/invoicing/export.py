"""The staff invoice list as CSV for accounting (streamed, so any number of rows fits)."""

import csv
from collections.abc import Iterator
from datetime import date

from django.http import StreamingHttpResponse
from django.utils.formats import number_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from portal.invoicing.models import Invoice


class _Echo:
    """A file-like object that hands each CSV row back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _amount(value) -> str:
    # Localised decimal separator without grouping, so spreadsheets in either language read numbers.
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=False)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


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
        _day(invoice.issue_date),
        _day(invoice.planned_date),
        _day(invoice.due_date),
        _text(invoice.client.name),
        _text(invoice.member.get_full_name() or invoice.member.email),
        _text(invoice.title),
        _amount(invoice.net_total),
        _amount(invoice.vat_total),
        _amount(invoice.gross_total),
        _amount(invoice.paid_amount),
        _amount(invoice.outstanding),
        _("yes") if invoice.overdue_on(today) else _("no"),
        str(invoice.reminder_level),
    ]


def _text(value: str) -> str:
    """Neutralise cell text that a spreadsheet would run as a formula (names are typed by users)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _stream(invoices, today: date, language: str) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    # Rows are produced after the view returned, so the request's language is set again here.
    with override(language):
        yield "\ufeff"  # byte order mark: spreadsheets then read the file as UTF-8
        yield writer.writerow(_header())
        for invoice in invoices.iterator(chunk_size=2000):
            yield writer.writerow(_row(invoice, today))


def invoices_csv_response(invoices, *, today: date) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_stream(invoices, today, get_language()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invoices-{today.isoformat()}.csv"'
    return response
