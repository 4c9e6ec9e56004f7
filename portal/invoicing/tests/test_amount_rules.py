"""Money rules of invoices (DESIGN §5) enforced by the services, whoever calls them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.models import Invoice, InvoiceLine, InvoiceStatus
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, active_order, client_in, draft_for, issued_invoice
from portal.orders.services import order_recalculate

pytestmark = pytest.mark.django_db

LINE = {"description": "Zusatztag", "quantity": Decimal("1"), "unit": "Tag", "vat_rate": Decimal("19.00")}


def test_manual_payments_are_bounded_by_the_outstanding_amount(member, entities):
    invoice = issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])  # 2 856,00 gross
    with pytest.raises(BusinessError, match=r"2\.856,00 EUR"):
        services.payment_record(invoice_id=invoice.pk, amount="9999999999.99", received_on=ISSUE_DAY)
    services.payment_record(invoice_id=invoice.pk, amount="856.00", received_on=ISSUE_DAY)
    with pytest.raises(BusinessError):
        services.payment_record(invoice_id=invoice.pk, amount="2000.01", received_on=ISSUE_DAY)
    services.payment_record(invoice_id=invoice.pk, amount="2000.00", received_on=ISSUE_DAY)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == (InvoiceStatus.PAID, Decimal("2856.00"))


def test_an_extra_invoice_waits_for_the_smart_teams_release(member, entities, staff):
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    services.invoice_cancel(invoice_id=draft_for(order).pk, actor=Actor.SYSTEM)
    extra = services.invoice_add_extra(
        member=member, order_id=order.pk, planned_date=timezone.localdate(), lines=[{**LINE, "unit_price": 800}]
    )
    assert extra.status == InvoiceStatus.AWAITING_UPDATE
    with pytest.raises(BusinessError):  # “Send now” by the member
        services.invoice_issue(invoice_id=extra.pk, actor=Actor.MEMBER, user=member)
    assert services.invoice_issue_due(today=timezone.localdate() + timedelta(days=30)) == 0
    services.invoice_transition(invoice_id=extra.pk, event="release", actor=Actor.STAFF, user=staff)
    services.invoice_issue(invoice_id=extra.pk, actor=Actor.MEMBER, user=member)
    assert Invoice.objects.get(pk=extra.pk).status == InvoiceStatus.ISSUED


def test_the_invoices_of_an_order_never_exceed_it(member, entities):
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])  # 2 400 net, one planned invoice
    with pytest.raises(BusinessError, match=r"2\.400,00 EUR"):
        services.invoice_add_extra(
            member=member, order_id=order.pk, planned_date=timezone.localdate(), lines=[{**LINE, "unit_price": 1}]
        )
    draft = draft_for(order)
    lines = [{**LINE, "quantity": Decimal("3"), "unit_price": Decimal("800.01")}]
    with pytest.raises(BusinessError):
        services.invoice_update_draft(user=None, invoice_id=draft.pk, fields={}, lines=lines)
    assert Invoice.objects.get(pk=draft.pk).net_total == Decimal("2400.00")


def test_members_never_issue_a_negative_invoice(member, entities):
    draft = draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))
    with pytest.raises(BusinessError):
        services.invoice_update_draft(user=None, invoice_id=draft.pk, fields={}, lines=[{**LINE, "unit_price": -5000}])
    # Even a draft changed behind the services' back is never issued with a negative total.
    InvoiceLine.objects.filter(invoice=draft).update(unit_price=Decimal("-5000.00"))
    services.invoice_recalculate(Invoice.objects.get(pk=draft.pk))
    with pytest.raises(BusinessError):
        services.invoice_issue(invoice_id=draft.pk, actor=Actor.MEMBER, user=member)
    assert Invoice.objects.get(pk=draft.pk).number == ""


def test_invoice_lines_follow_the_entity_countrys_vat_rates(member, entities):
    draft = draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))
    with pytest.raises(BusinessError, match="20 %"):
        services.invoice_update_draft(
            user=None, invoice_id=draft.pk, fields={}, lines=[{**LINE, "unit_price": 100, "vat_rate": Decimal("20")}]
        )


def test_a_draft_is_issued_no_sooner_than_two_days_after_it_was_created(member, entities):
    today = timezone.localdate()
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    order.planned_invoices.update(date=today)
    services.invoice_drafts_create_due(today=today)
    draft = order.invoices.get()
    assert draft.planned_date == today + timedelta(days=2)  # the member sees the real date
    assert services.invoice_issue_due(today=today + timedelta(days=1)) == 0
    with pytest.raises(BusinessError):
        services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=today + timedelta(days=1))
    assert services.invoice_issue_due(today=today + timedelta(days=2)) == 1


def test_the_member_may_send_a_fresh_draft_at_once(member, entities):
    today = timezone.localdate()
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    order.planned_invoices.update(date=today)
    services.invoice_drafts_create_due(today=today)
    services.invoice_issue(invoice_id=order.invoices.get().pk, actor=Actor.MEMBER, user=member)
    assert order.invoices.get().status == InvoiceStatus.ISSUED


def test_scheduler_drafts_of_instalments_have_a_unit(member, entities):
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    planned = order.planned_invoices.get()
    planned.amount = Decimal("1200.00")
    planned.save()
    order.planned_invoices.create(date=planned.date + timedelta(days=30), amount=Decimal("1200.00"))
    order_recalculate(order)
    services.invoice_drafts_create_due(today=planned.date)
    line = order.invoices.get().lines.get()
    assert line.unit == "LS" and line.description.startswith("Teilrechnung 1 von 2")


def test_the_extra_invoice_form_shows_the_rules(member, member_http, entities):
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    data = {
        "order": order.pk,
        "planned_date": timezone.localdate().isoformat(),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Zusatz",
        "lines-0-quantity": "1",
        "lines-0-unit": "Tag",
        "lines-0-unit_price": "100.00",
        "lines-0-vat_rate": "19.00",
    }
    response = member_http.post(reverse("invoicing:create"), data)
    assert (response.status_code == 200 and "2.400,00" in response.content.decode()) or "2400.00" in (
        response.content.decode()
    )
    assert order.invoices.count() == 0


def test_the_scheduler_does_not_report_a_released_draft_still_in_its_review_window(member, entities, staff):
    """An additional invoice released on the day it was made waits quietly; it is no failure."""
    today = timezone.localdate()
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    services.invoice_cancel(invoice_id=draft_for(order).pk, actor=Actor.SYSTEM)
    extra = services.invoice_add_extra(
        member=member, order_id=order.pk, planned_date=today, lines=[{**LINE, "unit_price": 800}]
    )
    services.invoice_transition(invoice_id=extra.pk, event="release", actor=Actor.STAFF, user=staff)
    failures: list[str] = []
    assert services.invoice_issue_due(today=today, failures=failures) == 0
    assert failures == [] and services.last_issue_failure(extra) is None
    assert services.invoice_issue_due(today=today + timedelta(days=2), failures=failures) == 1
