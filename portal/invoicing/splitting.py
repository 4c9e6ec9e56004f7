"""How an order's total is spread over its planned invoices.

Each instalment gets the share of every VAT rate in proportion to its amount; rounding differences go
to the rate with the largest share, and the last instalment takes what is left, so every instalment
adds up to its planned amount and all of them add up to the order's total per rate, to the cent.
"""

from decimal import Decimal

from portal.core import money


def instalment_shares(net_by_rate: dict[Decimal, Decimal], amounts: list[Decimal]) -> list[dict[Decimal, Decimal]]:
    """Net amount per VAT rate for each instalment (``amounts`` in planned order)."""
    total = sum(net_by_rate.values(), money.ZERO)
    rates = sorted(net_by_rate, key=lambda rate: (-net_by_rate[rate], -rate))
    allocated = dict.fromkeys(rates, money.ZERO)
    shares = []
    for index, amount in enumerate(amounts):
        if index == len(amounts) - 1:
            share = {rate: net_by_rate[rate] - allocated[rate] for rate in rates}
        else:
            share = {rate: money.to_money(net_by_rate[rate] * amount / total) for rate in rates}
            share[rates[0]] += amount - sum(share.values(), money.ZERO)
        for rate in rates:
            allocated[rate] += share[rate]
        shares.append({rate: value for rate, value in share.items() if value})
    return shares
