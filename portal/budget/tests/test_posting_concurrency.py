"""The same invoice issued by 8 threads at once on PostgreSQL books its income and fee once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from portal.budget.models import EntryKind, LedgerEntry
from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, active_order, client_in, draft_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent issuing needs PostgreSQL"),
]

THREADS = 8


def test_issuing_one_invoice_concurrently_books_once(member, entities):
    draft = draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def issue():
        try:
            start.wait()
            services.invoice_issue(invoice_id=draft.pk, actor=Actor.SYSTEM, today=ISSUE_DAY)
            outcomes.append("issued")
        except BusinessError:
            outcomes.append("refused")
        except Exception as error:  # any other failure fails the test below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert sorted(outcomes) == ["issued"] + ["refused"] * (THREADS - 1)
    assert sorted(LedgerEntry.objects.values_list("kind", "amount")) == [
        (EntryKind.FEE, Decimal("-216.00")),
        (EntryKind.INCOME, Decimal("2400.00")),
    ]
