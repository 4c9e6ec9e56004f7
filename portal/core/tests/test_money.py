from decimal import Decimal
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from portal.core.money import line_net, to_money, totals


def test_lines_round_half_up_to_the_cent():
    assert line_net(D("3"), D("33.335")) == D("100.01")
    assert to_money(D("0.005")) == D("0.01")
    assert to_money(D("2.675")) == D("2.68")  # a float would give 2.67


def test_totals_compute_vat_per_rate_on_the_sum_of_lines():
    small = (D("1"), D("0.03"), D("19"))
    result = totals([small, small, small, (D("2"), D("10"), D("7"))])
    assert result.net == D("20.09")
    assert result.net_by_rate == {D("19"): D("0.09"), D("7"): D("20.00")}
    assert result.vat_by_rate == {D("19"): D("0.02"), D("7"): D("1.40")}  # per line it would be 3 * 0.01
    assert result.vat == D("1.42") and result.gross == D("21.51")


def test_no_lines_means_zero():
    result = totals([])
    assert (result.net, result.vat, result.gross) == (D("0.00"), D("0.00"), D("0.00"))


def test_a_percent_discount_is_shared_among_the_vat_rates():
    from portal.core.money import Discount

    result = totals(
        [(Decimal("1"), Decimal("1000.00"), Decimal("19")), (Decimal("1"), Decimal("500.00"), Decimal("7"))],
        Discount(Discount.PERCENT, Decimal("10")),
    )
    assert result.allowance_by_rate == {Decimal("19"): Decimal("100.00"), Decimal("7"): Decimal("50.00")}
    assert (result.line_total, result.net, result.vat, result.gross) == (
        Decimal("1500.00"),
        Decimal("1350.00"),
        Decimal("202.50"),  # 171.00 + 31.50
        Decimal("1552.50"),
    )


@given(
    nets=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2), min_size=1, max_size=3
    ),
    amount=st.decimals(min_value=Decimal("0"), max_value=Decimal("400000"), places=2),
)
def test_an_amount_discount_adds_up_to_the_cent_and_never_exceeds_a_rate(nets, amount):
    from portal.core.money import Discount

    rates = [Decimal("19"), Decimal("7"), Decimal("0")]
    lines = [(Decimal("1"), net, rate) for net, rate in zip(nets, rates, strict=False)]
    result = totals(lines, Discount(Discount.AMOUNT, amount))
    line_total = sum(nets, Decimal("0"))
    assert result.allowance == min(amount, line_total)
    assert result.net == line_total - result.allowance
    assert all(net >= 0 for net in result.net_by_rate.values())
