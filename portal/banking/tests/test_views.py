"""Staff pages for bank statements: upload, review, assign, ignore, book; only for the entity's staff."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from portal.banking import services as statements
from portal.banking.models import BankStatement, BankStatementLine
from portal.invoicing.models import InvoiceStatus
from portal.invoicing.tests.factories import client_in, issued_invoice

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent / "files"
Status = BankStatementLine.Status
LIST = reverse("backoffice:statement_list")


def upload(http, name: str, data: bytes | None = None):
    content = data if data is not None else (SAMPLES / name).read_bytes()
    return http.post(LIST, {"file": SimpleUploadedFile(name, content)})


def detail(statement) -> str:
    return reverse("backoffice:statement_detail", args=[statement.pk])


def line_url(name: str, line) -> str:
    return reverse(f"backoffice:statement_line_{name}", args=[line.statement_id, line.pk])


@pytest.fixture
def english_staff_http(staff):
    """Messages are checked in English, whatever the German catalogue says."""
    staff.language = "en"
    staff.save()
    return logged_in(staff)


def test_upload_review_assign_ignore_and_book(english_staff_http, issued, member, entities):
    http = english_staff_http
    second = issued_invoice(member, entities["SC"], client_in("DE"), [("Beratung", "4", "Std", "100.00", "19.00")])
    response = upload(http, "camt053_001_02.xml")
    statement = BankStatement.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(statement)
    assert (statement.entity, statement.file_name, statement.uploaded_by.email) == (
        entities["SC"],
        "camt053_001_02.xml",
        "staff@test.example",
    )

    page = http.get(detail(statement))
    matched, unmatched_42, unmatched_43, debit = (row.line for row in page.context["rows"])
    assert (matched.status, matched.invoice, matched.match_reason) == (Status.MATCHED, issued, "number")
    assert [unmatched_42.status, unmatched_43.status, debit.status] == [Status.UNMATCHED] * 2 + [Status.IGNORED]
    html = page.content.decode()
    assert f'name="line" value="{matched.pk}"' in html and "checked" in html
    assert reverse("backoffice:invoice_detail", args=[issued.pk]) in html
    assert 'data-confirm="' in html

    # The payment naming SC-2026-00043 is for the second invoice, with 24,00 too much.
    response = http.post(
        line_url("assign", unmatched_43), {"invoice_number": second.number, "back": "status=unmatched"}
    )
    assert response["Location"] == f"{detail(statement)}?status=unmatched"
    html = http.get(detail(statement)).content.decode()
    assert 'data-testid="overpayment"' in html and "24.00" in html
    # An overpayment is booked only when staff tick it themselves.
    assert re.search(rf'name="line" value="{unmatched_43.pk}" id="book-{unmatched_43.pk}" form="book-form">', html)
    assert re.search(rf'name="line" value="{matched.pk}" id="book-{matched.pk}" form="book-form" checked>', html)
    http.post(line_url("ignore", unmatched_42))
    response = http.post(line_url("assign", debit), {"invoice_number": issued.number}, follow=True)
    assert "Only received payments" in response.content.decode()

    response = http.post(
        reverse("backoffice:statement_book", args=[statement.pk]), {"line": [matched.pk, unmatched_43.pk]}, follow=True
    )
    assert "2 payments have been booked." in response.content.decode()
    issued.refresh_from_db()
    second.refresh_from_db()
    assert (issued.status, second.status, second.paid_amount) == (
        InvoiceStatus.PAID,
        InvoiceStatus.PAID,
        Decimal("500.00"),
    )
    counts = {value: count for value, _label, count in http.get(detail(statement)).context["counts"]}
    assert counts == {"matched": 0, "unmatched": 0, "duplicate": 0, "booked": 2, "ignored": 2}


def test_unreadable_and_repeated_uploads_are_explained_on_the_form(english_staff_http, entities):
    http = english_staff_http
    response = upload(http, "umsaetze.csv", b"<!DOCTYPE html><html><body>Sitzung abgelaufen</body></html>")
    assert response.status_code == 400
    assert "looks like a web page" in response.context["form"].errors["file"][0]
    response = upload(http, "auszug.pdf", b"%PDF-1.7")
    assert ".csv" in response.context["form"].errors["file"][0]
    response = upload(http, "gross.csv", b"x" * (5 * 1024 * 1024 + 1))
    assert response.context["form"].errors["file"][0] == "The file is too large: more than the 5\xa0MB allowed."
    assert upload(http, "english.csv").status_code == 302
    response = upload(http, "english-copy.csv", (SAMPLES / "english.csv").read_bytes())
    assert response.status_code == 400
    assert "already been imported" in response.context["form"].errors["file"][0]
    assert BankStatement.objects.count() == 1


def test_a_zip_of_camt_files_is_uploaded_and_the_skipped_account_shown(english_staff_http, entities):
    response = upload(
        english_staff_http, "camt053_2026-11.zip", (SAMPLES / "camt" / "camt053_2026-11.zip").read_bytes()
    )
    assert response.status_code == 302
    statement = BankStatement.objects.get()
    assert statement.lines.count() == 2
    page = english_staff_http.get(detail(statement))
    note = page.content.decode()
    assert 'data-testid="import-note"' in note
    assert "DE02120300000000202051; their bookings were not imported" in note


@pytest.fixture
def statement(staff, entities):
    return statements.statement_import(
        entity=entities["SC"], user=staff, data=(SAMPLES / "sparkasse.csv").read_bytes(), filename="sparkasse.csv"
    )


@pytest.mark.parametrize("persona", ["member", "client_contact", "outsider", "staff_at"])
def test_other_personas_get_404(request, persona, statement):
    http = logged_in(request.getfixturevalue(persona))
    line = statement.lines.first()
    assert http.get(detail(statement)).status_code == 404
    assert http.post(reverse("backoffice:statement_book", args=[statement.pk]), {"line": [line.pk]}).status_code == 404
    assert http.post(line_url("assign", line), {"invoice_number": "SC-2026-00001"}).status_code == 404
    assert http.post(line_url("ignore", line)).status_code == 404
    if persona == "staff_at":
        assert statement not in http.get(LIST).context["page"].object_list
    else:
        assert http.get(LIST).status_code == 404
    line.refresh_from_db()
    assert line.status == Status.UNMATCHED


def test_anonymous_visitors_are_sent_to_the_login(client, statement):
    assert reverse("account_login") in client.get(detail(statement))["Location"]


def test_list_and_review_queries_do_not_grow_with_the_number_of_lines(
    staff, staff_http, entities, django_assert_max_num_queries
):
    def import_lines(count: int, name: str):
        rows = [f"{day % 28 + 1:02d}.11.2026;Kunde {day};{name} {day};{day},00" for day in range(1, count + 1)]
        data = "\n".join(["Buchungstag;Name;Verwendungszweck;Betrag", *rows]).encode()
        return statements.statement_import(entity=entities["SC"], user=staff, data=data, filename=name)

    small = import_lines(2, "klein.csv")
    with django_assert_max_num_queries(12) as small_list:
        staff_http.get(LIST)
    with django_assert_max_num_queries(16) as small_review:
        staff_http.get(detail(small))
    big = import_lines(150, "gross.csv")
    for index in range(5):
        import_lines(3, f"weitere-{index}.csv")
    with django_assert_max_num_queries(len(small_list.captured_queries)):
        assert len(staff_http.get(LIST).context["page"].object_list) == 7
    with django_assert_max_num_queries(len(small_review.captured_queries)):
        assert len(staff_http.get(detail(big)).context["rows"]) == 150


def test_the_staff_navigation_links_to_bank_statements(staff_http):
    assert f'href="{LIST}"' in staff_http.get(reverse("backoffice:home")).content.decode()
