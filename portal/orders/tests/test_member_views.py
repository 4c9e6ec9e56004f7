import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from portal.core.errors import BusinessError
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_plan_monthly
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_attachments import PDF

pytestmark = pytest.mark.django_db


def form_data(entity, client, **extra):
    today = timezone.localdate()
    data = {
        "entity": entity.pk,
        "client": client.pk,
        "contact_name": "Petra Kunde",
        "contact_email": "petra@abc.example",
        "title": "Fotoreportage",
        "description": "Reportage zum Jubiläum",
        "activity": "Fotografie",
        "service_start": today.isoformat(),
        "service_end": (today + timedelta(days=10)).isoformat(),
        "place_of_performance": "Berlin",
        "country_of_performance": "DE",
        "offer_valid_until": (today + timedelta(days=7)).isoformat(),
        "special_agreement": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Fototag",
        "lines-0-quantity": "1.5",
        "lines-0-unit": "Tag",
        "lines-0-unit_price": "800.00",
        "lines-0-vat_rate": "19.00",
        "lines-1-description": "Bildrechte",
        "lines-1-quantity": "1",
        "lines-1-unit": "Pauschale",
        "lines-1-unit_price": "300.00",
        "lines-1-vat_rate": "7.00",
        "planned-TOTAL_FORMS": "1",
        "planned-INITIAL_FORMS": "0",
        "planned-0-date": (today + timedelta(days=11)).isoformat(),
        "planned-0-amount": "1500.00",
    }
    return {**data, **extra}


@pytest.fixture
def customer(customer, member):
    """The member's own client: members choose only clients they created or already work with."""
    customer.created_by = member
    customer.save(update_fields=["created_by"])
    return customer


@pytest.fixture
def order(member, entities, customer):
    return complete_order(member, entities["SC"], customer)


def test_member_saves_a_draft_with_lines_and_totals(member, member_http, entities, customer):
    response = member_http.post(reverse("orders:create"), form_data(entities["SC"], customer, save=""))
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    assert order.status == OrderStatus.DRAFT and order.member == member
    assert str(order.net_total) == "1500.00"
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "1.500,00 EUR" in html  # net
    assert "1.449,00 EUR" not in html
    totals = order.totals()
    assert (str(totals.vat_by_rate[19]), str(totals.vat_by_rate[7]), str(totals.gross)) == (
        "228.00",
        "21.00",
        "1749.00",
    )
    assert "1.749,00 EUR" in html


def test_member_saves_and_submits_in_one_step(member_http, entities, customer):
    member_http.post(reverse("orders:create"), form_data(entities["SC"], customer, submit=""))
    assert Order.objects.get().status == OrderStatus.SMART_REVIEW


def test_incomplete_submission_keeps_the_draft_and_lists_what_is_missing(member_http, entities, customer):
    data = form_data(entities["SC"], customer, submit="", title="", **{"planned-0-amount": "100.00"})
    response = member_http.post(reverse("orders:create"), data, follow=True)
    order = Order.objects.get()
    assert order.status == OrderStatus.DRAFT
    assert set(response.context["problems"]) == {"title", "planned_invoices"}
    assert "Bitte gib dem Auftrag einen Titel." in response.content.decode()


def test_order_list_filters_and_searches(member, member_http, entities, customer, order):
    other = complete_order(member, entities["SC"], customer, title="Logo-Entwurf")
    Order.objects.filter(pk=other.pk).update(status=OrderStatus.ACTIVE)
    assert [row.pk for row in member_http.get(reverse("orders:list"), {"status": "active"}).context["page"]] == [
        other.pk
    ]
    assert [row.pk for row in member_http.get(reverse("orders:list"), {"q": "workshop"}).context["page"]] == [order.pk]


def test_quantities_are_shown_without_trailing_zeros(member_http, order):
    """The stored 2.000 would read as two thousand in German."""
    form = member_http.get(reverse("orders:edit", args=[order.pk])).context["lines"].forms[0]
    assert form["quantity"].value() == "2"


def test_delete_only_drafts(member_http, order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    member_http.post(reverse("orders:delete", args=[order.pk]))
    assert Order.objects.filter(pk=order.pk).exists()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DRAFT)
    member_http.post(reverse("orders:delete", args=[order.pk]))
    assert not Order.objects.filter(pk=order.pk).exists()


def test_duplicate_of_a_rejected_order_is_a_new_draft_without_dates(member_http, order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.REJECTED)
    member_http.post(reverse("orders:duplicate", args=[order.pk]))
    copy = Order.objects.exclude(pk=order.pk).get()
    assert copy.status == OrderStatus.DRAFT and copy.title == order.title and copy.client == order.client
    assert copy.lines.count() == 1 and copy.net_total == order.net_total
    assert copy.offer_valid_until is None and copy.service_start is None and not copy.planned_invoices.exists()


