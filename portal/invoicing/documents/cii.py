"""EN 16931 invoices in UN/CEFACT CII syntax (Factur-X/ZUGFeRD profile EN16931, XRechnung 3.0), via drafthorse."""

from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax, CategoryTradeTax, TradeAllowanceCharge
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem

from portal.core.units import unit_code
from portal.invoicing.documents.content import Allowance, InvoiceContent

EN16931 = "urn:cen.eu:en16931:2017"
XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01.0"
COMMERCIAL_INVOICE = "380"
SEPA_CREDIT_TRANSFER = "58"
NOT_DEFINED = "1"  # UNTDID 4461: payment means not defined (a refund the seller pays)
EURO = "EUR"


def build_cii(content: InvoiceContent, *, xrechnung: bool = False) -> bytes:
    """The CII XML of an issued invoice (validated against the Factur-X EN16931 schema by drafthorse)."""
    doc = Document()
    doc.context.business_parameter.id = PEPPOL_BILLING
    doc.context.guideline_parameter.id = XRECHNUNG if xrechnung else EN16931
    _header(doc, content)
    _parties(doc, content)
    for line in content.lines:
        doc.trade.items.add(_line_item(line))
    _settlement(doc, content)
    return doc.serialize(schema="FACTUR-X_EN16931")


def _header(doc: Document, content: InvoiceContent) -> None:
    doc.header.id = content.number
    doc.header.type_code = COMMERCIAL_INVOICE
    doc.header.issue_date_time = content.issue_date
    for german, english in content.notes:
        note = IncludedNote()
        note.content = f"{german} / {english}"
        doc.header.notes.add(note)
    if content.is_cancellation:
        original = content.invoice.cancels
        assert original is not None  # a cancellation always cancels an invoice
        note = IncludedNote()
        note.content = f"Stornorechnung zu Rechnung {original.number} / Cancellation of invoice {original.number}"
        doc.header.notes.add(note)


def _parties(doc: Document, content: InvoiceContent) -> None:
    issuer, recipient = content.issuer, content.recipient
    agreement = doc.trade.agreement
    agreement.buyer_reference = content.buyer_reference
    if content.purchase_order_reference:
        agreement.buyer_order.issuer_assigned_id = content.purchase_order_reference
    seller = agreement.seller
    seller.name = issuer["name"]
    seller.contact.person_name = issuer["name"]
    seller.contact.telephone.number = issuer["phone"]
    seller.contact.email.address = issuer["email"]
    _address(seller.address, issuer)
    seller.electronic_address.uri_ID = ("EM", issuer["email"])
    if issuer["register_number"]:
        seller.legal_organization.id = issuer["register_number"]
    # Not-taxable supplies must not name VAT IDs (BR-O-02); the tax number identifies the seller then.
    with_vat_ids = content.treatment != "O"
    if issuer["vat_id"] and with_vat_ids:
        seller.tax_registrations.add(TaxRegistration(id=("VA", issuer["vat_id"])))
    if issuer["tax_number"]:
        seller.tax_registrations.add(TaxRegistration(id=("FC", issuer["tax_number"])))
    buyer = agreement.buyer
    buyer.name = recipient["name"]
    _address(buyer.address, recipient)
    if recipient["invoice_email"]:
        buyer.electronic_address.uri_ID = ("EM", recipient["invoice_email"])
    if recipient["vat_id"] and with_vat_ids:
        buyer.tax_registrations.add(TaxRegistration(id=("VA", recipient["vat_id"])))
    agreement.seller_order.issuer_assigned_id = str(content.invoice.order_id)


def _address(address, party: dict) -> None:
    address.line_one = party["street"]
    address.postcode = party["postal_code"]
    address.city_name = party["city"]
    address.country_id = party["country"]


def _line_item(line) -> LineItem:
    item = LineItem()
    item.document.line_id = str(line.position)
    item.product.name = line.description
    item.agreement.net.amount = line.unit_price
    item.delivery.billed_quantity = (line.quantity, unit_code(line.unit))
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = line.category
    if line.category != "O":
        item.settlement.trade_tax.rate_applicable_percent = line.rate
    item.settlement.monetary_summation.total_amount = line.net
    return item


def _allowance(allowance: Allowance) -> TradeAllowanceCharge:
    """A discount on the whole invoice for one VAT rate (BG-20)."""
    element = TradeAllowanceCharge()
    element.indicator = False
    element.actual_amount = allowance.amount
    element.reason = allowance.reason
    trade_tax = CategoryTradeTax()
    trade_tax.type_code = "VAT"
    trade_tax.category_code = allowance.category.code
    if allowance.category.code != "O":
        trade_tax.rate_applicable_percent = allowance.rate
    element.trade_tax.add(trade_tax)
    return element


def _payment_means(content: InvoiceContent) -> PaymentMeans:
    """A transfer to the seller's account; a refund (a cancellation) asks the buyer for nothing.

    XRechnung requires payment instructions (BR-DE-1) and a transfer code requires the seller's account
    (BR-DE-23), so a refund names no account and the code "not defined" with the refund as its text.
    """
    issuer = content.issuer
    means = PaymentMeans()
    if content.gross <= 0:
        means.type_code = NOT_DEFINED
        means.information.add("Der Betrag wird erstattet / The amount will be refunded")
        return means
    means.type_code = SEPA_CREDIT_TRANSFER
    means.payee_account.iban = issuer["iban"].replace(" ", "")
    means.payee_account.account_name = issuer["name"]
    if issuer["bic"]:
        means.payee_institution.bic = issuer["bic"]
    return means


def _settlement(doc: Document, content: InvoiceContent) -> None:
    invoice = content.invoice
    settlement = doc.trade.settlement
    settlement.currency_code = EURO
    settlement.payment_means.add(_payment_means(content))
    if content.gross > 0:
        settlement.payment_reference = content.number
    for row in content.tax_rows:
        trade_tax = ApplicableTradeTax()
        trade_tax.calculated_amount = row.amount
        trade_tax.type_code = "VAT"
        if row.category.note_de:
            trade_tax.exemption_reason = f"{row.category.note_de} / {row.category.note_en}"
        if row.category.exemption_code:
            trade_tax.exemption_reason_code = row.category.exemption_code
        trade_tax.basis_amount = row.basis
        trade_tax.category_code = row.category.code
        if row.category.code != "O":
            trade_tax.rate_applicable_percent = row.rate
        settlement.trade_tax.add(trade_tax)
    if invoice.service_start and invoice.service_end:
        settlement.period.start = invoice.service_start
        settlement.period.end = invoice.service_end
    terms = PaymentTerms()
    if content.gross > 0:
        due = content.due_date
        terms.description = f"Zahlbar ohne Abzug bis {due:%d.%m.%Y} / Payable without deduction by {due:%Y-%m-%d}"
        terms.due = content.due_date
    else:
        terms.description = "Der Betrag wird erstattet / The amount will be refunded"
    settlement.terms.add(terms)
    for allowance in content.allowances:
        settlement.allowance_charge.add(_allowance(allowance))
    summation = settlement.monetary_summation
    summation.line_total = content.line_total
    summation.charge_total = Decimal("0.00")
    summation.allowance_total = content.line_total - content.net
    summation.tax_basis_total = content.net
    summation.tax_total = (content.vat, EURO)
    summation.grand_total = content.gross
    summation.due_amount = content.gross
    if content.is_cancellation:
        original = invoice.cancels
        assert original is not None
        settlement.invoice_referenced_document.issuer_assigned_id = original.number
        settlement.invoice_referenced_document.issue_date_time = original.issue_date
