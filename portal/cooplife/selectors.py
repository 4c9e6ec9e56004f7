"""Reads of news and events, always for one actor (``Scope``): a member reads what belongs to their
entities and to all entities (news only once visible), the Smart team that of its entities and of all
entities; anybody else nothing (404)."""

from datetime import datetime
from typing import TypeVar

from django.db.models import Count, IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import Role
from portal.cooplife.models import CoopEvent, EventSignup, News, NewsStatus, SignupStatus
from portal.core.scope import Scope
from portal.core.transitions import Actor

M = TypeVar("M", bound=Model)

#: Search terms longer than this are cut (the query stays cheap, whatever is typed).
MAX_SEARCH = 100


def _audience(scope: Scope) -> Q | None:
    """The rows of the actor's entities and of all entities; ``None`` for an actor who reads none."""
    if scope.actor == Actor.MEMBER:
        entities = Role.objects.filter(user_id=scope.user_id or 0, kind=Role.Kind.MEMBER).values("entity_id")
        return Q(entity__isnull=True) | Q(entity_id__in=entities)
    if scope.actor == Actor.STAFF:
        return Q(entity__isnull=True) | Q(entity_id__in=scope.entity_ids)
    return None


def search_text(value: object) -> str:
    return value.replace("\x00", "").strip()[:MAX_SEARCH] if isinstance(value, str) else ""


# --- news ------------------------------------------------------------------------------------------


def news_in(scope: Scope, *, now: datetime | None = None) -> QuerySet[News]:
    """News the actor may read, latest first: members only what is published and due."""
    audience = _audience(scope)
    if audience is None:
        return News.objects.none()
    rows = News.objects.filter(audience).select_related("entity")
    if scope.actor == Actor.MEMBER:
        rows = rows.filter(status=NewsStatus.PUBLISHED, published_at__lte=now or timezone.now())
    return rows.order_by("-published_at", "-id")


def news_search(rows: QuerySet[News], query: str) -> QuerySet[News]:
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(title_de__icontains=word)
            | Q(title_en__icontains=word)
            | Q(text_de__icontains=word)
            | Q(text_en__icontains=word)
        )
    return rows


def news_one(scope: Scope, pk: int) -> News:
    return one_of(news_in(scope), pk)


def latest_news(scope: Scope, count: int) -> list[News]:
    return list(news_in(scope)[:count])


def news_for_entity(entity_id: int, count: int, *, now: datetime | None = None) -> list[News]:
    """The latest visible news of one entity and of all entities (the dashboard's panel): one query."""
    rows = News.objects.filter(Q(entity__isnull=True) | Q(entity_id=entity_id))
    rows = rows.filter(status=NewsStatus.PUBLISHED, published_at__lte=now or timezone.now())
    return list(rows.order_by("-published_at", "-id")[:count])


# --- events ----------------------------------------------------------------------------------------


def signup_count(status: str) -> Coalesce:
    """Annotation: how many sign-ups of the event are in ``status``."""
    counted = (
        EventSignup.objects.filter(event=OuterRef("pk"), status=status)
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def events_in(scope: Scope) -> QuerySet[CoopEvent]:
    """Events the actor may read, with ``taken`` (places held) and, for a member, ``my_status`` (their
    sign-up's status, ``None`` if they never signed up)."""
    audience = _audience(scope)
    if audience is None:
        return CoopEvent.objects.none()
    rows = CoopEvent.objects.filter(audience).select_related("entity")
    rows = rows.annotate(taken=signup_count(SignupStatus.CONFIRMED))
    if scope.actor == Actor.MEMBER:
        mine = EventSignup.objects.filter(event=OuterRef("pk"), member_id=scope.user_id).values("status")[:1]
        rows = rows.annotate(my_status=Subquery(mine))
    return rows


def upcoming(rows: QuerySet[CoopEvent], *, now: datetime | None = None) -> QuerySet[CoopEvent]:
    """Events not over yet (running ones included), the next first."""
    return rows.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "id")


def past(rows: QuerySet[CoopEvent], *, now: datetime | None = None) -> QuerySet[CoopEvent]:
    return rows.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-id")


def event_search(rows: QuerySet[CoopEvent], query: str) -> QuerySet[CoopEvent]:
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(title_de__icontains=word)
            | Q(title_en__icontains=word)
            | Q(description_de__icontains=word)
            | Q(description_en__icontains=word)
            | Q(place__icontains=word)
        )
    return rows


def one_of(rows: QuerySet[M], pk: int) -> M:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def event_one(scope: Scope, pk: int) -> CoopEvent:
    return one_of(events_in(scope), pk)


def next_events(scope: Scope, count: int) -> list[CoopEvent]:
    return list(upcoming(events_in(scope))[:count])


def signups_of(event: CoopEvent, status: str) -> QuerySet[EventSignup]:
    """The sign-ups of one event in one status, in the order they joined (the waiting list's order)."""
    return (
        event.signups.filter(status=status)
        .select_related("member", "member__member_profile")
        .order_by("joined_at", "pk")
    )


def waiting_position(event: CoopEvent, member_id: int | None) -> int | None:
    """The member's place on the event's waiting list (1: next to move up), ``None`` when not waiting."""
    mine = event.signups.filter(member_id=member_id, status=SignupStatus.WAITING).first()
    if mine is None:
        return None
    ahead = event.signups.filter(status=SignupStatus.WAITING).filter(
        Q(joined_at__lt=mine.joined_at) | Q(joined_at=mine.joined_at, pk__lt=mine.pk)
    )
    return ahead.count() + 1
