"""The fixed texts of invoice documents; every document prints them in German and English."""

from django.utils.translation import gettext_lazy as _

from portal.core.pdf import DOCUMENT_LABELS, document_labels

LABELS = {
    **DOCUMENT_LABELS,
    "invoice": _("Invoice"),
    "cancellation": _("Cancellation invoice"),
    "draft": _("Draft – not a valid invoice"),
    "number": _("Invoice no."),
    "date": _("Invoice date"),
    "service_period": _("Service period"),
    "order": _("Order"),
    "client_reference": _("Your reference"),
    "client_vat_id": _("Client VAT ID"),
    "payable_by": _("Please pay the total amount without deduction by"),
    "refund": _("The amount will be refunded to your account."),
    "reference": _("Payment reference"),
    "bank": _("Bank details"),
    "qr_hint": _("Scan with your banking app to pay"),
    "cancels": _("This invoice cancels invoice"),
    "of_date": _("of"),
    "leitweg_id": _("Leitweg-ID"),
    "provided_by": _("Service provided by"),
}


def bilingual(primary: str) -> dict[str, str]:
    """Each label as "primary / secondary" (German and English; the client's language first)."""
    return document_labels(LABELS, primary, bilingual=True)
