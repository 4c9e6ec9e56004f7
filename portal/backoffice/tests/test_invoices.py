import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from portal.accounts.models import Role
from portal.core.models import OutboundEmail
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.invoicing import services
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, client_in, issued_invoice

pytestmark = pytest.mark.django_db


def detail(invoice) -> str:
    return reverse("backoffice:invoice_detail", args=[invoice.pk])


def act(http, invoice, event: str, reason: str = ""):
    return http.post(reverse("backoffice:invoice_act", args=[invoice.pk]), {"event": event, "reason": reason})


def page_text(response) -> str:
    return response.content.decode()


def test_list_shows_the_entitys_invoices_with_filters(staff_http, member, entities, issued, draft):
    other = issued_invoice(member, entities["BW"], client_in("DE", name="Bildung GmbH"), [DESIGN])
    response = staff_http.get(reverse("backoffice:invoice_list"))
    assert {invoice.pk for invoice in response.context["page"]} == {issued.pk, draft.pk}  # SC only
    assert other.pk not in {invoice.pk for invoice in response.context["page"]}

    def listed(**query):
        return {invoice.pk for invoice in staff_http.get(reverse("backoffice:invoice_list"), query).context["page"]}

    assert listed(status="draft") == {draft.pk}
    assert listed(q=issued.number) == {issued.pk}
    assert listed(date_from=issued.issue_date.isoformat(), date_to=issued.issue_date.isoformat()) == {issued.pk}
    assert listed(overdue="on") == set()


def test_overdue_filter_uses_the_due_date(staff_http, issued, time_machine):
    time_machine.move_to(issued.due_date + timedelta(days=1))
    response = staff_http.get(reverse("backoffice:invoice_list"), {"overdue": "on"})
    assert [invoice.pk for invoice in response.context["page"]] == [issued.pk]
    assert "überfällig" in page_text(response)


def test_entity_filter_offers_only_the_logins_staff_entities(staff, staff_http, member, entities, issued):
    bw_invoice = issued_invoice(member, entities["BW"], client_in("DE", name="Bildung GmbH"), [DESIGN])
    at_invoice = issued_invoice(member, entities["AT"], client_in("AT"), [DESIGN])
    form = staff_http.get(reverse("backoffice:invoice_list")).context["form"]
    assert [code for code, _ in form.fields["entity"].choices] == ["", "SC"]
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["BW"])
    everything = staff_http.get(reverse("backoffice:invoice_list"), {"entity": ""}).context["page"]
    assert {invoice.pk for invoice in everything} == {issued.pk, bw_invoice.pk}
    assert at_invoice.pk not in {invoice.pk for invoice in everything}
    only_bw = staff_http.get(reverse("backoffice:invoice_list"), {"entity": "BW"}).context["page"]
    assert [invoice.pk for invoice in only_bw] == [bw_invoice.pk]
    assert staff_http.get(reverse("backoffice:invoice_list"), {"entity": "AT"}).status_code == 200
    assert staff_http.get(detail(at_invoice)).status_code == 404


