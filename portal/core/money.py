"""Money arithmetic: Decimal, two places, ROUND_HALF_UP per line, VAT per rate (EN 16931 style)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return to_money(Decimal(quantity) * Decimal(unit_price))


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)  # rate -> VAT amount
    net_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)  # rate -> taxable amount

    @property
    def vat(self) -> Decimal:
        return sum(self.vat_by_rate.values(), ZERO)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def totals(lines: Iterable[tuple[Decimal, Decimal, Decimal]]) -> Totals:
    """Totals of (quantity, unit price, VAT rate in percent) lines.

    Each line net is rounded; VAT is computed once per rate on the sum of its lines (as EN 16931
    requires: BT-117 = BT-116 * rate, rounded), so invoices and orders agree to the cent.
    """
    net_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for quantity, unit_price, rate in lines:
        net_by_rate[Decimal(rate)] += line_net(quantity, unit_price)
    vat_by_rate = {rate: to_money(net * rate / 100) for rate, net in net_by_rate.items()}
    return Totals(net=sum(net_by_rate.values(), ZERO), vat_by_rate=vat_by_rate, net_by_rate=dict(net_by_rate))


def display(amount: Decimal, currency: str = "EUR") -> str:
    """``amount`` as the active language writes it, e.g. “1.234,50 EUR” in German."""
    from django.utils.formats import number_format

    return f"{number_format(Decimal(amount).quantize(CENT), decimal_pos=2, force_grouping=True)} {currency}"
