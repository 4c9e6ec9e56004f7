from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import ROWS_LIMIT, check_postal_code
from portal.customers.models import Client, ContactPerson
from portal.customers.services import CLIENT_FIELDS
from portal.customers.validators import normalize_leitweg_id, normalize_vat_id


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = list(CLIENT_FIELDS)
        help_texts = {
            "vat_id": _(
                "Required for businesses with an EU VAT ID; invoices then use reverse charge where it applies."
            ),
            "leitweg_id": _("Public-sector clients in Germany receive XRechnung e-invoices addressed by this ID."),
            "invoice_email": _("Invoices are sent to this address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("street", "postal_code", "city", "invoice_email"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        check_postal_code(self)
        if cleaned.get("vat_id"):
            try:
                cleaned["vat_id"] = normalize_vat_id(cleaned["vat_id"])
            except forms.ValidationError as error:
                self.add_error("vat_id", error)
        elif cleaned.get("kind") == Client.Kind.BUSINESS_EU_VAT:
            self.add_error("vat_id", _("Please enter the client's VAT ID."))
        if cleaned.get("leitweg_id"):
            try:
                cleaned["leitweg_id"] = normalize_leitweg_id(cleaned["leitweg_id"])
            except forms.ValidationError as error:
                self.add_error("leitweg_id", error)
        elif cleaned.get("is_public_sector") and cleaned.get("country") == "DE":
            self.add_error("leitweg_id", _("Public-sector clients in Germany need a Leitweg-ID."))
        return cleaned


ContactFormSet = forms.inlineformset_factory(
    Client, ContactPerson, fields=["name", "email", "phone"], extra=1, can_delete=True, **ROWS_LIMIT
)


INLINE_PREFIX = "new_client"


def inline_client_forms(data: Any = None, *, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """The client form shown in a dialog on the order form; prefixed so its ids never clash with the order's."""
    return {
        "client_form": ClientForm(data, prefix=INLINE_PREFIX, initial=initial),
        "client_contacts": ContactFormSet(data, instance=Client(), prefix=f"{INLINE_PREFIX}_contacts"),
    }


def client_data(form: ClientForm) -> dict[str, Any]:
    """The validated client form as the plain values ``customers.services.client_save`` takes."""
    return {name: form.cleaned_data[name] for name in ClientForm.Meta.fields}


def contacts_data(formset: forms.BaseInlineFormSet) -> list[dict[str, Any]]:
    """The contact persons kept in a validated contact formset, as plain data (``id`` for existing ones)."""
    return [
        {"id": contact.instance.pk, **{name: contact.cleaned_data.get(name, "") for name in ("name", "email", "phone")}}
        for contact in formset.forms
        if contact.cleaned_data and not contact.cleaned_data.get("DELETE")
    ]
