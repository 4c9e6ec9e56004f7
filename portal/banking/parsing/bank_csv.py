"""CSV exports of online banking (Sparkasse, Volksbank, Postbank, Deutsche Bank, ING, comdirect, DKB,
N26, Erste, …), German or English.

Every bank names and orders its columns differently and some put account details above the header
row, so the header row is found by the column names we know (the aliases below are the bank
profiles), and the columns are taken by name. Exports without a header row (Raiffeisen ELBA, BAWAG,
easybank) are read by their fixed layouts in ``headerless``.
"""

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.banking.parsing.entries import StatementEntry, StatementError, single_spaced
from portal.banking.parsing.headerless import headerless_layout
from portal.banking.parsing.references import labelled_parts, split_reference

DELIMITERS = ";,\t"
#: Account details, period and the like come first in some exports; the header is never further down.
MAX_PREAMBLE_LINES = 30

#: Header names per field (compared after ``_header_key``), the preferred one first: an export with
#: both a booking and a value date, or both a purpose and a booking text, gives us the former.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": (
        "buchungstag",
        "buchungsdatum",
        "buchung",  # ING
        "booking date",
        "date",
        "datum",
        "transaction date",
        "started date",
        "valutadatum",
        "valuta",
        "wertstellung",
        "wertstellung (valuta)",
        "wert",
        "value date",
    ),
    "amount": ("betrag", "umsatz", "amount", "betrag in eur", "transaction amount"),
    # Separate columns for money paid out and received (Deutsche Bank, some Austrian banks).
    "debit": ("soll", "debit", "ausgang", "belastung", "paid out", "money out", "withdrawal"),
    "credit": ("haben", "credit", "eingang", "gutschrift", "paid in", "money in", "deposit"),
    "reference": (
        "verwendungszweck",
        "zahlungsreferenz",
        "zahlungsgrund",  # Bank Austria
        "purpose",
        "reference",
        "payment reference",
        "remittance information",
        "description",
        "details",
        "buchungsdetails",
        "umsatztext",  # Livebank (its “Buchungstext” is the kind of booking)
        "buchungstext",
        "booking text",
        "text",
    ),
    # One column for both directions …
    "counterparty": (
        "name",
        "counterparty",
        "beguenstigter/zahlungspflichtiger",
        "auftraggeber/beguenstigter",
        "auftraggeber/empfaenger",  # ING
        "name zahlungsbeteiligter",
        "zahlungsbeteiligter",
        "payer/payee",
        "beguenstigter/auftraggeber",  # Postbank, Deutsche Bank, norisbank
        "zahlungsempfaenger/zahlungspflichtiger",
        "partner name",  # N26 (since 2023), Erste
        "partnername",
    ),
    # … or one for who paid us and one for whom we paid.
    # Volksbank before 2022: who ordered the payment, and who received it; one of them is us.
    "payer": (
        "zahlungspflichtige*r",
        "zahlungspflichtiger",
        "auftraggeber",
        "auftraggebername",
        "auftraggeber/zahlungsempfaenger",
        "payer",
    ),
    "payee": (
        "zahlungsempfaenger*in",
        "zahlungsempfaenger",
        "empfaenger",
        "empfaengername",  # Oberbank
        "empfaenger/zahlungspflichtiger",
        "beguenstigter",
        "payee",
    ),
    "iban": (
        "iban",
        "kontonummer/iban",
        "iban/kontonummer",
        "partner iban",
        "iban zahlungsbeteiligter/in",
        "iban des auftraggebers",
        "iban auftraggeber",
        "iban zahlungsbeteiligter",
        "counterparty iban",
        "kontonummer",
        "account number",
    ),
    # The payer's and the payee's account in separate columns (Oberbank).
    # Only IBANs are taken from them: Commerzbank calls our own account number “Auftraggeberkonto”.
    "payer_iban": ("auftraggeber iban/kto.nr.", "auftraggeberkonto", "iban zahlungspflichtiger"),
    "payee_iban": ("empfaenger iban/kto.nr.", "empfaengerkonto", "iban empfaenger", "iban zahlungsempfaenger"),
    "bank_reference": (
        "kundenreferenz (end-to-end)",
        "end-to-end-id",
        "kundenreferenz",
        "end-to-end-referenz",
        "end-to-end reference",
        "end-to-end id",
        "bank reference",
        "transaction id",
        "referenz",  # ING (since 2025): the end-to-end reference or NOTPROVIDED
    ),
    # Volksbank before 2022: the first line of the text is the kind of booking, the purpose follows.
    "process_and_purpose": ("vorgang/verwendungszweck",),
    "currency": ("waehrung", "currency"),
    "status": ("status", "info"),
    "direction": ("soll/haben", "s/h"),
}
REQUIRED = {
    "date": gettext_lazy("booking date"),
    "amount": gettext_lazy("amount"),
}
#: Rows such as “Kontostand”, “Alter Kontostand”, “Saldo” close or open the table; they are no bookings.
BALANCE_WORDS = (
    "kontostand",
    "saldo",
    "anfangssaldo",
    "endsaldo",
    "summe",
    "umsatzsumme",
    "opening balance",
    "closing balance",
    "balance",
    "total",
)
#: A balance row's amount cell may hold a dash instead of a number.
DASHES = ("", "-", "–", "—")
#: Rows the bank has not booked yet (“Umsatz vorgemerkt”) may still change or vanish.
PENDING_WORDS = ("vorgemerkt", "pending", "ausstehend", "offen", "nicht gebucht")
#: Cells that make a row a booking rather than a balance, whatever its date says.
DESCRIBING = ("reference", "process_and_purpose", "counterparty", "payer", "payee", "iban")
DEBIT_MARKS = ("s", "soll", "d", "debit", "dr")
CREDIT_MARKS = ("h", "haben", "c", "credit", "cr")
BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d-%m-%Y", "%Y.%m.%d", "%Y%m%d")
IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
AMOUNT = re.compile(r"(?P<integer>\d{1,3}(?:(?P<group>[.,])\d{3})*|\d+)(?:(?P<decimal>[.,])(?P<fraction>\d{1,2}))?")


