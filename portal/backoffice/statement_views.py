"""Bank statements for the Smart team: upload, review the proposed matches, book the payments."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.banking import selectors, services
from portal.banking.forms import StatementUploadForm
from portal.banking.models import BankStatementLine
from portal.banking.selectors import REVIEW_ORDER
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.permissions import staff_required
from portal.core.views import chosen_status, paginate, parse_ids, perform, query_without_page

#: Large enough that a month of an entity's bookings is reviewed on one page.
REVIEW_PAGE_SIZE = 200


@staff_required
def statement_list(request):
    entity = request.role.entity
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = services.statement_import(
                entity=entity, user=request.user, data=upload.read(), filename=upload.name
            )
        except BusinessError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("The statement has been imported. Please check the proposed matches."))
            return redirect("backoffice:statement_detail", pk=statement.pk)
    page = paginate(request, selectors.statements_for_staff(entity=entity))
    rows = [
        (statement, [(status.value, status.label, getattr(statement, f"{status}_count")) for status in REVIEW_ORDER])
        for statement in page.object_list
    ]
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "backoffice/statement_list.html", context, status=400 if form.errors else 200)


@staff_required
def statement_detail(request, pk: int):
    statement = selectors.statement_for_staff(entity=request.role.entity, pk=pk)
    status = chosen_status(request, BankStatementLine.Status.values)
    page = paginate(request, selectors.lines_for_review(statement, status=status), per_page=REVIEW_PAGE_SIZE)
    rows = selectors.review_rows(statement, page.object_list)
    context = {
        "statement": statement,
        "status": status,
        "counts": selectors.status_counts(statement),
        "page": page,
        "rows": rows,
        "bookable": any(row.line.status == BankStatementLine.Status.MATCHED for row in rows),
        "history": audit_history(statement),
        "query": query_without_page(request),
    }
    return render(request, "backoffice/statement_detail.html", context)


@staff_required
@require_POST
def statement_book(request, pk: int):
    statement = selectors.statement_for_staff(entity=request.role.entity, pk=pk)
    line_ids = parse_ids(request.POST.getlist("line"))
    if not line_ids:
        messages.error(request, _("Please select the payments to book."))
        return redirect(_back_to_review(request, statement))
    result = services.statement_book(
        entity=request.role.entity, user=request.user, statement_id=statement.pk, line_ids=line_ids
    )
    if result.booked:
        messages.success(
            request,
            ngettext("%(count)s payment has been booked.", "%(count)s payments have been booked.", result.booked)
            % {"count": result.booked},
        )
    if result.duplicates:
        messages.warning(
            request,
            ngettext(
                "%(count)s payment had already been booked from another statement and was skipped.",
                "%(count)s payments had already been booked from another statement and were skipped.",
                result.duplicates,
            )
            % {"count": result.duplicates},
        )
    for error in result.errors:
        messages.error(request, error)
    if not (result.booked or result.duplicates or result.errors):
        messages.info(request, _("Nothing was booked: the selected payments have been booked or changed meanwhile."))
    return redirect(_back_to_review(request, statement))


@staff_required
@require_POST
def statement_line_assign(request, pk: int, line_pk: int):
    line = selectors.statement_line_for_staff(entity=request.role.entity, statement_pk=pk, pk=line_pk)
    return perform(
        request,
        lambda: services.statement_line_assign(
            entity=request.role.entity,
            user=request.user,
            line_id=line.pk,
            invoice_number=request.POST.get("invoice_number", ""),
        ),
        success=_("The payment has been assigned to the invoice. Book it when you are ready."),
        redirect_to=_back_to_review(request, line.statement),
    )


@staff_required
@require_POST
def statement_line_ignore(request, pk: int, line_pk: int):
    line = selectors.statement_line_for_staff(entity=request.role.entity, statement_pk=pk, pk=line_pk)
    return perform(
        request,
        lambda: services.statement_line_ignore(entity=request.role.entity, user=request.user, line_id=line.pk),
        success=_("The payment will not be booked."),
        redirect_to=_back_to_review(request, line.statement),
    )


def _back_to_review(request, statement) -> str:
    """The review page with the status filter and page staff were working on."""
    previous = QueryDict(request.POST.get("back", ""))
    kept = {key: previous[key] for key in ("status", "page") if previous.get(key)}
    url = reverse("backoffice:statement_detail", args=[statement.pk])
    return f"{url}?{urlencode(kept)}" if kept else url
