"""The Smart team's forms of the client portal (DESIGN §9): contacts' access, client and entity settings.

The forms only read input; ``portal.clientportal.services`` checks who may act and stores it.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.clientportal.access import SETTING_NAMES, Settings
from portal.clientportal.models import ClientPortalSettings, EntityPortalSettings, RequestType
from portal.clientportal.services import PERMISSIONS

#: The yes/no settings, in the order the forms show them (``request_types`` is a set of choices).
FLAG_NAMES = tuple(name for name in SETTING_NAMES if name != "request_types")
AS_DEFAULT, YES, NO = "", "yes", "no"
OWN_TYPES = "own"


def setting_label(name: str) -> str:
    field = EntityPortalSettings._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(capfirst(field.verbose_name))


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def request_types_text(kinds: tuple[str, ...] | list[str]) -> str:
    labels = [str(label) for value, label in RequestType.choices if value in kinds]
    return ", ".join(labels) if labels else gettext("none")


def setting_text(settings: Settings, name: str) -> str:
    """The value of setting ``name`` as the pages show it."""
    value = getattr(settings, name)
    return request_types_text(value) if name == "request_types" else yes_no(value)


def _request_types_field(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=RequestType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class PermissionsForm(forms.Form):
    may_confirm = forms.BooleanField(label=_("May confirm orders"), required=False)
    may_request = forms.BooleanField(label=_("May send requests"), required=False)
    may_see_invoices = forms.BooleanField(label=_("May see invoices"), required=False)

    def permissions(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in PERMISSIONS}


class InviteForm(PermissionsForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    field_order = ["email", "first_name", "last_name", *PERMISSIONS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        for name in PERMISSIONS:
            kwargs["initial"].setdefault(name, True)  # as a new contact gets them when nobody chooses
        super().__init__(*args, **kwargs)


def _flag_value(value: bool | None) -> str:
    return AS_DEFAULT if value is None else YES if value else NO


class ClientSettingsForm(forms.Form):
    """A client's own settings: each follows the entity's default or says yes or no.

    ``defaults`` says for each setting what following the default gives (e.g. "Yes", or "SC: Yes · AT:
    No" for a client of several entities), ``effective`` what applies now; the choices and the help
    texts show them.
    """

    def __init__(self, *args: Any, defaults: Mapping[str, str], effective: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SETTING_NAMES:
            as_default = gettext("As the entity's default (%(value)s)") % {"value": defaults.get(name, "")}
            applies = gettext("Applies now: %(value)s") % {"value": effective.get(name, "")}
            if name == "request_types":
                self.fields["request_types_mode"] = forms.ChoiceField(
                    label=setting_label(name),
                    choices=[(AS_DEFAULT, as_default), (OWN_TYPES, gettext("Only the types ticked below"))],
                    required=False,
                    help_text=applies,
                )
                self.fields[name] = _request_types_field(_("Request types of this client"))
            else:
                self.fields[name] = forms.ChoiceField(
                    label=setting_label(name),
                    choices=[(AS_DEFAULT, as_default), (YES, gettext("Yes")), (NO, gettext("No"))],
                    required=False,
                    help_text=applies,
                )

    @staticmethod
    def initial_from(stored: ClientPortalSettings | None) -> dict[str, Any]:
        if stored is None:
            return {}
        initial: dict[str, Any] = {name: _flag_value(getattr(stored, name)) for name in FLAG_NAMES}
        if stored.request_types is not None:
            initial["request_types_mode"] = OWN_TYPES
            initial["request_types"] = list(stored.request_types)
        return initial

    def values(self) -> dict[str, Any]:
        """The settings for ``client_settings_save``: ``None`` for "as the entity's default"."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            name: None if data.get(name, AS_DEFAULT) == AS_DEFAULT else data[name] == YES for name in FLAG_NAMES
        }
        values["request_types"] = list(data.get("request_types") or []) if data.get("request_types_mode") else None
        return values


class EntitySettingsForm(forms.Form):
    """The defaults of one entity for its clients' portal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SETTING_NAMES:
            if name == "request_types":
                self.fields[name] = _request_types_field(setting_label(name))
            else:
                self.fields[name] = forms.BooleanField(label=setting_label(name), required=False)

    @staticmethod
    def initial_from(settings: Settings) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(settings, name) for name in FLAG_NAMES}
        initial["request_types"] = list(settings.request_types)
        return initial

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: bool(self.cleaned_data.get(name)) for name in FLAG_NAMES}
        values["request_types"] = list(self.cleaned_data.get("request_types") or [])
        return values
