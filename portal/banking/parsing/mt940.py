"""SWIFT MT940 account statements as German and Austrian banks export them (``.sta``, ``.mt940``).

A file holds one or more statements (``:20:`` … ``:62F:``); each names its account in ``:25:``, as
IBAN or as ``BLZ/account number``. A booking is a ``:61:`` line, optionally followed by ``:86:`` with
the details. German banks structure ``:86:`` into sub-fields (DFÜ agreement, annex 3)::

    :86:166?00GUTSCHR. UEBERWEISUNG?109075?20EREF+RE-2026-17?21SVWZ+Rechnung SC-2026-00042
    ?30BELADEBEXXX?31DE02100500000054540402?32Müller & Söhne GmbH

``?20`` to ``?29`` and ``?60`` to ``?63`` hold the purpose (with the SEPA tags), ``?31`` the other
party's IBAN and ``?32``/``?33`` its name. Banks without sub-fields write free text.
"""

import codecs
import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.banking.parsing.entries import (
    OtherAccountError,
    StatementEntry,
    StatementError,
    compact_account,
    is_our_account,
    single_spaced,
    skipped_accounts_note,
)
from portal.banking.parsing.references import split_reference

#: A field starts a line with its tag; lines without one continue the field before.
TAG_LINE = re.compile(r"^:(\d{2}[A-Z]?):", re.MULTILINE)
#: SWIFT envelope blocks around the text block ``{4:`` … ``-}`` that some banks keep.
ENVELOPE = re.compile(r"\{[1-3]:[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\{5:.*?\}\}?|\{4:|-\}")
#: ``:61:`` value date, entry date (MMDD), debit/credit mark, funds code, amount, transaction type,
#: customer reference, ``//`` bank reference.
BOOKING = re.compile(
    r"^(?P<value>\d{6})(?P<entry>\d{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?(?P<amount>\d[\d,]*)"
    r"(?P<type>[NSF][A-Z0-9]{3})(?P<reference>[^\n]*?)(?://(?P<bank_reference>[^\n]*))?(?:\n|$)"
)
BALANCE = re.compile(r"^[CD]\d{6}(?P<currency>[A-Z]{3})\d[\d,]*")
SUB_FIELD = re.compile(r"\?(\d{2})")
#: ``:86:`` with sub-fields starts with the three-digit business transaction code (GVC).
STRUCTURED = re.compile(r"^\d{3}\s*\?")
SIGN = {"C": 1, "D": -1, "RC": -1, "RD": 1}
NO_REFERENCE = "NONREF"


def looks_like_mt940(data: bytes) -> bool:
    """Whether ``data`` is an MT940 file, whatever its name (Sparkasse calls them ``.txt`` too)."""
    head = data[:4096].decode("latin-1")
    return bool(re.search(r"^:(?:20|25):", head, re.MULTILINE) and re.search(r"^:(?:60[FM]|61):", head, re.MULTILINE))


