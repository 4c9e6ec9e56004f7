"""The invoice PDF's layout: totals once, carry-forward on long invoices, letterhead, addresses, glyphs."""

import io
import itertools
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.invoicing.documents.labels import bilingual
from portal.invoicing.models import Invoice
from portal.invoicing.tests.factories import DESIGN, client_in, issued_invoice

pytestmark = pytest.mark.django_db


def page_texts(invoice: Invoice) -> list[str]:
    with invoice.pdf.open("rb") as stored:
        pdf = stored.read()
    if directory := os.environ.get("PDF_LAYOUT_DUMP_DIR"):  # for looking at the pages while changing the layout
        Path(directory, f"{invoice.number}.pdf").write_bytes(pdf)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def long_invoice(member, entity, client) -> Invoice:
    lines = [(f"Arbeitspaket {n}: Konzeption und Umsetzung", "1", "Std.", "100.00", "19.00") for n in range(1, 46)]
    return issued_invoice(member, entity, client, lines)


def test_a_45_line_invoice_shows_its_totals_once_and_carries_forward(member, entities):
    invoice = long_invoice(member, entities["SC"], client_in("DE"))
    pages = page_texts(invoice)
    text = " ".join(pages)
    carried = bilingual("de")["carried_forward"]
    assert len(pages) >= 2
    assert text.count("5.355,00") == 1  # 4 500,00 net + 855,00 VAT
    assert text.count("855,00") == 1
    assert carried not in pages[0].split("4.500,00")[0][:40]  # nothing carried into the first page
    for page in pages[1:]:
        assert carried in page
    last_carried = [page for page in pages if carried in page][-1]
    # The carry-forward at a page bottom equals the one at the next page's top: the running line total.
    running = [f"{n * 100:,}".replace(",", ".") + ",00" for n in range(1, 46)]
    assert any(f"{carried}: {amount}" in last_carried for amount in running)


def test_the_carry_forward_matches_the_lines_above_it(member, entities):
    invoice = long_invoice(member, entities["SC"], client_in("DE"))
    pages = page_texts(invoice)
    carried = bilingual("de")["carried_forward"]
    for before, after in itertools.pairwise(pages):
        positions = [n for n in range(1, 46) if f"Arbeitspaket {n}:" in before]
        expected = f"{carried}: " + f"{max(positions) * 100:,}".replace(",", ".") + ",00"
        assert expected in before and expected in after


def test_a_one_page_invoice_has_no_carry_forward(member, entities):
    pages = page_texts(issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN]))
    assert len(pages) == 1
    assert bilingual("de")["carried_forward"] not in pages[0]


def test_the_letterhead_names_the_cooperative_s_legal_data(member, entities):
    (text,) = page_texts(issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN]))
    for expected in [
        "eingetragene Genossenschaft",
        "Berlin",
        "Amtsgericht Charlottenburg GnR 756 B",
        "Anna Beispiel, Jonas Muster",
        "Petra Probst",
        "DE278888888",
        "Commerzbank",
        "DE89 3704 0044 0532 0130 00",
        "COBADEFFXXX",
        "+49 30 1234567",
        "smart.example",
    ]:
        assert expected in text, expected


def test_a_domestic_address_has_no_country_a_foreign_one_names_it(member, entities):
    (domestic,) = page_texts(issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN]))
    assert "10115 Berlin" in domestic
    assert "DEUTSCHLAND" not in domestic and "GERMANY" not in domestic and "Berlin DE " not in domestic
    (foreign,) = page_texts(issued_invoice(member, entities["SC"], client_in("AT"), [DESIGN]))
    assert "ÖSTERREICH" in foreign or "AUSTRIA" in foreign


def test_names_in_other_scripts_print(member, entities):
    client = client_in("DE", name="Łódź Ωmega Жук", street="Ulica Żółwia 3")
    (text,) = page_texts(
        issued_invoice(member, entities["SC"], client, [("Fotografía – Ærø, Ħal Għargħur", *DESIGN[1:])])
    )
    assert "Łódź Ωmega Жук" in text and "Ulica Żółwia 3" in text and "Fotografía – Ærø, Ħal Għargħur" in text
    assert "\ufffd" not in text  # no replacement character where a glyph is missing
