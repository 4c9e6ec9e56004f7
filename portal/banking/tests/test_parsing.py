"""Reading bank statements: camt.053 (001.02 … 001.13) and CSV exports of German and English online banking."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import override

from portal.banking.parsing import StatementEntry, StatementError, parse_statement
from portal.banking.parsing.bank_csv import parse_amount, parse_date

SAMPLES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever the German catalogue says."""
    with override("en"):
        yield


def sample(name: str) -> list[StatementEntry]:
    return parse_statement((SAMPLES / name).read_bytes(), name)


def csv_statement(*rows: str) -> bytes:
    """A German online-banking export with the given ``Buchungstag;Name;Verwendungszweck;Betrag`` rows."""
    return "\n".join(["Buchungstag;Name;Verwendungszweck;Betrag", *rows]).encode()


# --- parsing: the sample files ---------------------------------------------------------------------


def test_camt_001_02_single_batch_and_debit_entries_pending_ones_skipped():
    assert sample("camt053_001_02.xml") == [
        StatementEntry(
            date(2026, 11, 24),
            Decimal("2856.00"),
            "Rechnung SC-2026-00001 Kundennr. 4711",
            "Kunde ABC e.V.",
            "DE44500105175407324931",
            "E2E-ABC-4711",
        ),
        # The batch credit of 1 500,00 is two payments; NOTPROVIDED gives way to the bank's reference.
        StatementEntry(
            date(2026, 11, 24),
            Decimal("1000.00"),
            "RE sc 2026 42 Abschlag",
            "Muster GmbH",
            "DE02100500000054540402",
            "2026112400002-1",
        ),
        StatementEntry(
            date(2026, 11, 24),
            Decimal("500.00"),
            "SC-2026-00043",
            "Beispiel AG",
            "DE12500105170648489890",
            "BEISPIEL-2026-11-0815",
        ),
        StatementEntry(
            date(2026, 11, 24),
            Decimal("-89.90"),
            "Festnetz November 2026",
            "Telekom Deutschland GmbH",
            "DE65370100500000192506",
            "TK-2026-11",
        ),
    ]


def test_camt_001_08_status_code_party_names_and_date_fallbacks():
    first, second = sample("camt053_001_08.xml")
    assert first == StatementEntry(
        date(2026, 12, 1),
        Decimal("1190.00"),
        "SC-2026-00007 Leitweg-ID 991-12345-67",
        "Stadt Musterhausen",
        "DE27100777770209299700",
        "STADT-MH-2026-4471",
    )
    # No booking date: the value date; no end-to-end id: the account servicer's reference.
    assert (second.booked_on, second.amount, second.counterparty, second.bank_reference) == (
        date(2026, 12, 1),
        Decimal("250.00"),
        "Erika Mustermann",
        "ASR-20261201-2",
    )


def test_sparkasse_csv_in_cp1252_with_two_digit_years_and_pending_rows_skipped():
    assert sample("sparkasse.csv") == [
        StatementEntry(
            date(2026, 11, 24),
            Decimal("2856.00"),
            "RE SC-2026-00001 Müller & Söhne",
            "Müller & Söhne GmbH",
            "DE02100500000054540402",
            "",
        ),
        StatementEntry(
            date(2026, 11, 25),
            Decimal("-1234.56"),
            "Miete Büro Dezember 2026",
            "Hausverwaltung Groß KG",
            "DE91100000000123456789",
            "MIETE-2026-12",
        ),
        StatementEntry(
            date(2026, 11, 25),
            Decimal("300.00"),
            "Rechnung sc.2026.2 Teilzahlung",
            "Ärztehaus Süd",
            "DE12500105170648489890",
            "E2E-77",
        ),
    ]


def test_english_csv_after_a_preamble():
    entries = sample("english.csv")
    assert [(entry.booked_on, entry.amount, entry.reference, entry.counterparty) for entry in entries] == [
        (date(2026, 12, 2), Decimal("1190.00"), "Invoice SC-2026-00010, thank you", "Acme Ltd."),
        (date(2026, 12, 3), Decimal("250.00"), "Payment for workshop", "Jane Doe"),
        (date(2026, 12, 4), Decimal("-49.99"), "Monthly subscription", "Cloud Hosting Inc."),
    ]
    assert entries[0].iban == "GB33BUKB20201555555555"


# --- parsing: formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("-12,00", "-12.00"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12,00-", "-12.00"),
        ("+1 234,5 €", "1234.50"),
        ("1.234.567,89", "1234567.89"),
        ("1.234", "1234.00"),  # a single group of three digits is never cents
        ("0,01", "0.01"),
    ],
)
def test_amounts_in_german_and_english_notation(text, amount):
    assert parse_amount(text, line=2) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "1.234.56", "1,23,45", "12,345,67", "1e3"])
def test_unreadable_amounts_name_the_line(text):
    with pytest.raises(StatementError, match="Line 7"):
        parse_amount(text, line=7)


@pytest.mark.parametrize("text", ["24.12.2026", "24.12.26", "2026-12-24", "2026-12-24T10:15:00", "24.12.2026 10:15"])
def test_dates(text):
    assert parse_date(text, line=2) == date(2026, 12, 24)


