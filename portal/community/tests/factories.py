"""Community posts made through the services, as members and the Smart team make them."""

from datetime import date, timedelta
from typing import Any

from portal.community import rules, services
from portal.community.models import CommunityPost
from portal.core.scope import Scope


def post_data(**fields: Any) -> services.PostData:
    values: dict[str, Any] = {
        "title": "Suche Vertretung Klavierunterricht",
        "description": "Zwei Wochen im März, Schüler*innen 8–12 Jahre.",
        "kind": "search",
        "category": "education",
        "sector": "music",
        "city": "Berlin",
        "contact": "anna@example.com",
        "link": "",
        "active_until": rules.entity_today("Europe/Berlin") + timedelta(days=30),
        "urgent": False,
    }
    values.update(fields)
    return services.PostData(**values)


def submitted_post(author, entity, **fields: Any) -> CommunityPost:
    return services.post_create(member=author, entity_id=entity.pk, data=post_data(**fields))


def published_post(author, entity, staff, **fields: Any) -> CommunityPost:
    post = submitted_post(author, entity, **fields)
    return services.post_approve(staff=staff, scope=Scope.staff(staff, [entity.pk]), post_id=post.pk)


def rejected_post(author, entity, staff, reason: str = "Bitte ohne Preise", **fields: Any) -> CommunityPost:
    post = submitted_post(author, entity, **fields)
    return services.post_reject(staff=staff, scope=Scope.staff(staff, [entity.pk]), post_id=post.pk, reason=reason)


def expire(post: CommunityPost, today: date | None = None) -> CommunityPost:
    """Move a published post's active-until day into the past (as time passing would)."""
    day = (today or rules.entity_today(post.entity.time_zone)) - timedelta(days=1)
    CommunityPost.objects.filter(pk=post.pk).update(active_until=day)
    post.refresh_from_db()
    return post
