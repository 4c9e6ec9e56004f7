"""Issued invoices pass the official EN 16931 (and XRechnung) rules and are PDF/A-3 with the XML embedded."""

import hashlib
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from pypdf.generic import StreamObject

from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.documents import rules
from portal.invoicing.documents.labels import bilingual
from portal.invoicing.models import Invoice
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, client_in, issued_invoice
from tests.needs import missing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _official_rules() -> None:
    if not rules.rules_available():
        missing(f"official e-invoice rules not found in EINVOICE_RULES_DIR ({rules.rules_dir()})")


BOOK = ("Fotobuch", "2", "Stk.", "45.50", "7.00")
WORKSHOP_AT = ("Workshop", "8", "Std.", "95.00", "20.00")
CULTURE_AT = ("Konzertauftritt", "1", "Pauschale", "1200.00", "13.00")


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    return {name: contents[0] for name, contents in reader.attachments.items()}


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def read(field_file) -> bytes:
    with field_file.open("rb") as stored:
        return stored.read()


def assert_valid(invoice: Invoice, *, xrechnung: bool = False) -> str:
    pdf = read(invoice.pdf)
    embedded = embedded_files(pdf)
    assert list(embedded) == ["factur-x.xml"]
    assert rules.check(embedded["factur-x.xml"]) == []
    stored_xml = read(invoice.xml)
    assert rules.check(stored_xml, xrechnung=xrechnung) == []
    metadata = PdfReader(io.BytesIO(pdf)).root_object["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in xmp
    return pdf_text(pdf)


@pytest.mark.parametrize(
    ("lines", "amounts"),
    [
        ([DESIGN], ["2.400,00", "456,00", "2.856,00"]),
        ([BOOK], ["91,00", "6,37", "97,37"]),
        ([DESIGN, BOOK], ["2.491,00", "456,00", "6,37", "2.953,37"]),
    ],
    ids=["19%", "7%", "mixed"],
)
def test_german_invoices_are_valid_and_show_their_totals(member, entities, lines, amounts):
    invoice = issued_invoice(member, entities["SC"], client_in("DE"), lines)
    text = assert_valid(invoice)
    assert invoice.number == "SC-2026-00001"
    for amount in amounts:
        assert amount in text
    assert "Rechnung / Invoice" in text and invoice.number in text


def test_austrian_invoice_with_20_and_13_percent(member, entities):
    invoice = issued_invoice(member, entities["AT"], client_in("AT"), [WORKSHOP_AT, CULTURE_AT])
    text = assert_valid(invoice)
    assert invoice.number == "AT-2026-00001"
    assert (invoice.net_total, invoice.vat_total) == (Decimal("1960.00"), Decimal("308.00"))
    assert "2.268,00" in text


def test_eu_business_client_gets_reverse_charge(member, entities):
    client = client_in("AT", kind="business_vat", vat_id="ATU13585627")
    invoice = issued_invoice(member, entities["SC"], client, [DESIGN])
    text = assert_valid(invoice)
    assert (invoice.vat_treatment, invoice.vat_total, invoice.gross_total) == ("AE", 0, Decimal("2400.00"))
    assert "Steuerschuldnerschaft des Leistungsempfängers" in text and "ATU13585627" in text


def test_business_client_outside_the_eu_is_not_charged_vat(member, entities):
    invoice = issued_invoice(member, entities["SC"], client_in("CH", vat_id="CHE-123.456.788 MWST"), [DESIGN])
    text = assert_valid(invoice)
    assert (invoice.vat_treatment, invoice.gross_total) == ("O", Decimal("2400.00"))
    assert "Nicht im Inland steuerbare Leistung" in text


def test_public_sector_client_gets_an_xrechnung(member, entities):
    client = client_in("DE", is_public_sector=True, leitweg_id="991-33333TEST-33", name="Bezirksamt Mitte")
    invoice = issued_invoice(member, entities["SC"], client, [DESIGN, BOOK])
    assert invoice.xml.name.endswith("xrechnung.xml")
    assert b"urn:xeinkauf.de:kosit:xrechnung_3.0" in read(invoice.xml)
    text = assert_valid(invoice, xrechnung=True)
    assert "991-33333TEST-33" in text


@pytest.mark.parametrize("public_sector", [False, True], ids=["business", "public sector"])
def test_cancellation_invoice_is_valid_and_refers_to_the_original(member, entities, public_sector):
    fields = {"is_public_sector": True, "leitweg_id": "991-33333TEST-33"} if public_sector else {}
    original = issued_invoice(member, entities["SC"], client_in("DE", **fields), [DESIGN, BOOK])
    services.invoice_cancel(invoice_id=original.pk, actor=Actor.STAFF, reason="Doppelt berechnet", today=ISSUE_DAY)
    correction = Invoice.objects.get(cancels=original)
    assert correction.number == "SC-ST-2026-00001"
    assert (correction.net_total, correction.gross_total) == (Decimal("-2491.00"), Decimal("-2953.37"))
    text = assert_valid(correction, xrechnung=public_sector)
    assert original.number in text and "-2.953,37" in text
    xml = read(correction.xml)
    assert b"<ram:IssuerAssignedID>" + original.number.encode() in xml
    # A refund: no transfer to the seller's account, no due date, no remittance reference to pay with.
    assert b"PayeePartyCreditorFinancialAccount" not in xml and b"DueDateDateTime" not in xml
    assert b"PaymentReference" not in xml and b"<ram:TypeCode>1</ram:TypeCode>" in xml
    labels = bilingual("de")
    assert labels["refund"] in " ".join(text.split()) and labels["payable_by"] not in " ".join(text.split())


def test_documents_are_stored_with_their_hash(member, entities):
    invoice = issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])
    assert hashlib.sha256(read(invoice.pdf)).hexdigest() == invoice.pdf_sha256
    assert hashlib.sha256(read(invoice.xml)).hexdigest() == invoice.xml_sha256


