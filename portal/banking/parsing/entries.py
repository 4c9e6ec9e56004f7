"""One booking of a bank statement, whatever file format it came from."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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
