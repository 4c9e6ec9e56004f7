"""PDF documents from HTML templates (WeasyPrint, PDF/A-3b): the parts invoices and offers share.

Both extend ``templates/pdf/document.html`` (page, fonts, logo, letterhead, addresses) and include
``pdf/lines.html`` and ``pdf/totals.html``; the labels those templates print are ``DOCUMENT_LABELS``
and the widths of the line table's number columns come from ``line_columns``.
"""

import threading
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.staticfiles import finders
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


class LineLike(Protocol):
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def net(self) -> Decimal: ...


#: Narrowest widths (mm) of the line table's number columns; most documents print in these.
MIN_COLUMNS = {"quantity": 24.0, "price": 25.0, "rate": 15.0, "amount": 25.0}
_FONT_MM = 9.5 * 25.4 / 72  # the body's font size
_CELL_PADDING_MM = 3.2


#: Advance widths (1/1000 em) of DejaVu Sans Bold, the bold face of the documents' font and wider
#: than the regular one, for the characters from " " to "~" and a few more.
_ASCII_WIDTHS = (
    "348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 696 696 696 696 400 "
    "400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 637 995 837 850 733 850 770 720 682 812 "
    "774 1103 771 724 725 457 365 457 838 500 500 675 716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 "
    "716 493 595 478 712 652 924 645 652 582 712 365 712 838"
)
_WIDTHS = {chr(32 + index): int(width) / 1000 for index, width in enumerate(_ASCII_WIDTHS.split())}
_WIDTHS.update({"Ä": 0.774, "Ö": 0.85, "Ü": 0.812, "ä": 0.675, "ö": 0.687, "ü": 0.712, "ß": 0.719})
_WIDTHS.update({"€": 0.696, "–": 0.5, "−": 0.838, "\u00a0": 0.348})
_WIDEST = 1.103


def _em_width(text: str) -> float:
    """The width of ``text`` in DejaVu Sans Bold, in em; other characters count as the widest."""
    return sum(_WIDTHS.get(char, _WIDEST) for char in text)


def _column_mm(texts: Iterable[str], minimum: float) -> str:
    widest = max((_em_width(text) for text in texts), default=0.0)
    return f"{max(minimum, widest * _FONT_MM + _CELL_PADDING_MM):.1f}mm"


class _Amount(Protocol):
    @property
    def amount(self) -> Decimal: ...


class DocumentLike(Protocol):
    """What ``pdf/lines.html`` and ``pdf/totals.html`` print of an invoice or offer."""

    @property
    def lines(self) -> Sequence[LineLike]: ...
    @property
    def line_total(self) -> Decimal: ...
    @property
    def net(self) -> Decimal: ...
    @property
    def vat(self) -> Decimal: ...
    @property
    def gross(self) -> Decimal: ...
    @property
    def tax_rows(self) -> Sequence[_Amount]: ...
    @property
    def allowances(self) -> Sequence[_Amount]: ...


def line_columns(document: DocumentLike, labels: dict[str, str]) -> dict[str, str]:
    """Widths of the number columns of ``pdf/lines.html`` and of the amounts of ``pdf/totals.html``.

    The line table has a fixed layout (automatic layout with hyphenated descriptions triples the
    time to render a long document); the columns widen so that no quantity, price or amount, as
    the active language prints it, runs over into its neighbour, and the description gets the rest.
    """
    from django.template.defaultfilters import floatformat

    from portal.core import money
    from portal.core.units import unit_label

    lines = document.lines
    totals = [document.line_total, document.net, document.vat, document.gross]
    totals += [row.amount for row in document.tax_rows] + [-allowance.amount for allowance in document.allowances]

    def words(label: str) -> list[str]:  # what a header cell can break into ("Einzelpreis /", "Unit", "price")
        return label.replace(" / ", "\u00a0/ ").split(" ")

    quantities = [f"{floatformat(line.quantity, -3)} {unit_label(line.unit)}" for line in lines]
    prices = [money.display(line.unit_price) for line in lines]
    amounts = [money.display(value) for value in [*(line.net for line in lines), *totals]]
    return {
        "quantity": _column_mm(quantities + words(labels["quantity"]), MIN_COLUMNS["quantity"]),
        "price": _column_mm(prices + words(labels["unit_price"]), MIN_COLUMNS["price"]),
        "rate": _column_mm([f"{floatformat(line.rate, -2)} %" for line in lines], MIN_COLUMNS["rate"]),
        "amount": _column_mm(amounts + words(labels["net"]), MIN_COLUMNS["amount"]),
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
