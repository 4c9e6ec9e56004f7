"""The offer PDF: the invoice's page and layout, and the payment schedule the client agrees to."""

import hashlib
import io
import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from pypdf import PdfReader

from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.invoicing import services as invoicing
from portal.orders.models import Order, OrderLine, OrderStatus, PlannedInvoice
from portal.orders.offer import offer_pdf
from portal.orders.services import order_recalculate, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_client_confirmation import link_from_outbox
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)
#: Three instalments of a 3 000 EUR (net, 19 %) order: 1 000, 1 200 and 800 EUR.
THREE = [(date(2026, 12, 3), "1000.00"), (date(2027, 1, 15), "1200.00"), (date(2027, 2, 26), "800.00")]


def client_in(country: str, language: str = "de", **fields) -> Client:
    values = {
        "name": f"Kundin {country} GmbH",
        "kind": Client.Kind.BUSINESS,
        "street": "Hauptstraße 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": country,
        "language": language,
        "invoice_email": "rechnung@kundin.example",
        **fields,
    }
    return Client.objects.create(**values)


def order_with(member, entity, client, lines: list[tuple], planned: list[tuple[date, str]], **fields) -> Order:
    """A complete draft with ``lines`` of (description, quantity, unit price, VAT rate) and ``planned`` invoices."""
    order = complete_order(member, entity, client, **fields)
    order.lines.all().delete()
    order.planned_invoices.all().delete()
    for position, (description, quantity, price, rate) in enumerate(lines):
        OrderLine.objects.create(
            order=order,
            position=position,
            description=description,
            quantity=Decimal(quantity),
            unit="DAY",
            unit_price=Decimal(price),
            vat_rate=Decimal(rate),
        )
    for day, amount in planned:
        PlannedInvoice.objects.create(order=order, date=day, amount=Decimal(amount))
    order_recalculate(order)
    order.refresh_from_db()
    return order


def three_instalments(member, entities, client) -> Order:
    return order_with(member, entities["SC"], client, [("Workshoptag", "6", "500.00", "19.00")], THREE)


def page_texts(pdf: bytes, name: str = "offer") -> list[str]:
    if directory := os.environ.get("PDF_LAYOUT_DUMP_DIR"):  # for looking at the pages while changing the layout
        Path(directory, f"{name}.pdf").write_bytes(pdf)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_german_offer_shows_the_payment_schedule(member, entities):
    order = three_instalments(member, entities, client_in("DE"))
    (text,) = page_texts(offer_pdf(order, today=TODAY), "offer-de")
    assert "Zahlungsplan" in text
    for row in [
        "1 03.12.2026 Teilrechnung 1 von 3 1.000,00 EUR 190,00 EUR 1.190,00 EUR",
        "2 15.01.2027 Teilrechnung 2 von 3 1.200,00 EUR 228,00 EUR 1.428,00 EUR",
        "3 26.02.2027 Teilrechnung 3 von 3 800,00 EUR 152,00 EUR 952,00 EUR",
        "Summe der Rechnungen 3.000,00 EUR 570,00 EUR 3.570,00 EUR",
    ]:
        assert row in text, row
    # The schedule adds up to the order's totals, which are printed once.
    assert "Gesamtbetrag 3.570,00 EUR" in text and text.count("3.570,00") == 2
    assert "Angebotsnr. " + str(order.pk) in text and "Datum 02.11.2026" in text
    assert "innerhalb von 14 Tagen" in text


def test_the_english_offer_shows_the_payment_schedule_with_english_dates(member, entities):
    order = three_instalments(member, entities, client_in("DE", language="en"))
    (text,) = page_texts(offer_pdf(order, today=TODAY), "offer-en")
    assert "Payment schedule" in text and "Zahlungsplan" not in text
    for row in [
        "1 03/12/2026 Instalment 1 of 3 1,000.00 EUR 190.00 EUR 1,190.00 EUR",
        "2 15/01/2027 Instalment 2 of 3 1,200.00 EUR 228.00 EUR 1,428.00 EUR",
        "3 26/02/2027 Instalment 3 of 3 800.00 EUR 152.00 EUR 952.00 EUR",
        "Total of the invoices 3,000.00 EUR 570.00 EUR 3,570.00 EUR",
    ]:
        assert row in text, row
    assert "Total amount 3,570.00 EUR" in text
    assert "Date 02/11/2026" in text and "within 14 days" in text


def test_the_schedule_has_the_amounts_the_invoice_drafts_will_have(member, entities):
    """Two rates and uneven instalments: each draft made later states exactly the offered amounts."""
    lines = [("Konzeption", "3", "333.33", "19.00"), ("Fotobuch", "7", "45.50", "7.00")]
    planned = [(TODAY + timedelta(days=10), "400.00"), (TODAY + timedelta(days=40), "418.49")]
    order = order_with(member, entities["SC"], client_in("DE"), lines, planned)
    (text,) = page_texts(offer_pdf(order, today=TODAY))
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    for day, _amount in planned:
        invoicing.invoice_drafts_create_due(today=day - timedelta(days=7), order_id=order.pk)
    drafts = list(order.invoices.order_by("planned_date"))
    assert [draft.planned_date for draft in drafts] == [day for day, _amount in planned]
    for number, draft in enumerate(drafts, start=1):
        row = f"{number} {draft.planned_date:%d.%m.%Y} Teilrechnung {number} von 2"
        amounts = [german(draft.net_total), german(draft.gross_total - draft.net_total), german(draft.gross_total)]
        assert f"{row} {amounts[0]} EUR {amounts[1]} EUR {amounts[2]} EUR" in text, (row, amounts)
    assert sum(draft.net_total for draft in drafts) == order.net_total


