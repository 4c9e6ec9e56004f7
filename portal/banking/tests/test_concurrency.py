"""Several staff at once on PostgreSQL: every statement line is booked once, every file imported once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from portal.banking import services as statements
from portal.banking.models import BankStatement, BankStatementLine
from portal.core.errors import BusinessError
from portal.invoicing.models import Payment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent booking needs PostgreSQL"),
]

WORKERS = 6
STATEMENT = b"Buchungstag;Name;Verwendungszweck;Betrag\n" + b"".join(
    f"2{day}.11.2026;Kunde;SC-2026-00001 Rate {day};100,00\n".encode() for day in range(1, 6)
)


def run_at_once(work) -> list[Exception]:
    start = threading.Barrier(WORKERS)
    failures = []

    def worker():
        try:
            start.wait()
            work()
        except Exception as error:  # collected: the test decides which failures are expected
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def test_booking_the_same_lines_at_once_books_each_once(issued, staff, entities):
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=STATEMENT, filename="a.csv")
    line_ids = list(statement.lines.values_list("pk", flat=True))
    failures = run_at_once(
        lambda: statements.statement_book(
            entity=entities["SC"], user=staff, statement_id=statement.pk, line_ids=line_ids
        )
    )
    assert failures == []
    assert Payment.objects.filter(invoice=issued).count() == 5
    assert set(statement.lines.values_list("status", flat=True)) == {BankStatementLine.Status.BOOKED}
    issued.refresh_from_db()
    assert issued.paid_amount == Decimal("500.00")


def test_the_same_file_uploaded_at_once_is_imported_once(issued, staff, entities):
    failures = run_at_once(
        lambda: statements.statement_import(entity=entities["SC"], user=staff, data=STATEMENT, filename="a.csv")
    )
    assert BankStatement.objects.count() == 1
    assert len(failures) == WORKERS - 1
    assert all(isinstance(failure, BusinessError) for failure in failures)
