"""The Smart team's membership pages (DESIGN §10): applications to decide (payment, accept, reject), the
share register of the team's entities with its CSV export for the board, and members' share requests.

Views are thin: the membership services check every rule (scope, status, payment first, nobody decides
their own case); a refused action shows the page again with the error next to the field.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.backoffice.membership_forms import (
    ApplicationFilterForm,
    PaidForm,
    PaymentForm,
    RegisterFilterForm,
    RejectForm,
    RequestAcceptForm,
    RequestFilterForm,
)
from portal.core.audit import audit_history
from portal.core.csv_export import csv_amount, csv_day, csv_response, csv_text
from portal.core.errors import BusinessError
from portal.core.files import document_response
from portal.core.permissions import staff_required
from portal.core.views import paginate, perform_with_form, query_without_page, report_business_error
from portal.membership import applications, requests, selectors
from portal.membership.models import ApplicationStatus, ShareEntry, ShareKind, SignedDeclaration
from portal.membership.rules import entity_today

# --- applications -----------------------------------------------------------------------------------------


@staff_required
def application_queue(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ApplicationStatus.SUBMITTED  # what waits for the team, unless asked otherwise
    form = ApplicationFilterForm(data, entities=staff_entities(request.roles))  # type: ignore[attr-defined]
    form.is_valid()
    rows = selectors.applications_in(scope, **form.filters()).order_by("created_at", "pk")
    context = {
        "tab": "applications",
        "counts": selectors.application_counts(scope),
        "form": form,
        "page": paginate(request, rows),
        "query": query_without_page(request),
    }
    return render(request, "backoffice/membership_applications.html", context)


def _application_page(
    request: Any, pk: int, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    application = selectors.application_in(request.scope, pk)
    bound = bound or {}
    context = {
        "application": application,
        "declaration": SignedDeclaration.objects.filter(application=application).first(),
        "own": applications.is_own_application(request.user, application),
        "payment_form": bound.get("payment") or PaymentForm(initial={"received_on": entity_today(application.entity)}),
        "reject_form": bound.get("reject") or RejectForm(),
        "accept_error": bound.get("accept_error"),
        "history": audit_history(application),
    }
    return render(request, "backoffice/membership_application.html", context, status=status)


@staff_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, pk)


def _act(request: Any, pk: int, name: str, form: forms.Form, action, success: str) -> HttpResponse:
    application = selectors.application_in(request.scope, pk)
    if form.is_valid():
        try:
            action(application.pk, form.cleaned_data)
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, success)
            return redirect("backoffice:application_detail", application.pk)
    return _application_page(request, pk, bound={name: form}, status=400)


@staff_required
@require_POST
def application_payment(request: HttpRequest, pk: int) -> HttpResponse:
    def record(application_id: int, values: dict) -> None:
        applications.application_record_payment(
            actor=request.user,
            scope=request.scope,  # type: ignore[attr-defined]
            application_id=application_id,
            received_on=values["received_on"],
        )

    return _act(request, pk, "payment", PaymentForm(request.POST), record, _("The payment has been noted."))


@staff_required
@require_POST
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def reject(application_id: int, values: dict) -> None:
        applications.application_reject(
            actor=request.user,
            scope=request.scope,  # type: ignore[attr-defined]
            application_id=application_id,
            reason=values["reason"],
        )

    return _act(request, pk, "reject", RejectForm(request.POST), reject, _("The application has been rejected."))


@staff_required
@require_POST
def application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_in(request.scope, pk)  # type: ignore[attr-defined]
    try:
        applications.application_accept(
            actor=request.user,
            scope=request.scope,  # type: ignore[attr-defined]
            application_id=application.pk,
        )
    except BusinessError as error:
        return _application_page(request, pk, bound={"accept_error": error.message}, status=400)  # type: ignore[dict-item]
    messages.success(request, _("The applicant is now a member and has been told by e-mail."))
    return redirect("backoffice:application_detail", application.pk)


@staff_required
def application_declaration(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = selectors.application_in(request.scope, pk)  # type: ignore[attr-defined]
    declaration = SignedDeclaration.objects.filter(application=application).first()
    if declaration is None:
        raise Http404
    return document_response(declaration)


# --- the share register --------------------------------------------------------------------------------


def _register_filters(request: Any) -> tuple[RegisterFilterForm, selectors.RegisterFilter]:
    form = RegisterFilterForm(request.GET, entities=staff_entities(request.roles))
    form.is_valid()
    return form, form.filters()


def _paid_form(entry: ShareEntry, bound: tuple[int, forms.Form] | None) -> forms.Form | None:
    """The form noting the payment of an entry whose money has not arrived (the refused one, bound)."""
    if entry.paid_on is not None or entry.shares < 0:
        return None
    if bound is not None and bound[0] == entry.pk:
        return bound[1]
    return PaidForm(prefix=f"entry-{entry.pk}")


@staff_required
def share_register(request: HttpRequest, *, bound: tuple[int, forms.Form] | None = None) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form, filters = _register_filters(request)
    rows = selectors.entries_in(scope, filters)
    totals = rows.order_by().aggregate(shares=Sum("shares"))
    page = paginate(request, rows)
    context = {
        "tab": "register",
        "counts": selectors.application_counts(scope),
        "form": form,
        "page": page,
        "rows": [(entry, _paid_form(entry, bound)) for entry in page.object_list],
        "query": query_without_page(request),
        "total_shares": totals["shares"] or 0,
    }
    return render(request, "backoffice/membership_register.html", context, status=400 if bound else 200)


@staff_required
def share_register_export(request: HttpRequest) -> HttpResponseBase:
    _form, filters = _register_filters(request)
    rows = selectors.entries_in(request.scope, filters)  # type: ignore[attr-defined]

    def header() -> list[str]:
        return [
            _("Entity"),
            _("Entry number"),
            _("Date"),
            _("Member number"),
            _("Member"),
            _("Kind"),
            _("Shares"),
            _("Nominal value per share"),
            _("Amount"),
            pgettext("share payment", "Paid on"),
            _("Note"),
        ]

    def lines():
        for entry in rows.iterator(chunk_size=500):
            profile = getattr(entry.member, "member_profile", None)
            yield [
                entry.entity.code,
                str(entry.number),
                csv_day(entry.entry_date),
                profile.member_number if profile else "",
                csv_text(entry.member.get_full_name() or entry.member.email),
                str(ShareKind(entry.kind).label),
                str(entry.shares),
                csv_amount(entry.nominal_value),
                csv_amount(entry.amount),
                csv_day(entry.paid_on),
                csv_text(entry.note),
            ]

    return csv_response("share-register.csv", header, lines)


@staff_required
@require_POST
def share_entry_paid(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entries_in(request.scope).filter(pk=pk).first()  # type: ignore[attr-defined]
    if entry is None:
        raise Http404
    form = PaidForm(request.POST, prefix=f"entry-{entry.pk}")
    if form.is_valid():
        try:
            requests.share_entry_mark_paid(
                actor=request.user,
                scope=request.scope,  # type: ignore[attr-defined]
                entry_id=entry.pk,
                paid_on=form.cleaned_data["paid_on"],
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The payment has been noted."))
            return redirect(reverse("backoffice:share_register") + f"?{request.GET.urlencode()}")
    return share_register(request, bound=(entry.pk, form))


# --- share requests ------------------------------------------------------------------------------------


def _request_forms(share_request: Any, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    accept, reject = f"req-{share_request.pk}-accept", f"req-{share_request.pk}-reject"
    return {
        "accept": bound.get(accept) or RequestAcceptForm(prefix=accept),
        "reject": bound.get(reject) or RejectForm(prefix=reject),
    }


@staff_required
def share_request_queue(
    request: HttpRequest, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = "pending"
    form = RequestFilterForm(data)
    form.is_valid()
    rows = selectors.share_requests_in(scope, status=form.value("status"), kind=form.value("kind")).order_by(
        "created_at", "pk"
    )
    page = paginate(request, rows)
    context = {
        "tab": "requests",
        "counts": selectors.application_counts(scope),
        "form": form,
        "page": page,
        "rows": [(row, _request_forms(row, bound or {})) for row in page.object_list],
        "query": query_without_page(request),
    }
    return render(request, "backoffice/membership_requests.html", context, status=status)


def _decide_request(
    request: Any, pk: int, kind: str, form_class: type[forms.Form], action, success: str
) -> HttpResponse:
    share_request = selectors.share_request_in(request.scope, pk)
    prefix = f"req-{share_request.pk}-{kind}"
    form = form_class(request.POST, prefix=prefix)
    return perform_with_form(
        request,
        form,
        lambda values: action(share_request.pk, values),
        success=success,
        redirect_to=reverse("backoffice:share_request_queue"),
        page_again=lambda: share_request_queue(request, bound={prefix: form}, status=400),
    )


@staff_required
@require_POST
def share_request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def accept(request_id: int, values: dict) -> None:
        requests.share_request_accept(
            actor=request.user,
            scope=request.scope,  # type: ignore[attr-defined]
            request_id=request_id,
            paid_on=values.get("paid_on"),
        )

    return _decide_request(request, pk, "accept", RequestAcceptForm, accept, _("The request has been accepted."))


@staff_required
@require_POST
def share_request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def reject(request_id: int, values: dict) -> None:
        requests.share_request_reject(
            actor=request.user,
            scope=request.scope,  # type: ignore[attr-defined]
            request_id=request_id,
            reason=values["reason"],
        )

    return _decide_request(request, pk, "reject", RejectForm, reject, _("The request has been rejected."))
