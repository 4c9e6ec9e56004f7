from decimal import Decimal as D

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
