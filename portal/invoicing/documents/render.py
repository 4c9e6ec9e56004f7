"""The invoice documents: PDF/A-3b with the embedded EN 16931 XML (ZUGFeRD/Factur-X), XRechnung XML."""

import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from drafthorse.pdf import attach_xml

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


def entity_logo_uri(code: str) -> str:
    """The ``file://`` URI of the entity's logo (``static/pdf/logos/<code>.svg``), or "" without one."""
    if not code:
        return ""
    found = finders.find(f"pdf/logos/{code}.svg")
    return Path(found).as_uri() if isinstance(found, str) else ""


def printed_iban(iban: str) -> str:
    """An IBAN in groups of four characters, as it is printed (e.g. "DE89 3704 0044 …")."""
    compact = iban.replace(" ", "")
    return " ".join(compact[start : start + 4] for start in range(0, len(compact), 4))


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
    context = {
        "c": content,
        "labels": bilingual(language),
        "qr": qr,
        "member": content.invoice.member,
        "logo": entity_logo_uri(issuer.get("code", "")),
        "iban": printed_iban(issuer["iban"]),
    }
    with translation.override(language):
        return render_to_string("invoicing/invoice_pdf.html", context)


_per_thread = threading.local()


def _font_config():
    """The thread's WeasyPrint font configuration, reused by every render.

    A fresh one per document costs ~10 ms (fontconfig set-up, fonts loaded into Pango again); the
    documents are byte for byte the same. WeasyPrint objects are not shared between threads.
    """
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _per_thread.font_config = FontConfiguration()
    return config


def fast_font_subsetting() -> bool:
    """Whether WeasyPrint subsets the embedded fonts with HarfBuzz (Debian: ``libharfbuzz-subset0``).

    Without it WeasyPrint falls back to fontTools, which takes ~100 ms per font and document and
    triples the time to issue an invoice.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def render_pdf(content: InvoiceContent) -> bytes:
    from weasyprint import HTML  # imported lazily: loading the font stack is slow

    html = HTML(string=invoice_html(content), base_url=str(settings.BASE_DIR))
    return html.write_pdf(pdf_variant="pdf/a-3b", font_config=_font_config())


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
