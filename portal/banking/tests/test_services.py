"""Bank statement import: matching payments to invoices, reviewing and booking them."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import override

from portal.banking import services as statements
from portal.banking.matching import OpenInvoice, open_invoices, propose_matches
from portal.banking.models import BankStatement, BankStatementLine
from portal.banking.parsing import StatementError
from portal.banking.selectors import lines_for_review, review_rows
from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.models import Invoice, InvoiceStatus, Payment
from portal.invoicing.tests.factories import DESIGN, client_in, issued_invoice

SAMPLES = Path(__file__).parent / "files"
Status = BankStatementLine.Status
Reason = BankStatementLine.MatchReason


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever the German catalogue says."""
    with override("en"):
        yield


def csv_statement(*rows: str) -> bytes:
    """A German online-banking export with the given ``Buchungstag;Name;Verwendungszweck;Betrag`` rows."""
    return "\n".join(["Buchungstag;Name;Verwendungszweck;Betrag", *rows]).encode()


# --- matching (no database needed) -----------------------------------------------------------------


def credit(reference: str, amount: str) -> BankStatementLine:
    return BankStatementLine(
        booked_on=date(2026, 11, 24), amount=Decimal(amount), reference=reference, status=Status.UNMATCHED
    )


OPEN_INVOICES = [
    OpenInvoice(1, "SC-2026-00042", Decimal("2856.00")),
    OpenInvoice(2, "SC-2026-00043", Decimal("119.00")),
    OpenInvoice(3, "SC-2026-00044", Decimal("119.00")),
    OpenInvoice(4, "SC-2026-00045", Decimal("500.00")),
]


@pytest.mark.parametrize(
    "reference",
    [
        "SC-2026-00042",
        "Rechnung sc 2026 42",
        "RE SC.2026.00042 danke",
        "sc_2026_042",
        "SC2026-00042",
        "SC-2026- 0 0042",
    ],
)
def test_numbers_are_found_however_they_are_written(reference):
    line = credit(reference, "100.00")
    propose_matches([line], OPEN_INVOICES)
    assert (line.status, line.invoice_id, line.match_reason) == (Status.MATCHED, 1, Reason.NUMBER)


def test_number_wins_even_when_the_amount_differs_and_before_amount_matches():
    by_amount = credit("Danke!", "500.00")
    by_number = credit("SC-2026-00045 Teilzahlung", "200.00")
    propose_matches([by_amount, by_number], OPEN_INVOICES)
    # The 500,00 would fit SC-2026-00045, but that invoice is named by the other payment.
    assert (by_number.invoice_id, by_number.match_reason) == (4, Reason.NUMBER)
    assert (by_amount.status, by_amount.invoice_id) == (Status.UNMATCHED, None)


def test_amount_matches_only_a_single_invoice_once():
    exact, again = credit("Zahlung", "2856.00"), credit("Zahlung", "2856.00")
    ambiguous = credit("Zahlung", "119.00")
    propose_matches([exact, again, ambiguous], OPEN_INVOICES)
    assert (exact.status, exact.invoice_id, exact.match_reason) == (Status.MATCHED, 1, Reason.AMOUNT)
    assert again.status == ambiguous.status == Status.UNMATCHED


@pytest.mark.parametrize(
    "reference",
    [
        "SC-2026-00099",  # ours, but not open (paid, cancelled or unknown): a person decides
        "SC-ST-2026-00042",  # a cancellation invoice
        "SC-2026-00043 und SC-2026-00044",  # two invoices, and the amount pays neither exactly
    ],
)
def test_references_that_need_a_person(reference):
    line = credit(reference, "2856.00")
    propose_matches([line], OPEN_INVOICES)
    assert (line.status, line.invoice_id) == (Status.UNMATCHED, None)


def test_two_invoices_named_and_the_amount_pays_one_of_them():
    line = credit("SC-2026-00043, SC-2026-00045", "500.00")
    propose_matches([line], OPEN_INVOICES)
    assert line.invoice_id == 4


# --- services --------------------------------------------------------------------------------------


def import_csv(entity, user, *rows: str, name: str = "auszug.csv"):
    return statements.statement_import(entity=entity, user=user, data=csv_statement(*rows), filename=name)


