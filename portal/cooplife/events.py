"""Every write to events and sign-ups (DESIGN §10): staff create, change and cancel events; members sign
up, join the waiting list when the event is full, and cancel, whereupon the first on the waiting list
moves up and is e-mailed.

Lock order: the event row first (``select_for_update``), then its sign-ups. Every change of who holds a
place runs in one transaction under the event's lock, so concurrent sign-ups never exceed the capacity
and a freed place goes to exactly one member on the waiting list.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Role
from portal.cooplife.models import (
    PLACE_LENGTH,
    TEXT_LENGTH,
    TITLE_LENGTH,
    URL_LENGTH,
    CoopEvent,
    EventSignup,
    SignupStatus,
)
from portal.cooplife.services import check_entity, editable_by, plain, require_staff, too_long
from portal.cooplife.times import aware, zone_of
from portal.cooplife.transitions import EVENTS, SIGNUPS, Event
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.scope import Scope
from portal.core.transitions import Actor, apply_transition

#: More places than this are no capacity anybody plans (and keep the number inside the column).
MAX_CAPACITY = 100_000
#: Events are planned at most this far ahead (the date arithmetic stays far from the calendar's end).
MAX_AHEAD = timedelta(days=5 * 366)
#: E-mails are sent in this category: always, as they tell about a place the member holds.
EMAIL_CATEGORY = "cooplife"


@dataclass(frozen=True)
class EventData:
    """An event as typed: times are wall-clock times (naive) in the entity's time zone."""

    entity_id: int | None
    title_de: str = ""
    title_en: str = ""
    description_de: str = ""
    description_en: str = ""
    starts: datetime | None = None
    ends: datetime | None = None
    place: str = ""
    online_url: str = ""
    capacity: int | None = None
    signup_deadline: datetime | None = None


_LIMITS = {
    "title_de": TITLE_LENGTH,
    "title_en": TITLE_LENGTH,
    "description_de": TEXT_LENGTH,
    "description_en": TEXT_LENGTH,
    "place": PLACE_LENGTH,
    "online_url": URL_LENGTH,
}
_HTTPS = URLValidator(schemes=["https"])


def _times(data: EventData, zone: ZoneInfo, problems: dict[str, str]) -> dict[str, datetime | None]:
    times: dict[str, datetime | None] = {}
    for field, value in (("starts", data.starts), ("ends", data.ends), ("signup_deadline", data.signup_deadline)):
        if value is None:
            times[field] = None
            if field != "signup_deadline":
                problems[field] = _("Please enter a date and time.")
            continue
        times[field] = aware(value, zone)
        if times[field] is None:
            problems[field] = _("This time does not exist here: the clocks skip it. Please choose another.")
    return times


def _event_values(data: EventData, *, now: datetime, event: CoopEvent | None) -> dict[str, Any]:
    values: dict[str, Any] = {field: plain(getattr(data, field), limit) for field, limit in _LIMITS.items()}
    problems = too_long(values, _LIMITS)
    if not values["title_de"] and not values["title_en"]:
        problems["title_de"] = _("Please give a title in German or English.")
    if not values["place"] and not values["online_url"]:
        problems["place"] = _("Please give a place, an online link or both.")
    if values["online_url"] and "online_url" not in problems:
        try:
            _HTTPS(values["online_url"])
        except ValidationError:
            problems["online_url"] = _("Please enter a complete link starting with https://.")
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        problems["capacity"] = _("Please enter a number of places between 1 and %(most)d, or leave it empty.") % {
            "most": MAX_CAPACITY
        }
    times = _times(data, zone_of(data.entity_id), problems)
    starts, ends, deadline = times["starts"], times["ends"], times["signup_deadline"]
    if starts and "starts" not in problems:
        unchanged = event is not None and event.starts_at == starts
        if starts <= now and not unchanged:
            problems["starts"] = _("Please choose a start in the future.")
        elif starts > now + MAX_AHEAD:
            problems["starts"] = _("Events can be planned at most five years ahead.")
    if starts and ends and ends <= starts:
        problems["ends"] = _("The end must be after the start.")
    if starts and deadline and deadline > starts:
        problems["signup_deadline"] = _("The sign-up deadline must be before the start.")
    if problems:
        raise BusinessError(_("Please check the event."), errors=problems)
    values.update(starts_at=starts, ends_at=ends, signup_deadline=deadline, capacity=data.capacity)
    return values


def events_for_staff(staff: Any, scope: Scope) -> QuerySet[CoopEvent]:
    return CoopEvent.objects.filter(editable_by(staff, scope))


def _lock_for_staff(staff: Any, scope: Scope, event_id: int) -> CoopEvent:
    found = events_for_staff(staff, scope).select_for_update().filter(pk=event_id).first()
    if found is None:
        raise BusinessError(_("This event no longer exists."))
    return found


def event_save(*, staff: Any, scope: Scope, event_id: int | None, data: EventData) -> CoopEvent:
    """Create or change an event. A capacity below the places already taken is refused; a larger one
    moves members up from the waiting list."""
    check_entity(staff, scope, data.entity_id)
    now = timezone.now()
    with transaction.atomic():
        event = CoopEvent(created_by=staff) if event_id is None else _lock_for_staff(staff, scope, event_id)
        if event.pk is not None:
            if event.is_cancelled:
                raise BusinessError(_("A cancelled event cannot be changed."))
            if event.starts_at <= now:
                raise BusinessError(_("This event has already started and cannot be changed."))
        values = _event_values(data, now=now, event=event if event.pk else None)
        if event.pk is not None and values["capacity"] is not None:
            taken = event.signups.filter(status=SignupStatus.CONFIRMED).count()
            if values["capacity"] < taken:
                message = _("%(count)d members already hold a place; the event needs at least that many.")
                raise BusinessError(message % {"count": taken}, field="capacity")
        creating = event.pk is None
        for field, value in values.items():
            setattr(event, field, value)
        event.entity_id = data.entity_id
        if not creating:
            event.sequence += 1
        event.save()
        audit_record(actor=staff, action="coopevent.created" if creating else "coopevent.changed", target=event)
        if not creating:
            _move_up(event)
    return event


