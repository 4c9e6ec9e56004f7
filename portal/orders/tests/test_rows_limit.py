"""Forms for many rows refuse an absurd number of rows at once (no thousands of empty forms)."""

import pytest
from django.urls import reverse

from portal.orders.models import Order
from portal.orders.tests.test_member_views import form_data

pytestmark = pytest.mark.django_db


def test_a_billion_line_rows_are_refused_quickly(member_http, entities, customer, django_assert_max_num_queries):
    data = form_data(entities["SC"], customer, save="", **{"lines-TOTAL_FORMS": "999999999"})
    response = member_http.post(reverse("orders:create"), data)
    assert response.status_code == 200
    assert len(response.context["lines"].forms) <= 200
    assert response.context["lines"].non_form_errors()
    assert not Order.objects.exists()
