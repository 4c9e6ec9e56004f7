"""Filters of the Smart team's search pages (invalid values are reported and ignored, never a 500) and
the small forms of an order's review."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role, User
from portal.core.views import MAX_ID
from portal.entities.models import IssuingEntity
from portal.orders.models import OrderStatus


def _entity_choices(entities: list[IssuingEntity]) -> list[tuple[str, str]]:
    return [("", str(_("All my entities")))] + [(entity.code, f"{entity.code} – {entity.name}") for entity in entities]


class _EntityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    entity = forms.ChoiceField(label=_("Entity"), required=False)

    def __init__(self, *args: Any, entities: list[IssuingEntity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entities = entities
        self._choose("entity", _entity_choices(entities))

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def _value(self, name: str) -> Any:
        return None if name in self.errors else self.cleaned_data.get(name)

    def chosen_entities(self) -> list[IssuingEntity]:
        code = self._value("entity")
        return [entity for entity in self.entities if entity.code == code] if code else self.entities


class ClientFilterForm(_EntityFilterForm):
    def filters(self) -> dict[str, Any]:
        return {"entities": self.chosen_entities(), "search": (self._value("q") or "").strip()}


class OrderFilterForm(_EntityFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    # Chosen from a member's name in the list (members are too many for a drop-down).
    member = forms.IntegerField(
        label=_("Member"), required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    date_from = forms.DateField(label=_("Created from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Created until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, entities: list[IssuingEntity], **kwargs: Any) -> None:
        super().__init__(*args, entities=entities, **kwargs)
        # Drafts are the member's own business; staff never see them.
        statuses = [(value, str(label)) for value, label in OrderStatus.choices if value != OrderStatus.DRAFT]
        self._choose("status", [("", str(_("All"))), *statuses])

    def chosen_member(self) -> User | None:
        """The member the list is narrowed to, if any (only members of the login's entities)."""
        member_id = self._value("member")
        if not member_id:
            return None
        return (
            User.objects.filter(pk=member_id, roles__kind=Role.Kind.MEMBER, roles__entity__in=self.entities)
            .only("pk", "first_name", "last_name", "email")
            .first()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """Selector arguments from the valid fields only."""
        member = self._value("member")
        return {
            "entities": self.chosen_entities(),
            "search": (self._value("q") or "").strip(),
            "status": self._value("status") or "",
            "member_id": member or None,
            "date_from": self._value("date_from"),
            "date_to": self._value("date_to"),
        }


#: The longest reason or comment staff may write on an order (the comment column holds as much).
ORDER_TEXT_MAX = 4000


class OrderDecisionForm(forms.Form):
    """The reason given with a decision on an order; whether one is needed is the service's rule."""

    reason = forms.CharField(
        label=_("Comment or reason (required to return, reject or deny)"),
        required=False,
        max_length=ORDER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderCommentForm(forms.Form):
    body = forms.CharField(
        label=_("New comment"),
        max_length=ORDER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please write a comment.")},
    )
