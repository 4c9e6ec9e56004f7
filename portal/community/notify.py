"""The community's e-mails, queued in the outbox within the caller's transaction: the entity's team
address hears of a post to moderate, the author hears the moderation's outcome, and members who follow
a post's category or sector get an urgent substitution at once."""

from portal.accounts.models import Role
from portal.community import rules
from portal.community.models import CommunityPost, CommunitySubscription
from portal.core.outbox import queue_email


def ask_team_to_moderate(post: CommunityPost) -> None:
    """A post waits for moderation (new, or changed by its author): the entity's team address hears of it."""
    if post.entity.email:
        queue_email(
            to=post.entity.email,
            template="community_post_to_moderate",
            context={"post": post},
            entity=post.entity,
            related=post,
        )


def tell_author(post: CommunityPost) -> None:
    """Approved or rejected (with the reason): always sent, it concerns the author's own post."""
    queue_email(
        to=post.author,
        template="community_post_decided",
        context={"post": post},
        related=post,
        entity=post.entity,
    )


def urgent_subscribers(post: CommunityPost):
    """The subscriptions an urgent post goes to: members of its entity (not the author) who want urgent
    posts at once and follow its category or sector."""
    candidates = (
        CommunitySubscription.objects.filter(
            urgent_at_once=True,
            member__is_active=True,
            member__roles__kind=Role.Kind.MEMBER,
            member__roles__entity_id=post.entity_id,
        )
        .exclude(member_id=post.author_id)
        .select_related("member")
        .order_by("pk")
    )
    for subscription in candidates.iterator(chunk_size=500):
        if rules.matches(subscription.categories, subscription.sectors, category=post.category, sector=post.sector):
            yield subscription


def tell_urgent_subscribers(post: CommunityPost) -> int:
    sent = 0
    for subscription in urgent_subscribers(post):
        queue_email(
            to=subscription.member,
            template="community_urgent",
            context={"post": post},
            category="community",
            related=post,
            entity=post.entity,
        )
        sent += 1
    return sent