def test_a_single_invoice_covers_the_whole_order(member, entities):
    order = complete_order(member, entities["SC"], client_in("DE"))
    (text,) = page_texts(offer_pdf(order, today=TODAY))
    day = order.planned_invoices.get().date
    assert f"1 {day:%d.%m.%Y} Rechnung über den gesamten Auftrag 1.000,00 EUR 190,00 EUR 1.190,00 EUR" in text


def test_when_the_invoices_round_their_vat_apart_the_offer_says_so(member, entities):
    planned = [(date(2026, 12, 1), "100.01"), (date(2027, 1, 1), "100.01"), (date(2027, 2, 1), "100.01")]
    order = order_with(member, entities["SC"], client_in("DE"), [("Beratung", "3", "100.01", "19.00")], planned)
    (text,) = page_texts(offer_pdf(order, today=TODAY))
    assert "Gesamtbetrag 357,04 EUR" in text  # 300,03 + 57,01 VAT of the whole order
    assert "Summe der Rechnungen 300,03 EUR 57,00 EUR 357,03 EUR" in text  # three times 19,00 VAT
    assert "Umsatzsteuer der Rechnungen ergibt zusammen 57,00 EUR" in text


def test_reverse_charge_offers_charge_no_vat_and_say_why(member, entities):
    client = client_in("AT", kind=Client.Kind.BUSINESS_EU_VAT, vat_id="ATU13585627", postal_code="1010", city="Wien")
    order = three_instalments(member, entities, client)
    (text,) = page_texts(offer_pdf(order, today=TODAY))
    assert "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)." in text
    assert "1 03.12.2026 Teilrechnung 1 von 3 1.000,00 EUR 0,00 EUR 1.000,00 EUR" in text
    assert "Summe der Rechnungen 3.000,00 EUR 0,00 EUR 3.000,00 EUR" in text
    assert "ATU13585627" in text and "ÖSTERREICH" in text


def test_an_exempt_offer_states_the_legal_basis(member, entities):
    order = order_with(
        member,
        entities["SC"],
        client_in("DE"),
        [("Volkshochschulkurs", "10", "60.00", "0.00")],
        [(date(2026, 12, 1), "600.00")],
        vat_exemption="§ 4 Nr. 21 UStG",
    )
    (text,) = page_texts(offer_pdf(order, today=TODAY))
    assert "Steuerfreie Leistung: § 4 Nr. 21 UStG" in text


def test_the_offer_has_the_invoice_s_letterhead_and_address_rules(member, entities):
    (text,) = page_texts(offer_pdf(three_instalments(member, entities, client_in("DE")), today=TODAY))
    for expected in [
        "eingetragene Genossenschaft",
        "Sitz: Berlin",
        "Amtsgericht Charlottenburg GnR 756 B",
        "Anna Beispiel, Jonas Muster",
        "Petra Probst",
        "DE278888888",
        "Commerzbank",
        "DE89 3704 0044 0532 0130 00",
        "COBADEFFXXX",
        "+49 30 1234567",
        "smart.example",
        "Seite 1/1",
    ]:
        assert expected in text, expected
    assert "10115 Berlin" in text and "DEUTSCHLAND" not in text


def test_the_offer_carries_the_entity_s_logo(member, entities):
    order = three_instalments(member, entities, client_in("DE"))
    (with_logo,) = page_texts(offer_pdf(order, today=TODAY))
    order.entity.code = "XX"  # an entity without a logo file
    (without_logo,) = page_texts(offer_pdf(order, today=TODAY))
    assert with_logo.count("Smart") == without_logo.count("Smart") + 1  # the logo's lettering


def test_a_45_line_offer_shows_its_totals_once_and_carries_forward(member, entities):
    lines = [(f"Arbeitspaket {n}: Konzeption und Umsetzung", "1", "100.00", "19.00") for n in range(1, 46)]
    planned = [(date(2026, 12, 1), "1500.00"), (date(2027, 1, 1), "1500.00"), (date(2027, 2, 1), "1500.00")]
    order = order_with(member, entities["SC"], client_in("DE"), lines, planned)
    pages = page_texts(offer_pdf(order, today=TODAY), "offer-long")
    text = " ".join(pages)
    assert len(pages) >= 2
    assert text.count("Gesamtbetrag") == 1 and text.count("Summe netto") == 1
    assert "Gesamtbetrag 5.355,00 EUR" in text  # 4 500,00 net + 855,00 VAT
    assert "Summe der Rechnungen 4.500,00 EUR 855,00 EUR 5.355,00 EUR" in text
    for page in pages[1:]:
        assert "Übertrag" in page
    assert pages[-1].count("Übertrag") == 1  # carried into the last page, nothing carried out of it


def test_the_client_confirms_exactly_the_pdf_with_the_schedule(
    member, staff, entities, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    planned = [(today + timedelta(days=31 * n), amount) for n, amount in enumerate(["1000.00", "1200.00", "800.00"])]
    order = order_with(member, entities["SC"], client_in("DE"), [("Workshoptag", "6", "500.00", "19.00")], planned)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    order.refresh_from_db()
    http = HttpClient()
    url = link_from_outbox(order)
    shown = b"".join(http.get(url + "offer.pdf").streaming_content)
    assert hashlib.sha256(shown).hexdigest() == order.offer_pdf_sha256
    assert f"{planned[1][0]:%d.%m.%Y} Teilrechnung 2 von 3 1.200,00 EUR 228,00 EUR 1.428,00 EUR" in page_texts(shown)[0]
    with django_capture_on_commit_callbacks(execute=True):
        http.post(url, {"action": "confirm", "name": "Petra Kunde"})
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    assert order.confirmed_pdf_sha256 == hashlib.sha256(shown).hexdigest()


def german(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
