"""Every write to the community (DESIGN §10): posts and their moderation, profiles, subscriptions.

Each service checks its rules itself: only members of an entity post there, only the author changes or
deletes a post, only the entity's Smart team moderates it and never their own post. Status changes go
through the table of ``transitions.py``; e-mails go through the outbox in the same transaction.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Role
from portal.community import rules
from portal.community.models import CommunityPost, CommunityProfile, CommunitySubscription, PostStatus, Sector
from portal.community.notify import ask_team_to_moderate, tell_author, tell_urgent_subscribers
from portal.community.transitions import TRANSITIONS, Event
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.scope import Scope
from portal.core.transitions import Actor, apply_transition
from portal.entities.models import IssuingEntity

#: The longest rejection reason kept.
MAX_REASON = 2000


@dataclass(frozen=True)
class PostData:
    title: str
    description: str
    kind: str
    category: str
    sector: str
    city: str
    contact: str
    link: str
    active_until: date | None
    urgent: bool = False


def _is_member_of(member: Any, entity_id: int) -> bool:
    return Role.objects.filter(user=member, kind=Role.Kind.MEMBER, entity_id=entity_id).exists()


def _post_problems(data: PostData, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not data.title.strip():
        problems["title"] = _("Please give the post a title.")
    elif len(data.title.strip()) > 120:
        problems["title"] = _("Please shorten the title to at most 120 characters.")
    if not data.description.strip():
        problems["description"] = _("Please describe what you search or offer.")
    elif len(data.description.strip()) > 4000:
        problems["description"] = _("Please shorten the description to at most 4000 characters.")
    kind = rules.kind_problem(data.kind, data.category)
    if kind:
        problems["category" if data.kind in ("search", "offer") else "kind"] = kind
    if data.sector not in Sector.values:
        problems["sector"] = _("Please choose a sector.")
    if len(data.city.strip()) > 100:
        problems["city"] = _("Please shorten the city to at most 100 characters.")
    if not data.contact.strip():
        problems["contact"] = _("Please say how members can reach you.")
    elif len(data.contact.strip()) > 200:
        problems["contact"] = _("Please shorten the contact to at most 200 characters.")
    link = data.link.strip()
    if len(link) > 500:
        problems["link"] = _("Please shorten the link to at most 500 characters.")
    elif rules.https_problem(link):
        problems["link"] = rules.https_problem(link)
    until = rules.active_until_problem(data.active_until, today)
    if until:
        problems["active_until"] = until
    return problems


def _apply(post: CommunityPost, data: PostData) -> None:
    post.title = data.title.strip()
    post.description = data.description.strip()
    post.kind, post.category, post.sector = data.kind, data.category, data.sector
    post.city = data.city.strip()
    post.contact = data.contact.strip()
    post.link = data.link.strip()
    assert data.active_until is not None  # checked
    post.active_until = data.active_until
    post.urgent = data.urgent


def _check(data: PostData, entity: IssuingEntity) -> None:
    problems = _post_problems(data, rules.entity_today(entity.time_zone))
    if problems:
        raise BusinessError(_("Please check the post."), errors=problems)


def post_create(*, member: Any, entity_id: int, data: PostData) -> CommunityPost:
    """A member's new post in an entity they are a member of; it waits for the Smart team's moderation."""
    entity = IssuingEntity.objects.filter(pk=entity_id).first()
    if entity is None or not _is_member_of(member, entity_id):
        raise BusinessError(_("You can post only in an entity you are a member of."))
    _check(data, entity)
    with transaction.atomic():
        post = CommunityPost(author=member, entity=entity, status=PostStatus.SUBMITTED, submitted_at=timezone.now())
        _apply(post, data)
        post.save()
        audit_record(actor=member, action="communitypost.created", target=post, to_state=post.status)
        ask_team_to_moderate(post)
    return post


def _lock(post_id: int, **owner: Any) -> CommunityPost:
    found = (
        CommunityPost.objects.select_for_update(of=("self",))
        .select_related("entity", "author")
        .filter(pk=post_id, **owner)
        .first()
    )
    if found is None:
        raise BusinessError(_("This post no longer exists."))
    return found


def post_update(*, member: Any, post_id: int, data: PostData) -> CommunityPost:
    """The author changes their post (awaiting moderation, rejected or published): it goes back to the
    Smart team, who see the new text before it is shown again."""
    with transaction.atomic():
        post = _lock(post_id, author=member)
        if not _is_member_of(member, post.entity_id):
            raise BusinessError(_("You can post only in an entity you are a member of."))
        _check(data, post.entity)
        apply_transition(TRANSITIONS, post, event=Event.EDIT, actor=Actor.MEMBER, user=member)
        _apply(post, data)
        post.submitted_at = timezone.now()
        post.published_at = None
        post.rejection_reason = ""
        post.save()
        ask_team_to_moderate(post)
    return post


def post_delete(*, member: Any, post_id: int) -> None:
    """The author withdraws their post, whatever its status; the audit log keeps that it existed."""
    with transaction.atomic():
        post = _lock(post_id, author=member)
        audit_record(
            actor=member,
            action="communitypost.deleted",
            target=post,
            from_state=post.status,
            data={"title": post.title},
        )
        post.delete()


def _staff_lock(scope: Scope, post_id: int) -> CommunityPost:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    post = _lock(post_id)
    if post.entity_id not in scope.entity_ids:
        raise BusinessError(_("This post no longer exists."))
    return post


def post_approve(*, staff: Any, scope: Scope, post_id: int) -> CommunityPost:
    """Publish a post: the author is told, and an urgent substitution goes at once (and once) to the
    members who follow its category or sector."""
    with transaction.atomic():
        post = _staff_lock(scope, post_id)
        if post.status == PostStatus.SUBMITTED and post.active_until < rules.entity_today(post.entity.time_zone):
            raise BusinessError(_("This post's active-until date has passed; the author has to change it first."))
        apply_transition(TRANSITIONS, post, event=Event.APPROVE, actor=Actor.STAFF, user=staff, owner_id=post.author_id)
        post.published_at = timezone.now()
        post.rejection_reason = ""
        if post.urgent and post.urgent_sent_at is None:
            tell_urgent_subscribers(post)
            post.urgent_sent_at = timezone.now()
        post.save(update_fields=["status", "published_at", "rejection_reason", "urgent_sent_at", "updated_at"])
        tell_author(post)
    return post


def post_reject(*, staff: Any, scope: Scope, post_id: int, reason: str) -> CommunityPost:
    """Refuse a post with the reason, which the author reads on the post and in the e-mail."""
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise BusinessError(
            _("Please shorten the reason to at most %(count)d characters.") % {"count": MAX_REASON}, field="reason"
        )
    with transaction.atomic():
        post = _staff_lock(scope, post_id)
        apply_transition(
            TRANSITIONS,
            post,
            event=Event.REJECT,
            actor=Actor.STAFF,
            user=staff,
            reason=reason,
            owner_id=post.author_id,
        )
        post.rejection_reason = reason
        post.save(update_fields=["status", "rejection_reason", "updated_at"])
        tell_author(post)
    return post


# --- profiles and subscriptions ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileData:
    visible: bool
    sector: str
    city: str
    skills: str
    website: str


def profile_save(*, member: Any, data: ProfileData) -> CommunityProfile:
    """The member's own community profile; other members see it only while ``visible`` (opt-in)."""
    problems: dict[str, str] = {}
    if data.sector and data.sector not in Sector.values:
        problems["sector"] = _("Please choose a sector.")
    if len(data.city.strip()) > 100:
        problems["city"] = _("Please shorten the city to at most 100 characters.")
    if len(data.skills.strip()) > 1000:
        problems["skills"] = _("Please shorten your skills to at most 1000 characters.")
    website = data.website.strip()
    if len(website) > 300:
        problems["website"] = _("Please shorten the address to at most 300 characters.")
    elif rules.https_problem(website):
        problems["website"] = rules.https_problem(website)
    if problems:
        raise BusinessError(_("Please check your profile."), errors=problems)
    with transaction.atomic():
        profile, _created = CommunityProfile.objects.select_for_update().get_or_create(member=member)
        was_visible = profile.visible
        profile.visible = data.visible
        profile.sector = data.sector
        profile.city = data.city.strip()
        profile.skills = data.skills.strip()
        profile.website = website
        profile.save()
        audit_record(
            actor=member,
            action="communityprofile.saved",
            target=profile,
            from_state="visible" if was_visible else "hidden",
            to_state="visible" if profile.visible else "hidden",
        )
    return profile


def subscription_save(
    *, member: Any, categories: list[str], sectors: list[str], weekly_digest: bool, urgent_at_once: bool
) -> CommunitySubscription:
    """What the member follows; unknown values are dropped (a list of choices, not free text)."""
    with transaction.atomic():
        subscription, _created = CommunitySubscription.objects.select_for_update().get_or_create(member=member)
        subscription.categories = rules.clean_choices(categories, rules.CATEGORY_VALUES)
        subscription.sectors = rules.clean_choices(sectors, rules.SECTOR_VALUES)
        subscription.weekly_digest = weekly_digest
        subscription.urgent_at_once = urgent_at_once
        subscription.save()
        audit_record(
            actor=member,
            action="communitysubscription.saved",
            target=subscription,
            data={"categories": subscription.categories, "sectors": subscription.sectors},
        )
    return subscription
