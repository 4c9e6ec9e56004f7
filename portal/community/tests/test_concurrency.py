"""The weekly digest is sent once per member even when the command runs eight times at once (PostgreSQL)."""

import threading
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from conftest import make_member
from portal.community import services
from portal.community.models import DigestSent
from portal.community.tests.factories import published_post
from portal.core.models import OutboundEmail

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent runs need PostgreSQL"),
]

RUNS = 8


def test_eight_concurrent_runs_send_each_member_one_digest(member, staff, entities):
    subscribers = [
        make_member(f"sub{number}@test.example", entities["SC"], number=f"0009{number:02d}") for number in range(5)
    ]
    for subscriber in subscribers:
        services.subscription_save(
            member=subscriber, categories=[], sectors=["music"], weekly_digest=True, urgent_at_once=False
        )
    with time_machine.travel("2027-03-03 12:00 +01:00"):
        published_post(member, entities["SC"], staff)
    start = threading.Barrier(RUNS)
    failures = []

    def run():
        try:
            start.wait()
            call_command("send_community_digest", today=date(2027, 3, 8))
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    mails = OutboundEmail.objects.filter(template="community_digest")
    assert sorted(mails.values_list("recipient", flat=True)) == sorted(user.email for user in subscribers)
    assert DigestSent.objects.count() == len(subscribers)
