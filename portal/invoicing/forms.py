from django import forms
from django.utils.translation import gettext_lazy as _

from portal.invoicing.models import InvoiceLine
from portal.orders.models import Order, OrderStatus


class InvoiceLineForm(forms.ModelForm):
    class Meta:
        model = InvoiceLine
        fields = ["description", "quantity", "unit", "unit_price", "vat_rate"]


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The filled-in lines (blank extra rows are skipped)."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data]

    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(_("Please add at least one line."))


LineFormSet = forms.formset_factory(InvoiceLineForm, formset=BaseLineFormSet, extra=3)


class ExtraInvoiceForm(forms.Form):
    order = forms.ModelChoiceField(label=_("Order"), queryset=Order.objects.none())
    planned_date = forms.DateField(
        label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.filter(member=member, status=OrderStatus.ACTIVE).order_by("title")


class DraftTextsForm(forms.Form):
    """What the Smart team may change on a draft besides its lines."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Service description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    planned_date = forms.DateField(
        label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
