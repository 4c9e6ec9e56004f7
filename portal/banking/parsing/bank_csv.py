"""CSV exports of online banking (Sparkasse, DKB, ING, N26, …), German or English.

Every bank names and orders its columns differently and some put account details above the header
row, so the header row is found by the column names we know, and the columns are taken by name.
"""

import codecs
import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.banking.parsing.entries import StatementEntry, StatementError, single_spaced

DELIMITERS = ";,\t"
#: Account details, period and the like come first in some exports; the header is never further down.
MAX_PREAMBLE_LINES = 30

#: Header names per field (compared after ``_header_key``), the preferred one first: an export with
#: both a booking and a value date, or both a purpose and a booking text, gives us the former.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": (
        "buchungstag",
        "buchungsdatum",
        "booking date",
        "date",
        "datum",
        "transaction date",
        "valutadatum",
        "valuta",
        "wertstellung",
        "value date",
    ),
    "amount": ("betrag", "umsatz", "amount"),
    "reference": (
        "verwendungszweck",
        "purpose",
        "reference",
        "payment reference",
        "remittance information",
        "referenz",
        "description",
        "details",
        "buchungsdetails",
        "vorgang/verwendungszweck",
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
        "auftraggeber/empfaenger",
        "name zahlungsbeteiligter",
        "zahlungsbeteiligter",
        "payer/payee",
    ),
    # … or one for who paid us and one for whom we paid.
    "payer": ("zahlungspflichtige*r", "zahlungspflichtiger", "auftraggeber", "payer"),
    "payee": ("zahlungsempfaenger*in", "zahlungsempfaenger", "empfaenger", "beguenstigter", "payee"),
    "iban": (
        "iban",
        "kontonummer/iban",
        "iban auftraggeber",
        "iban zahlungsbeteiligter",
        "counterparty iban",
        "kontonummer",
        "account number",
    ),
    "bank_reference": (
        "kundenreferenz (end-to-end)",
        "kundenreferenz",
        "end-to-end-referenz",
        "end-to-end reference",
        "end-to-end id",
        "bank reference",
        "transaction id",
    ),
    "currency": ("waehrung", "currency"),
    "status": ("status", "info"),
    "direction": ("soll/haben", "s/h"),
}
REQUIRED = {
    "date": gettext_lazy("booking date"),
    "amount": gettext_lazy("amount"),
    "reference": gettext_lazy("payment reference"),
}
#: Rows the bank has not booked yet (“Umsatz vorgemerkt”) may still change or vanish.
PENDING_WORDS = ("vorgemerkt", "pending", "ausstehend")
DEBIT_MARKS = ("s", "soll", "d", "debit")
BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
AMOUNT = re.compile(r"(?P<integer>\d{1,3}(?:(?P<group>[.,])\d{3})*|\d+)(?:(?P<decimal>[.,])(?P<fraction>\d{1,2}))?")


def parse_csv(data: bytes) -> list[StatementEntry]:
    text = _decode(data)
    if text.lstrip().startswith("<"):
        raise StatementError(_("This file is not a CSV export; it looks like a web page or an XML file."))
    lines = text.splitlines(keepends=True)
    header_index, delimiter, columns = _header(lines)
    reader = csv.reader(io.StringIO("".join(lines[header_index + 1 :])), delimiter=delimiter)
    entries = []
    for row in reader:
        entry = _entry(row, columns, line=header_index + 1 + reader.line_num)
        if entry is not None:
            entries.append(entry)
    return entries


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


def _header(lines: list[str]) -> tuple[int, str, dict[str, int]]:
    """The index of the header row, its delimiter and the column of each field we recognise."""
    delimiters = _delimiter_candidates("".join(lines[:MAX_PREAMBLE_LINES]))
    best: tuple[int, int, str, dict[str, int]] = (-1, 0, delimiters[0], {})
    for index, line in enumerate(lines[:MAX_PREAMBLE_LINES]):
        for delimiter in delimiters:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) < 2:
                continue
            columns = _columns(cells)
            if len(columns) > best[0]:
                best = (len(columns), index, delimiter, columns)
    recognised, index, delimiter, columns = best
    missing = [str(label) for field, label in REQUIRED.items() if field not in columns]
    if recognised <= 0 or missing:
        raise StatementError(
            _(
                "The CSV file has no column for: %(missing)s. A header row with names such as "
                "“Buchungstag”, “Betrag” and “Verwendungszweck” is expected."
            )
            % {"missing": ", ".join(missing or map(str, REQUIRED.values()))}
        )
    return index, delimiter, columns


def _delimiter_candidates(sample: str) -> list[str]:
    """The sniffed delimiter first; the others are tried too because a preamble can mislead the sniffer."""
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return list(DELIMITERS)
    return [sniffed, *(delimiter for delimiter in DELIMITERS if delimiter != sniffed)]


def _columns(cells: list[str]) -> dict[str, int]:
    keys = [_header_key(cell) for cell in cells]
    columns = {}
    for field, names in COLUMNS.items():
        for name in names:
            if name in keys:
                columns[field] = keys.index(name)
                break
    return columns


def _header_key(cell: str) -> str:
    key = cell.strip().lower().translate(UMLAUTS).rstrip(":").strip()
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", key))
    return re.sub(r"\s*\((?:eur|€)\)$|\s+(?:in\s+)?(?:eur|€)$", "", key)


def _entry(row: list[str], columns: dict[str, int], *, line: int) -> StatementEntry | None:
    def cell(field: str) -> str:
        index = columns.get(field)
        return single_spaced(row[index]) if index is not None and index < len(row) else ""

    booked_on = cell("date")
    if not booked_on:
        return None  # blank, balance and summary rows carry no booking date
    if any(word in cell("status").lower() for word in PENDING_WORDS):
        return None
    currency = cell("currency").upper()
    if currency and currency not in ("EUR", "€"):
        raise StatementError(
            _("Line %(line)s is in %(currency)s; only statements in euro can be imported.")
            % {"line": line, "currency": currency}
        )
    amount = parse_amount(cell("amount"), line=line)
    if cell("direction").lower() in DEBIT_MARKS:
        amount = -abs(amount)
    parties = ("counterparty", "payer", "payee") if amount > 0 else ("counterparty", "payee", "payer")
    return StatementEntry(
        booked_on=parse_date(booked_on, line=line),
        amount=amount,
        reference=cell("reference"),
        counterparty=next((cell(field) for field in parties if cell(field)), ""),
        iban=cell("iban").replace(" ", "").upper(),
        bank_reference="" if cell("bank_reference").upper() == "NOTPROVIDED" else cell("bank_reference"),
    )


def parse_amount(text: str, *, line: int) -> Decimal:
    """``1.234,56``, ``-12,00``, ``1234.56``, ``1,234.56``, ``12,00-`` → Decimal with two places."""
    cleaned = re.sub(r"\s|EUR|€", "", text, flags=re.IGNORECASE)
    negative = cleaned.startswith("-") or cleaned.endswith("-")
    cleaned = cleaned.strip("+-")
    match = AMOUNT.fullmatch(cleaned)
    if not match or (match["group"] and match["group"] == match["decimal"]):
        raise StatementError(_("Line %(line)s: “%(value)s” is not an amount.") % {"line": line, "value": text or "–"})
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
