"""Which VAT treatment an invoice gets (EN 16931 VAT category codes, UNTDID 5305).

* ``S``  standard rated: the rate of each line (DE 19/7 %, AT 20/13/10 %).
* ``E``  exempt: a 0 % line for a domestic client.
* ``AE`` reverse charge: a business client with a VAT ID in another EU country; every line 0 %, the
         client owes the VAT (§ 13b UStG / § 19 UStG AT, Art. 196 VAT Directive).
* ``O``  not subject to VAT: a business client outside the EU (place of supply abroad, § 3a UStG).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

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
ZERO_RATE = Decimal("0.00")


@dataclass(frozen=True)
class VatCategory:
    code: str
    exemption_code: str = ""
    #: The sentence the invoice must carry (German and English are both printed).
    note_de: str = ""
    note_en: str = ""


STANDARD = VatCategory("S")
EXEMPT = VatCategory(
    "E",
    exemption_code="",
    note_de="Steuerfreie Leistung.",
    note_en="VAT exempt supply.",
)
REVERSE_CHARGE = VatCategory(
    "AE",
    exemption_code="VATEX-EU-AE",
    note_de="Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).",
    note_en="Reverse charge: VAT is payable by the recipient of the service.",
)
NOT_SUBJECT = VatCategory(
    "O",
    exemption_code="VATEX-EU-O",
    note_de="Nicht im Inland steuerbare Leistung.",
    note_en="Not subject to VAT in the country of the supplier.",
)

TREATMENTS = [
    ("S", _("VAT charged")),
    ("AE", _("Reverse charge")),
    ("O", _("Not subject to VAT")),
]


def client_treatment(*, issuer_country: str, client) -> str:
    """``S`` (rates as on the lines), ``AE`` or ``O`` for the whole invoice to ``client``."""
    client_country = str(client.country)
    is_business = client.kind in ("business_vat", "business")
    if client_country == issuer_country or not is_business:
        return "S"
    if client_country in EU_COUNTRIES:
        return "AE" if client.vat_id else "S"
    return "O"


def line_category(treatment: str, rate: Decimal, exemption: str = "") -> VatCategory:
    if treatment == "AE":
        return REVERSE_CHARGE
    if treatment == "O":
        return NOT_SUBJECT
    if rate != ZERO_RATE:
        return STANDARD
    if exemption:  # the legal basis the member stated (BT-120), printed in both languages alike
        return VatCategory("E", note_de=f"Steuerfreie Leistung: {exemption}", note_en=f"VAT exempt: {exemption}")
    return EXEMPT


def effective_rate(treatment: str, rate: Decimal) -> Decimal:
    """The rate charged on a line: none when the client owes the VAT or the supply is not taxable here."""
    return ZERO_RATE if treatment in ("AE", "O") else rate
