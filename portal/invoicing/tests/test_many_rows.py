"""Invoice lines, many in one POST: the member's extra invoice and the Smart team's draft edit store
exactly the rows shown (rows removed in the page are left out or marked deleted), and a refused POST
shows every typed row again with its error beside it."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for

pytestmark = pytest.mark.django_db


def line(index: int, description: str, price: str, **extra: str) -> dict[str, str]:
    return {
        f"lines-{index}-description": description,
        f"lines-{index}-quantity": "1",
        f"lines-{index}-unit": "DAY",
        f"lines-{index}-unit_price": price,
        f"lines-{index}-vat_rate": "19.00",
        **{f"lines-{index}-{name}": value for name, value in extra.items()},
    }


@pytest.fixture
def order(member, entities):
    """An active order of 2 400 EUR net whose planned invoice was cancelled: all of it can be invoiced."""
    order = active_order(member, entities["SC"], client_in("DE"), [DESIGN])
    services.invoice_cancel(invoice_id=draft_for(order).pk, actor=Actor.SYSTEM)
    return order


def extra_invoice(order, rows: int, **lines: str) -> dict[str, str]:
    return {
        "order": str(order.pk),
        "planned_date": timezone.localdate().isoformat(),
        "lines-TOTAL_FORMS": str(rows),
        "lines-INITIAL_FORMS": "0",
        **lines,
    }


def test_three_lines_in_one_post_one_of_them_removed(member_http, order):
    data = extra_invoice(
        order,
        3,
        **line(0, "Konzept", "100.00"),
        **line(1, "Entwurf", "200.00", DELETE="on"),
        **line(2, "Satz", "300.00"),
    )
    response = member_http.post(reverse("invoicing:create"), data)
    invoice = order.invoices.get(planned_invoice__isnull=True)
    assert response["Location"] == reverse("invoicing:detail", args=[invoice.pk])
    assert list(invoice.lines.values_list("description", flat=True)) == ["Konzept", "Satz"]
    assert invoice.net_total == Decimal("400.00")


def test_a_refused_extra_invoice_shows_every_typed_row(member_http, order):
    data = extra_invoice(
        order, 3, **line(0, "Konzept", "100.00"), **line(1, "Entwurf", ""), **line(2, "Satz", "300.00")
    )
    response = member_http.post(reverse("invoicing:create"), data)
    assert response.status_code == 200 and not order.invoices.filter(planned_invoice__isnull=True).exists()
    html = response.content.decode()
    for typed in ("Konzept", "Entwurf", "Satz"):
        assert f'value="{typed}"' in html
    assert 'name="lines-TOTAL_FORMS" value="3"' in html
    price = re.search(r'<input[^>]*name="lines-1-unit_price"[^>]*>', html).group(0)
    assert 'aria-describedby="id_lines-1-unit_price_error"' in price
    assert 'id="id_lines-1-unit_price_error"' in html


def test_the_new_invoice_form_has_one_row_and_a_row_to_copy(member_http, order):
    html = member_http.get(reverse("invoicing:create")).content.decode()
    assert 'name="lines-TOTAL_FORMS" value="1"' in html
    assert html.count('data-testid="line-row"') == 2  # the row and the <template> row
    assert 'name="lines-__prefix__-unit_price"' in html
    assert 'name="lines-0-DELETE"' in html  # without script: a checkbox removes the row


def test_staff_remove_a_stored_line_and_add_two(member, staff_http, order):
    draft = draft_for(active_order(member, order.entity, client_in("DE"), [DESIGN]))
    form = {
        "title": draft.title,
        "planned_date": draft.planned_date.isoformat(),
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "1",
        **line(0, "Designtag", "800.00", DELETE="on"),
        **line(1, "Konzept", "1000.00"),
        **line(2, "Reisekosten", "50.00"),
    }
    response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), form)
    assert response.status_code == 302
    assert list(draft.lines.values_list("description", flat=True)) == ["Konzept", "Reisekosten"]
    draft.refresh_from_db()
    assert draft.net_total == Decimal("1050.00")


def test_staff_see_a_stored_line_they_removed_still_removed_after_an_error(member, staff_http, order):
    draft = draft_for(active_order(member, order.entity, client_in("DE"), [DESIGN]))
    form = {
        "title": "",  # required
        "planned_date": draft.planned_date.isoformat(),
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        **line(0, "Designtag", "800.00", DELETE="on"),
        **line(1, "Konzept", "1000.00"),
    }
    response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), form)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input type="checkbox" name="lines-0-DELETE"[^>]*checked', html)
    assert 'value="Konzept"' in html
    assert draft.lines.count() == 1
