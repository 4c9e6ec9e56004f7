"""The community part of the fuzz world (``world.World``): a post of the member awaiting moderation and
a published post of member2, both in Smart eG."""

from dataclasses import dataclass
from datetime import timedelta

from portal.accounts.models import User
from portal.community import rules, services
from portal.community.models import CommunityPost
from portal.core.scope import Scope
from portal.entities.models import IssuingEntity


@dataclass
class Community:
    """The community objects of the world (its fields of the same names)."""

    #: The member's post awaiting moderation: the member edits or deletes it, staff approve or reject it.
    community_post: CommunityPost
    #: member2's published post, which the members of Smart eG read.
    community_published: CommunityPost


def _data(title: str, **fields: object) -> services.PostData:
    values: dict = {
        "title": title,
        "description": "Zwei Wochen im März.",
        "kind": "search",
        "category": "education",
        "sector": "music",
        "city": "Berlin",
        "contact": "kontakt@example.com",
        "link": "https://example.com/kurs",
        "active_until": rules.entity_today("Europe/Berlin") + timedelta(days=30),
        "urgent": False,
    }
    values.update(fields)
    return services.PostData(**values)


def with_community(member: User, member2: User, staff: User, sc: IssuingEntity) -> Community:
    waiting = services.post_create(member=member, entity_id=sc.pk, data=_data("Vertretung gesucht", urgent=True))
    other = services.post_create(member=member2, entity_id=sc.pk, data=_data("Tonstudio frei", kind="offer"))
    published = services.post_approve(staff=staff, scope=Scope.staff(staff, [sc.pk]), post_id=other.pk)
    services.subscription_save(
        member=member, categories=["resource"], sectors=["music"], weekly_digest=True, urgent_at_once=True
    )
    return Community(community_post=waiting, community_published=published)
