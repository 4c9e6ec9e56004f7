"""The statement as a download: CSV for spreadsheets (like the invoice export) and a bilingual PDF."""

from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.budget.models import Budget, EntryKind
from portal.budget.page import statement_of
from portal.budget.rows import for_rows
from portal.budget.texts import row_text, shown
from portal.core import money
from portal.core.csv_export import csv_amount, csv_day, csv_response, csv_text
from portal.core.pdf import document_labels, entity_logo_uri, html_to_pdf

STATEMENT_LABELS: dict[str, Promise] = {
    "title": gettext_lazy("Budget statement"),
    "budget": gettext_lazy("Budget"),
    "member": gettext_lazy("Member"),
    "period": gettext_lazy("Period"),
    "created": gettext_lazy("Created on"),
    "date": gettext_lazy("Date"),
    "kind": gettext_lazy("Kind"),
    "text": gettext_lazy("Text"),
    "document": gettext_lazy("Document"),
    "amount": gettext_lazy("Amount"),
    "balance": gettext_lazy("Balance"),
    "opening": gettext_lazy("Opening balance"),
    "closing": gettext_lazy("Closing balance"),
    "totals": gettext_lazy("Totals per kind"),
    "empty": gettext_lazy("No bookings in this period."),
    "page": gettext_lazy("Page"),
}


def _filename(budget: Budget, title: str, extension: str) -> str:
    safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in title)
    return f"budget-{budget.pk}-{safe}.{extension}"


def statement_csv(budget: Budget, query: Any) -> StreamingHttpResponse:
    statement, _form = statement_of(budget, query, timezone.localdate())

    def header() -> list[str]:
        return [_("Date"), _("Kind"), _("Text"), _("Document"), _("Amount"), _("Balance")]

    def rows():
        kinds = {value: str(label) for value, label in EntryKind.choices}
        yield ["", "", _("Opening balance"), "", "", csv_amount(statement.opening)]
        for row in for_rows(statement.rows()).iterator(chunk_size=2000):
            yield [
                csv_day(row.booking_date),
                kinds.get(row.kind, row.kind),
                csv_text(row_text(row)),
                csv_text(row.source_label),
                csv_amount(row.amount),
                csv_amount(statement.opening + row.running_in_period),
            ]
        yield ["", "", _("Closing balance"), "", "", csv_amount(statement.closing)]

    return csv_response(_filename(budget, statement.chosen.title, "csv"), header, rows)


def _bilingual(label: Any) -> str:
    return document_labels({"label": label}, "de", bilingual=True)["label"]


def statement_pdf(budget: Budget, query: Any) -> HttpResponse:
    with translation.override("de"):  # the document is German first, English second
        statement, _form = statement_of(budget, query, timezone.localdate())
        texts = [shown(row) for row in for_rows(statement.rows())]  # the rows' own texts in German
    rows = [(row, statement.opening + row.running_in_period, _bilingual(EntryKind(row.kind).label)) for row in texts]
    context = {
        "labels": document_labels(STATEMENT_LABELS, "de", bilingual=True),
        "budget": budget,
        "budget_name": _bilingual(Budget.Kind(budget.kind).label) if not budget.name else budget.name,
        "statement": statement,
        "totals": [(_bilingual(EntryKind(kind).label), total) for kind, total, _rows in statement.totals],
        "rows": rows,
        "created": timezone.localtime(),
        "logo": entity_logo_uri(budget.entity.code),
        "zero": money.ZERO,
    }
    with translation.override("de"):
        html = render_to_string("pdf/budget_statement.html", context)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(budget, statement.chosen.title, "pdf")}"'
    return response
