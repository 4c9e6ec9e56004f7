"""``order_save_draft`` takes plain data (ids and values), so every caller gets the same rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.core.errors import BusinessError
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_save_draft
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_member_views import customer  # noqa: F401 (the member's own client)

pytestmark = pytest.mark.django_db


def line(description: str, price: str = "100.00", **extra) -> dict:
    return {"description": description, "quantity": Decimal("1"), "unit": "HUR", "unit_price": Decimal(price)} | {
        "vat_rate": Decimal("19.00"),
        **extra,
    }


def test_a_new_draft_stores_its_rows_in_the_order_given(member, entities, customer):  # noqa: F811
    in_a_week = timezone.localdate() + timedelta(days=7)
    order = order_save_draft(
        member=member,
        order_id=None,
        values={"entity_id": entities["SC"].pk, "client_id": customer.pk, "title": "Workshop"},
        lines=[line("Vorbereitung"), line("Durchführung", "200.00")],
        planned=[{"date": in_a_week, "amount": Decimal("300.00")}],
    )
    assert order.status == OrderStatus.DRAFT and order.member == member
    assert [row.description for row in order.lines.order_by("position")] == ["Vorbereitung", "Durchführung"]
    assert order.net_total == Decimal("300.00")
    assert list(order.planned_invoices.values_list("date", "amount")) == [(in_a_week, Decimal("300.00"))]


def test_rows_left_out_are_removed_and_rows_with_an_id_are_changed(member, entities, customer):  # noqa: F811
    order = complete_order(member, entities["SC"], customer)
    kept = order.lines.get()
    order_save_draft(
        member=member,
        order_id=order.pk,
        values={"title": "Neu"},
        lines=[line("Neu davor"), line("Geändert", id=kept.pk)],
        planned=[],
    )
    order.refresh_from_db()
    assert order.title == "Neu"
    rows = list(order.lines.order_by("position"))
    assert [row.description for row in rows] == ["Neu davor", "Geändert"]
    assert rows[1].pk == kept.pk
    assert not order.planned_invoices.exists()


def test_a_row_of_another_order_cannot_be_taken_over(member, entities, customer):  # noqa: F811
    mine = complete_order(member, entities["SC"], customer)
    other = complete_order(member, entities["SC"], customer)
    foreign = other.lines.get()
    with pytest.raises(BusinessError):
        order_save_draft(member=member, order_id=mine.pk, values={}, lines=[line("x", id=foreign.pk)], planned=[])
    assert other.lines.get().description == foreign.description


def test_entity_status_unknown_fields_and_limits_are_the_service_s_rules(member, member2, entities, customer):  # noqa: F811
    with pytest.raises(BusinessError) as caught:  # the member works only with SC
        order_save_draft(
            member=member, order_id=None, values={"entity_id": entities["AT"].pk, "title": "x"}, lines=[], planned=[]
        )
    assert caught.value.field == "entity"
    with pytest.raises(ValueError):  # e.g. a form that slipped the status in
        order_save_draft(member=member, order_id=None, values={"status": "active"}, lines=[], planned=[])
    with pytest.raises(BusinessError):
        order_save_draft(
            member=member,
            order_id=None,
            values={"entity_id": entities["SC"].pk, "title": "x" * 1000},
            lines=[],
            planned=[],
        )
    order = complete_order(member, entities["SC"], customer)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    with pytest.raises(BusinessError):
        order_save_draft(member=member, order_id=order.pk, values={"title": "später"}, lines=[], planned=[])
    with pytest.raises(Order.DoesNotExist):  # another member's order does not exist for them
        order_save_draft(member=member2, order_id=order.pk, values={"title": "fremd"}, lines=[], planned=[])
    assert Order.objects.count() == 1
