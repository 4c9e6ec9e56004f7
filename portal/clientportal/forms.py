from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.clientportal.models import ClientRequest, ClientRequestStatus, RequestType
from portal.clientportal.selectors import DOCUMENT_KINDS
from portal.core.amounts import MAX_AMOUNT
from portal.core.forms import AmountField, DayField, MultipleFileField, MultipleFileInput
from portal.customers.models import Client
from portal.invoicing.models import InvoiceStatus
from portal.orders.models import OrderStatus

SEARCH_LENGTH = 100


class _Filter(forms.Form):
    """A list's search and filter; invalid values are ignored (the list shows everything)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_LENGTH)

    def value(self, name: str) -> str:
        self.is_valid()  # fills ``cleaned_data`` with the valid fields
        return self.cleaned_data.get(name) or ""


class OrderFilter(_Filter):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))]
        + [
            (status.value, status.label)
            for status in (
                OrderStatus.CLIENT_CONFIRMATION,
                OrderStatus.ACTIVE,
                OrderStatus.COMPLETED,
                OrderStatus.REJECTED,
                OrderStatus.CANCELLED,
            )
        ],
    )


class InvoiceFilter(_Filter):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open"))]
        + [(status.value, status.label) for status in (InvoiceStatus.PAID, InvoiceStatus.CANCELLED)],
    )


class DocumentFilter(_Filter):
    status = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *DOCUMENT_KINDS])


class RequestFilter(_Filter):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ClientRequestStatus.choices]
    )


class FormalAmountField(AmountField):
    """An amount in either language's notation, refused in the formal address the client portal uses."""

    invalid_message = pgettext_lazy("formal address", "Please enter an amount in euros and cents, e.g. %(example)s.")


class FormalDayField(DayField):
    """A date within sensible years, refused in the formal address the client portal uses."""

    out_of_range_message = pgettext_lazy("formal address", "Please enter a date between %(first)d and %(last)d.")


class RequestForm(forms.ModelForm):
    member = forms.TypedChoiceField(label=_("To"), coerce=int, empty_value=None)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".pdf,.png,.jpg,.jpeg"}),
        help_text=_("PDF, PNG or JPEG, at most five files."),
    )
    budget_idea = FormalAmountField(
        label=_("Budget idea (EUR)"),
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        help_text=_("Optional: what you have in mind, net."),
    )

    class Meta:
        model = ClientRequest
        fields = ("kind", "title", "description", "desired_start", "desired_end")
        field_classes = {"desired_start": FormalDayField, "desired_end": FormalDayField}
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, request_types: list[str], members: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(RequestType.choices)
        kind, member = self.fields["kind"], self.fields["member"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(member, forms.ChoiceField)
        kind.choices = [("", "---------")] + [(value, labels[value]) for value in request_types]
        member.choices = [("", "---------")] + [
            (person.pk, person.get_full_name() or person.email) for person in members
        ]
        self.order_fields(
            ["kind", "member", "title", "description", "desired_start", "desired_end", "budget_idea", "attachments"]
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ("street", "postal_code", "city", "country", "invoice_email")
