"""The list-row helpers write exactly what the template tags and filters they stand for write."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import formats, translation

from portal.core.rows import date_formatter, money_formatter, status_dots, url_for_pk
from portal.core.templatetags.portal import money, status_dot
from portal.invoicing.models import InvoiceStatus
from portal.orders.models import Order, OrderStatus

AMOUNTS = [
    None,
    "",
    Decimal("0"),
    Decimal("-0.00"),
    Decimal("0.004"),
    Decimal("-0.004"),
    Decimal("0.005"),
    Decimal("0.015"),
    Decimal("-0.015"),
    Decimal("1"),
    Decimal("12.3"),
    Decimal("999.995"),
    Decimal("1000"),
    Decimal("-1234.5"),
    Decimal("1234567.891"),
    Decimal("-98765432109.99"),
    Decimal("1E+3"),
    Decimal("100000.00"),
    "42.10",
    7,
]


@pytest.mark.parametrize("language", ["de", "en"])
def test_money_formatter_writes_what_the_money_filter_writes(language):
    with translation.override(language):
        formatted = money_formatter()
        in_chf = money_formatter("CHF")
        for amount in AMOUNTS:
            assert formatted(amount) == money(amount), amount
            assert in_chf(amount) == money(amount, "CHF"), amount


@pytest.mark.parametrize("language", ["de", "en"])
def test_date_formatter_writes_what_date_format_writes(language):
    with translation.override(language):
        short, long = date_formatter(), date_formatter("DATE_FORMAT")
        for day in (date(2026, 1, 2), date(2026, 12, 31)):
            assert short(day) == formats.date_format(day, "SHORT_DATE_FORMAT")
            assert long(day) == formats.date_format(day, "DATE_FORMAT")


@pytest.mark.parametrize("language", ["de", "en"])
def test_status_dots_write_what_status_dot_writes(language):
    with translation.override(language):
        dot = status_dots(OrderStatus.choices)
        for value in [*OrderStatus.values, "unknown<b>"]:
            order = Order(status=value)
            assert dot(value) == status_dot(value, order.get_status_display())
            assert dot(value) is dot(value)  # built once
        invoice_dot = status_dots(InvoiceStatus.choices)
        assert invoice_dot("paid") == status_dot("paid", str(InvoiceStatus.PAID.label))


def test_url_for_pk_fills_in_the_id():
    detail = url_for_pk("orders:detail")
    assert detail(7) == "/orders/7/"
    assert detail(123456789) == "/orders/123456789/"