def test_bad_filter_input_is_reported_not_fatal(staff_http, issued):
    response = staff_http.get(
        reverse("backoffice:invoice_list"), {"date_from": "31.02.2026", "date_to": "2026-12-31", "status": "nonsense"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"date_from", "status"}
    assert issued.pk in {invoice.pk for invoice in response.context["page"]}
    reversed_range = staff_http.get(
        reverse("backoffice:invoice_list"), {"date_from": "2026-12-01", "date_to": "2026-01-01"}
    )
    assert "date_to" in reversed_range.context["form"].errors


def test_list_has_a_constant_query_count(staff_http, member, entities, django_assert_max_num_queries):
    client = client_in("DE")
    issued_invoice(member, entities["SC"], client, [DESIGN])
    with django_assert_max_num_queries(9):
        staff_http.get(reverse("backoffice:invoice_list"))
    for _ in range(4):
        issued_invoice(member, entities["SC"], client, [DESIGN])
    with django_assert_max_num_queries(9):
        assert len(staff_http.get(reverse("backoffice:invoice_list")).context["page"]) == 5


def test_csv_export_follows_the_filters(staff_http, member, entities, issued, draft):
    prankster = client_in("DE", name="=HYPERLINK(evil)")
    issued_invoice(member, entities["SC"], prankster, [DESIGN])
    response = staff_http.get(reverse("backoffice:invoice_export"), {"status": "issued"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nummer", "Art", "Status"]
    assert len(rows) == 3  # header + the two issued invoices, not the draft
    row = next(row for row in rows if row[0] == issued.number)
    assert row[2] == "Gestellt" and row[12] == "2856,00" and row[14] == "2856,00"
    assert any(row[7] == "'=HYPERLINK(evil)" for row in rows)


def test_staff_edit_a_draft_awaiting_changes_and_release_it(member, staff, staff_http, draft):
    services.invoice_transition(
        invoice_id=draft.pk, event="request_changes", actor=Actor.MEMBER, user=member, reason="Bitte 4 Tage"
    )
    edit_page = staff_http.get(reverse("backoffice:invoice_edit", args=[draft.pk]))
    assert edit_page.context["lines"].forms[0]["quantity"].value() == "3"
    page = staff_http.get(detail(draft))
    assert "Bitte 4 Tage" in page_text(page)
    assert "Mitglied hat Änderungen angefragt" in page_text(page)  # the history names its steps
    assert staff_http.get(reverse("backoffice:home")).context["invoice_count"] == 1
    form = {
        "title": "Design (korrigiert)",
        "description": "Zwei Designtage",
        "planned_date": draft.planned_date.isoformat(),
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "1",
        "lines-0-description": "Designtag",
        "lines-0-quantity": "2",
        "lines-0-unit": "Tag",
        "lines-0-unit_price": "800.00",
        "lines-0-vat_rate": "19.00",
        "lines-1-description": "Reisekosten",
        "lines-1-quantity": "1",
        "lines-1-unit": "Stk.",
        "lines-1-unit_price": "50.00",
        "lines-1-vat_rate": "19.00",
        "lines-2-unit": "Stk.",
        "release": "1",
    }
    response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), form)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.title, draft.net_total, draft.gross_total) == (
        InvoiceStatus.DRAFT,
        "Design (korrigiert)",
        Decimal("1650.00"),
        Decimal("1963.50"),
    )
    assert OutboundEmail.objects.filter(template="invoice_event", recipient=member.email).count() == 1


def test_staff_cannot_raise_a_draft_above_the_order(staff_http, draft):
    """The order is 2 400 EUR net; its invoices never add up to more."""
    form = {
        "title": draft.title,
        "planned_date": draft.planned_date.isoformat(),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-0-description": "Designtag",
        "lines-0-quantity": "4",
        "lines-0-unit": "Tag",
        "lines-0-unit_price": "800.00",
        "lines-0-vat_rate": "19.00",
    }
    response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), form)
    assert response.status_code == 200
    assert "2.400,00 EUR" in page_text(response)
    draft.refresh_from_db()
    assert draft.net_total == Decimal("2400.00")


def test_removing_every_line_is_refused_and_keeps_the_input(staff_http, draft):
    form = {
        "title": "Neu",
        "planned_date": draft.planned_date.isoformat(),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-0-description": "Designtag",
        "lines-0-quantity": "3",
        "lines-0-unit": "Tag",
        "lines-0-unit_price": "800.00",
        "lines-0-vat_rate": "19.00",
        "lines-0-DELETE": "on",
    }
    response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), form)
    assert response.status_code == 200
    assert "mindestens eine Position" in page_text(response)
    assert response.context["form"]["title"].value() == "Neu"
    draft.refresh_from_db()
    assert draft.title != "Neu" and draft.lines.count() == 1


