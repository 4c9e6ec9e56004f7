"""Invoice list rows: what the invoice table shows, worked out once per row in Python."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.core.rows import date_formatter, money_formatter, status_dots, url_for_pk
from portal.invoicing.models import Invoice, InvoiceStatus, overdue_on

#: The values the table needs: list queries load only these, as plain values (no model instances).
ROW_VALUES = (
    "pk",
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


def for_rows(invoices: QuerySet[Invoice]) -> QuerySet[Invoice, Any]:
    """``invoices`` as the plain values :func:`invoice_rows` reads: building an invoice, its client and
    its member per row cost more than the rest of the row."""
    return invoices.values_list(*ROW_VALUES, named=True)


def _values(invoice: Any) -> Mapping[str, Any]:
    """A row's values from :func:`for_rows` (a named tuple), or the same values of an invoice model."""
    if isinstance(invoice, tuple):
        return invoice._asdict()  # type: ignore[attr-defined]  # the named rows of values_list
    values = {name: getattr(invoice, name) for name in ROW_VALUES if "__" not in name}
    values.update(
        client__name=invoice.client.name,
        member__first_name=invoice.member.first_name,
        member__last_name=invoice.member.last_name,
    )
    return values


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


def invoice_rows(invoices: Iterable[Any], *, staff: bool, user_id: int | None, today: date) -> list[InvoiceRow]:
    app = "backoffice" if staff else "invoicing"
    detail_url, pdf_url, xml_url = (
        url_for_pk(f"{app}:{view}") for view in ("invoice_detail" if staff else "detail", "pdf", "xml")
    )
    date, money, status = date_formatter(), money_formatter(), status_dots(InvoiceStatus.choices)
    pdf_label, xml_label = gettext("PDF of %(number)s"), gettext("E-invoice (XML) of %(number)s")
    rows = []
    for invoice in invoices:
        row = _values(invoice)
        pk, number, kind, state = row["pk"], row["number"], row["kind"], row["status"]
        issued = bool(number)  # Invoice.is_issued
        member_name = f"{row['member__first_name']} {row['member__last_name']}".strip()  # User.get_full_name()
        rows.append(
            InvoiceRow(
                pk=pk,
                url=detail_url(pk),
                date=date(row["issue_date"] or row["planned_date"]),
                number=number,
                title=row["title"],
                is_cancellation=kind == Invoice.Kind.CANCELLATION,
                client_name=row["client__name"],
                member_name=member_name if staff else "",
                own=staff and row["member_id"] == user_id,
                net_total=money(row["net_total"]),
                gross_total=money(row["gross_total"]),
                status=status(state),
                overdue=overdue_on(today, kind=kind, status=state, due_date=row["due_date"]),
                pdf_url=pdf_url(pk) if issued else "",
                xml_url=xml_url(pk) if issued else "",
                pdf_label=pdf_label % {"number": number} if issued else "",
                xml_label=xml_label % {"number": number} if issued else "",
            )
        )
    return rows
