"""One booking of a bank statement, whatever file format it came from."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.core.errors import BusinessError


class StatementError(BusinessError):
    """The uploaded file cannot be read as a bank statement; ``message`` tells staff why."""


@dataclass(frozen=True)
class StatementEntry:
    booked_on: date
    #: Two decimal places; positive = money received, negative = debit.
    amount: Decimal
    #: Remittance information as the payer wrote it.
    reference: str
    counterparty: str = ""
    iban: str = ""
    #: End-to-end or account-servicer reference, if the bank gives one.
    bank_reference: str = ""

    @property
    def is_credit(self) -> bool:
        return self.amount > 0


def single_spaced(text: str | None) -> str:
    """Bank exports wrap and pad free text; one space between words is what people wrote."""
    return " ".join((text or "").split())


class OtherAccountError(StatementError):
    """The file holds bookings of other accounts only; ``accounts`` names them."""

    def __init__(self, accounts: list[str], expected: str) -> None:
        super().__init__(
            _("This statement is for the account %(iban)s, not for %(expected)s of the active entity.")
            % {"iban": ", ".join(accounts) or "?", "expected": expected}
        )
        self.accounts = accounts


def compact_account(text: str) -> str:
    return "".join((text or "").split()).upper()


def is_our_account(theirs: str, ours: str) -> bool:
    """Whether a statement's account is the entity's IBAN ``ours``. Banks name it by IBAN, by account
    number alone (``0532013000``: German and Austrian IBANs end with it) or as ``BLZ/account number``
    (MT940 ``:25:``, sometimes with the currency after it). Without a known account every one is ours."""
    ours, theirs = compact_account(ours), compact_account(theirs)
    if not ours or not theirs or theirs == ours:
        return True
    bank_code, _slash, number = theirs.rpartition("/")
    number = re.sub(r"[A-Z]{3}$", "", number).lstrip("0")
    if not number.isdigit() or len(number) < 5:
        return False
    if bank_code:
        rest = ours[4 + len(bank_code) :]
        return bank_code.isdigit() and ours[4:].startswith(bank_code) and rest.lstrip("0") == number
    return ours.endswith(number)


def skipped_accounts_note(accounts: list[str]) -> str:
    return _("The file also contains the accounts %(accounts)s; their bookings were not imported.") % {
        "accounts": ", ".join(accounts)
    }
