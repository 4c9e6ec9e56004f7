"""Each bank's export format, read from a file of that bank's layout (see ``files/README.md``).

Every test states the number of bookings read and, for chosen rows, the booking date, the signed
amount (positive = received), the counterparty, their IBAN, the cleaned reference and the bank's
reference."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import override

from portal.banking.parsing import StatementEntry, parse_statement

FILES = Path(__file__).parent / "files"
GERMAN = "DE89370400440532013000"
AUSTRIAN = "AT162011182917364500"


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def read(path: str, account: str = GERMAN, **options) -> list[StatementEntry]:
    file = FILES / path
    return parse_statement(file.read_bytes(), file.name, account_iban=account, **options)


def entry(day: str, amount: str, counterparty: str, iban: str, reference: str, bank_reference: str = ""):
    return StatementEntry(date.fromisoformat(day), Decimal(amount), reference, counterparty, iban, bank_reference)


# --- Germany -----------------------------------------------------------------------------------------


def test_ing_with_preamble_two_currency_columns_and_referenz():
    entries = read("ing/Umsatzanzeige_DE89370400440532013000_20261130.csv")
    assert len(entries) == 3
    assert entries[0] == entry(
        "2026-11-28", "2856.00", "Müller & Söhne GmbH", "", "RE SC-2026-00042 Müller & Söhne", "E2E-MS-42"
    )
    # NOTPROVIDED in “Referenz” is no reference.
    assert entries[1] == entry(
        "2026-11-27", "-86.50", "Stadtwerke Köln GmbH", "", "Abschlag Strom November Vertrag 4711"
    )


def test_dkb_with_bom_two_digit_years_euro_signs_and_pending_row_skipped():
    entries = read("dkb/01-11-2026_Umsatzliste_Girokonto_DE89370400440532013000.csv")
    assert entries == [
        entry(
            "2026-11-28",
            "1000.50",
            "Muster GmbH",
            "DE02100500000054540402",
            "Rechnung SC-2026-00044 Teilzahlung",
            "MUSTER-2026-11",
        ),
        # Paid out: the payee is the counterparty, not us as payer.
        entry(
            "2026-11-25",
            "-89.90",
            "Telekom Deutschland GmbH",
            "DE65370100500000192506",
            "Festnetz November 2026",
            "TK-2026-11",
        ),
    ]


def test_postbank_dates_without_leading_zeros_short_amounts_and_closing_balance():
    entries = read("postbank/Umsaetze_KtoNr0532013000_EUR_30-11-2026.csv")
    assert len(entries) == 3
    assert entries[0] == entry(
        "2026-11-28", "750.00", "Ärztehaus Süd", "DE12500105170648489890", "Rechnung sc.2026.45", "ARZT-45"
    )
    assert entries[1] == entry("2026-11-05", "-100.80", "Versicherung AG", "DE91100000000123456789", "Beitrag 11/2026")


def test_deutsche_bank_in_cp1252_with_soll_haben_columns_and_sepa_tags():
    entries = read("deutsche_bank/Kontoumsaetze_370_0532013_00_20261130_180400.csv")
    assert len(entries) == 3
    assert entries[0] == entry(
        "2026-11-24",
        "1190.00",
        "Beispiel Handel GmbH",
        "DE17100500000123456789",
        "RE SC-2026-00048 vielen Dank",
        "BH-2026-0815",
    )
    assert entries[2] == entry(
        "2026-11-02", "-119.00", "Muster Software GmbH", "DE42500105175407324385", "Rechnung MS-10023", "MS-10023"
    )


def test_norisbank_with_umlauts_lost_in_the_header():
    entries = read("norisbank/Kontoumsaetze_0532013000_20261130.csv")
    assert entries == [
        entry("2026-11-20", "250.00", "Erika Mustermann", "DE27100777770209299700", "SC-2026-00049"),
        entry("2026-11-21", "-23.45", "REWE Markt GmbH", "DE44100100100123456789", "2026-11-21T12:01 Debitk.5 2029-12"),
    ]


def test_comdirect_labelled_texts_open_row_and_old_balance_skipped():
    entries = read("comdirect/umsaetze_0532013000_20261130-1804.csv")
    assert entries == [
        entry("2026-11-27", "2856.00", "Kunde ABC e.V.", "", "Rechnung SC-2026-00051 Kundennr. 4711", "ABC-4711"),
        entry(
            "2026-11-03",
            "-89.90",
            "Telekom Deutschland GmbH",
            "DE65370100500000192506",
            "Festnetz November 2026",
            "TK-2026-11",
        ),
    ]


def test_sparkasse_csv_camt_pending_row_skipped():
    entries = read("sparkasse/20261130-0532013000-umsatz-camt52v8.CSV")
    assert entries == [
        entry(
            "2026-11-27",
            "3570.00",
            "Ärztehaus Süd",
            "DE12500105170648489890",
            "RE SC-2026-00053 und SC-2026-00054",
            "E2E-77-2026",
        ),
        entry(
            "2026-11-25",
            "-1234.56",
            "Hausverwaltung Groß KG",
            "DE91100000000123456789",
            "Miete Büro Dezember 2026",
            "MIETE-2026-12",
        ),
    ]


def test_sparkasse_mt940_sub_fields_lines_cut_anywhere_and_the_turn_of_the_year():
    entries = read("sparkasse/20261130-0532013000-umsatz.sta")
    assert entries == [
        entry(
            "2026-11-24",
            "2856.00",
            "Kunde ABC e.V.",
            "DE44500105175407324931",
            "Rechnung SC-2026-00055 Kundennr. 4711",
            "RE-2026-17-ABC",
        ),
        entry(
            "2026-11-25",
            "-1234.56",
            "Hausverwaltung Gross KG",
            "DE91100000000123456789",
            "Miete Buero Dezember 2026",
            "MIETE-2026-12",
        ),
        # Value date 31 December 2026, booked on 2 January 2027.
        entry("2027-01-02", "300.00", "Aerztehaus Sued", "DE12500105170648489890", "Rechnung sc.2026.56 Teilzahlung"),
    ]


def test_volksbank_since_2022():
    entries = read("volksbank/Umsaetze_DE89370400440532013000_2026.11.30.csv")
    assert entries == [
        entry("2026-11-27", "2400.00", "Beta Immobilien AG", "DE27300606010123456789", "Ausgleich SC-2026-00057"),
        entry("2026-11-26", "-120.50", "Stadtwerke Musterstadt", "DE99500105170000000001", "Stromabschlag November"),
    ]


def test_volksbank_before_2022_multiline_purpose_sign_column_and_dated_balances():
    entries = read("volksbank/Umsaetze_alt_0532013000.csv")
    assert len(entries) == 2  # “Anfangssaldo” and “Endsaldo” carry a date but are no bookings
    assert entries[0] == entry(
        "2020-11-24", "1202.10", "Kunde ABC e.V.", "DE44500105175407324931", "RE SC-2020-00042 Kundennr. 4711"
    )
    assert (entries[1].amount, entries[1].counterparty) == (Decimal("-10.90"), "ROSSMANN VIELEN DANK")


def test_n26_english_export_foreign_currency_amount_ignored():
    entries = read("n26/n26-csv-transactions.csv")
    assert entries == [
        entry("2026-11-27", "1190.00", "Jane Doe", "DE27100777770209299700", "SC-2026-00058 workshop"),
        entry("2026-11-26", "-49.99", "Cloud Hosting Inc.", "", ""),
        entry("2026-11-02", "250.50", "Kunde ABC e.V.", "DE44500105175407324931", "Rechnung SC-2026-00059"),
    ]


def test_commerzbank_references_inside_the_booking_text_and_own_account_not_taken():
    entries = read("commerzbank/Umsaetze_KtoNr532013000_EUR_30-11-2026_1804.csv")
    # Commerzbank writes the name into the text; its account columns are ours, so no IBAN is taken.
    assert entries == [
        entry("2026-11-27", "1785.00", "", "", "Muster GmbH Rechnung SC-2026-00060", "MUSTER-60"),
        entry("2026-11-26", "-39.99", "", "", "Vodafone GmbH Kundennr 123456789 Rechnung November", "VF-2026-11"),
    ]


# --- Austria -----------------------------------------------------------------------------------------


def test_raiffeisen_elba_without_header_labels_and_kundendaten():
    entries = read("elba/umsaetze_AT162011182917364500.csv", AUSTRIAN)
    assert entries == [
        entry("2026-11-28", "1190.00", "Muster GmbH", "AT483200000012345864", "SC-2026-00061"),
        entry("2026-11-27", "-950.00", "Hausverwaltung Wien GmbH", "AT026000000001349870", "Miete Dezember 2026"),
        entry("2026-11-03", "500.00", "Beispiel KG", "", "RE SC-2026-00062"),
    ]


def test_bawag_easybank_without_header_old_and_new_party_notation():
    entries = read("bawag/PSK_Umsaetze_AT162011182917364500.csv", AUSTRIAN)
    assert entries == [
        entry("2026-11-28", "2400.00", "Muster GmbH", "AT483200000012345864", "Rechnung SC-2026-00063"),
        entry("2026-11-03", "-45.90", "A1 Telekom Austria AG", "", "Abbuchung Einzugsermächtigung"),
        entry("2026-11-04", "500.00", "Beispiel GmbH", "AT026000000001349870", "SC-2026-00064 Teilzahlung"),
    ]


def test_bank_austria_payer_and_payee_columns():
    entries = read("bank_austria/Umsatzliste_AT162011182917364500.csv", AUSTRIAN)
    assert entries == [
        entry("2026-11-28", "1190.00", "Muster GmbH", "AT483200000012345864", "SC-2026-00065"),
        entry("2026-11-25", "-950.00", "Hausverwaltung Wien GmbH", "AT026000000001349870", "Miete Dezember 2026"),
    ]


def test_oberbank_purpose_falls_back_to_the_text_column():
    entries = read("oberbank/Umsaetze_AT162011182917364500.csv", AUSTRIAN)
    assert entries == [
        entry("2026-11-28", "1190.00", "Muster GmbH", "AT483200000012345864", "SC-2026-00066"),
        entry("2026-11-25", "-11.00", "", "", "RE 2026/118, Hausverwaltung Linz, Landstraße 1, 4020 Linz"),
    ]


def test_livebank_text_cells_beyond_the_header_and_zero_notices_skipped():
    entries = read("livebank/Umsaetze_12345678.csv", AUSTRIAN)
    assert entries == [
        entry("2026-11-28", "1190.00", "", "", "Muster GmbH SC-2026-00067 REF: 38000261128AAA-00000001"),
        entry("2026-11-25", "-100.00", "", "", "Hausverwaltung Wien Miete Dezember 2026"),
    ]


def test_erste_george_csv():
    entries = read("erste_george/George_Umsaetze_AT162011182917364500.csv", AUSTRIAN)
    assert entries == [
        entry("2026-11-28", "1190.00", "Muster GmbH", "AT483200000012345864", "SC-2026-00068"),
        entry("2026-11-27", "-64.20", "Wiener Stadtwerke", "AT026000000001349870", "Strom November 2026"),
    ]


def test_erste_george_json_other_account_skipped_with_a_note():
    notes: list[str] = []
    entries = read("erste_george/George_Umsaetze_AT162011182917364500.json", AUSTRIAN, notes=notes)
    assert entries == [
        entry("2026-11-28", "1190.00", "Muster GmbH", "AT483200000012345864", "Rechnung SC-2026-00069", "MUSTER-69"),
        # The payment reference (Zahlungsreferenz) when there is no purpose text.
        entry("2026-11-27", "-64.20", "", "", "900123456789", "201112611270AIG-00ABC12340"),
    ]
    assert notes == ["The file also contains the accounts AT022011100000123456; their bookings were not imported."]


# --- ISO 20022 and SWIFT -----------------------------------------------------------------------------


def test_camt052_intraday_report_booked_only_and_utc_time_as_local_day():
    entries = read("camt/camt052_001_08_intraday.xml")
    # Booked at 23:30 UTC on 29 November, which is 30 November in Berlin; the pending entry is left out.
    assert entries == [
        entry("2026-11-30", "595.00", "Muster GmbH", "DE02100500000054540402", "SC-2026-00070", "MUSTER-70")
    ]
    assert read("camt/camt052_001_08_intraday.xml", time_zone="America/New_York")[0].booked_on == date(2026, 11, 29)


def test_camt053_with_two_accounts_reads_ours_and_notes_the_other():
    notes: list[str] = []
    entries = read("camt/camt053_001_02_two_accounts.xml", notes=notes)
    assert entries == [
        entry("2026-11-30", "1428.00", "Ärztehaus Süd", "DE12500105170648489890", "RE SC-2026-00073", "ARZT-73"),
        entry(
            "2026-11-30",
            "-45.00",
            "Kontoführung",
            "DE89370400440532013000",
            "Kontofuehrung November",
            "ASR-2026-11-30-9",
        ),
    ]
    assert notes == ["The file also contains the accounts DE02120300000000202051; their bookings were not imported."]


def test_camt054_notification_without_status():
    assert read("camt/camt054_001_08_credit_notification.xml") == [
        entry(
            "2026-11-30",
            "2380.00",
            "Stadt Musterhausen",
            "DE27100777770209299700",
            "SC-2026-00074 Leitweg-ID 991-12345-67",
            "STADT-74",
        )
    ]


def test_zip_of_daily_camt053_files_in_name_order_other_account_noted():
    notes: list[str] = []
    entries = read("camt/camt053_2026-11.zip", notes=notes)
    assert entries == [
        entry("2026-11-27", "1190.00", "Muster GmbH", "DE02100500000054540402", "RE SC-2026-00076", "E2E-2026-11-27"),
        entry("2026-11-28", "300.00", "Erika Mustermann", "DE75512108001245126199", "SC-2026-00075", "E2E-2026-11-28"),
    ]
    assert notes == ["The file also contains the accounts DE02120300000000202051; their bookings were not imported."]


def test_mt940_free_text_with_sepa_tags_reversal_and_second_account():
    notes: list[str] = []
    entries = read("mt940/MT940_2026-11-30.sta", notes=notes)
    assert entries == [
        # ABWA+ names the real payer; the IBAN+ tag its account.
        entry(
            "2026-11-30",
            "890.00",
            "Beispiel Holding GmbH",
            "DE12500105170648489890",
            "Rechnung SC-2026-00077 danke",
            "BEISPIEL-77",
        ),
        entry("2026-11-30", "25.00", "", "", "STORNO GEBUEHR"),  # RD: a debit taken back is money received
    ]
    assert notes == ["The file also contains the accounts DE02120300000000202051; their bookings were not imported."]


def test_every_bank_file_is_tested():
    tested = Path(__file__).read_text()
    files = [path for path in FILES.rglob("*") if path.is_file() and path.parent != FILES and path.suffix != ".md"]
    assert files
    assert [path.name for path in files if path.name not in tested] == []
