"""The bank statement import notes share payments by their reference and amount."""

from datetime import date

import pytest

from portal.banking import services as statements
from portal.banking.models import BankStatementLine
from portal.core.scope import Scope
from portal.membership.models import ApplicationStatus, PaymentSource
from portal.membership.tests.factories import application_data, submitted, subscribe

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


def test_recognised_share_payments_say_why_on_the_statement_page(terms, entities, staff, english_staff, staff_http):
    application = submitted(entities["SC"], shares=1)
    data = csv_statement(f"24.11.2026;Mara Klein;ANT-{application.pk};50,00")
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="auszug.csv")
    line = statement.lines.get()
    assert (line.status, line.match_reason) == (BankStatementLine.Status.BOOKED, BankStatementLine.MatchReason.SHARES)
    page = staff_http.get(f"/backoffice/bank-statements/{statement.pk}/")
    assert "Payment for membership shares" in page.content.decode()


def test_additional_shares_are_paid_by_their_entry_reference(terms, entities, staff, member):
    from portal.membership.requests import share_request_accept, share_request_submit

    subscribe(member, entities["SC"], shares=1)
    asked = share_request_submit(member=member, entity_id=entities["SC"].pk, kind="additional", shares=2)
    entry = share_request_accept(actor=staff, scope=Scope.staff(staff, [entities["SC"].pk]), request_id=asked.pk).entry
    assert entry.payment_reference == f"ANTEIL-{entry.number}"
    data = csv_statement(
        f"{entry.entry_date:%d.%m.%Y};Anna;Anteil {entry.number} zu wenig;50,00",  # the wrong amount
        f"{entry.entry_date:%d.%m.%Y};Anna Schmidt;anteil-{entry.number} Schmidt;100,00",
        f"{entry.entry_date:%d.%m.%Y};Anna Schmidt;ANTEIL-{entry.number};100,00",  # paid already: for people
    )
    statement = statements.statement_import(entity=entities["SC"], user=staff, data=data, filename="auszug.csv")
    entry.refresh_from_db()
    assert entry.paid_on == entry.entry_date
    assert list(statement.lines.order_by("pk").values_list("status", "match_reason")) == [
        (BankStatementLine.Status.UNMATCHED, ""),
        (BankStatementLine.Status.BOOKED, BankStatementLine.MatchReason.SHARES),
        (BankStatementLine.Status.UNMATCHED, ""),
    ]
