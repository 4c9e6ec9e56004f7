"""The PDF a person reads and the XML a machine reads state the same invoice, for every VAT case."""

import io
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.documents import rules
from portal.invoicing.models import Invoice
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, client_in, issued_invoice
from tests.needs import missing

pytestmark = pytest.mark.django_db

RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
RSM = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}"
UDT = "{urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100}"

BOOK = ("Fotobuch", "2", "Stk.", "45.50", "7.00")
WORKSHOP_AT = ("Workshop", "8", "Std.", "95.00", "20.00")
CULTURE_AT = ("Konzertauftritt", "1", "Pauschale", "1200.00", "13.00")
EXEMPT_COURSE = ("Volkshochschulkurs", "10", "Std.", "60.00", "0.00")
PUBLIC = {"is_public_sector": True, "leitweg_id": "991-33333TEST-33"}
DISCOUNT: dict[str, Any] = {
    "discount_kind": "percent",
    "discount_value": Decimal("10"),
    "discount_reason": "Stammkundenrabatt",
}


@pytest.fixture(autouse=True)
def _official_rules() -> None:
    if not rules.rules_available():
        missing(f"official e-invoice rules not found in EINVOICE_RULES_DIR ({rules.rules_dir()})")


def cancellation_of(original: Invoice) -> Invoice:
    services.invoice_cancel(invoice_id=original.pk, actor=Actor.STAFF, reason="Doppelt berechnet", today=ISSUE_DAY)
    return Invoice.objects.get(cancels=original)


CASES: dict[str, Callable[[object, dict], Invoice]] = {
    "DE 19 %": lambda m, e: issued_invoice(m, e["SC"], client_in("DE"), [DESIGN]),
    "DE 7 %": lambda m, e: issued_invoice(m, e["SC"], client_in("DE"), [BOOK]),
    "DE mixed": lambda m, e: issued_invoice(m, e["SC"], client_in("DE"), [DESIGN, BOOK]),
    "AT 20/13 %": lambda m, e: issued_invoice(m, e["AT"], client_in("AT"), [WORKSHOP_AT, CULTURE_AT]),
    "reverse charge": lambda m, e: issued_invoice(
        m, e["SC"], client_in("AT", kind="business_vat", vat_id="ATU13585627"), [DESIGN]
    ),
    "non-EU": lambda m, e: issued_invoice(m, e["SC"], client_in("CH", vat_id="CHE-123.456.788 MWST"), [DESIGN]),
    "E exemption": lambda m, e: issued_invoice(
        m, e["SC"], client_in("DE"), [DESIGN, EXEMPT_COURSE], vat_exemption="§ 4 Nr. 21 UStG"
    ),
    "public sector": lambda m, e: issued_invoice(m, e["SC"], client_in("DE", **PUBLIC), [DESIGN, BOOK]),
    "cancellation": lambda m, e: cancellation_of(issued_invoice(m, e["SC"], client_in("DE"), [DESIGN, BOOK])),
    "discount": lambda m, e: issued_invoice(m, e["SC"], client_in("DE"), [DESIGN, BOOK], **DISCOUNT),
}


def german(amount: str) -> str:
    """An XML amount ("-2953.37") as the German PDF prints it ("-2.953,37")."""
    value = Decimal(amount)
    text = f"{abs(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if value < 0 else text


def read(field_file) -> bytes:
    with field_file.open("rb") as stored:
        return stored.read()