def book_all(statement, user) -> statements.BookingResult:
    ids = list(statement.lines.filter(status=Status.MATCHED).values_list("pk", flat=True))
    return statements.statement_book(entity=statement.entity, user=user, statement_id=statement.pk, line_ids=ids)


@pytest.mark.django_db
def test_partial_payment_then_the_rest_from_a_second_statement(issued, staff, entities):
    sc = entities["SC"]
    first = import_csv(
        sc, staff, "24.11.2026;Kunde;Rechnung SC-2026-00001 Teil 1;1.000,00", "24.11.2026;Bank;Gebühr;-5,00"
    )
    matched, debit = first.lines.all()
    assert (matched.status, matched.invoice, matched.match_reason) == (Status.MATCHED, issued, Reason.NUMBER)
    assert debit.status == Status.IGNORED
    assert review_rows(first, lines_for_review(first))[0].remaining == Decimal("1856.00")
    assert book_all(first, staff).booked == 1
    issued.refresh_from_db()
    assert (issued.status, issued.paid_amount) == (InvoiceStatus.ISSUED, Decimal("1000.00"))
    matched.refresh_from_db()
    assert matched.status == Status.BOOKED
    assert (matched.payment.amount, matched.payment.source, matched.payment.reference) == (
        Decimal("1000.00"),
        Payment.Source.BANK_IMPORT,
        "Rechnung SC-2026-00001 Teil 1",
    )

    second = import_csv(sc, staff, "01.12.2026;Kunde;sc 2026 1 Rest;1.856,00", name="auszug-2.csv")
    assert second.lines.get().invoice == issued
    book_all(second, staff)
    issued.refresh_from_db()
    assert (issued.status, issued.paid_amount, issued.paid_at) == (
        InvoiceStatus.PAID,
        Decimal("2856.00"),
        date(2026, 12, 1),
    )


@pytest.mark.django_db
def test_booking_twice_books_once(issued, staff, entities):
    statement = import_csv(entities["SC"], staff, "24.11.2026;Kunde;SC-2026-00001;100,00")
    line_ids = list(statement.lines.values_list("pk", flat=True))
    book = statements.statement_book
    assert book(entity=entities["SC"], user=staff, statement_id=statement.pk, line_ids=line_ids).booked == 1
    assert book(entity=entities["SC"], user=staff, statement_id=statement.pk, line_ids=line_ids).booked == 0
    assert Payment.objects.filter(invoice=issued).count() == 1


@pytest.mark.django_db
def test_same_file_twice_is_refused_for_the_same_entity_only(issued, staff, entities):
    data = (SAMPLES / "sparkasse.csv").read_bytes()
    statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="sparkasse.csv")
    with pytest.raises(BusinessError, match="already been imported"):
        statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="kopie.csv")
    statements.statement_import(entity=entities["BW"], user=staff, data=data, filename="sparkasse.csv")


@pytest.mark.django_db
def test_lines_booked_from_an_earlier_statement_are_duplicates(issued, staff, entities):
    sc = entities["SC"]
    payment = "24.11.2026;Kunde;SC-2026-00001;100,00"
    book_all(import_csv(sc, staff, payment), staff)
    overlapping = import_csv(sc, staff, payment, "25.11.2026;Kunde;SC-2026-00001;200,00", name="woche.csv")
    assert [line.status for line in overlapping.lines.all()] == [Status.DUPLICATE, Status.MATCHED]
    # Imported side by side before either was booked, the second booking notices the twin.
    third = import_csv(sc, staff, "25.11.2026;Kunde;SC-2026-00001;200,00", "26.11.2026;x;y;1,00", name="t.csv")
    assert book_all(overlapping, staff).booked == 1
    result = book_all(third, staff)
    assert (result.booked, result.duplicates) == (0, 1)
    issued.refresh_from_db()
    assert issued.paid_amount == Decimal("300.00")


