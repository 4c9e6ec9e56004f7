"""8 issuers at once on PostgreSQL: consecutive numbers, no gaps, no duplicates."""

import threading

import pytest
from django.db import connection

from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.models import Invoice
from portal.invoicing.services import issuing
from portal.invoicing.tests.factories import ISSUE_DAY, active_order, client_in, draft_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent issuing needs PostgreSQL"),
]

ISSUERS = 8


def test_concurrent_issuing_gives_gapless_unique_numbers(member, entities):
    client = client_in("DE")
    drafts = [
        draft_for(active_order(member, entities["SC"], client, [("Tag", "1", "Tag", "100.00", "19.00")]))
        for _ in range(ISSUERS * 2)
    ]
    start = threading.Barrier(ISSUERS)
    failures = []

    def issuer(batch):
        try:
            start.wait()
            for draft in batch:
                services.invoice_issue(invoice_id=draft.pk, actor=Actor.SYSTEM, today=ISSUE_DAY)
        except Exception as error:  # reported below: any failure fails the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issuer, args=(drafts[index::ISSUERS],)) for index in range(ISSUERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert failures == []
    numbers = sorted(Invoice.objects.exclude(number="").values_list("number", flat=True))
    assert numbers == [f"SC-2026-{sequence:05d}" for sequence in range(1, ISSUERS * 2 + 1)]


def test_a_failed_issue_gives_its_number_back(member, entities, monkeypatch):
    client = client_in("DE")
    first, second = (
        draft_for(active_order(member, entities["SC"], client, [("Tag", "1", "Tag", "100.00", "19.00")]))
        for _ in range(2)
    )

    def broken(invoice):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(issuing, "issued_documents", broken)
    with pytest.raises(RuntimeError):
        services.invoice_issue(invoice_id=first.pk, actor=Actor.SYSTEM, today=ISSUE_DAY)
    monkeypatch.undo()
    services.invoice_issue(invoice_id=second.pk, actor=Actor.SYSTEM, today=ISSUE_DAY)
    assert Invoice.objects.get(pk=second.pk).number == "SC-2026-00001"
    assert Invoice.objects.get(pk=first.pk).number == ""
