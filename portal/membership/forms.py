"""Forms of the public application and the member's share requests. They read and check input; the
rules (shares within the terms, age, the signature) are the services', shown next to the fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core import money
from portal.core.forms import DayField, check_postal_code, country_choices
from portal.membership.applications import ApplicationData

#: Shares one form accepts at most; the terms' maximum is the service's rule.
MAX_SHARES_TYPED = 100_000


class ApplicationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.TypedChoiceField(label=_("Country"), choices=country_choices, initial="DE")
    birth_date = DayField(label=_("Date of birth"), first_year=1900)
    artist_name = forms.CharField(
        label=_("Artist or company name"),
        max_length=200,
        required=False,
        help_text=_("If you work under another name."),
    )
    shares = forms.IntegerField(label=_("Number of shares"), min_value=1, max_value=MAX_SHARES_TYPED)
    statutes_accepted = forms.BooleanField(label=_("I have read and accept the statutes."))
    privacy_accepted = forms.BooleanField(label=_("I have read the privacy notice."))
    declaration = forms.FileField(
        label=_("Signed declaration (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("Print the declaration, sign it and upload a scan, at most 10 MB."),
    )
    typed_name = forms.CharField(
        label=_("Or type your full name as your signature"),
        max_length=200,
        required=False,
        help_text=_("Typing your name counts as signing the declaration."),
    )
    #: Left empty by people (it is hidden); robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shares = self.fields["shares"]
        shares.initial = terms.min_shares
        shares.help_text = _("%(value)s per share, %(min)d to %(max)d shares.") % {
            "value": money.display(terms.nominal_value),
            "min": terms.min_shares,
            "max": terms.max_shares,
        }
        self.fields["statutes_accepted"].help_text = _("Version %(version)s") % {"version": terms.statutes_version}
        self.fields["privacy_accepted"].help_text = _("Version %(version)s") % {"version": terms.privacy_version}

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        check_postal_code(self)
        return cleaned

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def data_for(self, entity_id: int, language: str) -> ApplicationData:
        values = self.cleaned_data
        return ApplicationData(
            entity_id=entity_id,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            street=values["street"],
            postal_code=values["postal_code"],
            city=values["city"],
            country=values["country"],
            birth_date=values["birth_date"],
            artist_name=values.get("artist_name", ""),
            shares=values["shares"],
            statutes_accepted=values["statutes_accepted"],
            privacy_accepted=values["privacy_accepted"],
            typed_name=values.get("typed_name", ""),
            declaration=values.get("declaration"),
            language=language,
        )


class AdditionalSharesForm(forms.Form):
    shares = forms.IntegerField(label=_("Additional shares"), min_value=1, max_value=MAX_SHARES_TYPED, initial=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class TerminationForm(forms.Form):
    confirm = forms.BooleanField(label=_("I give notice on all my shares and end my membership."))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class TransferForm(forms.Form):
    recipient_number = forms.CharField(
        label=_("Member number of the recipient"),
        max_length=20,
        help_text=_("The recipient agrees on their membership page before the Smart team decides."),
    )
    shares = forms.IntegerField(label=_("Shares to transfer"), min_value=1, max_value=MAX_SHARES_TYPED, initial=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
