from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts import personal_data
from portal.accounts.models import User
from portal.accounts.services import NOTIFICATION_FIELDS
from portal.accounts.validators import normalize_iban, normalize_social_security_number, normalize_tax_id
from portal.core.forms import check_postal_code, country_choices

MIN_AGE_YEARS = 16


class PersonalDataChangeForm(forms.Form):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    street = forms.CharField(label=_("street and number"), max_length=200)
    postal_code = forms.CharField(label=_("postal code"), max_length=16)
    city = forms.CharField(label=_("city"), max_length=100)
    country = forms.TypedChoiceField(label=_("country"), choices=country_choices)
    birth_date = forms.DateField(
        label=_("date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tax_id = forms.CharField(label=_("tax ID"), max_length=20, required=False)
    social_security_number = forms.CharField(label=_("social security number"), max_length=20, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=42, help_text=_("Your salary is paid to this account."))
    health_insurance = forms.CharField(label=_("health insurance"), max_length=100, required=False)
    note = forms.CharField(
        label=_("note to the Smart team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, e.g. why the data changed."),
    )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value.year < 1900 or value > date(today.year - MIN_AGE_YEARS, today.month, min(today.day, 28)):
            raise ValidationError(_("Please enter a real date of birth; members are at least 16 years old."))
        return value

    def clean_iban(self):
        return normalize_iban(self.cleaned_data["iban"])

    def clean(self):
        cleaned = super().clean()
        check_postal_code(self)
        country = cleaned.get("country")
        if country:
            for name, normalize in (
                ("tax_id", normalize_tax_id),
                ("social_security_number", normalize_social_security_number),
            ):
                if cleaned.get(name):
                    try:
                        cleaned[name] = normalize(cleaned[name], country)
                    except ValidationError as error:
                        self.add_error(name, error)
        return cleaned

    def personal_values(self) -> dict[str, str]:
        return {name: personal_data.to_stored(self.cleaned_data.get(name)) for name in personal_data.FIELD_NAMES}


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)


class NotificationForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(NOTIFICATION_FIELDS)


class MemberCreateForm(forms.Form):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member receives this reason by e-mail."),
    )
