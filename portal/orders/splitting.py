"""How an order's total is spread over its planned invoices.

Each instalment gets the share of every VAT rate in proportion to its amount, never more than is
left of that rate; rounding differences go to the rates with the most left, and the last instalment
takes the rest. So every instalment adds up to its planned amount and all of them add up to the
order's total per rate, to the cent, without negative shares.

``payment_schedule`` is what the invoice drafts are made from and what the offer shows the client.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.core import money
from portal.entities import vat
from portal.orders.models import Order

ONE = Decimal("1")


def instalment_shares(net_by_rate: dict[Decimal, Decimal], amounts: list[Decimal]) -> list[dict[Decimal, Decimal]]:
    """Net amount per VAT rate for each instalment (``amounts`` in planned order, adding up to the total)."""
    total = sum(net_by_rate.values(), money.ZERO)
    remaining = dict(net_by_rate)
    shares = []
    for index, amount in enumerate(amounts):
        if index == len(amounts) - 1:
            share = dict(remaining)
        else:
            share = {
                rate: min(money.to_money(net * amount / total), remaining[rate]) if total else money.ZERO
                for rate, net in net_by_rate.items()
            }
            _settle_rounding(share, remaining, amount - sum(share.values(), money.ZERO))
        for rate, value in share.items():
            remaining[rate] -= value
        shares.append({rate: value for rate, value in share.items() if value})
    return shares


def _settle_rounding(share: dict, remaining: dict, difference: Decimal) -> None:
    """Move ``difference`` (a few cents) onto the rates, keeping every share between 0 and what is left."""
    by_room = sorted(share, key=lambda rate: (remaining[rate] - share[rate], rate), reverse=True)
    for rate in by_room:
        room_up, room_down = remaining[rate] - share[rate], share[rate]
        step = min(difference, room_up) if difference > 0 else -min(-difference, room_down)
        share[rate] += step
        difference -= step
        if not difference:
            return


@dataclass(frozen=True)
class Instalment:
    """One planned invoice of an order as it will be drafted: the offer shows these to the client."""

    number: int  # 1-based, in planned order
    count: int
    date: date
    #: Net per VAT rate of the order lines (before the client's VAT treatment).
    net_by_rate: dict[Decimal, Decimal]
    #: True when one invoice covers the whole order: it repeats the order's lines and discount.
    whole_order: bool
    #: The invoice's totals, with the rates the client is charged (none under reverse charge).
    totals: money.Totals


def payment_schedule(order: Order) -> list[Instalment]:
    """The order's planned invoices with the net, VAT and gross each will have.

    VAT is computed per invoice (EN 16931: per rate on the invoice's own amounts), so with several
    instalments their VAT may differ by a few cents from the VAT of the order as a whole.
    """
    planned = list(order.planned_invoices.all())
    treatment = vat.client_treatment(issuer_country=order.entity.country, client=order.client) if order.client else "S"
    lines = list(order.lines.all())
    order_net = money.totals(((line.quantity, line.unit_price, line.vat_rate) for line in lines), order.discount)
    if len(planned) == 1 and planned[0].amount == order.net_total:
        rows = ((line.quantity, line.unit_price, vat.effective_rate(treatment, line.vat_rate)) for line in lines)
        whole = money.totals(rows, order.discount)
        return [Instalment(1, 1, planned[0].date, order_net.net_by_rate, whole_order=True, totals=whole)]
    shares = instalment_shares(order_net.net_by_rate, [item.amount for item in planned])
    return [
        Instalment(
            number,
            len(planned),
            item.date,
            share,
            whole_order=False,
            totals=money.totals((ONE, net, vat.effective_rate(treatment, rate)) for rate, net in share.items()),
        )
        for number, (item, share) in enumerate(zip(planned, shares, strict=True), start=1)
    ]
