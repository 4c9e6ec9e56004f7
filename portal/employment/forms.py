"""Forms of the member's employment pages. They read and check input; every business rule is in the
services (``services``, ``changes``, ``documents``), whose messages the views put next to the fields."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.core import money
from portal.core.amounts import MAX_AMOUNT
from portal.core.forms import AmountField, DayField, MultipleFileField, MultipleFileInput
from portal.core.views import parse_id
from portal.employment import rules
from portal.employment.changes import ChangeData
from portal.employment.models import ChangeKind, SalaryCategory
from portal.employment.services import RequestData

#: Dates outside these years are no dates of an employment; the rules' month arithmetic would overflow
#: at the ends of the calendar (year 1 or 9999), so they are refused here with a message.
#: Proof files one change request takes at most.
MAX_PROOFS = 5
FILE_HELP = _("PDF, PNG or JPEG, at most 10 MB each.")


class IdChoiceField(forms.ChoiceField):
    """A choice among records, read as an id; whether the record may be chosen is the service's rule
    (so its message, e.g. "valid at the start", appears instead of a generic "not a valid choice")."""

    default_error_messages = {"invalid_choice": _("Please choose from the list.")}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return number

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


def category_label(category: SalaryCategory, *, with_table: bool = False) -> str:
    label = f"{category.display_name} – {money.display(category.total_cost)}"
    if category.minijob:
        label += " (" + gettext("minijob") + ")"
    if with_table:
        label += " · " + gettext("from %(day)s") % {"day": date_format(category.valid_from, "SHORT_DATE_FORMAT")}
    return label


def category_choices(categories: Any, *, with_table: bool = False) -> list[tuple[Any, str]]:
    return [("", "–")] + [(category.pk, category_label(category, with_table=with_table)) for category in categories]


class RequestForm(forms.Form):
    entity = forms.TypedChoiceField(
        label=_("Entity"),
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Please choose an entity you work with.")},
    )
    start = DayField(
        label=_("Start"),
        help_text=_("The first day of a month; to be requested by the last day of the month before."),
    )
    end = DayField(label=_("End"))
    category = IdChoiceField(label=_("Salary category"))
    note = forms.CharField(
        label=_("Note to the Smart team"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, entities: Any = (), categories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity_field = cast(forms.ChoiceField, self.fields["entity"])
        entity_field.choices = [("", "–")] + [(entity.pk, f"{entity.name} ({entity.code})") for entity in entities]
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices(categories)
        self.fields["end"].help_text = gettext(
            "The last day of a month; an employment lasts at least %(months)d months."
        ) % {"months": rules.MIN_MONTHS}

    def request_data(self) -> RequestData:
        data = self.cleaned_data
        return RequestData(
            entity_id=data["entity"],
            category_id=data["category"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
        )


class SignForm(forms.Form):
    name = forms.CharField(
        # Its own context: the client pages' "Your full name" is translated with the formal address.
        label=pgettext_lazy("member signature", "Your full name"),
        required=False,
        max_length=200,
        help_text=_("Typing your full name signs the contract as shown in the PDF above."),
    )
    file = forms.FileField(
        label=_("Or upload the signed contract (PDF)"),
        required=False,
        help_text=_("Print, sign and scan the contract, or sign the PDF electronically."),
    )


class ChangeForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("What should change?"),
        choices=ChangeKind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "invalid_choice": _("Please choose what should change."),
            "required": _("Please tick the change(s) you ask for."),
        },
    )
    new_end = DayField(label=_("New end"), required=False, help_text=_("The last day of a month."))
    new_category = IdChoiceField(label=_("New salary category"), required=False)
    category_from = DayField(label=_("From"), required=False, help_text=_("The first day of this or a later month."))
    interruption_from = DayField(label=_("Interruption from"), required=False, help_text=_("The first day of a month."))
    interruption_to = DayField(label=_("Interruption until"), required=False, help_text=_("The last day of a month."))
    proofs = MultipleFileField(
        max_files=MAX_PROOFS,
        label=_("Proof of the interruption"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".pdf,.png,.jpg,.jpeg"}),
        help_text=FILE_HELP,
    )
    special_amount = AmountField(
        label=_("Special payment (EUR)"), required=False, min_value=Decimal("0.01"), max_value=MAX_AMOUNT
    )
    special_month = DayField(
        label=_("Paid in the month of"), required=False, help_text=_("The first day of this or a later month.")
    )
    correction_month = DayField(
        label=_("Month to correct"), required=False, help_text=_("The first day of a past month.")
    )
    correction_text = forms.CharField(
        label=_("What should be corrected?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, categories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tables = {category.valid_from for category in categories}
        choices = category_choices(categories, with_table=len(tables) > 1)
        cast(forms.ChoiceField, self.fields["new_category"]).choices = choices

    def change_data(self) -> ChangeData:
        data = self.cleaned_data
        return ChangeData(
            kinds=list(data["kinds"]),
            new_end=data["new_end"],
            new_category_id=data["new_category"],
            category_from=data["category_from"],
            interruption_from=data["interruption_from"],
            interruption_to=data["interruption_to"],
            special_amount=data["special_amount"],
            special_month=data["special_month"],
            correction_month=data["correction_month"],
            correction_text=data["correction_text"],
            proofs=list(data["proofs"]),
        )

    #: The fields shown under each kind of change.
    FIELDS_OF_KIND = {
        ChangeKind.END: ("new_end",),
        ChangeKind.CATEGORY: ("new_category", "category_from"),
        ChangeKind.INTERRUPTION: ("interruption_from", "interruption_to", "proofs"),
        ChangeKind.SPECIAL_PAYMENT: ("special_amount", "special_month"),
        ChangeKind.CORRECTION: ("correction_month", "correction_text"),
    }

    def kind_groups(self) -> list[dict[str, Any]]:
        """Per kind: its checkbox and the fields that belong to it, in the order of ``ChangeKind``."""
        checkboxes = {str(checkbox.data["value"]): checkbox for checkbox in self["kinds"]}
        return [
            {"kind": kind, "checkbox": checkboxes[kind.value], "fields": [self[name] for name in names]}
            for kind, names in self.FIELDS_OF_KIND.items()
        ]


class CertificateForm(forms.Form):
    purpose = forms.CharField(
        label=_("What is the certificate for?"),
        max_length=300,
        help_text=_("E.g. for the job centre, a landlord or a bank."),
    )
