"""Invoice list rows: what the invoice table shows, worked out once per row in Python."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.core.rows import date_formatter, money_formatter, status_dots, url_for_pk
from portal.invoicing.models import Invoice, InvoiceStatus

#: The columns the table needs: list queries load only these.
ROW_FIELDS = (
    "kind",
    "status",
    "title",
    "number",
    "issue_date",
    "planned_date",
    "due_date",
    "net_total",
    "gross_total",
    "member_id",
    "client__name",
    "member__first_name",
    "member__last_name",
)


def for_rows(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """``invoices`` loading only what :func:`invoice_rows` reads (and joining only client and member)."""
    return invoices.select_related(None).select_related("client", "member").only(*ROW_FIELDS)


@dataclass(frozen=True)
class InvoiceRow:
    pk: int
    url: str
    date: str
    number: str
    title: str
    is_cancellation: bool
    client_name: str
    member_name: str
    own: bool
    net_total: str
    gross_total: str
    status: SafeString
    overdue: bool
    pdf_url: str
    xml_url: str
    pdf_label: str
    xml_label: str


def invoice_rows(invoices: Iterable[Invoice], *, staff: bool, user_id: int | None, today: date) -> list[InvoiceRow]:
    app = "backoffice" if staff else "invoicing"
    detail_url, pdf_url, xml_url = (
        url_for_pk(f"{app}:{view}") for view in ("invoice_detail" if staff else "detail", "pdf", "xml")
    )
    date, money, status = date_formatter(), money_formatter(), status_dots(InvoiceStatus.choices)
    pdf_label, xml_label = gettext("PDF of %(number)s"), gettext("E-invoice (XML) of %(number)s")
    rows = []
    for invoice in invoices:
        issued = invoice.is_issued
        rows.append(
            InvoiceRow(
                pk=invoice.pk,
                url=detail_url(invoice.pk),
                date=date(invoice.issue_date or invoice.planned_date),
                number=invoice.number,
                title=invoice.title,
                is_cancellation=invoice.kind == Invoice.Kind.CANCELLATION,
                client_name=invoice.client.name,
                member_name=invoice.member.get_full_name() if staff else "",
                own=staff and invoice.member_id == user_id,
                net_total=money(invoice.net_total),
                gross_total=money(invoice.gross_total),
                status=status(invoice.status),
                overdue=invoice.overdue_on(today),
                pdf_url=pdf_url(invoice.pk) if issued else "",
                xml_url=xml_url(invoice.pk) if issued else "",
                pdf_label=pdf_label % {"number": invoice.number} if issued else "",
                xml_label=xml_label % {"number": invoice.number} if issued else "",
            )
        )
    return rows
