"""The EN 16931 VAT category of an invoice line and the sentence the invoice must carry for it.

Which treatment a client gets is decided in ``portal.entities.vat``; offers and invoices print the
sentence alike.
"""

from dataclasses import dataclass
from decimal import Decimal

from portal.entities.vat import ZERO_RATE


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
