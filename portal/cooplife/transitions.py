"""The state machines of cooperative life, tables of the core kit: news (draft ↔ published), events
(scheduled → cancelled) and sign-ups (confirmed / waiting → cancelled, waiting → confirmed)."""

from portal.cooplife.models import EventStatus, NewsStatus, SignupStatus
from portal.core.transitions import Actor, Transition, TransitionTable

MEMBER, STAFF, SYSTEM = Actor.MEMBER, Actor.STAFF, Actor.SYSTEM


class Event:
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    CANCEL = "cancel"
    JOIN = "join"  # a member signs up again after cancelling: confirmed or waiting (``to=``)
    MOVE_UP = "move_up"  # a place became free: the first on the waiting list gets it


NEWS: TransitionTable = {
    (NewsStatus.DRAFT, Event.PUBLISH): Transition(NewsStatus.PUBLISHED, STAFF),
    (NewsStatus.PUBLISHED, Event.UNPUBLISH): Transition(NewsStatus.DRAFT, STAFF),
}

EVENTS: TransitionTable = {
    (EventStatus.SCHEDULED, Event.CANCEL): Transition(EventStatus.CANCELLED, STAFF),
}

SIGNUPS: TransitionTable = {
    (SignupStatus.CONFIRMED, Event.CANCEL): Transition(SignupStatus.CANCELLED, MEMBER),
    (SignupStatus.WAITING, Event.CANCEL): Transition(SignupStatus.CANCELLED, MEMBER),
    (SignupStatus.WAITING, Event.MOVE_UP): Transition(SignupStatus.CONFIRMED, SYSTEM),
    (SignupStatus.CANCELLED, Event.JOIN): Transition(SignupStatus.CONFIRMED, MEMBER),
}
