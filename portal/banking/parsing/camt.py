"""ISO 20022 camt.053 bank-to-customer statements (versions 001.02 to 001.13).

The versions differ in where things sit (``Sts`` became ``Sts/Cd``, party names moved under ``Pty``),
not in what we read, so the namespace is dropped after the root check and elements are found by
their local names, trying the older and the newer place.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

from portal.banking.parsing.entries import StatementEntry, StatementError, single_spaced
from portal.core.money import to_money

CAMT_053_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d+$")
#: A statement never needs a DTD; refusing any keeps entity expansion (billion laughs, XXE) out.
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
NOT_PROVIDED = "NOTPROVIDED"
SIGN = {"CRDT": 1, "DBIT": -1}


def parse_camt(data: bytes, *, account_iban: str = "") -> list[StatementEntry]:
    """The booked entries; with ``account_iban``, a statement of another account is refused, because its
    payments would be matched against the wrong entity's invoices."""
    root = _document(data)
    entries = []
    for statement in root.iterfind("BkToCstmrStmt/Stmt"):
        _check_account(statement, account_iban)
        for entry in statement.iterfind("Ntry"):
            # Pending (PDNG) and informational entries may still change or vanish; only booked money counts.
            if _first_text(entry, "Sts/Cd", "Sts") == "BOOK":
                entries.extend(_entries_of(entry))
    return entries


def _check_account(statement, account_iban: str) -> None:
    iban = _compact(statement.findtext("Acct/Id/IBAN") or "")
    if account_iban and iban and iban != _compact(account_iban):
        raise StatementError(
            _("This statement is for the account %(iban)s, not for %(expected)s of the active entity.")
            % {"iban": iban, "expected": _compact(account_iban)}
        )


def _compact(iban: str) -> str:
    return "".join(iban.split()).upper()


def _document(data: bytes) -> etree._Element:
    if DECLARATION.search(data):
        raise StatementError(_("XML files with a document type declaration are not accepted."))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise StatementError(_("The file is not a readable XML file.")) from None
    if root.getroottree().docinfo.doctype:  # declared in an encoding the byte check above cannot see
        raise StatementError(_("XML files with a document type declaration are not accepted."))
    name = etree.QName(root)
    if name.localname != "Document" or not CAMT_053_NAMESPACE.match(name.namespace or ""):
        raise StatementError(_("This XML file is not a camt.053 bank statement."))
    for element in root.iter(tag=etree.Element):
        element.tag = etree.QName(element).localname
    return root


def _entries_of(entry) -> list[StatementEntry]:
    sign = _sign(entry)
    amount = sign * _amount(entry.find("Amt"))
    booked_on = _booking_date(entry)
    details = entry.findall("NtryDtls/TxDtls")
    if len(details) > 1:
        # A batch booking: each transaction is a payment of its own, if the bank tells us its amount.
        parts = [_transaction_amount(transaction, sign) for transaction in details]
        known = [part for part in parts if part is not None]
        if len(known) == len(parts) and sum(known) == amount:
            return [
                _statement_entry(entry, transaction, booked_on, part)
                for transaction, part in zip(details, known, strict=True)
            ]
        # Without amounts per transaction the batch can only be taken as one payment.
        return [_statement_entry(entry, None, booked_on, amount, batch=details)]
    return [_statement_entry(entry, details[0] if details else None, booked_on, amount)]


def _statement_entry(entry, transaction, booked_on: date, amount: Decimal, batch=()) -> StatementEntry:
    credit = amount > 0
    party = "Dbtr" if credit else "Cdtr"
    sources = [transaction] if transaction is not None else list(batch)
    reference = " ".join(filter(None, (_remittance(source) for source in sources)))
    if not reference:
        reference = _first_text(transaction, "AddtlTxInf") or _first_text(entry, "AddtlNtryInf")
    end_to_end = _first_text(transaction, "Refs/EndToEndId")
    if end_to_end.upper() == NOT_PROVIDED:
        end_to_end = ""
    return StatementEntry(
        booked_on=booked_on,
        amount=amount,
        reference=reference,
        counterparty=_first_text(transaction, f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"),
        iban=_first_text(transaction, f"RltdPties/{party}Acct/Id/IBAN").replace(" ", "").upper(),
        bank_reference=end_to_end or _first_text(transaction, "Refs/AcctSvcrRef") or _first_text(entry, "AcctSvcrRef"),
    )


def _remittance(transaction) -> str:
    texts = [element.text for element in transaction.iterfind("RmtInf/Ustrd")]
    texts += [element.text for element in transaction.iterfind("RmtInf/Strd/CdtrRefInf/Ref")]
    return single_spaced(" ".join(filter(None, texts)))


def _sign(element, default: int | None = None) -> int:
    indicator = _first_text(element, "CdtDbtInd")
    if indicator in SIGN:
        return SIGN[indicator]
    if default is not None and not indicator:
        return default
    raise StatementError(_("An entry of the statement is neither a credit nor a debit."))


def _transaction_amount(transaction, entry_sign: int) -> Decimal | None:
    element = transaction.find("Amt")
    if element is None:
        element = transaction.find("AmtDtls/TxAmt/Amt")
    if element is None:
        return None
    return _sign(transaction, default=entry_sign) * _amount(element)


def _amount(element) -> Decimal:
    if element is None:
        raise StatementError(_("An entry of the statement has no amount."))
    currency = element.get("Ccy", "")
    if currency != "EUR":
        raise StatementError(
            _("The statement contains amounts in %(currency)s; only statements in euro can be imported.")
            % {"currency": currency or "?"}
        )
    try:
        value = Decimal((element.text or "").strip())
    except InvalidOperation:
        raise StatementError(
            _("The statement contains an invalid amount (“%(value)s”).") % {"value": element.text}
        ) from None
    if not value.is_finite() or value < 0:
        raise StatementError(_("The statement contains an invalid amount (“%(value)s”).") % {"value": element.text})
    return to_money(value)


def _booking_date(entry) -> date:
    text = _first_text(entry, "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise StatementError(_("An entry of the statement has no valid booking date.")) from None


def _first_text(element, *paths: str) -> str:
    """The first non-empty text at one of ``paths`` below ``element`` (which may be missing)."""
    if element is None:
        return ""
    for path in paths:
        for found in element.iterfind(path):
            text = single_spaced(found.text)
            if text:
                return text
    return ""
