"""SEPA credit transfer files (ISO 20022 pain.001.001.09) for payouts (DESIGN.md §7).

Staff export approved reimbursements and direct payments as one file for the entity's account, and
exporting the same batch again must give the same bytes: every value in the document, the message id
and the creation time included, comes from the arguments, and nothing reads the clock or a random
source. One payment information block (``PmtInf``) holds all transfers: service level SEPA, charges
shared (``SLEV``), euro only.

sepaxml (the stack's first choice) writes pain.001.001.09 since 2.7.0, but that release stamps
``datetime.now()`` into ``CreDtTm`` and random values into ``MsgId`` and ``PmtInfId``, writes one
``PmtInf`` per transfer when batch booking is off and transliterates "ä" to "a"; its output could only
be made repeatable by rewriting it afterwards. The document is small, so it is written here with lxml
and checked against the vendored ISO schema (``xsd/pain.001.001.09.xsd``) before it is returned.

Free text (names, remittance) is transliterated to the Latin character set every SEPA bank accepts
(EPC: ``a-z A-Z 0-9 / - ? : ( ) . , ' +`` and space) and cut to the schema's lengths; identifiers are
the portal's own and are refused, not rewritten, when they do not fit, because the bank statement
import matches debits back to payments by them.
"""

import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree
from schwifty import BIC, IBAN

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
SCHEMA_PATH = Path(__file__).resolve().parent / "xsd" / "pain.001.001.09.xsd"
NAME_LENGTH = 70
REMITTANCE_LENGTH = 140
IDENTIFIER_LENGTH = 35
#: The largest amount of one SEPA credit transfer (EPC rulebook, AT-T002).
MAX_AMOUNT = Decimal("999999999.99")
CENT = Decimal("0.01")
CURRENCY = "EUR"
#: EPC usage for a debtor agent given by IBAN only ("IBAN-only" under the SEPA regulation).
NOT_PROVIDED = "NOTPROVIDED"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
SEPA_CHARACTERS = frozenset(string.ascii_letters + string.digits + "/-?:().,'+ ")

# German spellings first (ä is "ae", not "a"), then letters that have no decomposition to a base
# letter, then punctuation with a close SEPA equivalent; everything else left after the Unicode
# decomposition becomes a space.
_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "oe",
        "Ø": "Oe",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "&": "+",
        "_": "-",
        "\\": "/",
        ";": ",",
        "!": ".",
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
        "<": "(",
        ">": ")",
        '"': "'",
        "`": "'",
        "´": "'",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": "'",
        "”": "'",
        "„": "'",
        "«": "'",
        "»": "'",
        "‹": "'",
        "›": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
        "€": "EUR",
    }
)


@dataclass(frozen=True)
class Debtor:
    """The cooperative entity's account the transfers are paid from."""

    name: str
    iban: str
    bic: str  # "" when the bank takes IBAN-only orders


@dataclass(frozen=True)
class CreditTransfer:
    end_to_end_id: str  # unique per payment, at most 35 characters of the SEPA set
    creditor_name: str
    iban: str
    bic: str  # "" for IBAN-only, which SEPA allows
    amount: Decimal  # positive, at most 2 decimal places
    remittance: str  # unstructured, cut to 140 characters


def sepa_text(value: str, max_length: int) -> str:
    """``value`` in the SEPA Latin character set, single-spaced and at most ``max_length`` long."""
    text = unicodedata.normalize("NFC", value).translate(_TRANSLITERATION)
    # Compatibility decomposition turns "é" into "e" + accent and "№" into "No"; the accents go.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(_TRANSLITERATION)
    text = " ".join("".join(c if c in SEPA_CHARACTERS else " " for c in text).split())
    return text[:max_length].rstrip()