@pytest.mark.parametrize("text", ["12/24/2026", "31.02.2026", "gestern"])
def test_unreadable_dates_name_the_line(text):
    with pytest.raises(StatementError, match="Line 3"):
        parse_date(text, line=3)


def test_csv_with_bom_preamble_and_separate_payer_and_payee_columns():
    data = "\ufeff" + "\n".join(
        [
            '"Konto";"Girokonto DE89370400440532013000"',
            '"Zeitraum:";"01.11.2026 - 30.11.2026"',
            "",
            '"Buchungsdatum";"Wertstellung";"Status";"Zahlungspflichtige*r";"Zahlungsempfänger*in";'
            '"Verwendungszweck";"IBAN";"Betrag (€)";"Kundenreferenz"',
            '"24.11.26";"24.11.26";"Gebucht";"Muster GmbH";"Smart eG";"SC-2026-00001";"DE02";"1.190,00";"E2E-1"',
            '"25.11.26";"25.11.26";"Gebucht";"Smart eG";"Stadtwerke";"Strom";"DE1111";"-80,00";""',
            '"26.11.26";"26.11.26";"Vorgemerkt";"Beispiel AG";"Smart eG";"SC-2026-00002";"DE2222";"500,00";""',
        ]
    )
    credit, debit = parse_statement(data.encode("utf-8"), "umsaetze.csv")
    assert (credit.booked_on, credit.amount, credit.counterparty, credit.bank_reference) == (
        date(2026, 11, 24),
        Decimal("1190.00"),
        "Muster GmbH",
        "E2E-1",
    )
    assert (debit.amount, debit.counterparty) == (Decimal("-80.00"), "Stadtwerke")


def test_tab_separated_csv_with_debit_credit_column():
    data = "Valuta\tText\tUmsatz\tSoll/Haben\n24.11.2026\tSC-2026-00001\t119,00\tH\n25.11.2026\tGebühr\t5,00\tS\n"
    assert [entry.amount for entry in parse_statement(data.encode("cp1252"), "export.txt")] == [
        Decimal("119.00"),
        Decimal("-5.00"),
    ]


def test_csv_without_required_columns_says_which_are_missing():
    with pytest.raises(StatementError, match="amount") as error:
        parse_statement(b"Datum;Verwendungszweck\n24.11.2026;SC-2026-00001\n", "kurz.csv")
    assert "booking date" not in error.value.message


def test_csv_with_a_bad_amount_names_the_line():
    with pytest.raises(StatementError, match="Line 3"):
        parse_statement(csv_statement("24.11.2026;A;SC-2026-00001;100,00", "25.11.2026;B;x;hundert"), "a.csv")


def test_a_group_of_three_digits_after_the_file_s_decimal_mark_is_refused():
    """In a file that writes ``414,00``, ``1,005`` has three decimal places: it is no amount, not 1005."""
    with override("en"), pytest.raises(StatementError, match="Line 3: “1,005” is not an amount in euro and cent"):
        parse_statement(csv_statement("24.11.2026;A;SC-2026-00001;414,00", "25.11.2026;B;x;1,005"), "a.csv")
    german = csv_statement("24.11.2026;A;SC-2026-00001;414,00", "25.11.2026;B;x;1.005")
    assert [entry.amount for entry in parse_statement(german, "a.csv")] == [Decimal("414.00"), Decimal("1005.00")]
    english = b'Date,Description,Amount\n2026-11-24,SC-2026-00001,414.00\n2026-11-25,x,"1,005"\n'
    assert [entry.amount for entry in parse_statement(english, "a.csv")] == [Decimal("414.00"), Decimal("1005.00")]


# --- parsing: files that are no statements ---------------------------------------------------------


CAMT_HEAD = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&lol3;</BkToCstmrStmt></Document>"""
EXTERNAL = """<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>"""
USD = (SAMPLES / "camt053_001_08.xml").read_text().replace('Ccy="EUR">250.00', 'Ccy="USD">250.00')


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<!DOCTYPE html><html><body>Online-Banking</body></html>", "umsaetze.csv", "web page"),
        (b"<html><head></head></html>", "umsaetze.xml", "not a camt"),
        (b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>', "a.xml", "camt"),
        (
            b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"/>',
            "a.xml",
            "no account",
        ),
        (BOMB.encode(), "bomb.xml", "document type"),
        (EXTERNAL.encode(), "xxe.xml", "document type"),
        (BOMB.encode("utf-16"), "bomb16.xml", "document type"),
        (USD.encode(), "usd.xml", "USD"),
        (f"{CAMT_HEAD}<BkToCstmrStmt>".encode(), "cut.xml", "XML"),
        (b"%PDF-1.7 binary", "auszug.pdf", ".csv"),
        (b"  \n", "leer.csv", "empty"),
        (b"\x00\x01\x02\x03", "binary.csv", "text file"),
        (b"Datum;Betrag;Verwendungszweck;Waehrung\n24.11.2026;5,00;x;CHF\n", "chf.csv", "CHF"),
    ],
)
def test_unreadable_files_give_a_message_not_an_error(content, name, message):
    with pytest.raises(StatementError, match=message):
        parse_statement(content, name)


def test_oversized_files_are_refused_before_reading():
    with pytest.raises(StatementError, match="too large"):
        parse_statement(b"x" * (5 * 1024 * 1024 + 1), "gross.csv")
