"""Every write to news (DESIGN §10), and who of the Smart team may publish for which entity (see the
docstring of ``models``). Services take plain data and check every rule themselves."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.cooplife.models import TEXT_LENGTH, TITLE_LENGTH, News, NewsStatus
from portal.cooplife.times import aware, zone_of
from portal.cooplife.transitions import NEWS, Event
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.scope import Scope
from portal.core.transitions import Actor, apply_transition
from portal.entities.models import IssuingEntity

# --- who may publish for which entity --------------------------------------------------------------


def require_staff(scope: Scope) -> None:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))


def speaks_for_all(staff: Any, scope: Scope) -> bool:
    """Whether ``staff`` may publish for all entities: a superuser, or staff in every entity."""
    if scope.actor != Actor.STAFF:
        return False
    if getattr(staff, "is_superuser", False):
        return True
    return set(IssuingEntity.objects.values_list("pk", flat=True)) <= scope.entity_ids


def check_entity(staff: Any, scope: Scope, entity_id: int | None) -> None:
    """Refuse an entity (``None``: all entities) the staff member may not publish for."""
    require_staff(scope)
    if entity_id is None:
        if not speaks_for_all(staff, scope):
            raise BusinessError(
                _("Only the Smart team of every entity can publish for all entities. Please choose your entity."),
                field="entity",
            )
    elif entity_id not in scope.entity_ids:
        raise BusinessError(_("Please choose one of your entities."), field="entity")


def editable_by(staff: Any, scope: Scope) -> Q:
    """The rows (news or events) ``staff`` may change: their entities', and all entities' if they may."""
    if scope.actor != Actor.STAFF:
        return Q(pk__in=[])
    rows = Q(entity_id__in=scope.entity_ids)
    return rows | Q(entity__isnull=True) if speaks_for_all(staff, scope) else rows


def plain(text: str, limit: int) -> str:
    """Typed text as stored: stripped, without NUL characters (which no database column takes)."""
    return text.replace("\x00", "").strip()[: limit + 1]


def too_long(values: dict[str, str], limits: dict[str, int]) -> dict[str, str]:
    return {
        field: _("Please shorten this to at most %(limit)d characters.") % {"limit": limits[field]}
        for field, value in values.items()
        if len(value) > limits[field]
    }


# --- news ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsData:
    entity_id: int | None
    title_de: str = ""
    title_en: str = ""
    text_de: str = ""
    text_en: str = ""
    #: From when members see it: a wall-clock time (naive) in the entity's time zone, or an aware time;
    #: ``None``: now.
    published_at: datetime | None = None
    publish: bool = False


_NEWS_LIMITS = {"title_de": TITLE_LENGTH, "title_en": TITLE_LENGTH, "text_de": TEXT_LENGTH, "text_en": TEXT_LENGTH}


def _news_values(data: NewsData) -> dict[str, str]:
    values = {field: plain(getattr(data, field), limit) for field, limit in _NEWS_LIMITS.items()}
    problems = too_long(values, _NEWS_LIMITS)
    if not values["title_de"] and not values["title_en"]:
        problems["title_de"] = _("Please give a title in German or English.")
    if not values["text_de"] and not values["text_en"]:
        problems["text_de"] = _("Please write the news in German or English.")
    for language in ("de", "en"):
        if values[f"title_{language}"] and not values[f"text_{language}"]:
            problems.setdefault(f"text_{language}", _("Please add the text to this title, or remove the title."))
        if values[f"text_{language}"] and not values[f"title_{language}"]:
            problems.setdefault(f"title_{language}", _("Please add a title to this text, or remove the text."))
    if problems:
        raise BusinessError(_("Please check the news."), errors=problems)
    return values


def news_for_staff(staff: Any, scope: Scope) -> QuerySet[News]:
    return News.objects.filter(editable_by(staff, scope))


def _lock_news(staff: Any, scope: Scope, news_id: int) -> News:
    found = news_for_staff(staff, scope).select_for_update().filter(pk=news_id).first()
    if found is None:
        raise BusinessError(_("This news item no longer exists."))
    return found


def news_save(*, staff: Any, scope: Scope, news_id: int | None, data: NewsData) -> News:
    """Create or change a news item; ``data.publish`` publishes it (from ``published_at``) or takes it
    back to a draft."""
    check_entity(staff, scope, data.entity_id)
    values = _news_values(data)
    published_at = data.published_at or timezone.now()
    if timezone.is_naive(published_at):
        local = aware(published_at, zone_of(data.entity_id))
        if local is None:
            message = _("This time does not exist here: the clocks skip it. Please choose another.")
            raise BusinessError(message, field="published_at")
        published_at = local
    with transaction.atomic():
        news = News(created_by=staff) if news_id is None else _lock_news(staff, scope, news_id)
        creating = news.pk is None
        for field, value in values.items():
            setattr(news, field, value)
        news.entity_id = data.entity_id
        news.published_at = published_at
        news.save()
        if creating:
            audit_record(actor=staff, action="news.created", target=news, to_state=news.status)
        else:
            audit_record(actor=staff, action="news.changed", target=news, to_state=news.status)
        wanted = NewsStatus.PUBLISHED if data.publish else NewsStatus.DRAFT
        if news.status != wanted:
            event = Event.PUBLISH if data.publish else Event.UNPUBLISH
            apply_transition(NEWS, news, event=event, actor=Actor.STAFF, user=staff)
            news.save(update_fields=["status", "updated_at"])
    return news


def news_delete(*, staff: Any, scope: Scope, news_id: int) -> None:
    require_staff(scope)
    with transaction.atomic():
        news = _lock_news(staff, scope, news_id)
        audit_record(
            actor=staff, action="news.deleted", target=news, from_state=news.status, data={"title": news.title[:200]}
        )
        news.delete()
