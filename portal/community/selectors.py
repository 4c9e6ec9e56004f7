"""Reads of the community, always for one actor (``Scope``) and, for members, the entity of the active
role: members see the published, unexpired posts and the opted-in profiles of that entity, and every
post of their own; the Smart team sees the posts of its entities; anybody else nothing (404)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.accounts.models import Role
from portal.community.models import CommunityPost, CommunityProfile, PostStatus
from portal.core.scope import Scope
from portal.core.transitions import Actor

#: The longest search text used; longer input is cut (a search needs no more).
MAX_SEARCH = 100


@dataclass(frozen=True)
class PostFilters:
    kind: str = ""
    category: str = ""
    sector: str = ""
    city: str = ""
    q: str = ""


def published_posts(scope: Scope, entity_id: int, today: date) -> QuerySet[CommunityPost]:
    """The posts members of the entity see: published and active until today or later, latest first."""
    if scope.actor != Actor.MEMBER:
        return CommunityPost.objects.none()
    return (
        CommunityPost.objects.filter(entity_id=entity_id, status=PostStatus.ACTIVE, active_until__gte=today)
        .select_related("author")
        .order_by("-published_at", "-pk")
    )


def filtered(posts: QuerySet[CommunityPost], filters: PostFilters) -> QuerySet[CommunityPost]:
    if filters.kind:
        posts = posts.filter(kind=filters.kind)
    if filters.category:
        posts = posts.filter(category=filters.category)
    if filters.sector:
        posts = posts.filter(sector=filters.sector)
    if filters.city.strip():
        posts = posts.filter(city__icontains=filters.city.strip()[:MAX_SEARCH])
    text = filters.q.strip()[:MAX_SEARCH]
    if text:
        posts = posts.filter(Q(title__icontains=text) | Q(description__icontains=text) | Q(city__icontains=text))
    return posts


def own_posts(scope: Scope) -> QuerySet[CommunityPost]:
    """The member's own posts in every status and entity, newest first."""
    if scope.actor != Actor.MEMBER:
        return CommunityPost.objects.none()
    return (
        scope.rows(CommunityPost.objects.all(), member="author").select_related("entity").order_by("-created_at", "-pk")
    )


def post_for_member(scope: Scope, entity_id: int, pk: int, today: date) -> CommunityPost:
    """A post the member may open: their own (any status), or a published, unexpired one of the active
    role's entity. Anything else, e.g. a post awaiting moderation, is a 404."""
    if scope.actor != Actor.MEMBER:
        raise Http404
    visible = Q(author_id=scope.user_id) | Q(entity_id=entity_id, status=PostStatus.ACTIVE, active_until__gte=today)
    found = CommunityPost.objects.filter(visible, pk=pk).select_related("author", "entity").first()
    if found is None:
        raise Http404
    return found


def posts_for_staff(scope: Scope) -> QuerySet[CommunityPost]:
    if scope.actor != Actor.STAFF:
        return CommunityPost.objects.none()
    return scope.rows(CommunityPost.objects.all()).select_related("author", "entity")


def queue_for_staff(scope: Scope) -> QuerySet[CommunityPost]:
    """Posts awaiting moderation in the team's entities, oldest first."""
    return posts_for_staff(scope).filter(status=PostStatus.SUBMITTED).order_by("submitted_at", "pk")


def post_for_staff(scope: Scope, pk: int) -> CommunityPost:
    found = posts_for_staff(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def visible_profiles(scope: Scope, entity_id: int, *, q: str = "", sector: str = "") -> QuerySet[CommunityProfile]:
    """The opted-in profiles of the members of the entity, by name."""
    if scope.actor != Actor.MEMBER:
        return CommunityProfile.objects.none()
    members = Role.objects.filter(kind=Role.Kind.MEMBER, entity_id=entity_id).values("user_id")
    profiles = CommunityProfile.objects.filter(visible=True, member_id__in=members, member__is_active=True)
    if sector:
        profiles = profiles.filter(sector=sector)
    text = q.strip()[:MAX_SEARCH]
    if text:
        profiles = profiles.filter(
            Q(member__first_name__icontains=text)
            | Q(member__last_name__icontains=text)
            | Q(skills__icontains=text)
            | Q(city__icontains=text)
        )
    return profiles.select_related("member").order_by("member__last_name", "member__first_name", "pk")


def profile_of(member_id: int) -> CommunityProfile | None:
    return CommunityProfile.objects.filter(member_id=member_id).first()