@pytest.mark.parametrize("case", list(CASES))
def test_pdf_and_xml_state_the_same_invoice(member, entities, case):
    invoice = CASES[case](member, entities)
    pdf = read(invoice.pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    embedded = {name: contents[0] for name, contents in reader.attachments.items()}["factur-x.xml"]
    xml = read(invoice.xml)
    assert rules.check(embedded) == []
    assert rules.check(xml, xrechnung=invoice.xml.name.endswith("xrechnung.xml")) == []
    for document in (embedded, xml):
        tree = etree.fromstring(document)
        number = tree.findtext(f"{RSM}ExchangedDocument/{RAM}ID")
        issued = tree.findtext(f"{RSM}ExchangedDocument/{RAM}IssueDateTime/{UDT}DateTimeString")
        summation = tree.find(f".//{RAM}SpecifiedTradeSettlementHeaderMonetarySummation")
        assert number == invoice.number and number in text
        assert issued is not None and f"{datetime.strptime(issued, '%Y%m%d'):%d.%m.%Y}" in text
        for total in ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount"):
            amount = summation.findtext(f"{RAM}{total}")
            assert amount is not None and german(amount) in text, (total, amount)
        assert Decimal(summation.findtext(f"{RAM}GrandTotalAmount")) == invoice.gross_total
        assert Decimal(summation.findtext(f"{RAM}TaxBasisTotalAmount")) == invoice.net_total
        for line in tree.iter(f"{RAM}IncludedSupplyChainTradeLineItem"):
            line_total = line.findtext(f".//{RAM}LineTotalAmount")
            assert line_total is not None and german(line_total) in text
        for vat in tree.iter(f"{RAM}ApplicableTradeTax"):
            calculated = vat.findtext(f"{RAM}CalculatedAmount")
            if calculated is not None:
                assert german(calculated) in text
            if reason := vat.findtext(f"{RAM}ExemptionReason"):
                assert reason.split(" / ")[0] in text
        if due := tree.findtext(f".//{RAM}DueDateDateTime/{UDT}DateTimeString"):
            assert f"{datetime.strptime(due, '%Y%m%d'):%d.%m.%Y}" in text


@pytest.mark.parametrize("public_sector", [False, True], ids=["business", "public sector"])
def test_the_client_s_reference_is_quoted(member, entities, public_sector):
    fields = PUBLIC if public_sector else {}
    invoice = issued_invoice(
        member, entities["SC"], client_in("DE", **fields), [DESIGN], client_reference="PO-4711/2026"
    )
    xml = etree.fromstring(read(invoice.xml))
    buyer_reference = xml.findtext(f".//{RAM}BuyerReference")
    purchase_order = xml.findtext(f".//{RAM}BuyerOrderReferencedDocument/{RAM}IssuerAssignedID")
    if public_sector:  # the Leitweg-ID stays the buyer reference; the client's goes to BT-13
        assert (buyer_reference, purchase_order) == ("991-33333TEST-33", "PO-4711/2026")
    else:
        assert (buyer_reference, purchase_order) == ("PO-4711/2026", None)
    assert rules.check(read(invoice.xml), xrechnung=public_sector) == []
    text = " ".join(PdfReader(io.BytesIO(read(invoice.pdf))).pages[0].extract_text().split())
    assert "PO-4711/2026" in text


def test_without_a_client_reference_the_order_number_is_the_buyer_reference(member, entities):
    invoice = issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])
    xml = etree.fromstring(read(invoice.xml))
    assert xml.findtext(f".//{RAM}BuyerReference") == str(invoice.order_id)


#: Every case in which an invoice charges no VAT, with the reason the PDF and the XML must both state.
EXEMPTIONS: dict[str, Callable[[object, dict, str], Invoice]] = {
    "reverse charge (AE)": lambda m, e, lang: issued_invoice(
        m, e["SC"], client_in("AT", kind="business_vat", vat_id="ATU13585627", language=lang), [DESIGN]
    ),
    "reverse charge from Austria (AE)": lambda m, e, lang: issued_invoice(
        m, e["AT"], client_in("DE", kind="business_vat", vat_id="DE136695976", language=lang), [WORKSHOP_AT]
    ),
    "not subject to VAT here (O)": lambda m, e, lang: issued_invoice(
        m, e["SC"], client_in("CH", vat_id="CHE-123.456.788 MWST", language=lang), [DESIGN]
    ),
    "exempt with its legal basis (E)": lambda m, e, lang: issued_invoice(
        m, e["SC"], client_in("DE", language=lang), [EXEMPT_COURSE], vat_exemption="§ 4 Nr. 21 UStG"
    ),
    "exempt, basis not stated (E)": lambda m, e, lang: issued_invoice(
        m, e["SC"], client_in("DE", language=lang), [DESIGN, EXEMPT_COURSE]
    ),
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("case", list(EXEMPTIONS))
def test_every_vat_exemption_states_its_reason_on_the_pdf_as_in_the_xml(member, entities, case, language):
    invoice = EXEMPTIONS[case](member, entities, language)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(read(invoice.pdf))).pages).split())
    xml = etree.fromstring(read(invoice.xml))
    breakdown = xml.findall(f".//{RAM}ApplicableHeaderTradeSettlement/{RAM}ApplicableTradeTax")  # BG-23
    exempt = [tax for tax in breakdown if tax.findtext(f"{RAM}CategoryCode") != "S"]
    assert exempt, "the case has a VAT category without VAT"
    for tax in exempt:
        reason = tax.findtext(f"{RAM}ExemptionReason")
        assert reason, f"BT-120 missing for category {tax.findtext(f'{RAM}CategoryCode')}"
        german_reason, english_reason = reason.split(" / ")
        assert german_reason in text and english_reason in text
    assert rules.check(read(invoice.xml)) == []
