"""VAT of the cooperative's entities: the rates they may charge and the treatment of a client (DESIGN §4, §5).

0 % is always allowed as a rate: it stands for an exempt supply (which needs a stated exemption, see
``portal.orders.rules``), reverse charge or a supply not taxable in the issuer's country.

Treatments (EN 16931 VAT category codes, UNTDID 5305) for a whole invoice:

* ``S``  rates as on the lines (DE 19/7 %, AT 20/13/10 %; a 0 % line is an exempt supply, ``E``).
* ``AE`` reverse charge: a business client with a VAT ID in another EU country; every line 0 %, the
         client owes the VAT (§ 13b UStG / § 19 UStG AT, Art. 196 VAT Directive).
* ``O``  not subject to VAT: a business client outside the EU (place of supply abroad, § 3a UStG).
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

ZERO_RATE = Decimal("0.00")

#: Every rate a line can carry, as model field choices (each entity allows those of its country).
RATE_CHOICES = [
    (Decimal("19.00"), "19 %"),
    (Decimal("7.00"), "7 %"),
    (Decimal("20.00"), "20 %"),
    (Decimal("13.00"), "13 %"),
    (Decimal("10.00"), "10 %"),
    (Decimal("0.00"), "0 %"),
]

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


EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)

TREATMENTS = [
    ("S", _("VAT charged")),
    ("AE", _("Reverse charge")),
    ("O", _("Not subject to VAT")),
]


def client_treatment(*, issuer_country: str, client: Any) -> str:
    """``S`` (rates as on the lines), ``AE`` or ``O`` for the whole invoice to ``client``."""
    client_country = str(client.country)
    is_business = client.kind in ("business_vat", "business")
    if client_country == issuer_country or not is_business:
        return "S"
    if client_country in EU_COUNTRIES:
        return "AE" if client.vat_id else "S"
    return "O"


def effective_rate(treatment: str, rate: Decimal) -> Decimal:
    """The rate charged on a line: none when the client owes the VAT or the supply is not taxable here."""
    return ZERO_RATE if treatment in ("AE", "O") else rate
