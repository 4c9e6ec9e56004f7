"""The Smart team's invoices: list with filters and CSV export, draft editing, issuing, payments."""

from collections.abc import Sequence

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.permissions import is_own, staff_required
from portal.core.selectors import emails_about
from portal.core.transitions import Actor, allowed_events
from portal.core.views import paginate, perform, query_without_page, report_business_error
from portal.invoicing import amount_rules, rows, selectors, services
from portal.invoicing.export import invoices_csv_response
from portal.invoicing.forms import DraftTextsForm, EditLineFormSet, PaymentForm, StaffInvoiceFilterForm
from portal.invoicing.models import UNISSUED, Invoice
from portal.invoicing.transitions import TRANSITIONS, Event
from portal.invoicing.views import document_urls, frameable_by_portal, invoice_pdf_response, invoice_xml_response

#: Staff actions on the detail page that only change the status (payments and edits have their own views).
STATUS_EVENTS = (Event.RELEASE, Event.ISSUE, Event.DISPUTE, Event.RESOLVE_DISPUTE, Event.CANCEL)


def _filter_form(request) -> StaffInvoiceFilterForm:
    data = request.GET.copy()
    data.setdefault("entity", request.role.entity.code)  # the active role's entity until chosen otherwise
    form = StaffInvoiceFilterForm(data, entities=staff_entities(request.roles))
    form.is_valid()
    return form


def _filtered(request, form: StaffInvoiceFilterForm):
    return selectors.invoices_in(request.scope, **form.filters(), today=timezone.localdate())


@staff_required
def invoice_list(request):
    form = _filter_form(request)
    invoices = _filtered(request, form)
    context = {
        "form": form,
        "page": paginate(request, rows.for_rows(invoices), counted=invoices),
        "query": query_without_page(request),
        "export_query": form.data.urlencode(),
    }
    return render(request, "backoffice/invoice_list.html", context)


@staff_required
def invoice_export(request):
    return invoices_csv_response(_filtered(request, _filter_form(request)), today=timezone.localdate())


def _issue_refusal(invoice: Invoice, events: Sequence[str]) -> str:
    """Why the team cannot issue the draft now ("" when it can, or when issuing is not offered at all):
    the issuing service's own check, so that the page never offers what the service refuses, e.g. while
    the member's two-day review window runs."""
    if Event.ISSUE not in events:
        return ""
    try:
        amount_rules.check_issuable(invoice, actor=Actor.STAFF, today=timezone.localdate())
    except BusinessError as error:
        return error.message
    return ""


def _detail_url(invoice) -> str:
    return reverse("backoffice:invoice_detail", args=[invoice.pk])


@staff_required
def invoice_detail(request, pk: int, *, payment_form=None):
    invoice = selectors.invoice_in(request.scope, pk)
    history = list(audit_history(invoice))
    change_requests = [entry for entry in history if entry.action == f"invoice.{Event.REQUEST_CHANGES}"]
    own = is_own(request.user, invoice.member_id)  # another member of the team decides (four-eyes rule)
    staff_events = (
        allowed_events(TRANSITIONS, invoice.status, Actor.STAFF)
        if invoice.kind == Invoice.Kind.INVOICE and not own
        else []
    )
    events = [event for event in STATUS_EVENTS if event in staff_events]
    context = {
        "invoice": invoice,
        "lines": invoice.lines.all(),
        "totals": invoice.totals(),
        "payments": invoice.payments.select_related("recorded_by"),
        "history": history,
        "change_request": change_requests[-1] if change_requests else None,
        "emails": emails_about(invoice),
        "events": events,
        "issue_refusal": _issue_refusal(invoice, events),
        "can_edit": invoice.status in UNISSUED and not own,
        "own": own,
        "payment_form": payment_form
        or (
            PaymentForm(initial={"amount": invoice.outstanding, "received_on": timezone.localdate()})
            if invoice.is_payable and not own
            else None
        ),
        **document_urls(invoice, "backoffice"),
        "order_url": reverse("backoffice:order_detail", args=[invoice.order_id]),
    }
    return render(request, "backoffice/invoice_detail.html", context, status=400 if payment_form else 200)


@staff_required
@frameable_by_portal
def invoice_pdf(request, pk: int):
    return invoice_pdf_response(selectors.invoice_in(request.scope, pk))


@staff_required
def invoice_xml(request, pk: int):
    return invoice_xml_response(selectors.invoice_in(request.scope, pk))


#: What staff are told after each status action.
SUCCESS = {
    Event.RELEASE: gettext_lazy("The draft has been released; it will be issued on its date."),
    Event.ISSUE: gettext_lazy("The invoice has been issued and sent to the client."),
    Event.DISPUTE: gettext_lazy("The invoice is marked as disputed; no reminders are sent."),
    Event.RESOLVE_DISPUTE: gettext_lazy("The dispute is resolved; the invoice is open again."),
    Event.CANCEL: gettext_lazy("The invoice has been cancelled."),
}


def _status_action(invoice, event: str, user, reason: str):
    """The service call for one of ``STATUS_EVENTS``."""
    if event == Event.ISSUE:
        return lambda: services.invoice_issue(invoice_id=invoice.pk, actor=Actor.STAFF, user=user)
    if event == Event.CANCEL:
        return lambda: services.invoice_cancel(invoice_id=invoice.pk, actor=Actor.STAFF, user=user, reason=reason)
    return lambda: services.invoice_transition(
        invoice_id=invoice.pk, event=event, actor=Actor.STAFF, user=user, reason=reason
    )


@staff_required
@require_POST
def invoice_act(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    event = request.POST.get("event", "")
    if event not in STATUS_EVENTS:
        raise Http404
    action = _status_action(invoice, event, request.user, request.POST.get("reason", ""))
    return perform(request, action, success=str(SUCCESS[event]), redirect_to=_detail_url(invoice))


@staff_required
@require_POST
def invoice_payment(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(invoice_id=invoice.pk, user=request.user, **form.cleaned_data)
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The payment has been recorded."))
            return redirect(_detail_url(invoice))
    return invoice_detail(request, pk, payment_form=form)


@staff_required
def invoice_edit(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    if invoice.status not in UNISSUED:
        messages.error(request, _("Only drafts can be changed."))
        return redirect(_detail_url(invoice))
    data = request.POST or None
    form = DraftTextsForm(
        data, initial={"title": invoice.title, "description": invoice.description, "planned_date": invoice.planned_date}
    )
    lines = EditLineFormSet(
        data,
        prefix="lines",
        initial=[line.values() for line in invoice.lines.all()],
    )
    lines.country = invoice.entity.country
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            services.invoice_update_draft(
                user=request.user,
                invoice_id=invoice.pk,
                fields=form.cleaned_data,
                lines=lines.lines(),
                release="release" in request.POST,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(_detail_url(invoice))
    return render(request, "backoffice/invoice_form.html", {"invoice": invoice, "form": form, "lines": lines})
