"""The invoice documents: PDF/A-3b with the embedded EN 16931 XML (ZUGFeRD/Factur-X), XRechnung XML."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from drafthorse.pdf import attach_xml

from portal.core.pdf import entity_logo_uri, html_to_pdf, line_columns, printed_iban
from portal.invoicing.documents.cii import build_cii
from portal.invoicing.documents.content import InvoiceContent, invoice_content
from portal.invoicing.documents.girocode import girocode_data_uri
from portal.invoicing.documents.labels import bilingual
from portal.invoicing.models import Invoice


@dataclass(frozen=True)
class Documents:
    pdf: bytes
    xml: bytes  # the Factur-X XML embedded in the PDF, or the XRechnung for public-sector clients
    xml_name: str


def invoice_html(content: InvoiceContent) -> str:
    issuer = content.issuer
    qr = ""
    if content.gross > 0 and issuer["iban"]:
        qr = girocode_data_uri(
            name=issuer["name"],
            iban=issuer["iban"],
            bic=issuer["bic"],
            amount=content.gross,
            reference=content.number or content.invoice.title,
        )
    language = content.recipient.get("language") or "de"
    labels = bilingual(language)
    title = labels["cancellation"] if content.is_cancellation else labels["invoice"]
    context = {
        "c": content,
        "document_title": f"{title} {content.number}".strip(),
        "language": language,
        "issuer": issuer,
        "recipient": content.recipient,
        "recipient_country": content.recipient_country_name,
        "labels": labels,
        "qr": qr,
        "member": content.invoice.member,
        "logo": entity_logo_uri(issuer.get("code", "")),
        "iban": printed_iban(issuer["iban"]),
    }
    with translation.override(language):
        context["columns"] = line_columns(content, labels)
        return render_to_string("invoicing/invoice_pdf.html", context)


def render_pdf(content: InvoiceContent) -> bytes:
    return html_to_pdf(invoice_html(content))


def preview_pdf(invoice: Invoice) -> bytes:
    """A draft exactly as it will be issued, marked as a draft and without number."""
    return render_pdf(invoice_content(invoice))


def issued_documents(invoice: Invoice) -> Documents:
    """The documents of an invoice that has its number and snapshots."""
    content = invoice_content(invoice)
    factur_x = build_cii(content)
    pdf = attach_xml(render_pdf(content), factur_x, level="EN 16931", lang=content.recipient.get("language"))
    if content.is_xrechnung:
        return Documents(pdf=pdf, xml=build_cii(content, xrechnung=True), xml_name="xrechnung.xml")
    return Documents(pdf=pdf, xml=factur_x, xml_name="factur-x.xml")
