"""The budget chart: month-end balances, what invoices still owed then, and SVG coordinates."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from portal.budget import chart, figures
from portal.budget.models import Budget
from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.services.payments import payment_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(issued):
    return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=issued.member, entity=issued.entity)


def test_month_ends_are_the_last_twelve_months_up_to_today():
    ends = chart.month_ends(date(2026, 3, 15))
    assert ends[0] == date(2025, 4, 30)
    assert ends[-2] == date(2026, 2, 28)
    assert ends[-1] == date(2026, 3, 15)
    assert len(ends) == 12


def test_past_months_show_what_invoices_still_owed_then(budget, issued, staff, time_machine):
    issue_day = issued.issue_date
    paid_day = issue_day + timedelta(days=45)
    today = issue_day + timedelta(days=120)
    time_machine.move_to(f"{today.isoformat()} 12:00 +01:00")  # the payment lies in the past
    payment_record(invoice_id=issued.pk, amount=Decimal("1428.00"), received_on=paid_day, user=staff)
    series = chart.points(budget.pk, figures.figures_of(budget.pk, today=today), today)
    by_month = {point.month: point for point in series}
    issued_month = by_month[issue_day.replace(day=1)]
    assert issued_month.balance == Decimal("2184.00")
    assert issued_month.available == Decimal("0.00")  # nothing paid by the end of the month
    after_payment = by_month[(paid_day.replace(day=1) + timedelta(days=32)).replace(day=1)]
    assert after_payment.available == Decimal("1092.00")  # half paid: half of net less fee
    before = [point for point in series if point.month < issue_day.replace(day=1)]
    assert all(point.balance == 0 and point.available == 0 for point in before)


def test_a_cancelled_invoice_owes_nothing_from_its_cancellation_on(budget, issued):
    services.invoice_cancel(invoice_id=issued.pk, actor=Actor.STAFF, reason="Falsch", today=issued.issue_date)
    day = issued.issue_date
    owed = figures.past_outstanding(budget.pk, [day, day + timedelta(days=31)])
    assert owed[day + timedelta(days=31)] == Decimal("0.00")


def test_coordinates_are_written_with_a_decimal_point_in_german(budget):
    series = chart.points(budget.pk, figures.figures_of(budget.pk), date.today())
    with translation.override("de"):
        drawing = chart.draw(series)
    assert "," not in drawing.zero_y
    assert all("," not in x for x, _month in drawing.labels)
    assert len(drawing.balance_line.split(" ")) == 12
    assert len(drawing.labels) == 6 and drawing.labels[-1][1] == series[-1].month
