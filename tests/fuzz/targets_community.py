"""Fuzz targets of the community: the member's posts (list with filters, form, edit, delete), profiles
and subscriptions, and the Smart team's moderation (queue, post, approve, reject)."""

from datetime import timedelta

from django.utils import timezone

from tests.fuzz.targets import Target, get, pk, post, url
from tests.fuzz.world import World

OWN_POST = url("community:detail", pk("community_post"))
POST_STAFF = url("backoffice:community_post", pk("community_post"))


def new_post(world: World) -> dict[str, list[str]]:
    return {
        "kind": ["offer"],
        "category": ["resource"],
        "sector": ["music"],
        "active_until": [(timezone.localdate() + timedelta(days=20)).isoformat()],
        "link": ["https://example.com/a"],
    }


COMMUNITY_TARGETS: list[Target] = [
    get(
        "community:list",
        "member",
        extra={"page": ["2"], "q": ["a"], "kind": ["offer"], "category": ["work"], "sector": ["music"], "city": ["B"]},
    ),
    get("community:mine", "member", extra={"page": ["2"]}),
    post("community:create", "member", values=new_post),
    get("community:detail", "member", pk("community_post")),
    get("community:detail", "member", pk("community_published"), key="community:detail-published"),
    post("community:edit", "member", pk("community_post"), values=new_post),
    post("community:delete", "member", pk("community_post"), source=OWN_POST),
    get("community:profiles", "member", extra={"page": ["2"], "q": ["a"], "sector": ["music"]}),
    post("community:profile", "member", values={"visible": ["on"], "website": ["https://example.com"]}),
    post("community:settings", "member", values={"categories": ["work"], "sectors": ["music"]}),
    get("backoffice:community_queue", "staff", extra={"page": ["2"], "q": ["a"], "status": ["expired"]}),
    get("backoffice:community_post", "staff", pk("community_post")),
    post("backoffice:community_approve", "staff", pk("community_post"), source=POST_STAFF),
    post(
        "backoffice:community_reject",
        "staff",
        pk("community_post"),
        source=POST_STAFF,
        values={"reject-reason": ["Bitte ohne Preise"]},
    ),
]
