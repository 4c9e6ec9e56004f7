"""The community's rules as plain functions (no database): links, the active-until window, which
categories a kind allows, the status a post shows, and which subscriptions a post matches."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.community.models import PostCategory, PostKind, PostStatus, Sector
from portal.core.validators import https_problem  # noqa: F401  (the community's link rule)

#: How far ahead a post may stay active.
MAX_ACTIVE_MONTHS = 6
#: The weekday the weekly digest goes out (Monday = 0), in each entity's time zone.
DIGEST_WEEKDAY = 0
#: How many days of posts a digest covers: the week before the digest day.
DIGEST_DAYS = 7


def entity_today(time_zone: str) -> date:
    """Today in an entity's time zone (posts expire at the end of the entity's day)."""
    return timezone.localtime(timezone.now(), ZoneInfo(time_zone)).date()


def active_until_problem(active_until: date | None, today: date) -> str:
    if active_until is None:
        return gettext("Please say until when the post is active.")
    if active_until < today:
        return gettext("The date must not be in the past.")
    if active_until > latest_active_until(today):
        return gettext("A post can be active for at most %(months)d months.") % {"months": MAX_ACTIVE_MONTHS}
    return ""


def latest_active_until(today: date) -> date:
    return today + relativedelta(months=MAX_ACTIVE_MONTHS)


def default_active_until(today: date) -> date:
    """What the form proposes: a month from today."""
    return today + relativedelta(months=1)


def kind_problem(kind: str, category: str) -> str:
    if kind not in PostKind.values:
        return gettext("Please choose whether you search or offer.")
    if category not in PostCategory.values:
        return gettext("Please choose a category.")
    if category == PostCategory.WORK and kind != PostKind.OFFER:
        return gettext("Work can only be offered here.")
    return ""


@dataclass(frozen=True)
class ShownStatus:
    """The status a page shows: the stored one, or "expired" for a published post past its date.
    ``tone`` is the value the status dot is coloured by."""

    value: str
    tone: str
    label: str | Promise


EXPIRED = ShownStatus("expired", "ended", _("Expired"))
_TONES: dict[str, str] = {"submitted": "submitted", "active": "active", "rejected": "rejected"}


def shown_status(status: str, active_until: date, today: date) -> ShownStatus:
    if status == PostStatus.ACTIVE and active_until < today:
        return EXPIRED
    return ShownStatus(status, _TONES.get(status, "neutral"), PostStatus(status).label)


def clean_choices(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """The known values among ``values``, each once, in the order of ``allowed``."""
    chosen = set(values)
    return [value for value in allowed if value in chosen]


def matches(categories: list[str], sectors: list[str], *, category: str, sector: str) -> bool:
    """Whether a subscription follows a post: it names a category or a sector at all, and the post's
    category is among the chosen ones (none chosen: any) and its sector too (none chosen: any)."""
    if not categories and not sectors:
        return False
    return (not categories or category in categories) and (not sectors or sector in sectors)


SECTOR_VALUES = tuple(Sector.values)
CATEGORY_VALUES = tuple(PostCategory.values)
