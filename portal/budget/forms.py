"""Forms of the budget pages. They read and check input; every business rule is in the services."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.budget.collective import MAX_NAME
from portal.core.amounts import MAX_AMOUNT
from portal.core.forms import AmountField


def _amount_field(*, allow_negative: bool = False, help_text: Any = "") -> AmountField:
    return AmountField(
        label=_("Amount (EUR)"),
        min_value=None if allow_negative else Decimal("0.01"),
        max_value=MAX_AMOUNT,
        help_text=help_text,
    )


def _numbers(value: str) -> list[str]:
    return [number for number in value.replace(",", " ").replace(";", " ").split() if number]


class MemberNumbersField(forms.CharField):
    """Member numbers separated by spaces, commas or new lines."""

    def clean(self, value):
        return _numbers(super().clean(value) or "")


class CollectiveBudgetForm(forms.Form):
    name = forms.CharField(label=_("Name of the budget"), max_length=MAX_NAME)
    entity = forms.TypedChoiceField(label=_("Entity"), coerce=int)
    invitees = MemberNumbersField(
        label=_("Invite members (member numbers)"),
        max_length=500,
        help_text=_("One or more member numbers, separated by commas or spaces, e.g. 000102."),
    )

    def __init__(self, *args, entities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [(entity.pk, f"{entity.code} – {entity.name}") for entity in entities]


class InviteForm(forms.Form):
    invitees = MemberNumbersField(
        label=_("Member numbers"),
        max_length=500,
        help_text=_("One or more member numbers, separated by commas or spaces."),
    )


class TransferForm(forms.Form):
    target = forms.ChoiceField(label=_("To budget"))
    member_number = forms.CharField(
        label=_("Member number of the colleague"),
        required=False,
        max_length=20,
        help_text=_("Only for a transfer to another member's personal budget."),
    )
    amount = _amount_field()
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The Smart team reads it before approving, e.g. “Share of the project Kino Nord”."),
    )

    def __init__(self, *args, targets=(), by_number: bool = True, **kwargs):
        """``by_number``: whether a colleague's personal budget can be named by member number (not from
        a collective budget, which pays its own members only)."""
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [("", "---------"), *targets]
        if not by_number:
            del self.fields["member_number"]


class CorrectionForm(forms.Form):
    amount = _amount_field(
        allow_negative=True,
        help_text=_("Positive to credit the budget, negative to debit it. Above 1,000 EUR a second person approves."),
    )
    booking_date = forms.DateField(
        label=_("Booking date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
