"""Forms of the Smart team's membership pages: filters of the lists and the decisions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.backoffice.forms import _EntityFilterForm
from portal.core.forms import DayField
from portal.membership.models import ApplicationStatus, RequestKind, RequestStatus, ShareKind
from portal.membership.selectors import RegisterFilter


class ApplicationFilterForm(_EntityFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Unconfirmed applications are nobody's business until the applicant clicked the link.
        statuses = [(value, str(label)) for value, label in ApplicationStatus.choices if value != "unverified"]
        self._choose("status", [("", str(_("All"))), *statuses])

    def filters(self) -> dict[str, Any]:
        chosen = self.chosen_entities()
        return {
            "status": self._value("status") or "",
            "search": (self._value("q") or "").strip(),
            "entity_id": chosen[0].pk if self._value("entity") and chosen else None,
        }


class RegisterFilterForm(_EntityFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    start = DayField(label=_("From"), required=False)
    end = DayField(label=_("Until"), required=False)
    unpaid = forms.BooleanField(label=_("Payment open only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("kind", [("", str(_("All"))), *[(value, str(label)) for value, label in ShareKind.choices]])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> RegisterFilter:
        chosen = self.chosen_entities()
        return RegisterFilter(
            entity_id=chosen[0].pk if self._value("entity") and chosen else None,
            kind=self._value("kind") or "",
            search=(self._value("q") or "").strip(),
            start=self._value("start"),
            end=self._value("end"),
            unpaid=bool(self._value("unpaid")),
        )


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices], initial="pending"
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *RequestKind.choices])

    def value(self, name: str) -> str:
        return "" if name in self.errors else (self.cleaned_data.get(name) or "")


class PaymentForm(forms.Form):
    received_on = DayField(label=_("Share payment received on"))


class PaidForm(forms.Form):
    paid_on = DayField(label=pgettext_lazy("share payment", "Paid on"))


class RequestAcceptForm(forms.Form):
    paid_on = DayField(
        label=pgettext_lazy("share payment", "Paid on"),
        required=False,
        help_text=_("Leave empty while the money for the shares has not arrived."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant or member reads it in the e-mail."),
    )
