"""The dashboard's "Community" panel (DESIGN §12): the latest published, unexpired posts of the
entity of the member's active role; one query."""

from portal.community import rules
from portal.community.models import CommunityPost, PostStatus

#: Posts the panel shows.
PANEL_POSTS = 3


def community_panel(entity) -> dict:
    today = rules.entity_today(entity.time_zone)
    posts = (
        CommunityPost.objects.filter(entity_id=entity.pk, status=PostStatus.ACTIVE, active_until__gte=today)
        .only("pk", "title", "kind", "category", "city", "urgent", "published_at")
        .order_by("-published_at", "-pk")[:PANEL_POSTS]
    )
    return {"community_posts": list(posts)}
