"""Quantities, prices and amounts stay inside their right-aligned columns, however large.

Invoices and offers share the line table (``templates/pdf/lines.html``); its fixed layout gets its
number columns' widths from ``portal.core.pdf.line_columns``. The check walks WeasyPrint's layout
boxes and finds any text that runs past the right edge of its table cell.
"""

from datetime import date
from decimal import Decimal

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from portal.core.pdf import MIN_COLUMNS
from portal.invoicing.documents.content import invoice_content
from portal.invoicing.documents.render import invoice_html
from portal.invoicing.tests.factories import client_in, issued_invoice
from portal.orders.offer import offer_html
from portal.orders.tests.test_offer_pdf import order_with

pytestmark = pytest.mark.django_db

#: The largest values the input rules allow next to ordinary ones.
LARGE = [
    ("Beratung", "1000", "999.99", "19.00"),
    ("Reisekosten", "3", "12345.67", "7.00"),
    ("Kleinteile", "999999.999", "1.00", "19.00"),
    ("Tagessatz", "1", "1000000.00", "19.00"),
]
ORDINARY = [("Designtag", "3", "800.00", "19.00"), ("Fotobuch", "2", "45.50", "7.00")]


def overflowing(html: str) -> list[tuple[str, float]]:
    """Text of right-aligned cells that ends beyond its cell's content box, with the excess in mm."""
    found: list[tuple[str, float]] = []

    def walk(box: boxes.Box) -> None:
        if isinstance(box, boxes.TableCellBox) and "num" in (box.element.get("class") or "").split():
            right = box.content_box_x() + box.width
            for line in box.children:
                for text in getattr(line, "children", []):
                    if isinstance(text, boxes.TextBox) and text.position_x + text.width > right + 0.01:
                        found.append((text.text, round((text.position_x + text.width - right) / 96 * 25.4, 2)))
        for child in getattr(box, "children", []):
            walk(child)

    for page in HTML(string=html, base_url=".").render().pages:
        walk(page._page_box)  # the laid-out boxes; WeasyPrint has no public accessor for them
    return found


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("lines", [ORDINARY, LARGE], ids=["ordinary", "largest"])
def test_invoice_amounts_stay_in_their_columns(member, entities, language, lines):
    invoice = issued_invoice(
        member, entities["SC"], client_in("DE", language=language), [(d, q, "Std.", p, r) for d, q, p, r in lines]
    )
    assert overflowing(invoice_html(invoice_content(invoice))) == []


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("lines", [ORDINARY, LARGE], ids=["ordinary", "largest"])
def test_offer_amounts_stay_in_their_columns(member, entities, language, lines):
    order = order_with(member, entities["SC"], client_in("DE", language=language), lines, [])
    planned = order.net_total - Decimal("0.01")
    order.planned_invoices.create(date=date(2026, 12, 1), amount=planned)
    order.planned_invoices.create(date=date(2027, 1, 1), amount=Decimal("0.01"))
    assert overflowing(offer_html(order, today=date(2026, 11, 2))) == []


def test_small_amounts_keep_the_narrow_columns_and_the_wide_description(member, entities):
    lines = [("Beratung", "1", "500.00", "19.00")]
    order = order_with(member, entities["SC"], client_in("DE"), lines, [(date(2026, 12, 1), "500.00")])
    html = offer_html(order, today=date(2026, 11, 2))
    for column, width in MIN_COLUMNS.items():
        assert f"col.{column} {{ width: {width:.1f}mm; }}" in html
