from decimal import ROUND_DOWN
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from portal.orders.splitting import instalment_shares


def test_single_rate_in_three_instalments():
    assert instalment_shares({D("19"): D("1000.00")}, [D("333.33"), D("333.33"), D("333.34")]) == [
        {D("19"): D("333.33")},
        {D("19"): D("333.33")},
        {D("19"): D("333.34")},
    ]


def test_mixed_rates_are_split_proportionally():
    shares = instalment_shares({D("19"): D("600.00"), D("7"): D("400.00")}, [D("500.00"), D("500.00")])
    assert shares == [{D("19"): D("300.00"), D("7"): D("200.00")}, {D("19"): D("300.00"), D("7"): D("200.00")}]


def test_rounding_goes_to_the_largest_rate_and_the_last_instalment():
    shares = instalment_shares({D("19"): D("100.00"), D("7"): D("0.01")}, [D("33.34"), D("33.34"), D("33.33")])
    assert [sum(share.values()) for share in shares] == [D("33.34"), D("33.34"), D("33.33")]
    assert sum(share.get(D("7"), D("0")) for share in shares) == D("0.01")
    assert sum(share.get(D("19"), D("0")) for share in shares) == D("100.00")


cents = st.integers(min_value=1, max_value=10_000_000).map(lambda value: D(value) / 100)


@given(
    rates=st.dictionaries(st.sampled_from([D("19"), D("7"), D("0")]), cents, min_size=1),
    weights=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=12),
)
def test_instalments_always_add_up_to_the_cent(rates, weights):
    total = sum(rates.values())
    amounts = [(total * weight / sum(weights)).quantize(D("0.01"), rounding=ROUND_DOWN) for weight in weights[:-1]]
    amounts.append(total - sum(amounts, D("0")))
    shares = instalment_shares(rates, amounts)
    assert [sum(share.values(), D("0")) for share in shares] == amounts
    assert all(value > 0 for share in shares for value in share.values())
    for rate, net in rates.items():
        assert sum(share.get(rate, D("0")) for share in shares) == net
