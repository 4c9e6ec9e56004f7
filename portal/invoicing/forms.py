from decimal import Decimal
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.forms import ROWS_LIMIT, DayField, FiniteDecimalField, LineRulesMixin, QuantityField, UnitField
from portal.invoicing.models import InvoiceLine, InvoiceStatus
from portal.orders.models import QUANTITY_LIMITS, Order


class InvoiceLineForm(forms.ModelForm):
    unit = UnitField()

    class Meta:
        model = InvoiceLine
        fields = InvoiceLine.CONTENT
        field_classes = {"quantity": QuantityField, "unit_price": FiniteDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].validators += QUANTITY_LIMITS  # negative only on cancellation invoices


class BaseLineFormSet(LineRulesMixin, forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The filled-in lines (blank extra rows and rows marked for deletion are skipped)."""
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(_("Please add at least one line."))
        self.check_line_rules()


#: The lines of a new invoice: rows are added and removed in the page (one empty row without JavaScript).
LineFormSet = cast(
    type[BaseLineFormSet],
    forms.formset_factory(InvoiceLineForm, formset=BaseLineFormSet, extra=1, can_delete=True, **ROWS_LIMIT),
)
#: For changing a draft's existing lines: each can be removed.
EditLineFormSet = cast(
    type[BaseLineFormSet],
    forms.formset_factory(InvoiceLineForm, formset=BaseLineFormSet, extra=1, can_delete=True, **ROWS_LIMIT),
)


class ExtraInvoiceForm(forms.Form):
    order = forms.ModelChoiceField(label=_("Order"), queryset=Order.objects.none())
    planned_date = DayField(label=_("Invoice date"))

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.filter(member=member, status__in=Order.INVOICEABLE).order_by(
            "title"
        )

    def clean_planned_date(self):
        planned_date = self.cleaned_data["planned_date"]
        if planned_date < timezone.localdate():
            raise forms.ValidationError(_("The invoice date cannot be in the past."))
        return planned_date


class DraftTextsForm(forms.Form):
    """What the Smart team may change on a draft besides its lines."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Service description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    planned_date = DayField(label=_("Invoice date"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class PaymentForm(forms.Form):
    amount = FiniteDecimalField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    received_on = DayField(label=_("Received on"))
    reference = forms.CharField(label=_("Reference"), max_length=300, required=False)


class StaffInvoiceFilterForm(forms.Form):
    """The staff invoice list's filters; invalid values are reported and ignored, never a 500."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    entity = forms.ChoiceField(label=_("Entity"), required=False)
    date_from = forms.DateField(
        label=_("Invoice date from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Invoice date until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.entities = list(entities)
        self.fields["status"].choices = [("", _("All")), *InvoiceStatus.choices]
        self.fields["entity"].choices = [("", _("All my entities"))] + [
            (entity.code, f"{entity.code} – {entity.name}") for entity in self.entities
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> dict:
        """Selector arguments from the valid fields only."""
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        code = values.get("entity")
        return {
            "entities": [entity for entity in self.entities if entity.code == code] if code else self.entities,
            "search": (values.get("q") or "").strip(),
            "status": values.get("status") or "",
            "date_from": values.get("date_from"),
            "date_to": values.get("date_to"),
            "overdue": bool(values.get("overdue")),
        }
