"""SEPA credit transfer files (pain.001.001.09): content, refusals, determinism, and the ISO schema check."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from schwifty import IBAN

from portal.banking.pain001 import (
    MAX_AMOUNT,
    NAMESPACE,
    SEPA_CHARACTERS,
    CreditTransfer,
    Debtor,
    pain001,
    sepa_text,
    validate,
)

NS = {"p": NAMESPACE}
DEBTOR = Debtor(name="SMart Genossenschaft", iban="DE89 3704 0044 0532 0130 00", bic="COBADEFFXXX")
CREATED = datetime(2026, 11, 30, 18, 4, 5)
EXECUTION = date(2026, 12, 1)


def transfer(number: int = 1, **changes: Any) -> CreditTransfer:
    base = CreditTransfer(
        end_to_end_id=f"EXP-2026-{number:05d}",
        creditor_name="Anna Beispiel",
        iban="AT61 1904 3002 3457 3201",
        bic="BKAUATWWXXX",
        amount=Decimal("12.34"),
        remittance=f"Auslagenerstattung EXP-2026-{number:05d}",
    )
    return replace(base, **changes)


def build(transfers: list[CreditTransfer], **changes: Any) -> bytes:
    """A document from the defaults and ``changes``, checked against the schema like every file here."""
    arguments: dict[str, Any] = {
        "message_id": "PAYOUT-2026-0001",
        "created_at": CREATED,
        "execution_date": EXECUTION,
        "debtor": DEBTOR,
        "transfers": transfers,
    }
    xml = pain001(**(arguments | changes))
    validate(xml)
    return xml


def texts(xml: bytes, path: str) -> list[str]:
    return [element.text for element in etree.fromstring(xml).xpath(path, namespaces=NS)]


def text(xml: bytes, path: str) -> str:
    (value,) = texts(xml, path)
    return value


# --- content ----------------------------------------------------------------------------------------


def test_one_transfer_has_every_sepa_element():
    xml = build([transfer()])

    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="' + NAMESPACE.encode())
    header = "/p:Document/p:CstmrCdtTrfInitn/p:GrpHdr"
    assert text(xml, f"{header}/p:MsgId") == "PAYOUT-2026-0001"
    assert text(xml, f"{header}/p:CreDtTm") == "2026-11-30T18:04:05"
    assert text(xml, f"{header}/p:NbOfTxs") == "1"
    assert text(xml, f"{header}/p:CtrlSum") == "12.34"
    assert text(xml, f"{header}/p:InitgPty/p:Nm") == "SMart Genossenschaft"
    info = "/p:Document/p:CstmrCdtTrfInitn/p:PmtInf"
    assert len(texts(xml, info)) == 1
    assert text(xml, f"{info}/p:PmtInfId") == "PAYOUT-2026-0001"
    assert text(xml, f"{info}/p:PmtMtd") == "TRF"
    assert text(xml, f"{info}/p:BtchBookg") == "true"
    assert text(xml, f"{info}/p:NbOfTxs") == "1"
    assert text(xml, f"{info}/p:CtrlSum") == "12.34"
    assert text(xml, f"{info}/p:PmtTpInf/p:SvcLvl/p:Cd") == "SEPA"
    assert text(xml, f"{info}/p:ReqdExctnDt/p:Dt") == "2026-12-01"
    assert text(xml, f"{info}/p:Dbtr/p:Nm") == "SMart Genossenschaft"
    assert text(xml, f"{info}/p:DbtrAcct/p:Id/p:IBAN") == "DE89370400440532013000"
    assert text(xml, f"{info}/p:DbtrAgt/p:FinInstnId/p:BICFI") == "COBADEFFXXX"
    assert text(xml, f"{info}/p:ChrgBr") == "SLEV"
    tx = f"{info}/p:CdtTrfTxInf"
    assert text(xml, f"{tx}/p:PmtId/p:EndToEndId") == "EXP-2026-00001"
    assert text(xml, f"{tx}/p:Amt/p:InstdAmt") == "12.34"
    assert [amount.get("Ccy") for amount in etree.fromstring(xml).xpath(f"{tx}/p:Amt/p:InstdAmt", namespaces=NS)] == [
        "EUR"
    ]
    assert text(xml, f"{tx}/p:CdtrAgt/p:FinInstnId/p:BICFI") == "BKAUATWWXXX"
    assert text(xml, f"{tx}/p:Cdtr/p:Nm") == "Anna Beispiel"
    assert text(xml, f"{tx}/p:CdtrAcct/p:Id/p:IBAN") == "AT611904300234573201"
    assert text(xml, f"{tx}/p:RmtInf/p:Ustrd") == "Auslagenerstattung EXP-2026-00001"


def test_several_transfers_control_sums_to_the_cent_in_header_and_payment_info():
    amounts = [Decimal("0.10"), Decimal("0.20"), Decimal("1000000.01"), Decimal("7")]
    xml = build([transfer(n, amount=amount) for n, amount in enumerate(amounts, start=1)])

    assert texts(xml, "//p:CtrlSum") == ["1000007.31", "1000007.31"]
    assert texts(xml, "//p:NbOfTxs") == ["4", "4"]
    assert texts(xml, "//p:InstdAmt") == ["0.10", "0.20", "1000000.01", "7.00"]
    assert texts(xml, "//p:EndToEndId") == [f"EXP-2026-{n:05d}" for n in range(1, 5)]  # in the order given


def test_amount_with_trailing_zeros_is_accepted_and_written_with_two_decimals():
    xml = build([transfer(amount=Decimal("5.100")), transfer(2, amount=Decimal("1E+2"))])

    assert texts(xml, "//p:InstdAmt") == ["5.10", "100.00"]
    assert texts(xml, "//p:CtrlSum") == ["105.10", "105.10"]


def test_batch_booking_off_keeps_one_payment_information_block():
    xml = build([transfer(1), transfer(2)], batch_booking=False)

    assert texts(xml, "//p:BtchBookg") == ["false"]
    assert len(texts(xml, "//p:PmtInf")) == 1


def test_aware_creation_time_keeps_its_offset_and_drops_microseconds():
    vienna_winter = timezone(timedelta(hours=1))
    xml = build([transfer()], created_at=datetime(2026, 11, 30, 18, 4, 5, 999999, tzinfo=vienna_winter))

    assert text(xml, "//p:GrpHdr/p:CreDtTm") == "2026-11-30T18:04:05+01:00"


def test_umlauts_are_transliterated_and_other_characters_replaced():
    xml = build(
        [
            transfer(
                creditor_name="Jürgen Müller-Lüdenscheidt & Söhne GmbH",
                remittance="Rechnung Nr. 17 – Büromaterial für „Straße“ @ 5 €; Zoë, Łódź, Øresund, 東京",
            )
        ],
        debtor=replace(DEBTOR, name="SMart Österreich Genossenschaft für Selbständige"),
    )

    assert text(xml, "//p:Cdtr/p:Nm") == "Juergen Mueller-Luedenscheidt + Soehne GmbH"
    assert text(xml, "//p:Ustrd") == "Rechnung Nr. 17 - Bueromaterial fuer 'Strasse' 5 EUR, Zoe, Lodz, Oeresund,"
    assert text(xml, "//p:Dbtr/p:Nm") == "SMart Oesterreich Genossenschaft fuer Selbstaendige"
    assert text(xml, "//p:InitgPty/p:Nm") == "SMart Oesterreich Genossenschaft fuer Selbstaendige"


def test_decomposed_umlauts_are_transliterated_like_composed_ones():
    assert sepa_text("Mu\u0308ller", 70) == sepa_text("Müller", 70) == "Mueller"


def test_long_names_and_remittance_are_cut_to_the_schema_lengths():
    long_name = "Ä" * 50  # 100 characters once transliterated
    long_remittance = "Reisekosten " * 20

    xml = build([transfer(creditor_name=long_name, remittance=long_remittance)], debtor=replace(DEBTOR, name="x" * 71))

    assert text(xml, "//p:Cdtr/p:Nm") == "Ae" * 35
    assert text(xml, "//p:Dbtr/p:Nm") == "x" * 70
    remittance = text(xml, "//p:Ustrd")
    assert len(remittance) <= 140
    assert remittance == long_remittance[:140].rstrip()


def test_cut_never_leaves_a_trailing_space():
    assert sepa_text("a" * 69 + " b", 70) == "a" * 69


def test_iban_only_creditor_has_no_creditor_agent():
    xml = build([transfer(1, bic=""), transfer(2)])

    agents = etree.fromstring(xml).xpath("//p:CdtTrfTxInf[p:CdtrAgt]/p:PmtId/p:EndToEndId", namespaces=NS)
    assert [agent.text for agent in agents] == ["EXP-2026-00002"]


def test_debtor_without_bic_is_marked_not_provided():
    xml = build([transfer()], debtor=replace(DEBTOR, bic=""))

    assert texts(xml, "//p:DbtrAgt/p:FinInstnId/p:BICFI") == []
    assert text(xml, "//p:DbtrAgt/p:FinInstnId/p:Othr/p:Id") == "NOTPROVIDED"


def test_ibans_and_bics_are_written_compact_and_upper_case():
    xml = build([transfer(iban="de45 3704 0044 0000 0001 23", bic="cobadeff")])

    assert text(xml, "//p:CdtrAcct/p:Id/p:IBAN") == "DE45370400440000000123"
    assert text(xml, "//p:CdtrAgt/p:FinInstnId/p:BICFI") == "COBADEFF"


def test_empty_remittance_leaves_out_the_remittance_block():
    xml = build([transfer(remittance=" 東京 ")])

    assert texts(xml, "//p:RmtInf") == []


# --- determinism ------------------------------------------------------------------------------------


def test_same_input_gives_the_same_bytes_whenever_it_is_exported():
    transfers = [transfer(1), transfer(2, creditor_name="Zoë Ölçek", bic="")]

    with time_machine.travel(datetime(2027, 1, 1, tzinfo=UTC), tick=False):
        first = build(transfers)
    with time_machine.travel(datetime(2031, 6, 15, 12, tzinfo=UTC), tick=False):
        second = build([replace(t) for t in transfers])

    assert first == second
    assert b"2027" not in first and b"2031" not in first


# --- refusals ---------------------------------------------------------------------------------------


def test_no_transfers_is_refused():
    with pytest.raises(ValueError, match="at least one transfer"):
        build([])


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-0.01"), Decimal("-5")])
def test_non_positive_amount_is_refused(amount):
    with pytest.raises(ValueError, match="must be positive"):
        build([transfer(amount=amount)])


@pytest.mark.parametrize("amount", [Decimal("0.001"), Decimal("12.345"), Decimal("1.2345678")])
def test_more_than_two_decimals_is_refused(amount):
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        build([transfer(amount=amount)])


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), 12.34, 12])
def test_amount_that_is_not_a_finite_decimal_is_refused(amount):
    with pytest.raises(ValueError, match="finite Decimal"):
        build([transfer(amount=amount)])


def test_amount_over_the_sepa_maximum_is_refused():
    build([transfer(amount=MAX_AMOUNT)])
    with pytest.raises(ValueError, match="SEPA maximum"):
        build([transfer(amount=MAX_AMOUNT + Decimal("0.01"))])


@pytest.mark.parametrize(
    "iban", ["DE89370400440532013001", "DE8937040044053201300", "XX89370400440532013000", "", "not an iban"]
)
def test_invalid_creditor_iban_is_refused(iban):
    with pytest.raises(ValueError, match=r"IBAN of transfer 'EXP-2026-00001' .* is invalid"):
        build([transfer(iban=iban)])


def test_invalid_debtor_iban_is_refused():
    with pytest.raises(ValueError, match=r"IBAN of the debtor .* is invalid"):
        build([transfer()], debtor=replace(DEBTOR, iban="DE00370400440532013000"))


def test_iban_outside_the_sepa_zone_is_refused():
    with pytest.raises(ValueError, match="not in the SEPA zone"):
        build([transfer(iban="BR1800360305000010009795493C1")])


@pytest.mark.parametrize("bic", ["COBADEF", "COBA1EFFXXX", "COBADEFFXX"])
def test_invalid_bic_is_refused(bic):
    with pytest.raises(ValueError, match=r"BIC of transfer 'EXP-2026-00001' .* is invalid"):
        build([transfer(bic=bic)])


def test_duplicate_end_to_end_ids_are_refused():
    with pytest.raises(ValueError, match="'EXP-2026-00002' is used by more than one transfer"):
        build([transfer(1), transfer(2), transfer(3, end_to_end_id="EXP-2026-00002")])


@pytest.mark.parametrize(
    "identifier", ["", "x" * 36, "EXP_1", "Rückzahlung", "/EXP-1", "EXP-1/", "EXP//1", " EXP-1", "EXP-1\n"]
)
def test_end_to_end_id_outside_the_sepa_rules_is_refused(identifier):
    with pytest.raises(ValueError, match="end-to-end id"):
        build([transfer(end_to_end_id=identifier)])


def test_end_to_end_id_of_35_characters_is_accepted():
    build([transfer(end_to_end_id="E" * 35)])


def test_message_id_outside_the_sepa_rules_is_refused():
    with pytest.raises(ValueError, match="message id"):
        build([transfer()], message_id="PAYOUT_2026_0001")


def test_name_without_any_sepa_character_is_refused():
    with pytest.raises(ValueError, match="name of transfer 'EXP-2026-00001'"):
        build([transfer(creditor_name="東京")])


def test_execution_date_must_be_a_date():
    with pytest.raises(ValueError, match="execution_date must be a date"):
        build([transfer()], execution_date=datetime(2026, 12, 1, 9))


# --- the schema check is real -----------------------------------------------------------------------


def broken(xml: bytes, change) -> bytes:
    root = etree.fromstring(xml)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_validator_accepts_the_reparsed_document():
    validate(broken(build([transfer()]), lambda root: None))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda root: root.find(".//p:MsgId", NS).getparent().remove(root.find(".//p:MsgId", NS)), "CreDtTm"),
        (lambda root: setattr(root.find(".//p:GrpHdr/p:NbOfTxs", NS), "text", "one"), "NbOfTxs"),
        (lambda root: setattr(root.find(".//p:DbtrAgt//p:BICFI", NS), "text", "COBA-DE"), "BICFI"),
        (lambda root: setattr(root.find(".//p:InstdAmt", NS), "text", "12.3456789"), "InstdAmt"),
        (lambda root: root.find(".//p:InstdAmt", NS).attrib.pop("Ccy"), "Ccy"),
        (lambda root: setattr(root.find(".//p:Cdtr/p:Nm", NS), "text", "x" * 141), "Nm"),
    ],
)
def test_validator_refuses_a_broken_document_and_names_the_error(change, message):
    with pytest.raises(ValueError, match=r"does not conform to the pain\.001\.001\.09 schema") as refused:
        validate(broken(build([transfer()]), change))

    assert message in str(refused.value)
    assert "line " in str(refused.value)


def test_validator_refuses_another_message_version():
    xml = build([transfer()]).replace(b"pain.001.001.09", b"pain.001.001.03")

    with pytest.raises(ValueError, match="does not conform"):
        validate(xml)


def test_validator_refuses_what_is_not_xml():
    with pytest.raises(ValueError, match="not well-formed XML"):
        validate(b"MsgId;CreDtTm\nPAYOUT-1;2026-11-30")


# --- properties -------------------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
ibans = st.one_of(
    st.integers(1, 10**10 - 1).map(lambda n: IBAN.generate("DE", bank_code="37040044", account_code=str(n))),
    st.integers(1, 10**11 - 1).map(lambda n: IBAN.generate("AT", bank_code="19043", account_code=str(n))),
)
transfers_strategy = st.lists(
    st.builds(
        CreditTransfer,
        end_to_end_id=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9?:().,'+ -]{0,33}[A-Za-z0-9]", fullmatch=True),
        creditor_name=st.text(max_size=100).map(lambda name: "N" + name),
        iban=ibans.map(str),
        bic=st.sampled_from(["", "COBADEFFXXX", "BKAUATWW", "GIBAATWWXXX"]),
        amount=amounts,
        remittance=st.text(max_size=200),
    ),
    min_size=1,
    max_size=20,
    unique_by=lambda t: t.end_to_end_id,
)


@settings(max_examples=60, deadline=None)
@given(transfers=transfers_strategy, batch_booking=st.booleans())
def test_any_valid_transfers_give_a_valid_document_whose_control_sum_is_the_sum(transfers, batch_booking):
    xml = build(transfers, batch_booking=batch_booking)

    expected = f"{sum(t.amount for t in transfers):.2f}"
    assert texts(xml, "//p:CtrlSum") == [expected, expected]
    assert texts(xml, "//p:NbOfTxs") == [str(len(transfers))] * 2
    assert texts(xml, "//p:EndToEndId") == [t.end_to_end_id for t in transfers]
    assert [Decimal(amount) for amount in texts(xml, "//p:InstdAmt")] == [t.amount for t in transfers]


@given(value=st.text(), length=st.sampled_from([35, 70, 140]))
def test_sepa_text_only_ever_gives_sepa_characters_within_the_length(value, length):
    cleaned = sepa_text(value, length)

    assert set(cleaned) <= SEPA_CHARACTERS
    assert len(cleaned) <= length
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
