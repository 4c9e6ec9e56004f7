from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.assembly.models import Ballot, Vote


class BallotForm(forms.Form):
    """A ballot for one vote: yes / no / abstain, or the candidates of an election (none = abstain)."""

    def __init__(self, *args: Any, vote: Vote, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"vote{vote.pk}")
        super().__init__(*args, **kwargs)
        self.vote = vote
        if vote.kind == Vote.Kind.QUESTION:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your vote"), choices=Ballot.Choice.choices, widget=forms.RadioSelect
            )
        else:
            self.fields["candidates"] = forms.MultipleChoiceField(
                label=_("Your candidates"),
                choices=[(str(c.pk), c.name) for c in vote.candidates.all()],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Mark up to %(seats)s. A ballot without a mark counts as an abstention.")
                % {"seats": vote.seats},
            )

    def ballot(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"choice": data.get("choice", ""), "candidate_ids": [int(pk) for pk in data.get("candidates", [])]}


class ProxyForm(forms.Form):
    proxy_number = forms.CharField(
        label=_("Member number of your proxy"),
        max_length=20,
        help_text=_("The member who votes for you; they can hold at most two authorisations."),
    )
    file = forms.FileField(
        label=_("Signed authorisation (PDF)"), help_text=_("The authorisation, signed by you, as a PDF.")
    )
