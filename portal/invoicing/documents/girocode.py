"""SEPA payment QR code (EPC069-12 "GiroCode") as an SVG data URI for the invoice PDF."""

from decimal import Decimal

from segno import helpers


def girocode_data_uri(*, name: str, iban: str, bic: str, amount: Decimal, reference: str) -> str:
    qr = helpers.make_epc_qr(
        name=name[:70], iban=iban.replace(" ", ""), amount=amount, text=reference[:140], bic=bic or None
    )
    return qr.svg_data_uri(scale=3, border=0)
