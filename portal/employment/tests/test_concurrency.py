"""The monthly cost is booked once even when the command runs eight times at once (PostgreSQL)."""

import threading
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from portal.budget.models import EntryKind, LedgerEntry
from portal.employment import services
from portal.employment.models import Employment, EmploymentStatus
from portal.employment.tests.test_lifecycle import signed_and_confirmed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent runs need PostgreSQL"),
]

RUNS = 8


def test_eight_concurrent_runs_book_each_month_once(funded, staff, entities, categories):
    with time_machine.travel("2026-12-10 12:00 +01:00"):
        employment = services.employment_save(
            member=funded,
            employment_id=None,
            data=services.RequestData(entities["SC"].pk, categories["3"].pk, date(2027, 1, 1), date(2027, 6, 30)),
        )
        services.employment_submit(member=funded, employment_id=employment.pk)
    signed_and_confirmed(employment, funded, staff, entities)
    start = threading.Barrier(RUNS)
    failures = []

    def run():
        try:
            start.wait()
            call_command("process_employments", today=date(2027, 3, 1))
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
    assert Employment.objects.get(pk=employment.pk).status == EmploymentStatus.ACTIVE
    rows = LedgerEntry.objects.filter(kind=EntryKind.EMPLOYMENT_COST, budget=employment.budget)
    assert rows.count() == 3  # January, February, March
    assert sum(row.amount for row in rows) == -3 * categories["3"].total_cost
