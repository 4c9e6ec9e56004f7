"""The weekly community digest (DESIGN §10): on the digest weekday, in each entity's time zone, every
member who subscribed gets the posts published in the seven days before that day which match their
categories and sectors, from every entity they are a member of.

Idempotent and safe to run concurrently: a ``DigestSent`` row per member and ISO week, written in the
same transaction as the e-mail, is unique; a second run (or a concurrent one) finds it, or fails to
insert it and sends nothing. A member of two entities gets one digest: the first entity's run sends it.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from portal.accounts.models import Role
from portal.community import rules
from portal.community.models import CommunityPost, CommunitySubscription, DigestSent, PostStatus
from portal.core.outbox import queue_email
from portal.core.scheduled import note_failure
from portal.entities.models import IssuingEntity

#: Subscribers handled per batch (their roles and past digests are read per batch).
BATCH = 500
#: The most posts one digest lists; the e-mail links to the community page for the rest.
MAX_POSTS = 30


def week_window(day: date, time_zone: str) -> tuple[datetime, datetime]:
    """The seven days before ``day`` as aware datetimes in the entity's time zone: [start, end)."""
    zone = ZoneInfo(time_zone)
    end = datetime.combine(day, time.min, tzinfo=zone)
    return end - timedelta(days=rules.DIGEST_DAYS), end


def send_weekly_digests(today: date | None, failures: list[str] | None = None) -> int:
    """The digests due today (``today`` overrides every entity's own day, for ``--today``); returns how many
    were sent."""
    sent = 0
    for entity in IssuingEntity.objects.order_by("pk"):
        day = today or rules.entity_today(entity.time_zone)
        if day.weekday() != rules.DIGEST_WEEKDAY:
            continue
        try:
            sent += _send_for_entity(entity, day, failures)
        except Exception as error:  # one entity must not stop the others
            note_failure(failures, f"community digest {entity.code}", error)
    return sent


def _posts_of_week(day: date, time_zone: str) -> list[CommunityPost]:
    start, end = week_window(day, time_zone)
    return list(
        CommunityPost.objects.filter(
            status=PostStatus.ACTIVE, published_at__gte=start, published_at__lt=end, active_until__gte=day
        )
        .select_related("entity")
        .order_by("-urgent", "-published_at", "-pk")
    )


def _send_for_entity(entity: IssuingEntity, day: date, failures: list[str] | None) -> int:
    posts = _posts_of_week(day, entity.time_zone)
    if not posts:
        return 0
    iso_year, iso_week, _weekday = day.isocalendar()
    subscriptions = (
        CommunitySubscription.objects.filter(
            weekly_digest=True,
            member__is_active=True,
            member__roles__kind=Role.Kind.MEMBER,
            member__roles__entity=entity,
        )
        .exclude(member__in=DigestSent.objects.filter(iso_year=iso_year, iso_week=iso_week).values("member"))
        .select_related("member")
        .order_by("pk")
    )
    sent = 0
    batch: list[CommunitySubscription] = []
    for subscription in subscriptions.iterator(chunk_size=BATCH):
        batch.append(subscription)
        if len(batch) == BATCH:
            sent += _send_batch(batch, posts, day, failures)
            batch = []
    if batch:
        sent += _send_batch(batch, posts, day, failures)
    return sent


def _send_batch(
    batch: list[CommunitySubscription], posts: list[CommunityPost], day: date, failures: list[str] | None
) -> int:
    entities: dict[int, set[int]] = defaultdict(set)
    for user_id, entity_id in Role.objects.filter(
        user_id__in=[subscription.member_id for subscription in batch], kind=Role.Kind.MEMBER
    ).values_list("user_id", "entity_id"):
        entities[user_id].add(entity_id)
    sent = 0
    for subscription in batch:
        chosen = [
            post
            for post in posts
            if post.entity_id in entities[subscription.member_id]
            and post.author_id != subscription.member_id
            and rules.matches(subscription.categories, subscription.sectors, category=post.category, sector=post.sector)
        ]
        if not chosen:
            continue
        try:
            sent += _send_one(subscription, chosen, day)
        except Exception as error:  # one member must not stop the others
            note_failure(failures, f"community digest for user {subscription.member_id}", error)
    return sent


def _send_one(subscription: CommunitySubscription, posts: list[CommunityPost], day: date) -> int:
    iso_year, iso_week, _weekday = day.isocalendar()
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                member_id=subscription.member_id, iso_year=iso_year, iso_week=iso_week, posts=len(posts)
            )
            queue_email(
                to=subscription.member,
                template="community_digest",
                context={"posts": posts[:MAX_POSTS], "more": max(0, len(posts) - MAX_POSTS), "week": iso_week},
                category="community",
            )
    except IntegrityError:
        return 0  # another run sent this week's digest meanwhile
    return 1
