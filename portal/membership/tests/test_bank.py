"""The bank statement import notes share payments by their reference and amount."""

from datetime import date

import pytest

from portal.banking import services as statements
from portal.banking.models import BankStatementLine
from portal.membership.models import ApplicationStatus, PaymentSource
from portal.membership.tests.factories import application_data, submitted

pytestmark = pytest.mark.django_db


def csv_statement(*rows: str) -> bytes:
    """A German online-banking export with ``Buchungstag;Name;Verwendungszweck;Betrag`` rows."""
    return "\n".join(["Buchungstag;Name;Verwendungszweck;Betrag", *rows]).encode()


def test_a_share_payment_with_reference_and_amount_is_noted(terms, entities, staff):
    application = submitted(entities["SC"], shares=2)  # 100 €
    other = submitted(entities["SC"], email="yusuf@test.example", shares=1)  # 50 €
    data = csv_statement(
        f"24.11.2026;Mara Klein;Anteile ANT-{application.pk};100,00",
        f"24.11.2026;Yusuf;ant {other.pk} Genossenschaft;40,00",  # the wrong amount: left for people
        "24.11.2026;Kunde;ANT-999999;50,00",  # no such application
    )
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="auszug.csv")
    application.refresh_from_db()
    other.refresh_from_db()
    assert (application.payment_received_on, application.payment_source) == (date(2026, 11, 24), PaymentSource.BANK)
    assert application.status == ApplicationStatus.SUBMITTED  # accepting stays a person's decision
    assert other.payment_received_on is None
    statuses = list(statement.lines.order_by("pk").values_list("status", flat=True))
    assert statuses == [
        BankStatementLine.Status.BOOKED,
        BankStatementLine.Status.UNMATCHED,
        BankStatementLine.Status.UNMATCHED,
    ]


def test_payments_to_another_entity_or_unconfirmed_applications_are_not_recognised(terms, entities, staff):
    from portal.membership import applications

    unconfirmed = applications.application_submit(data=application_data(entities["SC"], shares=1))
    at = submitted(entities["AT"], email="at@test.example", shares=1)
    data = csv_statement(
        f"24.11.2026;A;ANT-{unconfirmed.pk};50,00",
        f"25.11.2026;B;ANT-{at.pk};50,00",
    )
    statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="auszug.csv")
    unconfirmed.refresh_from_db()
    at.refresh_from_db()
    assert unconfirmed.payment_received_on is None and at.payment_received_on is None


def test_a_payment_already_noted_is_not_noted_twice(terms, entities, staff):
    application = submitted(entities["SC"], shares=1)
    first = csv_statement(f"24.11.2026;Mara;ANT-{application.pk};50,00")
    second = csv_statement(f"24.11.2026;Mara;ANT-{application.pk};50,00", "26.11.2026;X;nothing;1,00")
    statements.statement_import(entity=entities["SC"], user=staff, data=first, filename="a.csv")
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=second, filename="b.csv")
    assert statement.lines.filter(status=BankStatementLine.Status.DUPLICATE).count() == 1
