"""PDF documents from HTML templates (WeasyPrint, PDF/A-3b): the parts invoices and offers share.

Both extend ``templates/pdf/document.html`` (page, fonts, logo, letterhead, addresses) and include
``pdf/lines.html`` and ``pdf/totals.html``; the labels those templates print are ``DOCUMENT_LABELS``.
"""

import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The texts of the shared document templates: letterhead, line table, totals, page footer.
DOCUMENT_LABELS: dict[str, Promise] = {
    "description": _("Description"),
    "quantity": _("Quantity"),
    "unit_price": _("Unit price"),
    "vat_rate": _("VAT"),
    "net": _("Net"),
    "net_total": _("Total net"),
    "line_total": _("Line items"),
    "discount": _("Discount"),
    "vat_amount": _("VAT"),
    "vat_total": _("Total VAT"),
    "gross_total": _("Total amount"),
    "vat_id": _("VAT ID"),
    "tax_number": _("Tax number"),
    "page": _("Page"),
    "carried_forward": _("Carried forward"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "web": _("Web"),
    "seat": _("Registered seat"),
    "register": _("Register"),
    "board": _("Board"),
    "supervisory_chair": _("Chair of the supervisory board"),
}


def document_labels(labels: dict[str, Promise], language: str, *, bilingual: bool) -> dict[str, str]:
    """``labels`` in ``language``; ``bilingual``: as "primary / secondary" (German and English)."""
    with translation.override(language):
        primary = {key: str(label) for key, label in labels.items()}
    if not bilingual:
        return primary
    with translation.override("en" if language == "de" else "de"):
        secondary = {key: str(label) for key, label in labels.items()}
    return {key: text if text == secondary[key] else f"{text} / {secondary[key]}" for key, text in primary.items()}


def foreign_country(country: str, home: str) -> str:
    """The country printed under an address: its name when it is not the issuer's ``home``, else ""."""
    if not country or country == home:
        return ""
    from django_countries import countries

    return str(countries.name(country)) or country


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


_per_thread = threading.local()


def _font_config() -> Any:
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


def html_to_pdf(html: str) -> bytes:
    """A PDF/A-3b of ``html`` (paths such as the logo's are resolved from the project directory)."""
    from weasyprint import HTML  # imported lazily: loading the font stack is slow

    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/a-3b", font_config=_font_config())


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    """Render ``template`` in ``language`` and return the PDF bytes."""
    with translation.override(language):
        html = render_to_string(template, context)
    return html_to_pdf(html)
