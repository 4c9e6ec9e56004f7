"""ISO 20022 bank-to-customer statements: camt.053 (statement), camt.052 (intraday report) and camt.054
(debit/credit notification), versions 001.02 to 001.13.

A file may hold several accounts; only the entity's account is read (found by its IBAN, also when the
bank names it under ``Othr/Id``), the others are left out with a note for staff. Booking times in UTC
(``2014-01-04T23:00Z``) are days in the entity's time zone.

The versions differ in where things sit (``Sts`` became ``Sts/Cd``, party names moved under ``Pty``),
not in what we read, so the namespace is dropped after the root check and elements are found by
their local names, trying the older and the newer place.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from lxml import etree

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
from portal.core.money import to_money

CAMT_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.001\.\d+$")
#: Where each message kind keeps its accounts: statements, reports, notifications.
REPORTS = ("BkToCstmrStmt/Stmt", "BkToCstmrAcctRpt/Rpt", "BkToCstmrDbtCdtNtfctn/Ntfctn")
DEFAULT_TIME_ZONE = "Europe/Berlin"
#: A statement never needs a DTD; refusing any keeps entity expansion (billion laughs, XXE) out.
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
NOT_PROVIDED = "NOTPROVIDED"
SIGN = {"CRDT": 1, "DBIT": -1}


def parse_camt(
    data: bytes, *, account_iban: str = "", time_zone: str = DEFAULT_TIME_ZONE, notes: list[str] | None = None
) -> list[StatementEntry]:
    """The booked entries of the entity's account (``account_iban``); other accounts in the same file
    are skipped with a note, because their payments would be matched against the wrong invoices."""
    root = _document(data)
    zone = ZoneInfo(time_zone)
    reports = [report for path in REPORTS for report in root.iterfind(path)]
    if not reports:
        raise StatementError(_("The camt file contains no account statement."))
    ours = [report for report in reports if is_our_account(_account(report), account_iban)]
    if not ours:
        raise OtherAccountError(sorted({_account(report) or "?" for report in reports}), compact_account(account_iban))
    skipped = sorted({_account(report) for report in reports if report not in ours})
    if skipped and notes is not None:
        notes.append(skipped_accounts_note(skipped))
    entries = []
    for report in ours:
        for entry in report.iterfind("Ntry"):
            # Pending (PDNG) and informational entries may still change or vanish; only booked money counts.
            # camt.054 notifications often carry no status: what they notify is booked.
            status = _first_text(entry, "Sts/Cd", "Sts", "Sts/Prtry")
            if status == "BOOK" or (not status and report.tag == "Ntfctn"):
                entries.extend(_entries_of(entry, zone))
    return entries


def _account(report) -> str:
    return compact_account(_first_text(report, "Acct/Id/IBAN", "Acct/Id/Othr/Id"))


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
    if name.localname != "Document" or not CAMT_NAMESPACE.match(name.namespace or ""):
        raise StatementError(_("This XML file is not a camt.052, camt.053 or camt.054 bank statement."))
    for element in root.iter(tag=etree.Element):
        element.tag = etree.QName(element).localname
    return root


def _entries_of(entry, zone: ZoneInfo) -> list[StatementEntry]:
    sign = _sign(entry)
    amount = sign * _amount(entry.find("Amt"))
    booked_on = _booking_date(entry, zone)
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
    raw = " ".join(filter(None, (_remittance(source) for source in sources)))
    if not raw:
        raw = _first_text(transaction, "AddtlTxInf") or _first_text(entry, "AddtlNtryInf")
    # Some banks copy the SEPA tags (EREF+, SVWZ+ …) of the transfer into the remittance text.
    reference = split_reference(raw)
    end_to_end = _first_text(transaction, "Refs/EndToEndId")
    if end_to_end.upper() == NOT_PROVIDED:
        end_to_end = ""
    end_to_end = end_to_end or reference.end_to_end
    counterparty = _first_text(
        transaction,
        f"RltdPties/{party}/Nm",
        f"RltdPties/{party}/Pty/Nm",
        f"RltdPties/Ultmt{party}/Nm",
        f"RltdPties/Ultmt{party}/Pty/Nm",
    )
    iban = _first_text(transaction, f"RltdPties/{party}Acct/Id/IBAN", f"RltdPties/{party}Acct/Id/Othr/Id")
    return StatementEntry(
        booked_on=booked_on,
        amount=amount,
        reference=reference.text,
        counterparty=counterparty or reference.party,
        iban=(iban or reference.iban).replace(" ", "").upper(),
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


def _booking_date(entry, zone: ZoneInfo) -> date:
    day = _first_text(entry, "BookgDt/Dt", "ValDt/Dt")
    moment = _first_text(entry, "BookgDt/DtTm", "ValDt/DtTm")
    try:
        if _first_text(entry, "BookgDt/Dt") or not moment:
            return date.fromisoformat(day[:10])
        return _local_day(moment, zone)
    except ValueError:
        raise StatementError(_("An entry of the statement has no valid booking date.")) from None


def _local_day(text: str, zone: ZoneInfo) -> date:
    """``2014-01-04T23:00Z`` is 5 January in Berlin; a time without offset is already local."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return moment.astimezone(zone).date() if moment.tzinfo else moment.date()


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
