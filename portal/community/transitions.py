"""The community post's state machine (DESIGN §10), one table of the core kit. "Expired" is no move:
a published post shows as expired once its active-until day has passed."""

from portal.community.models import PostStatus as S
from portal.core.transitions import Actor, Transition, TransitionTable

MEMBER, STAFF = Actor.MEMBER, Actor.STAFF


class Event:
    APPROVE = "approve"
    REJECT = "reject"
    EDIT = "edit"  # the author changes the post: it goes (back) to moderation


TRANSITIONS: TransitionTable = {
    (S.SUBMITTED, Event.APPROVE): Transition(S.ACTIVE, STAFF),
    (S.SUBMITTED, Event.REJECT): Transition(S.REJECTED, STAFF, reason_required=True),
    (S.SUBMITTED, Event.EDIT): Transition(S.SUBMITTED, MEMBER),
    (S.REJECTED, Event.EDIT): Transition(S.SUBMITTED, MEMBER),
    (S.ACTIVE, Event.EDIT): Transition(S.SUBMITTED, MEMBER),
}