@pytest.mark.django_db
def test_a_line_whose_invoice_was_paid_meanwhile_stays_and_the_others_are_booked(issued, member, staff, entities):
    other = issued_invoice(member, entities["SC"], client_in("DE"), [("Beratung", "1", "Std", "100.00", "19.00")])
    statement = import_csv(entities["SC"], staff, "24.11.2026;A;SC-2026-00001;2.856,00", "24.11.2026;B;Danke;119,00")
    assert [line.invoice_id for line in statement.lines.all()] == [issued.pk, other.pk]
    services.payment_record(invoice_id=issued.pk, amount="2856.00", received_on=date(2026, 11, 24), user=staff)
    result = book_all(statement, staff)
    assert result.booked == 1
    assert "SC-2026-00001" in result.errors[0] and "open invoices" in result.errors[0]
    assert [line.status for line in statement.lines.all()] == [Status.MATCHED, Status.BOOKED]


@pytest.mark.django_db
def test_overpayment_is_booked_and_shown_in_the_review(issued, staff, entities):
    statement = import_csv(entities["SC"], staff, "24.11.2026;A;SC-2026-00001;2.900,00")
    (row,) = review_rows(statement, lines_for_review(statement))
    assert (row.excess, row.remaining) == (Decimal("44.00"), Decimal("0.00"))
    book_all(statement, staff)
    issued.refresh_from_db()
    assert (issued.status, issued.paid_amount) == (InvoiceStatus.PAID, Decimal("2900.00"))


@pytest.mark.django_db
def test_other_entities_and_cancellation_invoices_are_never_matched(issued, member, staff, entities):
    at_invoice = issued_invoice(member, entities["AT"], client_in("AT"), [DESIGN])
    cancelled = issued_invoice(member, entities["SC"], client_in("DE"), [("Text", "1", "Stk", "500.00", "19.00")])
    services.invoice_cancel(invoice_id=cancelled.pk, actor=Actor.STAFF, user=staff, reason="falscher Betrag")
    cancellation = Invoice.objects.get(cancels=cancelled)
    assert cancellation.number == "SC-ST-2026-00001"
    assert {invoice.pk for invoice in open_invoices(entities["SC"])} == {issued.pk}

    statement = import_csv(
        entities["SC"],
        staff,
        f"24.11.2026;A;{at_invoice.number};2856,00",
        f"24.11.2026;A;Danke;{at_invoice.gross_total}",
        "24.11.2026;B;SC-ST-2026-00001;-595,00",
        "24.11.2026;C;SC-ST-2026-00001;595,00",
        f"24.11.2026;D;{cancelled.number};595,00",
    )
    # Another entity's number is no number of ours: the amount finds SC's open invoice, never AT's.
    assert [(line.status, line.invoice_id) for line in statement.lines.all()] == [
        (Status.MATCHED, issued.pk),
        (Status.UNMATCHED, None),
        (Status.IGNORED, None),
        (Status.UNMATCHED, None),
        (Status.UNMATCHED, None),
    ]


@pytest.mark.django_db
def test_staff_assign_and_ignore_lines(issued, member, staff, entities):
    at_invoice = issued_invoice(member, entities["AT"], client_in("AT"), [DESIGN])
    statement = import_csv(entities["SC"], staff, "24.11.2026;A;Danke;10,00", "24.11.2026;Bank;Gebühr;-5,00")
    payment, debit = statement.lines.all()
    assign = statements.statement_line_assign
    for wrong in ("", at_invoice.number, "SC-ST-2026-00001", "SC-2026-00002"):
        with pytest.raises(BusinessError):
            assign(entity=entities["SC"], user=staff, line_id=payment.pk, invoice_number=wrong)
    with pytest.raises(BusinessError):
        assign(entity=entities["SC"], user=staff, line_id=debit.pk, invoice_number=issued.number)
    with pytest.raises(BankStatementLine.DoesNotExist):  # another entity's staff cannot reach the line
        assign(entity=entities["AT"], user=staff, line_id=payment.pk, invoice_number=at_invoice.number)

    line = assign(entity=entities["SC"], user=staff, line_id=payment.pk, invoice_number=" 2026-1 ")
    assert (line.status, line.invoice_id, line.match_reason) == (Status.MATCHED, issued.pk, Reason.STAFF)
    line = statements.statement_line_ignore(entity=entities["SC"], user=staff, line_id=payment.pk)
    assert (line.status, line.invoice_id) == (Status.IGNORED, None)
    assert book_all(statement, staff).booked == 0
    # An ignored payment can be taken back by assigning it.
    assign(entity=entities["SC"], user=staff, line_id=payment.pk, invoice_number="sc-2026-00001")
    assert book_all(statement, staff).booked == 1
    with pytest.raises(BusinessError):
        statements.statement_line_ignore(entity=entities["SC"], user=staff, line_id=payment.pk)


