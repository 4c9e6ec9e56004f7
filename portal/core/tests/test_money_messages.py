from decimal import Decimal

import pytest
from django.utils import translation

from portal.core import money
from portal.orders import rules


@pytest.mark.parametrize(
    ("language", "written"),
    [("de", "1.234.567,50 EUR"), ("en", "1,234,567.50 EUR")],
)
def test_amounts_are_written_as_the_language_writes_them(language, written):
    with translation.override(language):
        assert money.display(Decimal("1234567.5")) == written


@pytest.mark.parametrize(
    ("language", "price", "total", "quantity"),
    [
        ("de", "1.000.000,00 EUR", "10.000.000,00 EUR", "1.000.000"),
        ("en", "1,000,000.00 EUR", "10,000,000.00 EUR", "1,000,000"),
    ],
)
def test_limits_in_messages_are_localised(language, price, total, quantity):
    with translation.override(language):
        too_expensive = rules.LineValues(Decimal("1"), Decimal("1000000.01"), Decimal("19"))
        too_many = rules.LineValues(Decimal("1000001"), Decimal("1"), Decimal("19"))
        assert price in str(rules.line_problem(too_expensive, country="DE"))
        assert quantity in str(rules.line_problem(too_many, country="DE"))
        assert total in str(rules.net_total_problem(Decimal("10000000.01")))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "note"), [("de", "1.000,00 EUR (23.11.2026)"), ("en", "1,000.00 EUR (23/11/2026)")]
)
def test_a_recorded_payment_is_shown_in_the_history_as_its_reader_writes_it(language, note, member, entities):
    from portal.core.models import AuditEntry
    from portal.invoicing import services
    from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, client_in, issued_invoice

    invoice = issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])
    with translation.override("en" if language == "de" else "de"):  # recorded in the other language
        services.payment_record(invoice_id=invoice.pk, amount="1000.00", received_on=ISSUE_DAY)
    entry = AuditEntry.objects.get(action="invoice.payment")
    with translation.override(language):
        assert (entry.message, entry.facts) == ("", note)
