"""How an order's total is spread over its planned invoices.

Each instalment gets the share of every VAT rate in proportion to its amount, never more than is
left of that rate; rounding differences go to the rates with the most left, and the last instalment
takes the rest. So every instalment adds up to its planned amount and all of them add up to the
order's total per rate, to the cent, without negative shares.
"""

from decimal import Decimal

from portal.core import money


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
