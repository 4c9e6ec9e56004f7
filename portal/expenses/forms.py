"""Forms of the expense pages. They read and check input; every business rule is in the services."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.amounts import MAX_AMOUNT
from portal.core.forms import AmountField, DayField
from portal.expenses.models import Category
from portal.expenses.receipts import VAT_RATES, ReceiptData, VatLine
from portal.expenses.services import RECEIPT_UNAVAILABLE, SupplierInvoiceData


def rate_choice(rate: Decimal) -> str:
    """The choice value of a VAT rate, also as the database returns it ("19.00" is "19")."""
    return format(Decimal(rate).normalize(), "f")


VAT_CHOICES = [("", "–")] + [(rate_choice(rate), f"{rate:g} %") for rate in VAT_RATES]
#: VAT rates one receipt may list (a supermarket receipt has two, rarely three).
VAT_ROWS = 3
FILE_HELP = _("PDF, PNG or JPEG, at most 10 MB. Photos from an iPhone: please take them as JPEG.")


def _amount(label: Any, *, required: bool = True, help_text: Any = "") -> AmountField:
    return AmountField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        help_text=help_text,
    )


class ReceiptForm(forms.Form):
    receipt_date = DayField(label=_("Receipt date"))
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    description = forms.CharField(label=_("What did you buy?"), max_length=500)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "–"), *Category.choices])
    gross = _amount(_("Gross amount (EUR)"))
    vat_rate_1 = forms.ChoiceField(label=_("VAT rate"), choices=VAT_CHOICES)
    vat_1 = _amount(_("VAT (EUR)"), required=False, help_text=_("Leave empty to compute it from the gross amount."))
    vat_rate_2 = forms.ChoiceField(label=_("Second VAT rate"), choices=VAT_CHOICES, required=False)
    vat_2 = _amount(_("VAT at the second rate (EUR)"), required=False)
    vat_rate_3 = forms.ChoiceField(label=_("Third VAT rate"), choices=VAT_CHOICES, required=False)
    vat_3 = _amount(_("VAT at the third rate (EUR)"), required=False)
    attendees = forms.CharField(
        label=_("Attendees (hospitality)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    occasion = forms.CharField(label=_("Occasion (hospitality)"), required=False, max_length=300)
    addressed_to_cooperative = forms.BooleanField(
        label=_("The receipt is addressed to the cooperative"),
        required=False,
        help_text=_("Required from 250 EUR: the receipt must name the cooperative as the buyer."),
    )
    file = forms.FileField(label=_("Receipt file"), help_text=FILE_HELP)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["file"].required = False
            self.fields["file"].help_text = _("Only to replace the file. %(help)s") % {"help": FILE_HELP}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(2, VAT_ROWS + 1):
            if data.get(f"vat_{row}") is not None and not data.get(f"vat_rate_{row}"):
                self.add_error(f"vat_rate_{row}", _("Please choose the rate of this VAT amount."))
        return data

    def receipt_data(self) -> ReceiptData:
        data = self.cleaned_data
        lines = [
            VatLine(Decimal(data[f"vat_rate_{row}"]), data.get(f"vat_{row}"))
            for row in range(1, VAT_ROWS + 1)
            if data.get(f"vat_rate_{row}")
        ]
        return ReceiptData(
            receipt_date=data["receipt_date"],
            supplier=data["supplier"],
            description=data["description"],
            category=data["category"],
            gross=data["gross"],
            vat_lines=lines,
            addressed_to_cooperative=data["addressed_to_cooperative"],
            attendees=data["attendees"],
            occasion=data["occasion"],
        )

    @staticmethod
    def initial_of(receipt: Any) -> dict[str, Any]:
        initial = {
            name: getattr(receipt, name)
            for name in (
                "receipt_date",
                "supplier",
                "description",
                "category",
                "gross",
                "attendees",
                "occasion",
                "addressed_to_cooperative",
            )
        }
        for row, line in enumerate(receipt.vat_lines.all()[:VAT_ROWS], start=1):
            initial[f"vat_rate_{row}"] = rate_choice(line.rate)
            initial[f"vat_{row}"] = line.amount
        return initial


class BudgetChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Budget"), coerce=int, **kwargs)


def budget_choices(budgets: Any) -> list[tuple[Any, str]]:
    return [("", "–")] + [(budget.pk, f"{budget} ({budget.entity.code})") for budget in budgets]


class ReimbursementForm(forms.Form):
    budget = BudgetChoiceField()
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    receipts = forms.TypedMultipleChoiceField(
        label=_("Receipts"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": RECEIPT_UNAVAILABLE},  # not Django's "9 is not a valid choice"
    )

    def __init__(self, *args: Any, budgets: Any = (), receipts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["budget"]).choices = budget_choices(budgets)
        cast(forms.ChoiceField, self.fields["receipts"]).choices = [(receipt.pk, str(receipt)) for receipt in receipts]


class DirectPaymentForm(forms.Form):
    budget = BudgetChoiceField()
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    iban = forms.CharField(label=_("IBAN of the supplier"), max_length=50)
    bic = forms.CharField(
        label=_("BIC"), max_length=20, required=False, help_text=_("Needed outside Germany and Austria.")
    )
    invoice_number = forms.CharField(label=_("Supplier's invoice number"), max_length=100)
    invoice_date = DayField(label=_("Invoice date"))
    due_date = DayField(label=_("Due date"))
    gross = _amount(_("Gross amount (EUR)"))
    vat_rate = forms.ChoiceField(label=_("VAT rate"), choices=VAT_CHOICES)
    vat = _amount(_("VAT (EUR)"), required=False, help_text=_("Leave empty to compute it from the gross amount."))
    addressed_to_cooperative = forms.BooleanField(
        label=_("The invoice is for a service and addressed to the cooperative"), required=False
    )
    file = forms.FileField(label=_("Supplier's invoice (file)"), help_text=FILE_HELP)

    def __init__(self, *args: Any, budgets: Any = (), editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["budget"]).choices = budget_choices(budgets)
        if editing:
            self.fields["file"].required = False
            self.fields["file"].help_text = _("Only to replace the file. %(help)s") % {"help": FILE_HELP}

    def invoice_data(self) -> SupplierInvoiceData:
        data = self.cleaned_data
        return SupplierInvoiceData(
            supplier=data["supplier"],
            iban=data["iban"],
            bic=data["bic"],
            invoice_number=data["invoice_number"],
            invoice_date=data["invoice_date"],
            due_date=data["due_date"],
            gross=data["gross"],
            vat_rate=Decimal(data["vat_rate"]),
            vat=data.get("vat"),
            addressed_to_cooperative=data["addressed_to_cooperative"],
        )

    @staticmethod
    def initial_of(request: Any) -> dict[str, Any]:
        invoice = request.supplier_invoice
        initial = {"budget": request.budget_id, "title": request.title, "description": request.description}
        for name in ("supplier", "iban", "bic", "invoice_number", "invoice_date", "due_date", "gross", "vat"):
            initial[name] = getattr(invoice, name)
        initial["vat_rate"] = rate_choice(invoice.vat_rate)
        initial["addressed_to_cooperative"] = invoice.addressed_to_cooperative
        return initial


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason or question"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject a request or to ask the member a question."),
    )
