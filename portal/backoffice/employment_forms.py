"""Forms of the Smart team's employment pages. They read and check input; every business rule (the
contract is a PDF, the month lies within the employment, nobody decides their own case) is in the
employment services, whose errors the views put next to the field they concern."""

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.backoffice.forms import _EntityFilterForm
from portal.core.amounts import MAX_AMOUNT
from portal.core.forms import AmountField, MultipleFileField, MultipleFileInput
from portal.employment.changes import PAYROLL_TOKEN
from portal.employment.models import EmploymentStatus

PDF = ".pdf,application/pdf"


class EmploymentFilterForm(_EntityFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    ending = forms.BooleanField(label=_("Ending within 60 days"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Drafts are the member's own business; staff never see them.
        statuses = [(value, str(label)) for value, label in EmploymentStatus.choices if value != EmploymentStatus.DRAFT]
        self._choose("status", [("", str(_("All"))), *statuses])

    def filters(self) -> dict[str, Any]:
        """Selector arguments from the valid fields only."""
        return {
            "entity_ids": [entity.pk for entity in self.chosen_entities()],
            "status": self._value("status") or "",
            "ending_soon": bool(self._value("ending")),
            "search": (self._value("q") or "").strip(),
        }


class MonthField(forms.DateField):
    """A month, as the browser's month picker sends it (``2027-01``) or as people type it (``01/2027``)."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m/%Y", "%m.%Y", "%Y-%m-%d"]

    def to_python(self, value: Any) -> Any:
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def _pdf_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": PDF}),
    )


def _reason_field(help_text: Any, max_length: int = 2000, label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Reason"),
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class ContractForm(forms.Form):
    """Approve an employment request with the contract to sign."""

    file = _pdf_field(_("Contract (PDF)"), help_text=_("The member signs it in the portal."))


class ChangeApproveForm(forms.Form):
    file = _pdf_field(
        _("New contract (PDF)"),
        required=False,
        help_text=_("Optional: the amended contract, kept as the new contract version."),
    )


class RejectForm(forms.Form):
    # Named for what it is: beside the approve form, a bare "Reason *" looked required for approving too.
    reason = _reason_field(
        _("The member reads it in the e-mail and on the employment page."), label=_("Reason for rejecting")
    )


class PayrollDifferenceForm(forms.Form):
    """Book a payroll difference. The hidden one-time token makes a form sent twice (a double click, the
    browser's back button and send again) book once; a form without a valid token gets a fresh one and
    asks to send it again."""

    month = MonthField(label=_("Payroll month"))
    amount = AmountField(
        label=_("Difference (EUR)"),
        min_value=-MAX_AMOUNT,
        max_value=MAX_AMOUNT,
        allow_zero=False,
        help_text=_(
            "Negative if the payroll cost more than was booked (debited from the budget), positive if it cost less."
        ),
    )
    reason = _reason_field(_("Shown on the member's budget statement."), max_length=250)
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.token_renewed = False
        name = self.add_prefix("token")
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4().hex
        elif not PAYROLL_TOKEN.fullmatch(str(self.data.get(name) or "")):
            data = cast(Any, self.data).copy()
            data[name] = uuid.uuid4().hex  # shown again with the form: the next send books
            self.data = data
            self.token_renewed = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.token_renewed:
            raise forms.ValidationError(_("Please check the form and book the difference again."))
        return cleaned


class PayslipForm(forms.Form):
    month = MonthField(label=_("Month"))
    file = _pdf_field(_("Payslip (PDF)"), help_text=_("The member is told by e-mail."))


class CertificateForm(forms.Form):
    file = _pdf_field(_("Certificate (PDF)"), help_text=_("The member is told by e-mail and downloads it."))


class PayslipBatchForm(forms.Form):
    payslips = MultipleFileField(
        label=_("Payslips (PDF files or ZIP files)"),
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".pdf,.zip,application/pdf,application/zip"}),
        help_text=_(
            "Each file name carries the member number and the month, e.g. 000101_2027-01.pdf. "
            "At most 100 files at once; put more into a ZIP file."
        ),
    )

    def clean_payslips(self) -> list[Any]:
        files = self.cleaned_data["payslips"]
        if not files:
            raise forms.ValidationError(_("Please choose at least one file."))
        return files