#: Column indices per field, the preferred column first; a field's value is that of the first non-empty one.
Columns = dict[str, list[int]]
#: A column only the bank fills when it has nothing (Austrian and German SEPA exports).
NOT_PROVIDED = "NOTPROVIDED"


def parse_csv(data: bytes) -> list[StatementEntry]:
    text = _decode(data)
    if text.lstrip().startswith("<"):
        raise StatementError(_("This file is not a CSV export; it looks like a web page or an XML file."))
    lines = text.splitlines(keepends=True)
    try:
        header_index, delimiter, columns, width = _header(lines)
    except StatementError:
        layout = headerless_layout(lines)
        if layout is None:
            raise
        header_index, delimiter, width = -1, layout.delimiter, 0
        columns = {field: [index] for field, index in layout.columns.items()}
    reader = csv.reader(io.StringIO("".join(lines[header_index + 1 :])), delimiter=delimiter)
    rows = [(_joined_overflow(row, columns, width), header_index + 1 + reader.line_num) for row in reader]
    decimal = _decimal_mark([row for row, _line in rows], columns)
    entries = []
    for row, line in rows:
        entry = _entry(row, columns, line=line, decimal=decimal)
        if entry is not None:
            entries.append(entry)
    return entries


def _decimal_mark(rows: list[list[str]], columns: Columns) -> str | None:
    """The decimal mark the file's amounts with cents use (the more frequent one), ``None`` if none has."""
    marks: Counter[str] = Counter()
    indices = [index for field in ("amount", "debit", "credit") for index in columns.get(field, ())]
    for row in rows:
        for index in indices:
            match = AMOUNT.fullmatch(_bare_amount(row[index])[0]) if index < len(row) else None
            if match and match["decimal"]:
                marks[match["decimal"]] += 1
    return marks.most_common(1)[0][0] if marks else None


def _joined_overflow(row: list[str], columns: Columns, width: int) -> list[str]:
    """Livebank writes the booking text's lines as cells of their own after the last (text) column."""
    if width and len(row) > width and width - 1 in columns.get("reference", ()):
        return [*row[: width - 1], " ".join(row[width - 1 :])]
    return row


