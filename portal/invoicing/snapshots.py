"""Issuer and client data as printed on an invoice; frozen into the invoice when it is issued."""

from portal.invoicing.models import Invoice

ISSUER_FIELDS = (
    "code",
    "name",
    "legal_form",
    "seat",
    "street",
    "postal_code",
    "city",
    "country",
    "vat_id",
    "tax_number",
    "register_court",
    "register_number",
    "board_members",
    "supervisory_board_chair",
    "iban",
    "bic",
    "bank_name",
    "email",
    "phone",
    "website",
)


def issuer_snapshot(entity) -> dict:
    return {field: str(getattr(entity, field) or "") for field in ISSUER_FIELDS}


def recipient_snapshot(invoice: Invoice) -> dict:
    client, order = invoice.client, invoice.order
    return {
        "name": client.name,
        "kind": client.kind,
        "street": client.street,
        "postal_code": client.postal_code,
        "city": client.city,
        "country": str(client.country),
        "vat_id": client.vat_id,
        "invoice_email": client.invoice_email,
        "language": client.language,
        "is_public_sector": client.is_public_sector,
        "leitweg_id": client.leitweg_id,
        "contact_name": order.contact_name,
        "contact_email": order.contact_email,
        "client_reference": order.client_reference,
    }


def wants_xrechnung(recipient: dict) -> bool:
    """Public-sector clients with a Leitweg-ID receive an XRechnung besides the PDF."""
    return bool(recipient.get("is_public_sector") and recipient.get("leitweg_id"))


def issuer_of(invoice: Invoice) -> dict:
    """The frozen issuer of an issued invoice, the current one of a draft."""
    return invoice.issuer if invoice.is_issued else issuer_snapshot(invoice.entity)


def recipient_of(invoice: Invoice) -> dict:
    return invoice.recipient if invoice.is_issued else recipient_snapshot(invoice)