def pain001(
    *,
    message_id: str,
    created_at: datetime,
    execution_date: date,
    debtor: Debtor,
    transfers: Sequence[CreditTransfer],
    batch_booking: bool = True,
) -> bytes:
    """The pain.001.001.09 document paying ``transfers`` from ``debtor``'s account, in the order given.

    ``message_id`` is the file's unique id (also used as the payment information id, since the file
    holds one block); ``created_at`` is written as given (with its offset when it is aware).
    Raises ValueError for input a bank would reject.
    """
    _check_identifier(message_id, "The message id")
    if not isinstance(created_at, datetime):
        raise ValueError(f"created_at must be a datetime, got {created_at!r}.")
    if isinstance(execution_date, datetime) or not isinstance(execution_date, date):
        raise ValueError(f"execution_date must be a date (not a datetime), got {execution_date!r}.")
    if not transfers:
        raise ValueError("A credit transfer file needs at least one transfer; none were given.")
    debtor_name = _name(debtor.name, "the debtor")
    debtor_iban = _iban(debtor.iban, "the debtor")
    debtor_bic = _bic(debtor.bic, "the debtor")
    rows = [_checked(transfer) for transfer in transfers]
    seen: set[str] = set()
    for row in rows:
        if row.end_to_end_id in seen:
            raise ValueError(f"The end-to-end id {row.end_to_end_id!r} is used by more than one transfer.")
        seen.add(row.end_to_end_id)

    count = str(len(rows))
    total = _money(sum((row.amount for row in rows), Decimal(0)))
    document = etree.Element(_tag("Document"), nsmap={None: NAMESPACE})
    initiation = _add(document, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", message_id)
    _add(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _add(header, "NbOfTxs", count)
    _add(header, "CtrlSum", total)
    _add(header, "InitgPty/Nm", debtor_name)

    payment = _add(initiation, "PmtInf")
    _add(payment, "PmtInfId", message_id)
    _add(payment, "PmtMtd", "TRF")
    _add(payment, "BtchBookg", "true" if batch_booking else "false")
    _add(payment, "NbOfTxs", count)
    _add(payment, "CtrlSum", total)
    _add(payment, "PmtTpInf/SvcLvl/Cd", "SEPA")
    _add(payment, "ReqdExctnDt/Dt", execution_date.isoformat())
    _add(payment, "Dbtr/Nm", debtor_name)
    _add(payment, "DbtrAcct/Id/IBAN", debtor_iban)
    if debtor_bic:
        _add(payment, "DbtrAgt/FinInstnId/BICFI", debtor_bic)
    else:
        _add(payment, "DbtrAgt/FinInstnId/Othr/Id", NOT_PROVIDED)
    _add(payment, "ChrgBr", "SLEV")
    for row in rows:
        transaction = _add(payment, "CdtTrfTxInf")
        _add(transaction, "PmtId/EndToEndId", row.end_to_end_id)
        _add(transaction, "Amt/InstdAmt", _money(row.amount)).set("Ccy", CURRENCY)
        if row.bic:
            _add(transaction, "CdtrAgt/FinInstnId/BICFI", row.bic)
        _add(transaction, "Cdtr/Nm", row.creditor_name)
        _add(transaction, "CdtrAcct/Id/IBAN", row.iban)
        if row.remittance:  # optional in the schema; an empty Ustrd would be invalid
            _add(transaction, "RmtInf/Ustrd", row.remittance)

    # The declaration in double quotes, as banks' samples have it (lxml would write single quotes).
    xml: bytes = XML_DECLARATION + etree.tostring(document, encoding="UTF-8", pretty_print=True)
    validate(xml)
    return xml


def validate(xml: bytes) -> None:
    """Raise ValueError listing every error when ``xml`` does not conform to the pain.001.001.09 schema."""
    # Built per call (about 2 ms): an lxml schema keeps its error log on the object, so sharing one
    # between threads could mix up two documents' errors.
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"The pain.001 document is not well-formed XML: {error}") from None
    if not schema.validate(document):
        errors = "\n".join(f"line {error.line}: {error.message}" for error in schema.error_log)
        raise ValueError(f"The pain.001 document does not conform to the pain.001.001.09 schema:\n{errors}")


def _checked(transfer: CreditTransfer) -> CreditTransfer:
    """The transfer with its values as written, or ValueError naming the transfer and what is wrong."""
    _check_identifier(transfer.end_to_end_id, "The end-to-end id")
    who = f"transfer {transfer.end_to_end_id!r}"
    return replace(
        transfer,
        creditor_name=_name(transfer.creditor_name, who),
        iban=_iban(transfer.iban, who),
        bic=_bic(transfer.bic, who),
        amount=_amount(transfer.amount, who),
        remittance=sepa_text(transfer.remittance, REMITTANCE_LENGTH),
    )


def _check_identifier(value: str, what: str) -> None:
    # EPC rules for references: SEPA characters, no leading or trailing "/", no "//".
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= IDENTIFIER_LENGTH
        or not set(value) <= SEPA_CHARACTERS
        or value != value.strip()
        or value.startswith("/")
        or value.endswith("/")
        or "//" in value
    ):
        raise ValueError(
            f"{what} {value!r} must be 1 to {IDENTIFIER_LENGTH} characters from the SEPA set (letters, digits, "
            "space and / - ? : ( ) . , ' +), without leading or trailing spaces, not start or end with '/' "
            "and not contain '//'."
        )


def _name(value: str, who: str) -> str:
    name = sepa_text(value, NAME_LENGTH)
    if not name:
        raise ValueError(f"The name of {who} ({value!r}) has no characters that a SEPA transfer can carry.")
    return name


def _iban(value: str, who: str) -> str:
    try:
        iban = IBAN(value)
    except ValueError as error:  # schwifty's errors are ValueErrors
        raise ValueError(f"The IBAN of {who} ({value!r}) is invalid: {error}.") from None
    if not iban.in_sepa_zone:
        raise ValueError(f"The IBAN of {who} ({value!r}) is not in the SEPA zone.")
    return str(iban.compact)


def _bic(value: str, who: str) -> str:
    if not value.strip():
        return ""
    try:
        return str(BIC(value).compact)
    except ValueError as error:
        raise ValueError(f"The BIC of {who} ({value!r}) is invalid: {error}.") from None


def _amount(value: Decimal, who: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"The amount of {who} must be a finite Decimal, got {value!r}.")
    if value <= 0:
        raise ValueError(f"The amount of {who} must be positive, got {value}.")
    if value > MAX_AMOUNT:
        raise ValueError(f"The amount of {who} exceeds the SEPA maximum of {MAX_AMOUNT} EUR: {value}.")
    if value != value.quantize(CENT):
        raise ValueError(f"The amount of {who} has more than 2 decimal places: {value}.")
    return value.quantize(CENT)


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT):f}"


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _add(parent: Any, path: str, text: str | None = None) -> Any:
    """Append the elements of ``path`` ("A/B/C") below ``parent``; the last one gets ``text``."""
    element = parent
    for name in path.split("/"):
        element = etree.SubElement(element, _tag(name))
    if text is not None:
        element.text = text
    return element