def test_cancellation_needs_a_reason(member_http, order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    member_http.post(reverse("orders:request_cancellation", args=[order.pk]), {"reason": ""})
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    member_http.post(reverse("orders:request_cancellation", args=[order.pk]), {"reason": "Projekt abgesagt"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLATION_REVIEW


@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff"])
def test_other_people_get_404_on_the_order(request, persona, order):
    http = logged_in(request.getfixturevalue(persona))
    for name in ("orders:detail", "orders:edit"):
        assert http.get(reverse(name, args=[order.pk])).status_code == 404
    for name in ("orders:submit", "orders:delete", "orders:duplicate", "orders:request_cancellation"):
        assert http.post(reverse(name, args=[order.pk]), {"reason": "x"}).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT and Order.objects.count() == 1


def test_dashboard_lists_the_latest_orders(member_http, order):
    html = member_http.get(reverse("dashboard")).content.decode()
    assert "Workshop Design Thinking" in html and reverse("orders:create") in html


def test_order_list_has_a_constant_query_count(member, member_http, entities, customer, django_assert_max_num_queries):
    for _ in range(30):
        complete_order(member, entities["SC"], customer)
    with django_assert_max_num_queries(8):
        assert member_http.get(reverse("orders:list")).status_code == 200
    with django_assert_max_num_queries(16):  # budget, news and community panels: dashboard/tests/test_attention.py
        assert member_http.get(reverse("dashboard")).status_code == 200


def test_live_totals_are_computed_server_side_from_unsaved_lines(member_http, entities, customer):
    data = form_data(entities["SC"], customer)
    response = member_http.post(reverse("orders:totals_preview"), data, HTTP_HX_REQUEST="true")
    totals = response.context["totals"]
    assert (str(totals.net), str(totals.vat), str(totals.gross)) == ("1500.00", "249.00", "1749.00")
    assert str(response.context["fee"].fee) == "135.00"  # 9 % of 1 500
    html = response.content.decode()
    assert "1.749,00 EUR" in html and "1.365,00 EUR" in html


def test_monthly_schedule_splits_the_total_to_the_cent(member, order):
    order_plan_monthly(member=member, order_id=order.pk, first_date=date(2027, 1, 31), months=3)
    planned = list(order.planned_invoices.values_list("date", "amount"))
    assert [str(day) for day, _ in planned] == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert [str(amount) for _, amount in planned] == ["333.33", "333.33", "333.34"]  # the last takes the cents


def test_monthly_schedule_from_the_order_form(member_http, order):
    data = form_data(order.entity, order.client, **{"lines-TOTAL_FORMS": "1", "planned-TOTAL_FORMS": "0"})
    data.update({"plan_monthly": "", "first_date": "2027-01-15", "months": "4", "lines-1-description": ""})
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert response["Location"] == reverse("orders:edit", args=[order.pk])
    amounts = list(order.planned_invoices.values_list("amount", flat=True))
    assert len(amounts) == 4 and sum(amounts) == order.totals().net


def test_monthly_schedule_refuses_silly_input(member, order):
    with pytest.raises(BusinessError):
        order_plan_monthly(member=member, order_id=order.pk, first_date=date(2027, 1, 1), months=0)


def test_order_detail_shows_the_mail_history(member_http, order, staff, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    from portal.core.transitions import Actor
    from portal.orders.services import order_transition
    from portal.orders.transitions import Event

    order_transition(order_id=order.pk, event=Event.REJECT, actor=Actor.STAFF, user=staff, reason="Kein Auftrag")
    emails = list(member_http.get(reverse("orders:detail", args=[order.pk])).context["emails"])
    assert [email.template for email in emails] == ["order_event"]


def test_control_characters_never_reach_an_order(member, member_http, entities, customer):
    """They cannot become XML: an order holding one could never be invoiced."""
    data = form_data(
        entities["SC"],
        customer,
        title="Ctl\x01\x02\x1b[31m title",
        description="a\x0b\x0c\x1fb\tc\r\nd",
        **{"lines-0-description": "Foto\x08\x1etag"},
    )
    assert member_http.post(reverse("orders:create"), data).status_code == 302
    order = Order.objects.get(member=member, title__endswith="title")
    assert (order.title, order.description) == ("Ctl[31m title", "ab\tc\r\nd")
    assert order.lines.filter(description="Fototag").exists()


# --- a row removed in another tab ---------------------------------------------------------------------


def _edit_with_rows(member_http, order, entities, customer, **rows):
    """The edit form sent with ``rows`` (line and planned invoice fields) instead of the typed-in rows."""
    data = form_data(entities["SC"], customer, save="", title="Getippter Titel")
    data = {key: value for key, value in data.items() if not key.startswith(("lines-", "planned-"))}
    data.update({"lines-TOTAL_FORMS": "1", "planned-TOTAL_FORMS": "1", **rows})
    return member_http.post(reverse("orders:edit", args=[order.pk]), data)


STORED_LINE = {
    "lines-0-description": "Getippte Position",
    "lines-0-quantity": "2",
    "lines-0-unit": "DAY",
    "lines-0-unit_price": "500.00",
    "lines-0-vat_rate": "19.00",
}


def _stored_rows(order, line_id: str, planned_id: str) -> dict[str, str]:
    """The order's one line (as ``STORED_LINE``) and its one planned invoice, sent under the given ids."""
    return {
        **STORED_LINE,
        **{"lines-INITIAL_FORMS": "1", "lines-0-id": line_id},
        **{"planned-INITIAL_FORMS": "1", "planned-0-id": planned_id},
        **{"planned-0-date": order.planned_invoices.get().date.isoformat(), "planned-0-amount": "1000.00"},
    }


@pytest.mark.parametrize(
    ("stale", "message"),
    [
        ("lines", "This order was changed meanwhile (a line no longer exists). Please reload the page."),
        ("planned", "This order was changed meanwhile (a planned invoice no longer exists). Please reload the page."),
    ],
)
def test_a_row_removed_in_another_tab_is_named_and_the_input_stays(
    member, member_http, entities, customer, order, stale, message
):
    member.language = "en"
    member.save(update_fields=["language"])
    ids = {"lines": str(order.lines.get().pk), "planned": str(order.planned_invoices.get().pk), stale: "999999"}
    response = _edit_with_rows(
        member_http, order, entities, customer, **_stored_rows(order, ids["lines"], ids["planned"])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="{stale}-errors">{message}</div>' in page  # above the rows
    assert page.count(message) == 2  # and at the top of the page, seen without scrolling
    assert 'value="Getippter Titel"' in page and 'value="Getippte Position"' in page
    order.refresh_from_db()
    assert order.title == "Workshop Design Thinking"


def test_the_stored_rows_still_save(member_http, entities, customer, order):
    """The control of the test above: the same form with the rows' real ids is saved."""
    rows = _stored_rows(order, str(order.lines.get().pk), str(order.planned_invoices.get().pk))
    response = _edit_with_rows(member_http, order, entities, customer, **rows)
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.title == "Getippter Titel" and order.lines.get().description == "Getippte Position"


def test_a_removed_row_marked_for_removal_is_no_problem(member_http, entities, customer, order):
    line = order.lines.get()
    response = _edit_with_rows(
        member_http,
        order,
        entities,
        customer,
        **{**STORED_LINE, "lines-0-description": "Neu"},
        **{"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "1", "lines-0-id": "999999", "lines-0-DELETE": "on"},
        **{key.replace("lines-0-", "lines-1-"): value for key, value in STORED_LINE.items()},
        **{"planned-INITIAL_FORMS": "0", "planned-0-date": order.planned_invoices.get().date.isoformat()},
        **{"planned-0-amount": "1000.00"},
    )
    assert response.status_code == 302
    assert not order.lines.filter(pk=line.pk).exists()
    assert order.lines.get().description == "Getippte Position"


# --- messages, long words and narrow screens ---------------------------------------------------------


def test_what_is_missing_before_sending_reads_as_separate_sentences(member_http, entities, customer):
    data = form_data(entities["SC"], customer, submit="", title="", contact_email="")
    page = member_http.post(reverse("orders:create"), data, follow=True).content.decode()
    problems = page[page.index('data-testid="submission-problems"') :]
    problems = problems[: problems.index("</ul>")]
    assert problems.count("<li>") == 2
    assert "</li><li>" not in problems  # text extraction and copying would run the sentences together
    assert re.search(r"</a></li>\s+<li>", problems)


def test_long_words_break_on_the_order_page(member_http, order):
    title = "Fotos" + "Jahreshauptversammlung" * 5
    Order.objects.filter(pk=order.pk).update(title=title)
    file = {"kind": "attachment", "file": SimpleUploadedFile("ablaufplan.pdf", PDF), "shared_with_client": "on"}
    member_http.post(reverse("orders:attach", args=[order.pk]), file)
    page = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert f'<h1 class="page-title mb-0 text-break">{title}</h1>' in page
    files = page[page.index('id="files-heading"') :]
    files = files[: files.index("</section>")]
    assert "Freigabe aufheben" in files
    # The file's row wraps its buttons below the name, and a button's text may wrap too.
    assert '<li class="list-group-item d-flex flex-wrap justify-content-between' in files
    assert "text-nowrap" not in files


def _column_of(page: str, field_id: str) -> list[str]:
    """The grid classes of the column holding the field ``field_id``."""
    found = re.search(rf'<div class="([^"]*)"><div class="mb-3"><label class="form-label" for="{field_id}"', page)
    assert found, field_id
    return found.group(1).split()


def test_amount_fields_get_half_the_row_on_small_screens(member_http):
    """At 375 px a third of the row showed '999999' of 999 999,99 and '67.89' of 1 234 567,89."""
    page = member_http.get(reverse("orders:create")).content.decode()
    for field in ("quantity", "unit", "unit_price"):
        assert _column_of(page, f"id_lines-0-{field}") == ["col-6", "col-md-3", "col-lg-2"]
    assert _column_of(page, "id_lines-0-description") == ["col-12", "col-lg"]
    # The planned invoice's date takes a row of its own where the column is narrow; the amount the next.
    assert _column_of(page, "id_planned-0-date") == ["col-12", "col-sm", "col-lg-12", "col-xl"]
    assert _column_of(page, "id_planned-0-amount") == ["col"]
