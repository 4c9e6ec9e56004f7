from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.budget.selectors import collective_budgets_managed_by
from portal.core.forms import (
    ROWS_LIMIT,
    DateInput,
    DayField,
    FiniteDecimalField,
    LineRulesMixin,
    QuantityField,
    UnitField,
)
from portal.core.uploads import check_document
from portal.customers.models import Client
from portal.customers.selectors import clients_for_member
from portal.entities.models import IssuingEntity
from portal.orders.models import Order, OrderAttachment, OrderLine, PlannedInvoice

DATE = DateInput()


class DiscountFieldsMixin:
    """The discount value may be left empty (no discount)."""

    cleaned_data: dict[str, Any]

    def clean_discount_value(self) -> Decimal:
        value = self.cleaned_data.get("discount_value") or Decimal("0.00")
        if self.cleaned_data.get("discount_kind") == "percent" and value > 100:
            raise forms.ValidationError(_("A discount can be at most 100 %."))
        return value


class OrderForm(DiscountFieldsMixin, forms.ModelForm):
    """The order itself. Everything is optional for a draft; submitting checks completeness."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        label=_("client"),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "You can only choose your own clients. Pick one from the list, or add the client as your own."
            )
        },
    )

    class Meta:
        model = Order
        fields = [
            "entity",
            "budget",
            "client",
            "contact_name",
            "contact_email",
            "client_reference",
            "title",
            "description",
            "activity",
            "service_start",
            "service_end",
            "place_of_performance",
            "country_of_performance",
            "offer_valid_until",
            "skip_client_confirmation",
            "special_agreement",
            "vat_exemption",
            "discount_kind",
            "discount_value",
            "discount_reason",
        ]
        field_classes = {
            "service_start": DayField,
            "service_end": DayField,
            "offer_valid_until": DayField,
            "discount_value": FiniteDecimalField,
        }
        widgets = {
            "service_start": DATE,
            "service_end": DATE,
            "offer_valid_until": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "special_agreement": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "description": _("Copied word for word to the invoices."),
            "offer_valid_until": _("Until this day your client can confirm online; afterwards the order is rejected."),
            "skip_client_confirmation": _(
                "Only if the client already confirmed otherwise (upload the proof); without proof there is no "
                "payment guarantee."
            ),
        }

    #: Optional for a draft, but needed to send the order to the Smart team (``submission_problems``):
    #: marked as required in the form.
    NEEDED_TO_SEND = ("contact_email", "title", "description", "service_start", "service_end", "offer_valid_until")

    def __init__(self, *args: Any, entities: QuerySet[IssuingEntity], member: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the member's own clients (customers.selectors): any other id is refused with a message.
        client, entity = self.fields["client"], self.fields["entity"]
        assert isinstance(client, forms.ModelChoiceField) and isinstance(entity, forms.ModelChoiceField)
        client.queryset = clients_for_member(member=member)
        entity.queryset = entities
        entity.empty_label = None
        budget = self.fields["budget"]
        assert isinstance(budget, forms.ModelChoiceField)
        budget.queryset = collective_budgets_managed_by(member)
        budget.label_from_instance = lambda obj: f"{obj.name} ({obj.entity.code})"  # type: ignore[method-assign]
        budget.empty_label = _("My personal budget")
        budget.required = False
        self.fields["discount_value"].required = False
        for name in self.NEEDED_TO_SEND:
            self.fields[name].widget.attrs["aria-required"] = "true"


class DiscountForm(DiscountFieldsMixin, forms.ModelForm):
    """The order form's discount alone, for the live totals."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discount_value"].required = False

    class Meta:
        model = Order
        fields = ["discount_kind", "discount_value", "discount_reason"]
        field_classes = {"discount_value": FiniteDecimalField}


class LineForm(forms.ModelForm):
    unit = UnitField()

    class Meta:
        model = OrderLine
        fields = ["description", "quantity", "unit", "unit_price", "vat_rate"]
        field_classes = {"quantity": QuantityField, "unit_price": FiniteDecimalField}


class PlannedInvoiceForm(forms.ModelForm):
    class Meta:
        model = PlannedInvoice
        fields = ["date", "amount"]
        field_classes = {"date": DayField, "amount": FiniteDecimalField}
        widgets = {"date": DATE}


class MonthlyScheduleForm(forms.Form):
    first_date = DayField(label=_("first invoice on"), widget=DATE)
    months = forms.IntegerField(label=_("number of months"), min_value=1, max_value=36)


class StaleRowsMixin:
    """Inline formset mixin: a row whose hidden id is no longer one of the order's rows (removed in
    another tab meanwhile, or never the order's) is refused with one message for the whole formset.

    Django puts that error on the row's hidden ``id`` field, which the form does not show; without this
    the form came back unsaved and without a word.
    """

    STALE_ROW = "stale_row"
    stale_row_message: Any = ""
    forms: list[Any]
    fk: Any
    model: Any
    _should_delete_form: Any
    non_form_errors: Any

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        hidden = {self.model._meta.pk.name, self.fk.name}
        if any(hidden & set(row.errors) for row in self.forms if not self._should_delete_form(row)):
            raise forms.ValidationError(self.stale_row_message, code=self.STALE_ROW)

    @property
    def has_stale_rows(self) -> bool:
        return any(error.code == self.STALE_ROW for error in self.non_form_errors().as_data())


class BaseLineFormSet(StaleRowsMixin, LineRulesMixin, forms.BaseInlineFormSet):
    stale_row_message = _("This order was changed meanwhile (a line no longer exists). Please reload the page.")

    def clean(self):
        super().clean()
        if not any(self.errors):
            self.check_line_rules()


class BasePlannedInvoiceFormSet(StaleRowsMixin, forms.BaseInlineFormSet):
    stale_row_message = _(
        "This order was changed meanwhile (a planned invoice no longer exists). Please reload the page."
    )


LineFormSet = cast(
    type[BaseLineFormSet],
    forms.inlineformset_factory(
        Order, OrderLine, form=LineForm, formset=BaseLineFormSet, extra=1, can_delete=True, **ROWS_LIMIT
    ),
)
PlannedInvoiceFormSet = cast(
    type[BasePlannedInvoiceFormSet],
    forms.inlineformset_factory(
        Order,
        PlannedInvoice,
        form=PlannedInvoiceForm,
        formset=BasePlannedInvoiceFormSet,
        extra=1,
        can_delete=True,
        **ROWS_LIMIT,
    ),
)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("type"), choices=OrderAttachment.Kind.choices)
    file = forms.FileField(label=_("file"), help_text=_("PDF, PNG or JPEG, at most 10 MB."))
    shared_with_client = forms.BooleanField(
        label=_("share with the client"),
        required=False,
        help_text=_("Your client sees the file in the client portal, unless you hide documents there."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_document(upload)
        return upload


class PortalVisibilityForm(forms.ModelForm):
    """What the client portal keeps back of one order (it can only hide, never show more)."""

    class Meta:
        model = Order
        fields = ["portal_hidden", "portal_hide_prices", "portal_hide_documents"]
        labels = {
            "portal_hidden": _("Hide this order from the client portal"),
            "portal_hide_prices": _("Hide prices"),
            "portal_hide_documents": _("Hide documents"),
        }
        help_texts = {
            "portal_hidden": _("Confirmation e-mails and their links still reach your client."),
            "portal_hide_documents": _(
                "The offer PDF and the files shared with the client; an offer waiting for confirmation stays readable."
            ),
        }
