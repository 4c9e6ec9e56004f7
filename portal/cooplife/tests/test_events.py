"""Event services: creating and changing events (times in the entity's time zone, https links, capacity),
sign-up, the waiting list that moves up on a cancellation (with e-mails), cancelling an event."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db.models import Max
from django.utils import timezone, translation

from conftest import make_member
from portal.cooplife import events, selectors
from portal.cooplife.events import EventData
from portal.cooplife.models import CoopEvent, EventSignup, EventStatus, SignupStatus
from portal.cooplife.tests.factories import event
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail
from portal.core.scope import Scope

pytestmark = pytest.mark.django_db


def scope_of(user, *entities):
    return Scope.staff(user, [entity.pk for entity in entities])


def typed(entity=None, **values):
    start = (timezone.localtime() + timedelta(days=20)).replace(tzinfo=None, hour=18, minute=0, second=0, microsecond=0)
    defaults = {
        "title_de": "Mitgliedertreffen",
        "starts": start,
        "ends": start + timedelta(hours=2),
        "place": "Berlin",
    }
    return EventData(entity_id=entity.pk if entity else None, **{**defaults, **values})


def mark() -> int:
    return OutboundEmail.objects.aggregate(last=Max("pk"))["last"] or 0


def mails_since(last: int) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(pk__gt=last).order_by("pk"))


def members(entities, count, start=300):
    return [make_member(f"m{start + n}@test.example", entities["SC"], number=f"000{start + n}") for n in range(count)]


# --- staff: create, change, cancel -----------------------------------------------------------------


def test_times_are_typed_in_the_entity_time_zone(staff_all, entities):
    everywhere = scope_of(staff_all, *entities.values())
    winter = datetime(2030, 1, 15, 18, 0)
    saved = events.event_save(
        staff=staff_all,
        scope=everywhere,
        event_id=None,
        data=typed(entities["AT"], starts=winter, ends=winter + timedelta(hours=2)),
    )
    assert saved.starts_at == datetime.fromisoformat("2030-01-15T17:00:00+00:00")
    assert saved.local_start.hour == 18 and saved.time_zone == "Europe/Vienna"
    assert AuditEntry.objects.filter(action="coopevent.created", target_id=str(saved.pk)).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title_de": ""}, "title_de"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "http://example.org/call"}, "online_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"online_url": "https://"}, "online_url"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 10**9}, "capacity"),
        ({"starts": datetime(2020, 1, 1, 10), "ends": datetime(2020, 1, 1, 12)}, "starts"),
        ({"starts": datetime(2099, 1, 1, 10), "ends": datetime(2099, 1, 1, 12)}, "starts"),
        ({"starts": datetime(2030, 3, 31, 2, 30), "ends": datetime(2030, 3, 31, 5)}, "starts"),
        ({"ends": None}, "ends"),
        ({"signup_deadline": datetime(2099, 1, 1)}, "signup_deadline"),
    ],
)
def test_event_rules(staff, entities, values, field):
    data = typed(entities["SC"], **values)
    with pytest.raises(BusinessError) as refused:
        events.event_save(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=None, data=data)
    assert field in refused.value.errors
    assert not CoopEvent.objects.exists()


def test_end_before_start_is_refused(staff, entities):
    data = typed(entities["SC"])
    data = EventData(**{**data.__dict__, "ends": data.starts - timedelta(minutes=1)})
    with pytest.raises(BusinessError) as refused:
        events.event_save(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=None, data=data)
    assert "ends" in refused.value.errors


def test_https_link_alone_is_a_place(staff, entities):
    saved = events.event_save(
        staff=staff,
        scope=scope_of(staff, entities["SC"]),
        event_id=None,
        data=typed(entities["SC"], place="", online_url="https://meet.example.org/coop"),
    )
    assert saved.online_url == "https://meet.example.org/coop" and saved.place == ""


def test_staff_act_only_for_their_entities(staff, staff_at, entities):
    with pytest.raises(BusinessError):
        events.event_save(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=None, data=typed(entities["AT"]))
    with pytest.raises(BusinessError):
        events.event_save(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=None, data=typed(None))
    theirs = event(entities["SC"])
    with pytest.raises(BusinessError):
        events.event_cancel(staff=staff_at, scope=scope_of(staff_at, entities["AT"]), event_id=theirs.pk)
    with pytest.raises(BusinessError):
        events.event_save(
            staff=staff_at, scope=scope_of(staff_at, entities["AT"]), event_id=theirs.pk, data=typed(entities["AT"])
        )
    assert CoopEvent.objects.get(pk=theirs.pk).status == EventStatus.SCHEDULED


def test_capacity_cannot_drop_below_the_places_taken_and_a_larger_one_moves_people_up(staff, entities):
    scope = scope_of(staff, entities["SC"])
    party = event(entities["SC"], capacity=1)
    first, second, third = members(entities, 3)
    for person in (first, second, third):
        events.signup_join(member=person, event_id=party.pk)
    last = mark()
    with pytest.raises(BusinessError) as refused:
        events.event_save(staff=staff, scope=scope, event_id=party.pk, data=typed(entities["SC"], capacity=0))
    assert "capacity" in refused.value.errors
    changed = events.event_save(staff=staff, scope=scope, event_id=party.pk, data=typed(entities["SC"], capacity=2))
    assert changed.sequence == 1
    statuses = dict(EventSignup.objects.values_list("member__email", "status"))
    assert statuses == {first.email: "confirmed", second.email: "confirmed", third.email: "waiting"}
    assert [(email.recipient, email.template) for email in mails_since(last)] == [(second.email, "cooplife_moved_up")]


def test_capacity_below_places_taken(staff, entities):
    scope = scope_of(staff, entities["SC"])
    party = event(entities["SC"], capacity=3)
    for person in members(entities, 2):
        events.signup_join(member=person, event_id=party.pk)
    with pytest.raises(BusinessError) as refused:
        events.event_save(staff=staff, scope=scope, event_id=party.pk, data=typed(entities["SC"], capacity=1))
    assert refused.value.field == "capacity"
    assert CoopEvent.objects.get(pk=party.pk).capacity == 3


def test_started_or_cancelled_events_cannot_be_changed(staff, entities):
    scope = scope_of(staff, entities["SC"])
    running = event(entities["SC"], starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(BusinessError):
        events.event_save(staff=staff, scope=scope, event_id=running.pk, data=typed(entities["SC"]))
    cancelled = event(entities["SC"], status=EventStatus.CANCELLED)
    with pytest.raises(BusinessError):
        events.event_save(staff=staff, scope=scope, event_id=cancelled.pk, data=typed(entities["SC"]))


def test_cancelling_an_event_emails_everybody_signed_up_or_waiting(staff, entities):
    party = event(entities["SC"], capacity=1)
    holder, waiting, gone = members(entities, 3)
    for person in (holder, waiting, gone):
        events.signup_join(member=person, event_id=party.pk)
    events.signup_cancel(member=gone, event_id=party.pk)
    last = mark()
    events.event_cancel(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=party.pk, reason="Krank")
    party.refresh_from_db()
    assert party.status == EventStatus.CANCELLED and party.cancel_reason == "Krank" and party.sequence == 1
    sent = mails_since(last)
    assert sorted(email.recipient for email in sent) == sorted([holder.email, waiting.email])
    assert all("Krank" in email.body_text and "Treffen" in email.subject for email in sent)
    assert {email.template for email in sent} == {"cooplife_event_cancelled"}
    with pytest.raises(BusinessError):
        events.event_cancel(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=party.pk)
    with pytest.raises(BusinessError):
        events.signup_join(member=gone, event_id=party.pk)


def test_a_past_event_cannot_be_cancelled(staff, entities):
    over = event(
        entities["SC"], starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(BusinessError):
        events.event_cancel(staff=staff, scope=scope_of(staff, entities["SC"]), event_id=over.pk)


# --- members: sign-up, waiting list ----------------------------------------------------------------


def test_sign_up_until_full_then_waiting_list_in_order(entities):
    party = event(entities["SC"], capacity=2)
    people = members(entities, 4)
    statuses = [events.signup_join(member=person, event_id=party.pk).status for person in people]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert selectors.waiting_position(party, people[3].pk) == 2
    assert selectors.waiting_position(party, people[0].pk) is None


def test_a_cancellation_moves_the_first_waiting_up_and_emails_them(entities):
    party = event(entities["SC"], capacity=1)
    holder, first, second = members(entities, 3)
    for person in (holder, first, second):
        events.signup_join(member=person, event_id=party.pk)
    last = mark()
    events.signup_cancel(member=holder, event_id=party.pk)
    statuses = dict(EventSignup.objects.values_list("member__email", "status"))
    assert statuses == {holder.email: "cancelled", first.email: "confirmed", second.email: "waiting"}
    sent = mails_since(last)
    assert [(email.recipient, email.template) for email in sent] == [(first.email, "cooplife_moved_up")]
    assert "Treffen" in sent[0].subject
    assert f"/cooperative/events/{party.pk}/" in sent[0].body_text
    moved = EventSignup.objects.get(member=first)
    assert moved.confirmed_at is not None
    assert AuditEntry.objects.filter(action="eventsignup.move_up", target_id=str(moved.pk)).exists()


def test_cancelling_a_place_on_the_waiting_list_moves_nobody(entities):
    party = event(entities["SC"], capacity=1)
    holder, first, second = members(entities, 3)
    for person in (holder, first, second):
        events.signup_join(member=person, event_id=party.pk)
    last = mark()
    events.signup_cancel(member=first, event_id=party.pk)
    assert EventSignup.objects.get(member=second).status == SignupStatus.WAITING
    assert mails_since(last) == []


def test_signing_up_again_after_cancelling_goes_to_the_end_of_the_queue(entities):
    party = event(entities["SC"], capacity=1)
    holder, first = members(entities, 2)
    events.signup_join(member=holder, event_id=party.pk)
    events.signup_join(member=first, event_id=party.pk)
    events.signup_cancel(member=holder, event_id=party.pk)
    again = events.signup_join(member=holder, event_id=party.pk)
    assert again.status == SignupStatus.WAITING
    assert EventSignup.objects.filter(member=holder).count() == 1


def test_no_double_sign_up_and_no_cancel_without_one(member, entities):
    party = event(entities["SC"])
    events.signup_join(member=member, event_id=party.pk)
    with pytest.raises(BusinessError):
        events.signup_join(member=member, event_id=party.pk)
    other = event(entities["SC"])
    with pytest.raises(BusinessError):
        events.signup_cancel(member=member, event_id=other.pk)


def test_unlimited_events_confirm_everybody(entities):
    party = event(entities["SC"], capacity=None)
    assert {events.signup_join(member=person, event_id=party.pk).status for person in members(entities, 5)} == {
        "confirmed"
    }


def test_members_of_another_entity_cannot_sign_up_but_everybody_for_all(member_at, member, entities, client_contact):
    german = event(entities["SC"])
    with pytest.raises(BusinessError):
        events.signup_join(member=member_at, event_id=german.pk)
    with pytest.raises(BusinessError):
        events.signup_join(member=client_contact, event_id=german.pk)
    everyone = event(None)
    assert events.signup_join(member=member_at, event_id=everyone.pk).status == SignupStatus.CONFIRMED
    assert events.signup_join(member=member, event_id=everyone.pk).status == SignupStatus.CONFIRMED
    with pytest.raises(BusinessError):
        events.signup_join(member=client_contact, event_id=everyone.pk)


def test_sign_up_closes_at_the_deadline_and_cancelling_at_the_start(member, entities):
    party = event(entities["SC"], days=3, signup_deadline=timezone.now() + timedelta(days=1))
    events.signup_join(member=member, event_id=party.pk)
    late = make_member("late@test.example", entities["SC"], number="000399")
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        with pytest.raises(BusinessError) as refused, translation.override("en"):
            events.signup_join(member=late, event_id=party.pk)
        assert "closed" in str(refused.value)
        events.signup_cancel(member=member, event_id=party.pk)  # still before the start
    events.signup_join(member=member, event_id=party.pk)
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=1)), pytest.raises(BusinessError):
        events.signup_cancel(member=member, event_id=party.pk)


def test_member_lists_mark_their_sign_up(member, entities):
    mine, other = event(entities["SC"], days=1), event(entities["SC"], days=2)
    event(entities["AT"], days=1)
    past = event(
        entities["SC"], starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    events.signup_join(member=member, event_id=mine.pk)
    rows = list(selectors.upcoming(selectors.events_in(Scope.member(member))))
    assert [(row.pk, row.my_status, row.taken) for row in rows] == [(mine.pk, "confirmed", 1), (other.pk, None, 0)]
    assert list(selectors.past(selectors.events_in(Scope.member(member)))) == [past]