def event_cancel(*, staff: Any, scope: Scope, event_id: int, reason: str = "") -> CoopEvent:
    """Cancel an event; everybody signed up or waiting is e-mailed."""
    require_staff(scope)
    reason = plain(reason, 2000)[:2000]
    with transaction.atomic():
        event = _lock_for_staff(staff, scope, event_id)
        if event.is_past():
            raise BusinessError(_("This event is over and cannot be cancelled."))
        apply_transition(EVENTS, event, event=Event.CANCEL, actor=Actor.STAFF, user=staff, reason=reason)
        event.cancel_reason = reason
        event.sequence += 1
        event.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        active = (SignupStatus.CONFIRMED, SignupStatus.WAITING)
        signups = event.signups.filter(status__in=active).select_related("member").order_by("joined_at", "pk")
        for signup in signups:
            _tell(signup, "cooplife_event_cancelled", reason=reason)
    return event


# --- sign-ups --------------------------------------------------------------------------------------


def may_attend(member: Any, event: CoopEvent) -> bool:
    """Members of the event's entity; every member for an event of all entities."""
    roles = Role.objects.filter(user_id=member.pk, kind=Role.Kind.MEMBER)
    if event.entity_id is not None:
        roles = roles.filter(entity_id=event.entity_id)
    return roles.exists()


def _lock_event(event_id: int) -> CoopEvent:
    found = CoopEvent.objects.select_for_update(of=("self",)).select_related("entity").filter(pk=event_id).first()
    if found is None:
        raise BusinessError(_("This event no longer exists."))
    return found


def signup_join(*, member: Any, event_id: int) -> EventSignup:
    """Sign up: a place while there is one, else a place on the waiting list."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(event_id)
        if not may_attend(member, event):
            raise BusinessError(_("This event no longer exists."))
        if event.is_cancelled:
            raise BusinessError(_("This event has been cancelled."))
        if not event.takes_signups(now):
            raise BusinessError(_("Sign-up for this event has closed."))
        signup = EventSignup.objects.select_for_update().filter(event=event, member=member).first()
        if signup is not None and signup.is_active:
            raise BusinessError(_("You are already signed up for this event."))
        queue = event.signups.filter(status__in=(SignupStatus.CONFIRMED, SignupStatus.WAITING))
        taken = queue.filter(status=SignupStatus.CONFIRMED).count()
        waiting = queue.filter(status=SignupStatus.WAITING).exists()
        full = event.capacity is not None and (taken >= event.capacity or waiting)
        status = SignupStatus.WAITING if full else SignupStatus.CONFIRMED
        if signup is None:
            signup = EventSignup(event=event, member=member, status=status)
            audit = True
        else:
            apply_transition(SIGNUPS, signup, event=Event.JOIN, actor=Actor.MEMBER, user=member, to=status)
            audit = False
        signup.status = status
        signup.joined_at = now
        signup.confirmed_at = now if status == SignupStatus.CONFIRMED else None
        signup.cancelled_at = None
        signup.save()
        if audit:
            audit_record(actor=member, action="eventsignup.join", target=signup, to_state=status)
    return signup


def signup_cancel(*, member: Any, event_id: int) -> EventSignup:
    """Cancel one's sign-up (or place on the waiting list) before the event starts; a place freed goes
    to the first on the waiting list."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(event_id)
        signup = EventSignup.objects.select_for_update().filter(event=event, member=member).first()
        if signup is None or not signup.is_active:
            raise BusinessError(_("You are not signed up for this event."))
        if event.starts_at <= now:
            raise BusinessError(_("This event has already started."))
        held_place = signup.status == SignupStatus.CONFIRMED
        apply_transition(SIGNUPS, signup, event=Event.CANCEL, actor=Actor.MEMBER, user=member)
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at", "updated_at"])
        if held_place and not event.is_cancelled:
            _move_up(event)
    return signup


def _move_up(event: CoopEvent) -> list[EventSignup]:
    """Give the free places of the locked ``event`` to the waiting list in order; each is e-mailed."""
    if event.is_cancelled or event.starts_at <= timezone.now():
        return []
    waiting = (
        event.signups.select_for_update(of=("self",))
        .select_related("member")
        .filter(status=SignupStatus.WAITING)
        .order_by("joined_at", "pk")
    )
    if event.capacity is not None:
        free = event.capacity - event.signups.filter(status=SignupStatus.CONFIRMED).count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    moved = []
    for signup in waiting:
        apply_transition(SIGNUPS, signup, event=Event.MOVE_UP, actor=Actor.SYSTEM)
        signup.confirmed_at = timezone.now()
        signup.save(update_fields=["status", "confirmed_at", "updated_at"])
        _tell(signup, "cooplife_moved_up")
        moved.append(signup)
    return moved


def _tell(signup: EventSignup, template: str, *, reason: str = "") -> None:
    event = signup.event
    queue_email(
        to=signup.member,
        template=template,
        context={
            "event": event,
            "reason": reason,
            "event_path": reverse("cooplife:event_detail", args=[event.pk]),
        },
        category=EMAIL_CATEGORY,
        related=event,
        entity=event.entity,
    )
