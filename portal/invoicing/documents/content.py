"""Everything an invoice document shows, computed once for the PDF and the XML alike."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.core import money
from portal.core.pdf import foreign_country
from portal.entities import tax, vat
from portal.invoicing.models import Invoice
from portal.invoicing.snapshots import issuer_of, recipient_of, wants_xrechnung


@dataclass(frozen=True)
class Line:
    position: int
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    rate: Decimal
    category: str
    net: Decimal
    #: The sum of the line amounts up to and including this line: the carry-forward after it.
    running_net: Decimal = money.ZERO


@dataclass(frozen=True)
class TaxRow:
    category: tax.VatCategory
    rate: Decimal
    basis: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Allowance:
    """A document-level discount for one VAT rate (EN 16931 BG-20)."""

    category: tax.VatCategory
    rate: Decimal
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class InvoiceContent:
    invoice: Invoice
    issuer: dict
    recipient: dict
    lines: list[Line]
    tax_rows: list[TaxRow]
    net: Decimal
    vat: Decimal
    gross: Decimal
    treatment: str
    number: str
    issue_date: date | None
    due_date: date | None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (German, English)
    allowances: list[Allowance] = field(default_factory=list)

    @property
    def line_total(self) -> Decimal:
        return self.net + sum((allowance.amount for allowance in self.allowances), money.ZERO)

    @property
    def is_draft(self) -> bool:
        return not self.number

    @property
    def is_cancellation(self) -> bool:
        return self.invoice.kind == Invoice.Kind.CANCELLATION

    @property
    def client_reference(self) -> str:
        """The client's own reference for the order (e.g. its purchase order number), if given."""
        return self.recipient.get("client_reference", "")

    @property
    def buyer_reference(self) -> str:
        """BT-10: the Leitweg-ID of a public-sector client, else the client's reference, else the order number."""
        return self.recipient.get("leitweg_id") or self.client_reference or f"{self.invoice.order_id}"

    @property
    def purchase_order_reference(self) -> str:
        """BT-13: the client's reference when BT-10 already carries the Leitweg-ID."""
        return self.client_reference if self.recipient.get("leitweg_id") else ""

    @property
    def is_xrechnung(self) -> bool:
        return wants_xrechnung(self.recipient)

    @property
    def recipient_country_name(self) -> str:
        """The client's country as printed under a foreign address; empty for a domestic one."""
        return foreign_country(self.recipient.get("country", ""), self.issuer.get("country", ""))


def invoice_content(invoice: Invoice) -> InvoiceContent:
    """The content of ``invoice``: frozen data once issued, current data for a draft preview."""
    treatment = invoice.vat_treatment
    lines = []
    running_net = money.ZERO
    for index, line in enumerate(invoice.lines.all(), start=1):
        rate = vat.effective_rate(treatment, line.vat_rate)
        running_net += line.net
        lines.append(
            Line(
                position=index,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                rate=rate,
                category=tax.line_category(treatment, rate, invoice.vat_exemption).code,
                net=line.net,
                running_net=running_net,
            )
        )
    totals = money.totals(((line.quantity, line.unit_price, line.rate) for line in lines), invoice.discount)
    reason = invoice.discount_reason or "Rabatt / Discount"
    allowances = [
        Allowance(
            category=tax.line_category(treatment, rate, invoice.vat_exemption), rate=rate, amount=amount, reason=reason
        )
        for rate, amount in sorted(totals.allowance_by_rate.items(), reverse=True)
    ]
    tax_rows = [
        TaxRow(
            category=tax.line_category(treatment, rate, invoice.vat_exemption),
            rate=rate,
            basis=totals.net_by_rate[rate],
            amount=totals.vat_by_rate[rate],
        )
        for rate in sorted(totals.net_by_rate, reverse=True)
    ]
    notes = [(row.category.note_de, row.category.note_en) for row in tax_rows if row.category.note_de]
    return InvoiceContent(
        invoice=invoice,
        issuer=issuer_of(invoice),
        recipient=recipient_of(invoice),
        lines=lines,
        tax_rows=tax_rows,
        net=totals.net,
        vat=totals.vat,
        gross=totals.gross,
        treatment=treatment,
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        notes=list(dict.fromkeys(notes)),
        allowances=allowances,
    )
