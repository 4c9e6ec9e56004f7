"""The fixed texts of invoice documents; every document prints them in German and English."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

LABELS = {
    "invoice": _("Invoice"),
    "cancellation": _("Cancellation invoice"),
    "draft": _("Draft – not a valid invoice"),
    "number": _("Invoice no."),
    "date": _("Invoice date"),
    "service_period": _("Service period"),
    "order": _("Order"),
    "client_reference": _("Your reference"),
    "client_vat_id": _("Client VAT ID"),
    "description": _("Description"),
    "quantity": _("Quantity"),
    "unit_price": _("Unit price"),
    "vat_rate": _("VAT"),
    "net": _("Net"),
    "net_total": _("Total net"),
    "line_total": _("Line items"),
    "discount": _("Discount"),
    "vat_amount": _("VAT"),
    "vat_total": _("Total VAT"),
    "gross_total": _("Total amount"),
    "payable_by": _("Please pay the total amount without deduction by"),
    "refund": _("The amount will be refunded to your account."),
    "reference": _("Payment reference"),
    "bank": _("Bank details"),
    "qr_hint": _("Scan with your banking app to pay"),
    "cancels": _("This invoice cancels invoice"),
    "of_date": _("of"),
    "vat_id": _("VAT ID"),
    "tax_number": _("Tax number"),
    "leitweg_id": _("Leitweg-ID"),
    "provided_by": _("Service provided by"),
    "page": _("Page"),
    "carried_forward": _("Carried forward"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "web": _("Web"),
    "seat": _("Registered seat"),
    "register": _("Register"),
    "board": _("Board"),
    "supervisory_chair": _("Chair of the supervisory board"),
}


def bilingual(primary: str) -> dict[str, str]:
    """Each label as "primary / secondary" (German and English; the client's language first)."""
    secondary = "en" if primary == "de" else "de"
    texts = {}
    for key, label in LABELS.items():
        with translation.override(primary):
            first = str(label)
        with translation.override(secondary):
            second = str(label)
        texts[key] = first if first == second else f"{first} / {second}"
    return texts
