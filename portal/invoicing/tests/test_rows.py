"""Invoice table rows are the same whether read as plain values or from invoices loaded as models."""

from datetime import timedelta

import pytest

from portal.invoicing import rows
from portal.invoicing.models import Invoice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("staff", [False, True])
def test_rows_from_values_and_from_models_agree(draft, issued, staff, django_assert_num_queries):
    today = issued.due_date + timedelta(days=1)
    invoices = Invoice.objects.order_by("pk")
    with django_assert_num_queries(1):
        from_values = rows.invoice_rows(rows.for_rows(invoices), staff=staff, user_id=issued.member_id, today=today)
    models = invoices.select_related("client", "member")
    from_models = rows.invoice_rows(models, staff=staff, user_id=issued.member_id, today=today)
    assert from_values == from_models
    by_pk = {row.pk: row for row in from_values}
    assert by_pk[issued.pk].overdue and by_pk[issued.pk].pdf_url and not by_pk[draft.pk].pdf_url
    assert by_pk[issued.pk].member_name == (issued.member.get_full_name() if staff else "")
    assert by_pk[issued.pk].own == staff
