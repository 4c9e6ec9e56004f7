"""The cooperative fee (Smart-Beitrag, DESIGN §5/§6): the entity's dated rate times the net amount.

Invoices store the rate valid on their issue date, so a later change of the rate never changes what
an issued invoice brought into a budget. Previews of orders use today's rate.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.core import money
from portal.entities.models import FeeRate, IssuingEntity


@dataclass(frozen=True)
class FeeSplit:
    """A net amount divided into the cooperative's fee and what reaches the member's budget."""

    rate: Decimal
    fee: Decimal
    budget: Decimal


def fee_rate(entity: IssuingEntity | int, day: date) -> Decimal:
    """The fee in percent valid for ``entity`` (or its id) on ``day`` (0 before the first dated rate)."""
    rate = FeeRate.objects.filter(entity=entity, valid_from__lte=day).order_by("-valid_from").first()
    return rate.percent if rate else money.ZERO


def fee_split(net: Decimal, rate: Decimal) -> FeeSplit:
    """``net`` at ``rate`` percent; the fee is rounded half up to the cent, the budget gets the rest."""
    fee = money.to_money(net * rate / 100)
    return FeeSplit(rate=rate, fee=fee, budget=net - fee)
