"""The cooperative fee: a dated rate per entity, stored on the invoice when it is issued."""

from datetime import timedelta
from decimal import Decimal

import pytest

from portal.core.transitions import Actor
from portal.entities.fees import fee_rate, fee_split
from portal.entities.models import FeeRate
from portal.invoicing import services
from portal.invoicing.models import Invoice
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, client_in, issued_invoice

pytestmark = pytest.mark.django_db


def test_the_split_rounds_the_fee_half_up_and_the_budget_gets_the_rest():
    split = fee_split(Decimal("100.05"), Decimal("9.00"))
    assert (split.fee, split.budget) == (Decimal("9.00"), Decimal("91.05"))
    split = fee_split(Decimal("0.50"), Decimal("9.00"))  # 0.045 → 0.05
    assert (split.fee, split.budget) == (Decimal("0.05"), Decimal("0.45"))


def test_the_rate_is_the_one_valid_on_the_day(entities):
    entity = entities["SC"]
    FeeRate.objects.create(entity=entity, valid_from=ISSUE_DAY + timedelta(days=10), percent=Decimal("8.50"))
    assert fee_rate(entity, ISSUE_DAY) == Decimal("9.00")
    assert fee_rate(entity, ISSUE_DAY + timedelta(days=10)) == Decimal("8.50")
    assert fee_rate(entity, ISSUE_DAY.replace(year=1990)) == 0


def test_an_invoice_keeps_the_rate_of_its_issue_day_and_its_cancellation_reverses_at_that_rate(member, staff, entities):
    entity = entities["SC"]
    invoice = issued_invoice(member, entity, client_in("DE"), [DESIGN])
    assert invoice.fee_rate == Decimal("9.00")
    FeeRate.objects.create(entity=entity, valid_from=ISSUE_DAY + timedelta(days=1), percent=Decimal("5.00"))
    services.invoice_cancel(
        invoice_id=invoice.pk, actor=Actor.STAFF, user=staff, reason="Doppelt", today=ISSUE_DAY + timedelta(days=3)
    )
    invoice.refresh_from_db()
    assert invoice.fee_rate == Decimal("9.00")
    assert invoice.cancelled_by.fee_rate == Decimal("9.00")  # not the 5 % valid on the cancellation day


def test_the_migration_gives_issued_invoices_the_rate_of_their_issue_day(member, staff, entities):
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from portal.core import immutability

    migration = import_module("portal.invoicing.migrations.0009_invoice_fee_rate")
    entity = entities["SC"]
    FeeRate.objects.create(entity=entity, valid_from=ISSUE_DAY + timedelta(days=1), percent=Decimal("7.00"))
    early = issued_invoice(member, entity, client_in("DE"), [DESIGN])
    late = issued_invoice(member, entity, client_in("DE"), [DESIGN], today=ISSUE_DAY + timedelta(days=5))
    services.invoice_cancel(invoice_id=early.pk, actor=Actor.STAFF, user=staff, reason="x", today=ISSUE_DAY)
    immutability.drop(connection, "issued_invoice")  # as before the migration: no rate stored anywhere
    with connection.cursor() as cursor:
        cursor.execute("UPDATE invoicing_invoice SET fee_rate = NULL")
    try:
        state = MigrationLoader(connection).project_state(("invoicing", "0009_invoice_fee_rate"))
        migration.backfill_fee_rates(state.apps, SimpleNamespace(connection=connection))  # it uses no more
    finally:
        immutability.sync(connection)
    rates = dict(Invoice.objects.values_list("pk", "fee_rate"))
    early.refresh_from_db()
    assert rates[early.pk] == Decimal("9.00") and rates[late.pk] == Decimal("7.00")
    assert rates[early.cancelled_by.pk] == Decimal("9.00")
