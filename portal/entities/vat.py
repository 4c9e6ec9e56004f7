"""VAT rates of the countries the cooperative's entities invoice from (DESIGN §4).

0 % is always allowed as a rate: it stands for an exempt supply (which needs a stated exemption, see
``portal.orders.rules``), reverse charge or a supply not taxable in the issuer's country.
"""

from decimal import Decimal

#: Rates in percent by issuer country, highest first (the order the forms offer them in).
RATES_BY_COUNTRY: dict[str, tuple[Decimal, ...]] = {
    "DE": (Decimal("19.00"), Decimal("7.00"), Decimal("0.00")),
    "AT": (Decimal("20.00"), Decimal("13.00"), Decimal("10.00"), Decimal("0.00")),
}


def vat_rates(country: str) -> tuple[Decimal, ...]:
    """The VAT rates an entity of ``country`` may charge."""
    return RATES_BY_COUNTRY.get(str(country), (Decimal("0.00"),))


def is_allowed_rate(country: str, rate: Decimal) -> bool:
    return Decimal(rate) in vat_rates(country)


def rate_label(rate: Decimal) -> str:
    return f"{Decimal(rate).normalize():f} %"
