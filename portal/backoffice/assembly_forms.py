"""The Smart team's forms of the general assembly. They read input; the rules are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.assembly.models import Vote
from portal.core.forms import WallClockField


class AssemblyForm(forms.Form):
    entity = forms.TypedChoiceField(label=_("Entity"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = WallClockField(label=_("Date and time"), help_text=_("In the entity's time zone."))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https", help_text=_("https:// only.")
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, entities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [(entity.pk, f"{entity.name} ({entity.code})") for entity in entities]  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VoteForm(forms.Form):
    question = forms.CharField(label=_("What is voted on"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Vote.Kind.choices, initial=Vote.Kind.QUESTION)
    seats = forms.IntegerField(label=_("Seats (election)"), min_value=1, max_value=50, initial=1, required=False)
    candidates = forms.CharField(
        label=_("Candidates (election)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line."),
    )
    opens_at = WallClockField(label=_("Voting opens"))
    closes_at = WallClockField(label=_("Voting closes"))

    def candidate_names(self) -> tuple[str, ...]:
        names = (line.strip() for line in self.cleaned_data.get("candidates", "").splitlines())
        return tuple(name for name in names if name)[:100]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Document (PDF)"))


class MinutesForm(forms.Form):
    file = forms.FileField(label=_("Minutes (PDF)"))


class ProxyRejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
