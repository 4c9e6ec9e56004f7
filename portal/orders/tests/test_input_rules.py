"""Input rules of DESIGN §4 enforced by the order services and visible in the order form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.orders.models import Order
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_member_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(member, entities, customer):
    return complete_order(member, entities["SC"], customer)


def edit_data(order, **extra):
    """The order form as the browser posts it for ``order``, with its stored lines and planned invoices."""
    lines = list(order.lines.all())
    planned = list(order.planned_invoices.all())
    data = form_data(
        order.entity,
        order.client,
        **{
            "lines-TOTAL_FORMS": str(len(lines)),
            "lines-INITIAL_FORMS": str(len(lines)),
            "planned-TOTAL_FORMS": str(len(planned)),
            "planned-INITIAL_FORMS": str(len(planned)),
            "save": "",
        },
    )
    for key in [key for key in data if key.startswith(("lines-0", "lines-1", "planned-0"))]:
        del data[key]
    for index, line in enumerate(lines):
        data.update(
            {
                f"lines-{index}-id": str(line.pk),
                f"lines-{index}-description": line.description,
                f"lines-{index}-quantity": str(line.quantity),
                f"lines-{index}-unit": line.unit,
                f"lines-{index}-unit_price": str(line.unit_price),
                f"lines-{index}-vat_rate": str(line.vat_rate),
            }
        )
    for index, item in enumerate(planned):
        data.update(
            {
                f"planned-{index}-id": str(item.pk),
                f"planned-{index}-date": item.date.isoformat(),
                f"planned-{index}-amount": str(item.amount),
            }
        )
    data.update(extra)
    return data


def new_line(index: int, description: str, quantity="1", unit_price="100.00", vat_rate="19.00") -> dict:
    return {
        f"lines-{index}-description": description,
        f"lines-{index}-quantity": quantity,
        f"lines-{index}-unit": "Tag",
        f"lines-{index}-unit_price": unit_price,
        f"lines-{index}-vat_rate": vat_rate,
    }


def test_deleting_a_line_works(member_http, order):
    response = member_http.post(
        reverse("orders:edit", args=[order.pk]),
        edit_data(order, **{"lines-TOTAL_FORMS": "2", **new_line(1, "Zweiter Tag")}),
    )
    assert response.status_code == 302
    assert order.lines.count() == 2
    response = member_http.post(reverse("orders:edit", args=[order.pk]), edit_data(order, **{"lines-0-DELETE": "on"}))
    assert response.status_code == 302
    assert list(order.lines.values_list("description", flat=True)) == ["Zweiter Tag"]
    assert Order.objects.get(pk=order.pk).net_total == 100


def test_overflowing_amounts_are_refused_and_every_page_still_renders(member_http, order):
    """9 999 999.999 times 9 999 999 999.99 used to be stored and broke every later read on SQLite."""
    data = edit_data(order, **{"lines-0-quantity": "9999999.999", "lines-0-unit_price": "9999999999.99"})
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1,000,000" in html or "1.000.000" in html
    assert response.context["lines"].forms[0]["quantity"].value() == "9999999.999"  # input kept
    assert Order.objects.get(pk=order.pk).net_total == 1000
    for name in ("dashboard", "orders:list"):
        assert member_http.get(reverse(name)).status_code == 200


def test_the_order_net_total_is_limited(member_http, order):
    data = edit_data(
        order,
        **{
            "lines-0-quantity": "1000000",
            "lines-0-unit_price": "11.00",
        },
    )
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert response.status_code == 200
    assert "10.000.000,00" in response.content.decode()
    assert Order.objects.get(pk=order.pk).net_total == 1000


def test_negative_prices_are_refused(member_http, order):
    response = member_http.post(
        reverse("orders:edit", args=[order.pk]),
        edit_data(order, **{"lines-TOTAL_FORMS": "2", **new_line(1, "Rabatt", unit_price="-100.00")}),
    )
    assert response.status_code == 200
    assert order.lines.count() == 1


def test_vat_rates_are_those_of_the_entity_country(member_http, member, entities, customer, order):
    response = member_http.post(
        reverse("orders:edit", args=[order.pk]), edit_data(order, **{"lines-0-vat_rate": "20.00"})
    )
    assert response.status_code == 200
    assert "vat_rate" in response.context["lines"].forms[0].errors
    assert order.lines.get().vat_rate == 19


def test_the_service_refuses_what_a_form_let_through(member, order):
    """Whoever calls the service (back office, command, API): the rules hold without the form."""
    from portal.core.errors import BusinessError
    from portal.orders.services import order_save_draft

    line = order.lines.get()
    rows = [{"id": line.pk, "description": "x", "quantity": 1, "unit": line.unit, "unit_price": 10, "vat_rate": 13}]
    with pytest.raises(BusinessError, match="13 %"):
        order_save_draft(member=member, order_id=order.pk, values={}, lines=rows, planned=[])
    assert order.lines.get().vat_rate == 19  # rolled back
    assert order.planned_invoices.exists()


def test_austrian_orders_take_austrian_rates(member, entities, customer):
    from portal.accounts.models import Role
    from portal.orders.services import order_check_amounts

    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["AT"])
    austrian = complete_order(member, entities["AT"], customer)
    austrian.lines.update(vat_rate=20)
    order_check_amounts(austrian)  # no error
    austrian.lines.update(vat_rate=19)
    from portal.core.errors import BusinessError

    with pytest.raises(BusinessError):
        order_check_amounts(austrian)


def test_planned_invoice_dates_cannot_be_in_the_past_at_submission(member_http, order):
    from datetime import timedelta

    from django.utils import timezone

    order.planned_invoices.update(date=timezone.localdate() - timedelta(days=1))
    member_http.post(reverse("orders:submit", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == "draft"
    page = member_http.get(reverse("orders:edit", args=[order.pk]) + "?check=1")
    assert "planned_invoices" in page.context["problems"]


def test_lines_keep_their_entry_order(member_http, order):
    data = edit_data(order, **{"lines-TOTAL_FORMS": "3", **new_line(1, "Zweitens"), **new_line(2, "Drittens")})
    member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert list(order.lines.values_list("description", flat=True)) == ["Workshoptag", "Zweitens", "Drittens"]
    data = edit_data(order, **{"lines-TOTAL_FORMS": "4", **new_line(3, "Viertens")})
    member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert list(order.lines.values_list("description", flat=True)) == [
        "Workshoptag",
        "Zweitens",
        "Drittens",
        "Viertens",
    ]


def test_an_empty_form_creates_no_draft(member_http, entities):
    data = {
        "entity": entities["SC"].pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-unit": "Stk.",  # the blank row as the browser sends it
        "planned-TOTAL_FORMS": "1",
        "planned-INITIAL_FORMS": "0",
        "save": "",
    }
    response = member_http.post(reverse("orders:create"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Order.objects.exists()


def test_a_discount_is_entered_on_the_order_not_as_a_negative_line(member_http, order):
    data = edit_data(order, discount_kind="percent", discount_value="10", discount_reason="Stammkunde")
    data["planned-0-amount"] = "900.00"
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert response.status_code == 302
    order.refresh_from_db()
    totals = order.totals()
    assert (order.net_total, totals.allowance, totals.gross) == (900, 100, Decimal("1071.00"))
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Stammkunde" in html and "−100,00 EUR" in html
    preview = member_http.post(reverse("orders:totals_preview"), data, HTTP_HX_REQUEST="true")
    assert preview.context["totals"].net == 900


@pytest.mark.parametrize(("kind", "value"), [("percent", "100.01"), ("amount", "1000.01"), ("amount", "-1")])
def test_a_discount_cannot_exceed_the_lines(member_http, order, kind, value):
    response = member_http.post(
        reverse("orders:edit", args=[order.pk]), edit_data(order, discount_kind=kind, discount_value=value)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    order.refresh_from_db()
    assert order.discount_kind == ""


def test_a_zero_rate_line_for_a_domestic_client_needs_the_exemption(member_http, order):
    from portal.orders.services import submission_problems

    order.lines.update(vat_rate=0)
    assert "vat_exemption" in submission_problems(order)
    order.vat_exemption = "§ 4 Nr. 21 UStG"
    order.save()
    assert "vat_exemption" not in submission_problems(order)


def test_the_line_form_offers_only_the_entity_countrys_rates(member_http, order):
    form = member_http.get(reverse("orders:edit", args=[order.pk])).context["lines"].forms[0]
    offered = [str(value) for value, _ in form.fields["vat_rate"].choices if value != ""]
    assert offered == ["19.00", "7.00", "0.00"]


def test_a_refused_monthly_plan_keeps_what_was_typed(member_http, order):
    data = edit_data(order, plan_monthly="", first_date="9999-12-31", months="12")
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="9999-12-31"' in html and 'value="12"' in html
    assert order.planned_invoices.count() == 1


def test_reasons_and_comments_are_letters_not_documents(member, staff, order):
    from portal.core.errors import BusinessError
    from portal.core.transitions import Actor
    from portal.orders.services import TEXT_LIMIT, order_comment, order_transition
    from portal.orders.transitions import Event

    with pytest.raises(BusinessError) as refused:
        order_comment(order=order, author=staff, body="x" * (TEXT_LIMIT + 1), by_staff=True)
    assert refused.value.field == "body"
    order_comment(order=order, author=staff, body="x" * TEXT_LIMIT, by_staff=True)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    with pytest.raises(BusinessError) as refused:
        order_transition(order_id=order.pk, event=Event.REJECT, actor=Actor.STAFF, user=staff, reason="y" * 4001)
    assert refused.value.field == "reason"