@pytest.mark.django_db
def test_a_statement_without_booked_payments_is_refused(staff, entities):
    with pytest.raises(StatementError, match="no booked payments"):
        statements.statement_import(entity=entities["SC"], user=staff, data=csv_statement(), filename="leer.csv")


def test_a_camt_statement_of_another_account_is_refused(entities, staff):
    data = (SAMPLES / "camt053_001_02.xml").read_bytes()  # the account of SC
    with pytest.raises(StatementError, match="DE89370400440532013000"):
        statements.statement_import(entity=entities["BW"], user=staff, data=data, filename="sc.xml")
    assert not BankStatement.objects.exists()
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="sc.xml")
    assert statement.lines.count() > 0


@pytest.mark.django_db
def test_other_accounts_of_the_file_are_noted_on_the_statement(staff, entities):
    data = (SAMPLES / "camt" / "camt053_001_02_two_accounts.xml").read_bytes()
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="two.xml")
    assert statement.lines.count() == 2
    assert "DE02120300000000202051" in statement.import_note
    single = (SAMPLES / "camt053_001_02.xml").read_bytes()
    assert (
        statements.statement_import(entity=entities["SC"], user=staff, data=single, filename="a.xml").import_note == ""
    )


@pytest.mark.django_db
def test_booking_times_are_days_in_the_entitys_time_zone(staff, entities):
    at = entities["AT"]
    assert at.time_zone == "Europe/Vienna"
    at.time_zone = "America/New_York"  # a zone where 23:30 UTC is still the day before
    data = (
        (SAMPLES / "camt" / "camt052_001_08_intraday.xml")
        .read_bytes()
        .replace(b"DE89370400440532013000", at.iban.encode())
    )
    statement = statements.statement_import(entity=at, user=staff, data=data, filename="report.xml")
    assert [line.booked_on for line in statement.lines.all()] == [date(2026, 11, 29)]


@pytest.mark.django_db
def test_an_austrian_george_export_is_imported_for_the_austrian_entity(staff, entities):
    data = (SAMPLES / "erste_george" / "George_Umsaetze_AT162011182917364500.json").read_bytes()
    with pytest.raises(StatementError, match="AT162011182917364500"):
        statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="george.json")
    statement = statements.statement_import(entity=entities["AT"], user=staff, data=data, filename="george.json")
    assert [(line.amount, line.status) for line in statement.lines.all()] == [
        (Decimal("1190.00"), Status.UNMATCHED),
        (Decimal("-64.20"), Status.IGNORED),
    ]
    assert "AT022011100000123456" in statement.import_note


@pytest.mark.django_db
def test_text_direction_and_control_characters_of_a_statement_are_not_kept(staff, entities):
    statement = import_csv(entities["SC"], staff, "24.11.2026;Ärzte\u202eevil;Rechnung\x07 SC-2026-00009;10,00")
    line = statement.lines.get()
    assert (line.counterparty, line.reference) == ("Ärzteevil", "Rechnung SC-2026-00009")


@pytest.mark.django_db
def test_the_booking_is_told_in_the_history_in_the_reader_s_language(issued, staff, entities):
    from django.utils import translation

    from portal.core.models import AuditEntry

    statement = import_csv(entities["SC"], staff, "24.11.2026;A;SC-2026-00001;2.856,00")
    with translation.override("en"):
        book_all(statement, staff)
    entry = AuditEntry.objects.get(action="bank_statement.booked")
    with translation.override("de"):
        assert entry.facts == "1 Zahlung gebucht"
    with translation.override("en"):
        assert entry.facts == "1 payment booked"