def _decode(data: bytes) -> str:
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise StatementError(_("This file is not a text file."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows exports (Sparkasse, Volksbank) are cp1252; it maps almost every byte, so it comes last.
        return data.decode("cp1252", errors="replace")


def _header(lines: list[str]) -> tuple[int, str, Columns, int]:
    """The index of the header row, its delimiter, the columns of each field we recognise and the
    number of cells of the header row."""
    delimiters = _delimiter_candidates("".join(lines[:MAX_PREAMBLE_LINES]))
    best: tuple[int, int, str, Columns, int] = (-1, 0, delimiters[0], {}, 0)
    for index, line in enumerate(lines[:MAX_PREAMBLE_LINES]):
        for delimiter in delimiters:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) < 2:
                continue
            columns = _columns(cells)
            if len(columns) > best[0]:
                best = (len(columns), index, delimiter, columns, len(cells))
    recognised, index, delimiter, columns, width = best
    missing = [
        str(label)
        for field, label in REQUIRED.items()
        if field not in columns and not (field == "amount" and {"debit", "credit"} <= columns.keys())
    ]
    if recognised <= 0 or missing:
        raise StatementError(
            _(
                "The CSV file has no column for: %(missing)s. A header row with names such as "
                "“Buchungstag”, “Betrag” and “Verwendungszweck” is expected."
            )
            % {"missing": ", ".join(missing or map(str, REQUIRED.values()))}
        )
    return index, delimiter, columns, width


def _delimiter_candidates(sample: str) -> list[str]:
    """The sniffed delimiter first; the others are tried too because a preamble can mislead the sniffer."""
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return list(DELIMITERS)
    return [sniffed, *(delimiter for delimiter in DELIMITERS if delimiter != sniffed)]


def _columns(cells: list[str]) -> Columns:
    keys = [_loose(_header_key(cell)) for cell in cells]
    columns: Columns = {}
    taken: set[int] = set()
    for field, names in COLUMNS.items():
        found = [keys.index(_loose(name)) for name in names if _loose(name) in keys]
        found = [index for index in dict.fromkeys(found) if index not in taken]
        if found:
            columns[field] = found
            taken.update(found)
    amount = columns.get("amount", [-1])[0]
    if "direction" not in columns and 0 <= amount < len(keys) - 1 and not keys[amount + 1]:
        columns["direction"] = [amount + 1]  # Volksbank: “S” or “H” in a column without a name
    return columns


def _header_key(cell: str) -> str:
    key = cell.strip().lower().translate(UMLAUTS).rstrip(":").strip()
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", key))
    return re.sub(r"\s*\((?:eur|€)\)$|\s+(?:in\s+)?(?:eur|€)$", "", key)


def _loose(key: str) -> str:
    """Some exports are written as UTF-8 with their umlauts already lost (“Beg�nstigter”): an umlaut,
    written out or lost, compares equal."""
    return re.sub(r"ae|oe|ue|ss|\ufffd", "\ufffd", key)


def _entry(row: list[str], columns: Columns, *, line: int, decimal: str | None) -> StatementEntry | None:
    def cell(field: str) -> str:
        for index in columns.get(field, ()):
            value = single_spaced(row[index]) if index < len(row) else ""
            if value and value.upper() != NOT_PROVIDED:
                return value
        return ""

    day = cell("date")
    if not day or any(word in cell("status").lower() for word in PENDING_WORDS) or day.lower() in PENDING_WORDS:
        return None  # blank rows, and rows the bank has not booked yet
    booked_on = _date_or_none(day)
    if booked_on is not None and _is_balance_row(row, columns) and not any(map(cell, DESCRIBING)):
        return None  # Volksbank dates its “Anfangssaldo” and “Endsaldo” rows
    if booked_on is None:
        if _is_balance_row(row, columns) or not re.search(r"\d", day):
            return None  # “Kontostand”, “Alter Kontostand” and other summary rows
        parse_date(day, line=line)  # says which line holds which unreadable date
    currency = cell("currency").upper()
    if currency and currency not in ("EUR", "€"):
        raise StatementError(
            _("Line %(line)s is in %(currency)s; only statements in euro can be imported.")
            % {"line": line, "currency": currency}
        )
    amount = _amount(cell, row, columns, line=line, decimal=decimal)
    if not amount:
        return None  # no amount (a balance row's dash) or zero (Livebank's notices of new conditions)
    parts = labelled_parts(cell("reference") or _purpose_after_process(row, columns))
    reference = split_reference(parts.get("text", ""))
    credit = amount > 0
    parties = ("counterparty", "payer", "payee") if credit else ("counterparty", "payee", "payer")
    # Only IBANs: some banks put a bare account number there, or (Livebank, Commerzbank) our own.
    ibans = ("iban", "payer_iban", "payee_iban") if credit else ("iban", "payee_iban", "payer_iban")
    iban = next((cell(field) for field in ibans if IBAN.fullmatch(cell(field).replace(" ", "").upper())), "")
    return StatementEntry(
        booked_on=booked_on or parse_date(day, line=line),
        amount=amount,
        reference=reference.text,
        counterparty=next((cell(field) for field in parties if cell(field)), "")
        or parts.get("party", "")
        or reference.party,
        iban=(iban or parts.get("iban", "") or reference.iban).replace(" ", "").upper(),
        bank_reference=cell("bank_reference")
        or reference.end_to_end
        or parts.get("end_to_end", "")
        or parts.get("bank_reference", ""),
    )


def _purpose_after_process(row: list[str], columns: Columns) -> str:
    index = columns.get("process_and_purpose", [len(row)])[0]
    lines = row[index].strip().splitlines() if index < len(row) else []
    return " ".join(lines[1:] if len(lines) > 1 else lines)


def _amount(
    cell: Callable[[str], str], row: list[str], columns: Columns, *, line: int, decimal: str | None
) -> Decimal | None:
    """The signed amount of a row, from one amount column (with or without an S/H mark) or from
    separate debit and credit columns; ``None`` for a row without one (a balance row's dash)."""
    text = cell("amount")
    if text in DASHES:
        debit, credit = _side(cell("debit"), line, decimal), _side(cell("credit"), line, decimal)
        if debit:
            return -abs(debit)
        if credit:
            return abs(credit)
        return None
    try:
        amount = parse_amount(text, line=line, decimal=decimal)
    except StatementError:
        if _is_balance_row(row, columns):
            return None
        raise
    mark = cell("direction").lower()
    if mark in DEBIT_MARKS:
        return -abs(amount)
    if mark in CREDIT_MARKS:
        return abs(amount)
    return amount


def _side(text: str, line: int, decimal: str | None) -> Decimal | None:
    """A debit or credit column's amount; empty, a dash or zero (ING Austria fills the other side
    with ``0,00``) is none."""
    if text in DASHES:
        return None
    return parse_amount(text, line=line, decimal=decimal) or None


def _is_balance_row(row: list[str], columns: Columns) -> bool:
    """A row labelled as a balance or total in a column that is not free text."""
    free_text = {
        index
        for field in ("reference", "process_and_purpose", "counterparty", "payer", "payee")
        for index in columns.get(field, ())
    }
    labels = (cell.strip().lower().rstrip(":") for index, cell in enumerate(row) if index not in free_text)
    return any(word in label for label in labels for word in BALANCE_WORDS)


def _date_or_none(text: str) -> date | None:
    try:
        return parse_date(text, line=0)
    except StatementError:
        return None


def _bare_amount(text: str) -> tuple[str, bool]:
    """An amount's digits and marks without spaces, currency and sign; and whether it is negative."""
    cleaned = re.sub(r"\s|EUR|€", "", text.replace("\u2212", "-"), flags=re.IGNORECASE)
    return cleaned.strip("+-"), cleaned.startswith("-") or cleaned.endswith("-")


def parse_amount(text: str, *, line: int, decimal: str | None = None) -> Decimal:
    """``1.234,56``, ``-12,00``, ``1234.56``, ``1,234.56``, ``12,00-`` → Decimal with two places.

    ``decimal`` is the file's decimal mark, if known: in a file with ``1.234,56``, ``1,005`` has three
    decimal places and is refused, where alone it would read as 1005."""
    cleaned, negative = _bare_amount(text)
    match = AMOUNT.fullmatch(cleaned)
    if not match or (match["group"] and match["group"] == match["decimal"]):
        raise StatementError(_("Line %(line)s: “%(value)s” is not an amount.") % {"line": line, "value": text or "–"})
    if decimal and match["group"] == decimal:
        raise StatementError(
            _("Line %(line)s: “%(value)s” is not an amount in euro and cent (the file writes cents after “%(mark)s”).")
            % {"line": line, "value": text, "mark": decimal}
        )
    integer = match["integer"].replace(match["group"] or "", "")
    amount = Decimal(f"{integer}.{(match['fraction'] or '0').ljust(2, '0')}")
    return -amount if negative else amount


def parse_date(text: str, *, line: int) -> date:
    """``24.12.2026``, ``24.12.26`` or ``2026-12-24`` (a time after the date is ignored)."""
    day = text.split()[0] if text else ""
    day = day.split("T")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(day, pattern).date()
        except ValueError:
            continue
    raise StatementError(_("Line %(line)s: “%(value)s” is not a date.") % {"line": line, "value": text})