DISCOUNT = {"discount_kind": "percent", "discount_value": Decimal("10"), "discount_reason": "Stammkundenrabatt"}


@pytest.mark.parametrize("public_sector", [False, True], ids=["business", "public sector"])
def test_a_discount_is_a_document_level_allowance(member, entities, public_sector):
    fields = {"is_public_sector": True, "leitweg_id": "991-33333TEST-33"} if public_sector else {}
    invoice = issued_invoice(member, entities["SC"], client_in("DE", **fields), [DESIGN, BOOK], **DISCOUNT)
    # Lines 2 400,00 (19 %) + 91,00 (7 %); 10 % off: 240,00 and 9,10.
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
        Decimal("2241.90"),
        Decimal("416.13"),  # 410,40 + 5,73
        Decimal("2658.03"),
    )
    assert invoice.lines.filter(unit_price__lt=0).count() == 0
    text = assert_valid(invoice, xrechnung=public_sector)
    assert "Stammkundenrabatt" in text and "−240,00" in text and "2.658,03" in text
    xml = read(invoice.xml)
    assert b"<udt:Indicator>false</udt:Indicator>" in xml and b"<ram:Reason>Stammkundenrabatt</ram:Reason>" in xml
    assert b"<ram:AllowanceTotalAmount>249.10</ram:AllowanceTotalAmount>" in xml


def test_the_cancellation_of_a_discounted_invoice_mirrors_it(member, entities):
    original = issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN, BOOK], **DISCOUNT)
    services.invoice_cancel(invoice_id=original.pk, actor=Actor.STAFF, reason="Doppelt berechnet", today=ISSUE_DAY)
    correction = Invoice.objects.get(cancels=original)
    assert (correction.net_total, correction.gross_total) == (-original.net_total, -original.gross_total)
    assert_valid(correction)


def test_a_discount_under_reverse_charge(member, entities):
    client = client_in("AT", kind="business_vat", vat_id="ATU13585627")
    invoice = issued_invoice(member, entities["SC"], client, [DESIGN], discount_kind="amount", discount_value=400)
    assert (invoice.net_total, invoice.gross_total) == (Decimal("2000.00"), Decimal("2000.00"))
    assert_valid(invoice)


EXEMPT_COURSE = ("Volkshochschulkurs", "10", "Std.", "60.00", "0.00")


def test_an_exempt_line_names_its_legal_basis(member, entities):
    invoice = issued_invoice(
        member, entities["SC"], client_in("DE"), [DESIGN, EXEMPT_COURSE], vat_exemption="§ 4 Nr. 21 UStG"
    )
    text = assert_valid(invoice)
    assert "§ 4 Nr. 21 UStG" in text
    assert "§ 4 Nr. 21 UStG".encode() in read(invoice.xml)