def test_issued_invoices_cannot_be_edited_from_the_back_office(staff_http, issued):
    assert staff_http.get(reverse("backoffice:invoice_edit", args=[issued.pk])).status_code == 302
    staff_http.post(
        reverse("backoffice:invoice_edit", args=[issued.pk]),
        {"title": "x", "planned_date": "2026-01-01", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    )
    assert Invoice.objects.get(pk=issued.pk).title == issued.title
    assert act(staff_http, issued, "release").status_code == 302
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.ISSUED


def test_staff_issue_a_draft_now(staff_http, draft):
    response = act(staff_http, draft, "issue")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == InvoiceStatus.ISSUED and draft.number.startswith("SC-")
    mail = OutboundEmail.objects.filter(related_id=str(draft.pk), template="invoice_issued").first()
    page = staff_http.get(reverse("backoffice:email_detail", args=[mail.pk]))
    assert f"{draft.number}.pdf" in page_text(page)


def test_dispute_needs_a_reason_then_resolves(staff_http, issued):
    act(staff_http, issued, "dispute")
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.ISSUED
    act(staff_http, issued, "dispute", "Kunde bestreitet Leistung")
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.DISPUTED
    act(staff_http, issued, "resolve_dispute")
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.ISSUED
    assert act(staff_http, issued, "pay").status_code == 404  # payments have their own form


def test_cancelling_an_issued_invoice_issues_a_cancellation_invoice(staff_http, issued):
    act(staff_http, issued, "cancel", "Falscher Betrag")
    issued.refresh_from_db()
    correction = issued.cancelled_by
    assert issued.status == InvoiceStatus.CANCELLED
    assert correction.number.startswith("SC-ST-") and correction.gross_total == -issued.gross_total
    page = staff_http.get(detail(correction))
    assert page.context["events"] == [] and page.context["payment_form"] is None


def test_a_cancellation_invoice_is_final_and_never_overdue(staff, staff_http, issued, time_machine):
    services.invoice_cancel(invoice_id=issued.pk, actor=Actor.STAFF, user=staff, reason="Doppelt", today=ISSUE_DAY)
    correction = Invoice.objects.get(cancels=issued)
    time_machine.move_to(correction.due_date + timedelta(days=1))  # within the staff session's lifetime
    assert not correction.is_overdue
    overdue = staff_http.get(reverse("backoffice:invoice_list"), {"overdue": "on"}).context["page"]
    assert correction.pk not in {invoice.pk for invoice in overdue}
    for event in ("cancel", "dispute"):
        act(staff_http, correction, event, "Versuch")
    payment = {"amount": "1.00", "received_on": "2026-11-30"}
    assert staff_http.post(reverse("backoffice:invoice_payment", args=[correction.pk]), payment).status_code == 400
    correction.refresh_from_db()
    assert (correction.status, correction.paid_amount) == (InvoiceStatus.ISSUED, 0)
    assert not Invoice.objects.filter(cancels=correction).exists()


def test_partial_then_full_payment(staff_http, issued):
    url = reverse("backoffice:invoice_payment", args=[issued.pk])
    staff_http.post(url, {"amount": "1000.00", "received_on": "2026-11-30", "reference": issued.number})
    issued.refresh_from_db()
    assert (issued.status, issued.outstanding) == (InvoiceStatus.ISSUED, Decimal("1856.00"))
    page = staff_http.get(detail(issued))
    assert page.context["payment_form"].initial["amount"] == Decimal("1856.00")
    staff_http.post(url, {"amount": "1856.00", "received_on": "2026-12-02"})
    issued.refresh_from_db()
    assert (issued.status, issued.paid_at.isoformat()) == (InvoiceStatus.PAID, "2026-12-02")
    assert staff_http.get(detail(issued)).context["payment_form"] is None


def test_invalid_payment_is_shown_with_the_input_kept(staff_http, issued):
    response = staff_http.post(
        reverse("backoffice:invoice_payment", args=[issued.pk]), {"amount": "-5", "received_on": "gestern"}
    )
    assert response.status_code == 400
    form = response.context["payment_form"]
    assert set(form.errors) == {"amount", "received_on"} and form["amount"].value() == "-5"
    assert Invoice.objects.get(pk=issued.pk).paid_amount == 0


def test_a_payment_is_received_between_the_invoice_date_and_today(staff_http, issued, time_machine):
    time_machine.move_to("2026-12-07 12:00 +01:00")
    url = reverse("backoffice:invoice_payment", args=[issued.pk])
    for day, message in (
        ("2026-12-08", "nicht in der Zukunft"),
        (issued.issue_date - timedelta(days=1), "nicht vor dem Rechnungsdatum"),
        ("0001-01-01", "zwischen 2000 und 2099"),
        ("9999-12-31", "zwischen 2000 und 2099"),
    ):
        response = staff_http.post(url, {"amount": "10.00", "received_on": str(day)})
        assert response.status_code == 400 and message in page_text(response), day
        assert 'id="id_received_on_error"' in response.content.decode()
    assert not issued.payments.exists()
    staff_http.post(url, {"amount": "10.00", "received_on": "2026-12-07"})
    assert issued.payments.get().received_on.isoformat() == "2026-12-07"


def test_a_draft_is_not_moved_into_the_past(staff_http, draft, time_machine):
    time_machine.move_to("2026-12-07 12:00 +01:00")
    form = {
        "title": draft.title,
        "description": draft.description,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        **{f"lines-0-{name}": value for name, value in draft.lines.get().values().items() if value is not None},
    }
    for day in ("2026-12-06", "0001-01-01", "9999-12-31"):
        response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), {**form, "planned_date": day})
        assert response.status_code == 200 and 'id="id_planned_date_error"' in response.content.decode(), day
    planned = draft.planned_date
    draft.refresh_from_db()
    assert draft.planned_date == planned


