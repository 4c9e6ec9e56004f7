"""The JSON export of George (Erste Bank and Sparkassen in Austria): a list of bookings such as::

    {"booking": "2026-11-24T00:00:00.000+0100", "valuation": "…", "partnerName": "Muster GmbH",
     "partnerAccount": {"iban": "AT…", "bic": "…", "number": "", "bankCode": "", "countryCode": "AT"},
     "amount": {"value": 285600, "precision": 2, "currency": "EUR"}, "reference": "Rechnung …",
     "referenceNumber": "…", "receiverReference": "…", "e2eReference": "…", "ownerAccountNumber": "AT…"}

``reference`` is the purpose the payer wrote, ``receiverReference`` the payment reference
(Zahlungsreferenz) when they used that field instead. The web API wraps the same objects in
``{"collection": […]}`` and gives dates as milliseconds since 1970; both are read.
"""

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

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

NOT_PROVIDED = "NOTPROVIDED"
MAX_PRECISION = 6


def looks_like_george(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"[", b"{") and b'"amount"' in data[:65536] and b'"booking' in data[:65536]


def parse_george(
    data: bytes, *, account_iban: str = "", time_zone: str = "Europe/Vienna", notes: list[str] | None = None
) -> list[StatementEntry]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise StatementError(_("The file is not a readable JSON file.")) from None
    if isinstance(document, dict):
        document = document.get("collection")
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise StatementError(_("This JSON file is not a George transaction export."))
    zone = ZoneInfo(time_zone)
    accounts = [compact_account(_text(item.get("ownerAccountNumber"))) for item in document]
    ours = [is_our_account(account, account_iban) for account in accounts]
    if document and not any(ours):
        raise OtherAccountError(sorted(set(accounts)), compact_account(account_iban))
    skipped = sorted({account for account, is_ours in zip(accounts, ours, strict=True) if not is_ours})
    if skipped and notes is not None:
        notes.append(skipped_accounts_note(skipped))
    return [_entry(item, zone) for item, is_ours in zip(document, ours, strict=True) if is_ours]


def _entry(item: dict, zone: ZoneInfo) -> StatementEntry:
    amount = _amount(item.get("amount"))
    partner = item.get("partnerAccount")
    partner = partner if isinstance(partner, dict) else {}
    raw = _text(item.get("reference")) or _text(item.get("receiverReference"))
    reference = split_reference(raw)
    end_to_end = _text(item.get("e2eReference")) or reference.end_to_end
    if end_to_end.upper() == NOT_PROVIDED:
        end_to_end = ""
    iban = compact_account(_text(partner.get("iban")))
    return StatementEntry(
        booked_on=_day(item.get("booking") or item.get("bookingDate") or item.get("valuation"), zone),
        amount=amount,
        reference=reference.text,
        counterparty=_text(item.get("partnerName")) or reference.party,
        iban=iban or reference.iban,
        bank_reference=end_to_end or _text(item.get("referenceNumber")),
    )


def _text(value: object) -> str:
    return single_spaced(value) if isinstance(value, str) else ""


def _amount(value: object) -> Decimal:
    if not isinstance(value, dict):
        raise StatementError(_("An entry of the statement has no amount."))
    currency = value.get("currency")
    if currency != "EUR":
        raise StatementError(
            _("The statement contains amounts in %(currency)s; only statements in euro can be imported.")
            % {"currency": currency if isinstance(currency, str) and currency else "?"}
        )
    units, precision = value.get("value"), value.get("precision")
    if (
        not isinstance(units, int)
        or isinstance(units, bool)
        or not isinstance(precision, int)
        or not 0 <= precision <= MAX_PRECISION
    ):
        raise StatementError(_("The statement contains an invalid amount (“%(value)s”).") % {"value": units})
    amount = Decimal(units).scaleb(-precision)
    if amount != amount.quantize(Decimal("0.01")):
        raise StatementError(_("The statement contains an invalid amount (“%(value)s”).") % {"value": amount})
    return amount.quantize(Decimal("0.01"))


def _day(value: object, zone: ZoneInfo) -> date:
    """``2026-11-24T00:00:00.000+0100`` (the day in Vienna) or milliseconds since 1970."""
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            return datetime.fromtimestamp(value / 1000, tz=UTC).astimezone(zone).date()
        if isinstance(value, str) and value.strip():
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return moment.astimezone(zone).date() if moment.tzinfo else moment.date()
    except (ValueError, OverflowError, OSError):
        pass
    raise StatementError(_("An entry of the statement has no valid booking date."))
