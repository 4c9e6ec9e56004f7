from csp.decorators import csp_replace
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.files import stored_file_response
from portal.core.permissions import member_required
from portal.core.selectors import emails_about
from portal.core.transitions import Actor
from portal.core.views import chosen_status, paginate, perform, query_without_page, report_business_error
from portal.invoicing import rows, selectors, services
from portal.invoicing.documents.render import preview_pdf
from portal.invoicing.forms import ExtraInvoiceForm, LineFormSet, ReasonForm
from portal.invoicing.models import InvoiceStatus
from portal.invoicing.transitions import Event
from portal.orders.models import Order


@member_required
def invoice_list(request):
    status = chosen_status(request, InvoiceStatus.values)
    search = request.GET.get("q", "").strip()
    invoices = selectors.invoices_in(request.scope, entities=[request.role.entity], status=status, search=search)
    context = {
        "page": paginate(request, rows.for_rows(invoices), counted=invoices),
        "status": status,
        "statuses": InvoiceStatus.choices,
        "search": search,
        "query": query_without_page(request),
    }
    return render(request, "invoicing/invoice_list.html", context)


@member_required
def invoice_detail(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    context = {
        "invoice": invoice,
        "lines": invoice.lines.all(),
        "totals": invoice.totals(),
        "payments": invoice.payments.all(),
        "history": audit_history(invoice),
        "emails": emails_about(invoice),
        **document_urls(invoice, "invoicing"),
        "order_url": reverse("orders:detail", args=[invoice.order_id]),
    }
    return render(request, "invoicing/invoice_detail.html", context)


def document_urls(invoice, namespace: str) -> dict:
    return {
        "pdf_url": reverse(f"{namespace}:pdf", args=[invoice.pk]),
        "xml_url": reverse(f"{namespace}:xml", args=[invoice.pk]),
    }


def frameable_by_portal(view):
    """The PDF is shown inside the invoice page, so pages of the portal (same origin) may frame it."""
    return xframe_options_sameorigin(csp_replace({"frame-ancestors": ["'self'"]})(view))


@member_required
@frameable_by_portal
def invoice_pdf(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    return invoice_pdf_response(invoice)


def invoice_pdf_response(invoice) -> HttpResponseBase:
    if invoice.is_issued:
        return stored_file_response(invoice.pdf, f"{invoice.number}.pdf", "application/pdf", inline=True)
    response = HttpResponse(preview_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-{invoice.pk}.pdf"'
    return response


@member_required
def invoice_xml(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    return invoice_xml_response(invoice)


def invoice_xml_response(invoice):
    if not invoice.is_issued:
        raise Http404
    return stored_file_response(invoice.xml, invoice.xml.name.rsplit("/", 1)[-1], "application/xml")


@member_required
@require_POST
def invoice_request_changes(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please describe what should be changed."))
        return redirect("invoicing:detail", pk=invoice.pk)
    return perform(
        request,
        lambda: services.invoice_transition(
            invoice_id=invoice.pk,
            event=Event.REQUEST_CHANGES,
            actor=Actor.MEMBER,
            user=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success=_("Your request has been sent to the Smart team."),
        redirect_to=invoice_url(invoice),
    )


@member_required
@require_POST
def invoice_send_now(request, pk: int):
    invoice = selectors.invoice_in(request.scope, pk)
    return perform(
        request,
        lambda: services.invoice_issue(invoice_id=invoice.pk, actor=Actor.MEMBER, user=request.user),
        success=_("The invoice has been issued and sent to your client."),
        redirect_to=invoice_url(invoice),
    )


def invoice_url(invoice) -> str:
    return reverse("invoicing:detail", args=[invoice.pk])


@member_required
def invoice_create(request):
    data = request.POST or None
    initial = {"order": request.GET.get("order"), "planned_date": timezone.localdate()}
    form = ExtraInvoiceForm(data, member=request.user, initial=initial)
    lines = LineFormSet(data, prefix="lines")
    if form.is_bound and form.is_valid():
        lines.country = form.cleaned_data["order"].entity.country
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        order: Order = form.cleaned_data["order"]
        try:
            invoice = services.invoice_add_extra(
                member=request.user,
                order_id=order.pk,
                planned_date=form.cleaned_data["planned_date"],
                lines=lines.lines(),
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The invoice draft has been created."))
            return redirect(invoice_url(invoice))
    return render(request, "invoicing/invoice_form.html", {"form": form, "lines": lines})
