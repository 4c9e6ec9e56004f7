"""The share register numbers its entries consecutively per entity, with no gap even when several
acceptances run at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from conftest import make_user
from portal.accounts.models import Role
from portal.core.scope import Scope
from portal.membership import applications
from portal.membership.models import ShareEntry
from portal.membership.tests.factories import accepted, paid, subscribe, terms_for

WORKERS = 8


@pytest.mark.django_db
def test_numbers_are_consecutive_per_entity(terms, entities, staff, staff_at, member):
    subscribe(member, entities["SC"])
    accepted(entities["SC"], staff, email="a@test.example")
    accepted(entities["AT"], staff_at, email="b@test.example")
    accepted(entities["SC"], staff, email="c@test.example")
    numbers = {
        code: list(ShareEntry.objects.filter(entity__code=code).order_by("number").values_list("number", flat=True))
        for code in ("SC", "AT")
    }
    assert numbers == {"SC": [1, 2, 3], "AT": [1]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent acceptance needs PostgreSQL row locks")
def test_concurrent_acceptances_leave_no_gap(entities):
    sc = entities["SC"]
    terms_for(sc)
    deciders = []
    for number in range(WORKERS):
        user = make_user(f"staff{number}@test.example")
        Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=sc)
        deciders.append(user)
    waiting = [paid(sc, deciders[0], email=f"applicant{number}@test.example").pk for number in range(WORKERS)]
    start = threading.Barrier(WORKERS)
    failures: list[Exception] = []

    def accept(decider, application_id: int) -> None:
        try:
            start.wait()
            applications.application_accept(
                actor=decider, scope=Scope.staff(decider, [sc.pk]), application_id=application_id
            )
        except Exception as error:  # collected and asserted below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(deciders, waiting, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    numbers = list(ShareEntry.objects.filter(entity=sc).order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 1))
    member_numbers = set(
        ShareEntry.objects.filter(entity=sc).values_list("member__member_profile__member_number", flat=True)
    )
    assert len(member_numbers) == WORKERS


@pytest.mark.django_db
def test_the_database_keeps_register_entries_as_written(terms, entities, member):
    from django.db import IntegrityError, transaction

    entry = subscribe(member, entities["SC"], shares=2, paid_on=None)
    for change in (
        lambda: ShareEntry.objects.filter(pk=entry.pk).update(shares=5),
        lambda: ShareEntry.objects.filter(pk=entry.pk).update(member_id=member.pk, note="rewritten"),
        lambda: ShareEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(IntegrityError, match="share_entry"), transaction.atomic():
            change()
    ShareEntry.objects.filter(pk=entry.pk).update(paid_on=entry.entry_date)  # the payment may still be noted
    entry.refresh_from_db()
    assert (entry.shares, entry.note, entry.paid_on) == (2, "", entry.entry_date)
