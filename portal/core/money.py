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
class Discount:
    """A discount on a whole order or invoice: ``percent`` of the lines, or a fixed net ``amount``.

    It is a document-level allowance (EN 16931 BG-20), never a negative line, and is shared among the
    VAT rates in proportion to their lines.
    """

    PERCENT = "percent"
    AMOUNT = "amount"

    kind: str
    value: Decimal
    reason: str = ""

    def by_rate(self, line_net_by_rate: dict[Decimal, Decimal]) -> dict[Decimal, Decimal]:
        """The allowance per VAT rate, in proportion to the lines; none exceeds its lines, rounding
        cents go to the highest rates."""
        line_total = sum(line_net_by_rate.values(), ZERO)
        if line_total < 0:  # a cancellation invoice: the mirror image of the original's discount
            mirrored = self.by_rate({rate: -net for rate, net in line_net_by_rate.items()})
            return {rate: -amount for rate, amount in mirrored.items()}
        rates = sorted(line_net_by_rate, reverse=True)
        wanted = line_total * Decimal(self.value) / 100 if self.kind == self.PERCENT else Decimal(self.value)
        total = min(max(to_money(wanted), ZERO), line_total)
        allowances: dict[Decimal, Decimal] = {}
        left = total
        for rate in reversed(rates):  # lowest rates first; the highest takes what is left
            share = to_money(total * line_net_by_rate[rate] / line_total) if line_total else ZERO
            allowances[rate] = min(share, left, line_net_by_rate[rate])
            left -= allowances[rate]
        for rate in rates:  # rounding cents: to the highest rates that still have room
            step = min(left, line_net_by_rate[rate] - allowances[rate])
            allowances[rate] += step
            left -= step
        return {rate: allowances[rate] for rate in rates}


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)  # rate -> VAT amount
    net_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)  # rate -> taxable amount (after discount)
    allowance_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)  # rate -> discount

    @property
    def vat(self) -> Decimal:
        return sum(self.vat_by_rate.values(), ZERO)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    @property
    def allowance(self) -> Decimal:
        return sum(self.allowance_by_rate.values(), ZERO)

    @property
    def line_total(self) -> Decimal:
        """Sum of the line amounts before the discount (EN 16931 BT-106)."""
        return self.net + self.allowance


def totals(lines: Iterable[tuple[Decimal, Decimal, Decimal]], discount: Discount | None = None) -> Totals:
    """Totals of (quantity, unit price, VAT rate in percent) lines, less an optional ``discount``.

    Each line net is rounded; VAT is computed once per rate on the sum of its lines less the rate's
    share of the discount (as EN 16931 requires: BT-117 = BT-116 * rate, rounded), so invoices and
    orders agree to the cent.
    """
    line_net_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for quantity, unit_price, rate in lines:
        line_net_by_rate[Decimal(rate)] += line_net(quantity, unit_price)
    allowance_by_rate = discount.by_rate(dict(line_net_by_rate)) if discount and discount.value else {}
    net_by_rate = {rate: net - allowance_by_rate.get(rate, ZERO) for rate, net in line_net_by_rate.items()}
    vat_by_rate = {rate: to_money(net * rate / 100) for rate, net in net_by_rate.items()}
    return Totals(
        net=sum(net_by_rate.values(), ZERO),
        vat_by_rate=vat_by_rate,
        net_by_rate=net_by_rate,
        allowance_by_rate={rate: amount for rate, amount in allowance_by_rate.items() if amount},
    )


def display(amount: Decimal, currency: str = "EUR") -> str:
    """``amount`` as the active language writes it, e.g. “1.234,50 EUR” in German."""
    from django.utils.formats import number_format

    return f"{number_format(Decimal(amount).quantize(CENT), decimal_pos=2, force_grouping=True)} {currency}"
