"""The named figures of DESIGN §6, checked against the invoices and payments they come from."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from portal.budget.figures import budget_check_available, figures_of
from portal.budget.models import Budget, Transfer
from portal.core.errors import BusinessError
from portal.invoicing import services
from portal.invoicing.tests.factories import ISSUE_DAY
from portal.orders.models import Order
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(issued, member):
    return Budget.objects.get(owner=member, kind=Budget.Kind.PERSONAL)


def test_an_unpaid_invoice_is_in_the_balance_and_outstanding(budget):
    figures = figures_of(budget.pk)
    assert figures.balance == Decimal("2184.00")  # 2 400 net - 9 % fee
    assert figures.outstanding == Decimal("2184.00")
    assert figures.reserved == 0
    assert figures.available_for_expenses == 0
    assert figures.available_for_salary == 0  # no payment guarantee


def test_a_partial_payment_makes_its_net_share_available(budget, issued, staff):
    services.payment_record(invoice_id=issued.pk, amount=Decimal("1428.00"), received_on=ISSUE_DAY, user=staff)
    figures = figures_of(budget.pk)
    assert figures.outstanding == Decimal("1092.00")  # half of the gross paid: half of net - fee open
    assert figures.available_for_expenses == Decimal("1092.00")


def test_an_odd_partial_payment_is_shared_pro_rata_to_the_cent(budget, issued, staff):
    services.payment_record(invoice_id=issued.pk, amount=Decimal("1000.00"), received_on=ISSUE_DAY, user=staff)
    # 2 184 x (2 856 - 1 000) / 2 856 = 1 419.29…
    assert figures_of(budget.pk).outstanding == Decimal("1419.29")


def test_a_paid_invoice_leaves_nothing_outstanding(budget, issued, staff):
    services.payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=ISSUE_DAY, user=staff)
    figures = figures_of(budget.pk)
    assert (figures.outstanding, figures.available_for_expenses) == (0, Decimal("2184.00"))


def test_available_for_salary_counts_what_guaranteed_orders_will_still_bring(budget, issued, member, entities):
    Order.objects.filter(pk=issued.order_id).update(confirmed_at=timezone.now())
    planned = complete_order(member, entities["SC"], issued.client, budget=budget, confirmed_at=timezone.now())
    Order.objects.filter(pk=planned.pk).update(status=Order.Status.ACTIVE)
    unconfirmed = complete_order(member, entities["SC"], issued.client, budget=budget)
    Order.objects.filter(pk=unconfirmed.pk).update(status=Order.Status.ACTIVE)

    figures = figures_of(budget.pk)
    with translation.override("en"):
        guaranteed = {str(line.label): line.amount for line in figures.lines("guaranteed")}
    assert guaranteed == {
        "Unpaid invoices of orders with payment guarantee": Decimal("2184.00"),
        "Planned invoices of orders with payment guarantee": Decimal("910.00"),  # 1 000 - 9 %
    }
    assert figures.available_for_expenses == 0
    assert figures.available_for_salary == Decimal("3094.00")


def test_a_transfer_awaiting_approval_is_reserved(budget, issued, staff, member, member2, entities):
    services.payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=ISSUE_DAY, user=staff)
    target = Budget.objects.create(owner=member2, entity=entities["SC"])
    Transfer.objects.create(
        source=budget, target=target, amount=Decimal("500.00"), reason="Honorar", requested_by=member
    )
    figures = figures_of(budget.pk)
    assert figures.reserved == Decimal("500.00")
    assert figures.available_for_expenses == Decimal("1684.00")
    assert figures_of(target.pk).balance == 0


def test_the_availability_check_names_both_amounts(budget, issued, staff):
    services.payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=ISSUE_DAY, user=staff)
    budget_check_available(budget, Decimal("2184.00"), "expenses")
    with pytest.raises(BusinessError) as refused:
        budget_check_available(budget, Decimal("2184.01"), "expenses")
    assert "2.184,01" in str(refused.value) and "2.184,00" in str(refused.value)


def test_planned_invoices_count_at_todays_fee_rate(budget, member, entities, issued):
    from portal.entities.models import FeeRate

    FeeRate.objects.create(entity=entities["SC"], valid_from=timezone.localdate() - timedelta(days=1), percent=10)
    planned = complete_order(member, entities["SC"], issued.client, budget=budget, confirmed_at=timezone.now())
    Order.objects.filter(pk=planned.pk).update(status=Order.Status.ACTIVE)
    with translation.override("en"):
        lines = {str(line.label): line.amount for line in figures_of(budget.pk).lines("guaranteed")}
    assert lines["Planned invoices of orders with payment guarantee"] == Decimal("900.00")
