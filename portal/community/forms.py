"""Forms of the community pages. They read and check input; the rules (https links only, work only as
an offer, the active-until window) are the services', whose messages the views put next to the fields."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.community import rules
from portal.community.models import PostCategory, PostKind, Sector
from portal.community.selectors import MAX_SEARCH, PostFilters
from portal.community.services import PostData, ProfileData
from portal.core.forms import DayField

LINK_HELP = _("Optional; only secure addresses starting with https://.")


def _blank_first(choices: Any) -> list[tuple[str, Any]]:
    return [("", "–"), *choices]


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Are you searching or offering?"), choices=PostKind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=_blank_first(PostCategory.choices), help_text=_("Work can only be offered.")
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=_blank_first(Sector.choices))
    description = forms.CharField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("Contact"), max_length=200, help_text=_("How members reach you, e.g. your e-mail address or phone.")
    )
    link = forms.CharField(label=_("Link"), max_length=500, required=False, help_text=LINK_HELP)
    active_until = DayField(label=_("Active until"))
    urgent = forms.BooleanField(
        label=_("Urgent substitution"),
        required=False,
        help_text=_("Members who follow the category or sector get an e-mail at once when the post is published."),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = rules.latest_active_until(today)
        self.fields["active_until"].widget.attrs.update({"min": today.isoformat(), "max": latest.isoformat()})
        self.fields["active_until"].help_text = _(
            "At most %(months)d months ahead; the post disappears after this day."
        ) % {"months": rules.MAX_ACTIVE_MONTHS}

    def post_data(self) -> PostData:
        data = self.cleaned_data
        return PostData(
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            category=data["category"],
            sector=data["sector"],
            city=data["city"],
            contact=data["contact"],
            link=data["link"],
            active_until=data["active_until"],
            urgent=data["urgent"],
        )


class PostFilterForm(forms.Form):
    """The list's filters; an invalid value is simply not applied."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH)
    kind = forms.ChoiceField(label=_("Search or offer"), required=False, choices=[("", _("All")), *PostKind.choices])
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *PostCategory.choices])
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices])
    city = forms.CharField(label=_("City"), required=False, max_length=MAX_SEARCH)

    def filters(self) -> PostFilters:
        self.is_valid()
        valid = self.cleaned_data  # the valid fields only: an invalid one is left out
        return PostFilters(**{name: valid.get(name) or "" for name in ("kind", "category", "sector", "city", "q")})

    @property
    def active(self) -> bool:
        return any(value for value in vars(self.filters()).values())


class ProfileFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices])

    def values(self) -> dict[str, str]:
        self.is_valid()
        valid = self.cleaned_data
        return {"q": valid.get("q") or "", "sector": valid.get("sector") or ""}


class ProfileForm(forms.Form):
    visible = forms.BooleanField(
        label=_("Show my profile to the other members of my entities"),
        required=False,
        help_text=_("Off by default. Only members see it; clients and the public never do."),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=_blank_first(Sector.choices))
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    skills = forms.CharField(
        label=_("Skills"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    website = forms.CharField(label=_("Website"), max_length=300, required=False, help_text=LINK_HELP)

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            visible=data["visible"],
            sector=data["sector"],
            city=data["city"],
            skills=data["skills"],
            website=data["website"],
        )


class SubscriptionForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        required=False,
        choices=PostCategory.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    weekly_digest = forms.BooleanField(label=_("Send me the weekly digest"), required=False)
    urgent_at_once = forms.BooleanField(label=_("Send me urgent substitutions at once"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author reads it on the post and in the e-mail."),
    )