def parse_mt940(data: bytes, *, account_iban: str = "", notes: list[str] | None = None) -> list[StatementEntry]:
    """The bookings of the entity's account (``account_iban``); other accounts' statements are skipped
    with a note, as in camt files."""
    statements = _statements(_fields(_decode(data)))
    if not statements:
        raise StatementError(_("The file is not an MT940 account statement."))
    ours = [statement for statement in statements if is_our_account(statement.account, account_iban)]
    if not ours:
        raise OtherAccountError(
            sorted({statement.account or "?" for statement in statements}), compact_account(account_iban)
        )
    skipped = sorted({statement.account for statement in statements if statement not in ours})
    if skipped and notes is not None:
        notes.append(skipped_accounts_note(skipped))
    return [entry for statement in ours for entry in statement.entries]


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise StatementError(_("This file is not a text file."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # the usual encoding (ISO 8859-1 / Windows)
    return ENVELOPE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _fields(text: str) -> list[tuple[str, str]]:
    """``(tag, content)`` of each field, continuation lines joined to their field with a line break."""
    matches = list(TAG_LINE.finditer(text))
    fields = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        content = text[match.end() : end]
        # The message ends with a line holding only “-”.
        content = re.sub(r"\n-\s*$", "", content.rstrip("\n")).strip("\n")
        fields.append((match.group(1), content))
    return fields


class _Statement:
    def __init__(self) -> None:
        self.account = ""
        self.entries: list[StatementEntry] = []
        self.seen_balance = False


def _statements(fields: list[tuple[str, str]]) -> list[_Statement]:
    statements: list[_Statement] = []
    current: _Statement | None = None
    booking: dict[str, str] | None = None

    def close_booking() -> None:
        nonlocal booking
        if booking is not None and current is not None:
            current.entries.append(_entry(booking))
        booking = None

    for tag, content in fields:
        if tag == "20" or current is None:
            close_booking()
            current = _Statement()
            statements.append(current)
        if tag == "25":
            current.account = compact_account(content.splitlines()[0] if content else "")
        elif tag in ("60F", "60M", "62F", "62M", "64", "65"):
            close_booking()
            _check_currency(content)
            current.seen_balance = True
        elif tag == "61":
            close_booking()
            booking = {"line": content}
        elif tag == "86" and booking is not None and "details" not in booking:
            booking["details"] = content
    close_booking()
    # Without an opening or closing balance it is no statement (a text that merely starts with “:20:”).
    return [statement for statement in statements if statement.seen_balance]


def _check_currency(content: str) -> None:
    match = BALANCE.match(content.strip())
    if match is None:
        raise StatementError(_("The statement has a balance that cannot be read (“%(value)s”).") % {"value": content})
    if match["currency"] != "EUR":
        raise StatementError(
            _("The statement contains amounts in %(currency)s; only statements in euro can be imported.")
            % {"currency": match["currency"]}
        )


def _entry(booking: dict[str, str]) -> StatementEntry:
    match = BOOKING.match(booking["line"])
    if match is None:
        raise StatementError(
            _("A booking of the statement cannot be read (“%(value)s”).") % {"value": booking["line"][:80]}
        )
    amount = Decimal(_amount_text(match["amount"])) * SIGN[match["mark"]]
    details = booking.get("details", "")
    if STRUCTURED.match(details):
        return _structured(match, amount, details)
    reference = split_reference(details.replace("\n", " "))
    return StatementEntry(
        booked_on=_booking_date(match),
        amount=amount,
        reference=reference.text,
        counterparty=reference.party,
        iban=reference.iban,
        bank_reference=reference.end_to_end or _customer_reference(match),
    )


def _structured(match: re.Match[str], amount: Decimal, details: str) -> StatementEntry:
    # Lines are cut at 65 characters wherever they fall, also inside a name: joined without a space.
    text = details.replace("\n", "")
    pieces = SUB_FIELD.split(text)
    sub_fields: dict[int, str] = {}
    for index in range(1, len(pieces) - 1, 2):
        number = int(pieces[index])
        sub_fields[number] = sub_fields.get(number, "") + pieces[index + 1]
    reference = split_reference(text)
    name = single_spaced(sub_fields.get(32, "") + sub_fields.get(33, ""))
    iban = compact_account(sub_fields.get(31, ""))
    return StatementEntry(
        booked_on=_booking_date(match),
        amount=amount,
        reference=reference.text,
        counterparty=name or reference.party,
        # ?31 holds a bare account number for domestic payments without IBAN.
        iban=iban if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban) else reference.iban,
        bank_reference=reference.end_to_end or _customer_reference(match),
    )


def _amount_text(text: str) -> str:
    """``1234,5`` → ``1234.50``: MT940 amounts have a decimal comma and no grouping."""
    integer, _comma, fraction = text.partition(",")
    if not integer or "," in fraction or len(fraction) > 2:
        raise StatementError(_("The statement contains an invalid amount (“%(value)s”).") % {"value": text})
    return f"{integer}.{fraction.ljust(2, '0')}"


def _booking_date(match: re.Match[str]) -> date:
    """The entry (booking) date if given, else the value date; the entry date has no year of its own
    and lies around the turn of the year on the other side of the value date."""
    value = match["value"]
    try:
        value_date = date(2000 + int(value[:2]), int(value[2:4]), int(value[4:6]))
        entry = match["entry"]
        if not entry:
            return value_date
        month, day = int(entry[:2]), int(entry[2:])
        year = value_date.year
        if month == 1 and value_date.month == 12:
            year += 1
        elif month == 12 and value_date.month == 1:
            year -= 1
        return date(year, month, day)
    except ValueError:
        raise StatementError(
            _("A booking of the statement has no valid date (“%(value)s”).") % {"value": match.group(0).strip()}
        ) from None


def _customer_reference(match: re.Match[str]) -> str:
    reference = single_spaced(match["reference"])
    return "" if reference.upper() == NO_REFERENCE else reference
