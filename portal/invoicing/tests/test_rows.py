"""Invoice table rows are the same whether read as plain values or from invoices loaded as models."""

from collections import namedtuple
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

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


#: The shape of ``values_list(*ROW_VALUES, named=True)``.
ROW = namedtuple("ROW", rows.ROW_VALUES)  # type: ignore[misc]


def table_rows() -> list[object]:
    """Rows covering every branch of the table: drafts and issued invoices, cancellations, overdue,
    one's own, and text that needs escaping."""
    base = {
        "pk": 7,
        "kind": Invoice.Kind.INVOICE,
        "status": "issued",
        "title": 'Logo <b>"neu"</b> & Co',
        "number": "2026-0001",
        "issue_date": date(2026, 3, 1),
        "planned_date": None,
        "due_date": date(2026, 3, 15),
        "net_total": Decimal("1000.00"),
        "gross_total": Decimal("1190.00"),
        "member_id": 3,
        "client__name": "Müller & <Söhne>",
        "member__first_name": "Ada",
        "member__last_name": "L'ovelace",
    }
    return [
        ROW(**base),
        ROW(**base | {"pk": 8, "member_id": 4, "due_date": date(2026, 12, 31), "status": "paid"}),
        ROW(**base | {"pk": 9, "number": "", "issue_date": None, "planned_date": date(2026, 4, 1), "status": "draft"}),
        ROW(**base | {"pk": 10, "kind": Invoice.Kind.CANCELLATION, "gross_total": Decimal("-1190.00")}),
        ROW(**base | {"pk": 11, "member__first_name": "", "member__last_name": ""}),
    ]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("staff", [False, True])
def test_invoice_table_writes_what_a_template_loop_over_the_rows_wrote(staff, language):
    """The table body is written in Python; the same HTML as the template loop it replaced."""
    loop = (
        "    {% for row in rows %}\n"
        '      <tr data-href="{{ row.url }}" tabindex="0">\n'
        '        <td data-label="{{ date_label }}">{{ row.date }}</td>\n'
        '        <td class="text-nowrap d-none d-sm-table-cell">{{ row.number|default:"–" }}</td>\n'
        '        <td class="stack-title"><a href="{{ row.url }}">{{ row.title }}</a>{% if row.is_cancellation %}'
        ' <span class="badge text-bg-light">{{ cancellation_label }}</span>{% endif %}<div class="small '
        'text-body-secondary d-md-none">{% if row.number %}<span class="d-sm-none">{{ row.number }} · </span>'
        "{% endif %}{{ row.client_name }}</div></td>\n"
        '        <td class="d-none d-md-table-cell">{{ row.client_name }}</td>\n'
        '        {% if staff_links %}<td class="d-none d-lg-table-cell">{{ row.member_name }}{% if row.own %} '
        '{% include "backoffice/own_badge.html" %}{% endif %}</td>{% endif %}\n'
        '        <td class="text-end text-nowrap stack-amount" data-label="{{ gross_label }}">{{ row.gross_total }}'
        "</td>\n"
        '        <td class="stack-status">{{ row.status }}{% if row.overdue %} <span class="badge text-bg-danger">'
        "{{ overdue_label }}</span>{% endif %}</td>\n"
        '        <td class="text-nowrap">{% if row.pdf_url %}<a href="{{ row.pdf_url }}" class="me-2" title="PDF">'
        '<i class="bi bi-file-earmark-pdf" aria-hidden="true"></i><span class="visually-hidden">{{ row.pdf_label }}'
        '</span></a><a href="{{ row.xml_url }}" title="{{ xml_title }}"><i class="bi bi-filetype-xml" '
        'aria-hidden="true"></i><span class="visually-hidden">{{ row.xml_label }}</span></a>{% endif %}</td>\n'
        "      </tr>\n"
        "    {% endfor %}\n"
    )
    source = (settings.BASE_DIR / "portal/templates/invoicing/invoice_table.html").read_text()
    body = (
        "    {% invoice_table_body rows staff_links date_label gross_label cancellation_label overdue_label"
        " xml_title %}\n"
    )
    assert body in source
    context = {"invoices": table_rows(), "staff_links": staff, "user": SimpleNamespace(pk=3, is_authenticated=True)}
    with translation.override(language):
        written = Template(source).render(Context(context))
        looped = Template(source.replace(body, loop)).render(Context(context))
    assert written == looped
    assert written.count("<tr data-href") == 5 and "Müller &amp; &lt;Söhne&gt;" in written
    assert ('data-testid="own-badge"' in written) == staff
