"""Forms of cooperative life. They read and check input; the rules (who publishes for which entity, times,
capacity, https links) are in the services, whose messages the views put next to the fields."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.cooplife.events import MAX_CAPACITY, EventData
from portal.cooplife.models import PLACE_LENGTH, TEXT_LENGTH, TITLE_LENGTH, URL_LENGTH
from portal.cooplife.services import NewsData
from portal.core.forms import WallClockField
from portal.core.views import parse_id

#: The entity choice that means "all entities".
ALL = "all"


def entity_choices(entities: Any, *, all_entities: bool) -> list[tuple[str, str]]:
    choices = [("", "–")]
    if all_entities:
        choices.append((ALL, str(_("All entities"))))
    return choices + [(str(entity.pk), f"{entity.name} ({entity.code})") for entity in entities]


def chosen_entity(value: str) -> int | None:
    return None if value == ALL else parse_id(value)


class _EntityForm(forms.Form):
    entity = forms.ChoiceField(label=_("For"), help_text=_("An entity's members, or the members of all entities."))

    def __init__(self, *args: Any, entities: Any = (), all_entities: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["entity"]).choices = entity_choices(entities, all_entities=all_entities)


def text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class NewsForm(_EntityForm):
    title_de = forms.CharField(label=_("Title (German)"), max_length=TITLE_LENGTH, required=False)
    text_de = forms.CharField(
        label=_("Text (German)"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=text_area(8),
        help_text=_("Plain text; blank lines separate paragraphs."),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_LENGTH, required=False)
    text_en = forms.CharField(label=_("Text (English)"), max_length=TEXT_LENGTH, required=False, widget=text_area(8))
    published_at = WallClockField(
        label=_("Visible from"),
        required=False,
        help_text=_("Empty: at once. A later time schedules the news (in the entity's time zone)."),
    )

    def news_data(self, *, publish: bool) -> NewsData:
        data = self.cleaned_data
        return NewsData(
            entity_id=chosen_entity(data["entity"]),
            title_de=data["title_de"],
            title_en=data["title_en"],
            text_de=data["text_de"],
            text_en=data["text_en"],
            published_at=data["published_at"],
            publish=publish,
        )


class EventForm(_EntityForm):
    title_de = forms.CharField(label=_("Title (German)"), max_length=TITLE_LENGTH, required=False)
    description_de = forms.CharField(
        label=_("Description (German)"), max_length=TEXT_LENGTH, required=False, widget=text_area(5)
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_LENGTH, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), max_length=TEXT_LENGTH, required=False, widget=text_area(5)
    )
    starts = WallClockField(label=_("Starts"), help_text=_("In the entity's time zone."))
    ends = WallClockField(label=_("Ends"))
    place = forms.CharField(label=_("Place"), max_length=PLACE_LENGTH, required=False)
    online_url = forms.CharField(
        label=_("Online link"),
        max_length=URL_LENGTH,
        required=False,
        help_text=_("https:// only. Shown to members who hold a place (to everybody when places are unlimited)."),
        widget=forms.URLInput,
    )
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, max_value=MAX_CAPACITY, help_text=_("Empty: no limit.")
    )
    signup_deadline = WallClockField(
        label=_("Sign-up until"), required=False, help_text=_("Empty: until the event starts.")
    )

    def event_data(self) -> EventData:
        data = self.cleaned_data
        return EventData(
            entity_id=chosen_entity(data["entity"]),
            title_de=data["title_de"],
            title_en=data["title_en"],
            description_de=data["description_de"],
            description_en=data["description_en"],
            starts=data["starts"],
            ends=data["ends"],
            place=data["place"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            signup_deadline=data["signup_deadline"],
        )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everybody signed up)"), max_length=2000, required=False, widget=text_area(3)
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