def test_payment_on_a_draft_is_refused(staff_http, draft):
    response = staff_http.post(
        reverse("backoffice:invoice_payment", args=[draft.pk]), {"amount": "10", "received_on": "2026-11-30"}
    )
    assert response.status_code == 400
    assert "offene Rechnungen" in page_text(response)


def test_staff_see_documents(staff_http, issued, draft):
    assert staff_http.get(reverse("backoffice:xml", args=[issued.pk])).status_code == 200
    assert staff_http.get(reverse("backoffice:pdf", args=[draft.pk]))["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_others_get_404_on_staff_invoice_pages(request, persona, issued, draft):
    http = logged_in(request.getfixturevalue(persona))
    for name in ("invoice_detail", "invoice_edit", "pdf", "xml"):
        assert http.get(reverse(f"backoffice:{name}", args=[issued.pk])).status_code == 404, name
    assert http.post(reverse("backoffice:invoice_act", args=[draft.pk]), {"event": "issue"}).status_code == 404
    payment = {"amount": "1", "received_on": "2026-11-30"}
    assert http.post(reverse("backoffice:invoice_payment", args=[issued.pk]), payment).status_code == 404
    if persona != "staff_at":
        assert http.get(reverse("backoffice:invoice_list")).status_code == 404
        assert http.get(reverse("backoffice:invoice_export")).status_code == 404
    assert Invoice.objects.get(pk=draft.pk).status == InvoiceStatus.DRAFT


def test_staff_of_another_entity_see_none_of_its_invoices(staff_at, issued):
    http = logged_in(staff_at)
    assert issued.pk not in {invoice.pk for invoice in http.get(reverse("backoffice:invoice_list")).context["page"]}
    export = b"".join(http.get(reverse("backoffice:invoice_export")).streaming_content).decode("utf-8-sig")
    assert issued.number not in export


def test_admin_shows_issued_invoices_read_only(admin, issued, draft):
    http = logged_in(admin)
    url = reverse("admin:invoicing_invoice_change", args=[issued.pk])
    page = http.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    http.post(url, {"title": "Geändert"})
    assert Invoice.objects.get(pk=issued.pk).title == issued.title
    assert http.post(reverse("admin:invoicing_invoice_delete", args=[issued.pk]), {"post": "yes"}).status_code == 403
    assert http.get(reverse("admin:invoicing_invoice_change", args=[draft.pk])).context["has_change_permission"]
    changelist = http.post(
        reverse("admin:invoicing_invoice_changelist"),
        {"action": "delete_selected", "_selected_action": [issued.pk, draft.pk]},
    )
    assert changelist.status_code in (200, 302)
    assert Invoice.objects.filter(pk__in=[issued.pk, draft.pk]).count() == 2


def test_drafts_the_scheduler_could_not_issue_are_shown_to_staff(staff_http, draft):
    Client.objects.filter(pk=draft.client_id).update(street="")
    Invoice.objects.filter(pk=draft.pk).update(planned_date=timezone.localdate() - timedelta(days=1))
    assert services.invoice_issue_due(today=timezone.localdate()) == 0
    home = staff_http.get(reverse("backoffice:home"))
    assert home.context["late_draft_count"] == 1
    late = staff_http.get(f"{reverse('backoffice:invoice_list')}?{home.context['late_drafts_query']}")
    assert [invoice.pk for invoice in late.context["page"]] == [draft.pk]


def test_the_history_shows_payments_in_the_reader_s_language(staff, staff_http, issued):
    url = reverse("backoffice:invoice_payment", args=[issued.pk])
    staff_http.post(url, {"amount": "1234.50", "received_on": "2026-11-30"})
    german = page_text(staff_http.get(detail(issued)))
    assert "1.234,50 EUR (30.11.2026)" in german
    staff.language = "en"
    staff.save(update_fields=["language"])
    english = page_text(logged_in(staff).get(detail(issued)))
    assert "1,234.50 EUR (30/11/2026)" in english and "1.234,50" not in english


def test_issue_now_waits_for_the_members_review_window_then_is_offered(staff, staff_http, draft, time_machine):
    staff.language = "en"
    staff.save(update_fields=["language"])
    made = timezone.make_aware(datetime(2026, 12, 7, 10, 0))
    Invoice.objects.filter(pk=draft.pk).update(created_at=made)
    time_machine.move_to(made + timedelta(days=1))  # 8 Dec: the window runs until 9 Dec
    page = page_text(staff_http.get(detail(draft)))
    assert 'data-testid="issue-disabled"' in page and 'value="issue"' not in page
    assert "The draft can be issued from 09/12/2026 on" in page
    act(staff_http, draft, "issue")  # the service agrees with the page
    assert Invoice.objects.get(pk=draft.pk).status == InvoiceStatus.DRAFT
    time_machine.move_to(made + timedelta(days=2))  # 9 Dec: the service issues it now
    page = page_text(staff_http.get(detail(draft)))
    assert 'value="issue"' in page and 'data-testid="issue-disabled"' not in page
    assert act(staff_http, draft, "issue").status_code == 302
    assert Invoice.objects.get(pk=draft.pk).status == InvoiceStatus.ISSUED


def test_a_line_quantity_that_is_no_number_is_refused_on_the_draft(staff_http, draft):
    line = draft.lines.get()
    form = {
        "title": draft.title,
        "description": draft.description,
        "planned_date": draft.planned_date.isoformat(),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        **{f"lines-0-{name}": value for name, value in line.values().items() if value is not None},
        "lines-0-quantity": "sNaN",
    }
    response = staff_http.post(reverse("backoffice:invoice_edit", args=[draft.pk]), form)
    assert response.status_code == 200 and 'id="id_lines-0-quantity_error"' in response.content.decode()
