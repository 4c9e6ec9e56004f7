"""Eight members sign up for the last places at once, and eight cancel at once: never more places than
the capacity, and each freed place goes to exactly one member of the waiting list, in order (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from conftest import make_member
from portal.cooplife import events
from portal.cooplife.models import EventSignup, SignupStatus
from portal.cooplife.tests.factories import event
from portal.core.errors import BusinessError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent sign-ups need PostgreSQL"),
]

RUNS = 8


def run_at_once(action, people) -> list[Exception]:
    start = threading.Barrier(len(people))
    failures: list[Exception] = []

    def run(person):
        try:
            start.wait()
            action(person)
        except BusinessError:
            pass  # a refusal is a correct answer; the rows tell the outcome
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return failures


def test_concurrent_sign_ups_never_exceed_the_capacity_and_cancellations_move_up_once(entities):
    party = event(entities["SC"], capacity=3)
    people = [make_member(f"c{n}@test.example", entities["SC"], number=f"007{n:03d}") for n in range(RUNS * 2)]
    assert run_at_once(lambda person: events.signup_join(member=person, event_id=party.pk), people) == []
    confirmed = EventSignup.objects.filter(event=party, status=SignupStatus.CONFIRMED)
    waiting = EventSignup.objects.filter(event=party, status=SignupStatus.WAITING)
    assert confirmed.count() == 3 and waiting.count() == RUNS * 2 - 3
    queue = list(waiting.order_by("joined_at", "pk").values_list("member_id", flat=True))
    holders = list(confirmed.values_list("member_id", flat=True))
    # The three holders and five of the waiting cancel at the same moment (the same member twice too).
    leaving = [person for person in people if person.pk in holders] + [
        person for person in people if person.pk in queue[-5:]
    ]
    leaving.append(leaving[0])
    assert run_at_once(lambda person: events.signup_cancel(member=person, event_id=party.pk), leaving) == []
    still_waiting = [pk for pk in queue if pk not in queue[-5:]]
    assert set(confirmed.values_list("member_id", flat=True)) == set(still_waiting[:3])
    assert list(waiting.order_by("joined_at", "pk").values_list("member_id", flat=True)) == still_waiting[3:]
    assert EventSignup.objects.filter(event=party, status=SignupStatus.CANCELLED).count() == 8


def test_the_same_member_signing_up_eight_times_at_once_gets_one_row(member, entities):
    party = event(entities["SC"], capacity=1)
    assert run_at_once(lambda person: events.signup_join(member=person, event_id=party.pk), [member] * RUNS) == []
    assert list(EventSignup.objects.filter(event=party).values_list("status", flat=True)) == ["confirmed"]
