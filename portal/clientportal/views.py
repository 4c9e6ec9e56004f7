"""The client portal's pages (DESIGN §9). Each view builds the contact's ``Portal`` first: a withdrawn
access, a missing permission or a record the settings do not show is a 404."""

from allauth.account.views import LoginView
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.middleware import ROLE_SESSION_KEY
from portal.accounts.roles import roles_of
from portal.clientportal import forms, requests, selectors, services
from portal.clientportal.access import Portal, portal_for
from portal.clientportal.models import ClientRequestStatus
from portal.core.errors import BusinessError
from portal.core.files import document_response, stored_file_response
from portal.core.http import client_ip
from portal.core.permissions import client_contact_required, public
from portal.core.templatetags.portal import iban
from portal.core.views import HIGHEST_PAGE, paginate, parse_id, perform, query_without_page, report_business_error
from portal.invoicing.documents.girocode import girocode_data_uri
from portal.orders import confirmation
from portal.orders.services import Evidence


class ClientLoginView(LoginView):
    """The portal's own sign-in page, in the language of the invitation link (``?lang=``) or the browser;
    after signing in the person acts as a client contact if they are one."""

    template_name = "clientportal/login.html"

    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("lang", "")
        if language in ("de", "en"):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        contact_role = next((role for role in roles_of(self.request.user) if role.is_client_contact), None)
        if contact_role is not None:
            self.request.session[ROLE_SESSION_KEY] = contact_role.key
        return response


client_login = public(ClientLoginView.as_view())


def _page(request: HttpRequest, template: str, portal: Portal, status: int = 200, **context) -> HttpResponse:
    return render(request, template, {"portal": portal, "client": portal.client, **context}, status=status)


def _list(request: HttpRequest, template: str, portal: Portal, rows, form, counted=None, **context) -> HttpResponse:
    return _page(
        request,
        template,
        portal,
        form=form,
        page=paginate(request, rows, counted=counted),
        query=query_without_page(request),
        filtered=bool(form.value("q") or form.value("status")),
        **context,
    )


@client_contact_required
def home(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request)
    awaiting = list(selectors.awaiting_answer(portal)[: selectors.OVERVIEW_ROWS])
    invoices = list(selectors.open_invoices(portal)[: selectors.OVERVIEW_ROWS]) if portal.shows_invoices else []
    open_requests = (
        list(selectors.requests_for(portal, status=ClientRequestStatus.SUBMITTED)[: selectors.OVERVIEW_ROWS])
        if portal.may_request
        else []
    )
    return _page(
        request,
        "clientportal/home.html",
        portal,
        awaiting=awaiting,
        invoices=invoices,
        outstanding=selectors.outstanding_total(portal) if portal.shows_invoices else None,
        open_requests=open_requests,
        recent_orders=list(selectors.orders_for(portal)[: selectors.OVERVIEW_ROWS]),
    )


# --- orders -----------------------------------------------------------------------------------------------


@client_contact_required
def order_list(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request)
    form = forms.OrderFilter(request.GET)
    rows = selectors.orders_for(portal, status=form.value("status"), search=form.value("q"))
    return _list(request, "clientportal/order_list.html", portal, rows, form)


@client_contact_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    portal = portal_for(request)
    order = selectors.order_for(portal, pk)
    return _order_page(request, portal, order)


def _order_page(request, portal, order, *, error: BusinessError | None = None) -> HttpResponse:
    answering = portal.may_answer(order)
    context = {
        "order": order,
        "lines": order.lines.all(),
        "totals": order.totals(),
        "show_prices": portal.shows_prices(order) or answering,  # what one confirms, one sees
        "may_answer": answering,
        "may_read_offer": portal.may_read_offer(order),
        "files": selectors.order_files(portal, order),
        "history": selectors.client_history(order),
        "error": error,
        "posted": request.POST if error else {},
    }
    return _page(request, "clientportal/order_detail.html", portal, status=400 if error else 200, **context)


@client_contact_required
@require_POST
def order_answer(request: HttpRequest, pk: int) -> HttpResponse:
    portal = portal_for(request)
    order = selectors.order_for(portal, pk)
    try:
        order = services.portal_answer(
            portal=portal,
            contact=request.user,
            order_id=order.pk,
            action=request.POST.get("action", ""),
            name=request.POST.get("name", "")[:1000],
            reason=request.POST.get("reason", "")[:4000],
            evidence=Evidence(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")),
        )
    except BusinessError as error:
        return _order_page(request, portal, order, error=error)
    messages.success(request, _("Thank you, your answer has been recorded. We have sent you a confirmation by e-mail."))
    return redirect("clientportal:order", order.pk)


@client_contact_required
def order_offer_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    portal = portal_for(request)
    order = selectors.order_for(portal, pk)
    if not portal.may_read_offer(order):
        raise Http404
    return stored_file_response(order.offer_pdf, f"offer-{order.pk}.pdf", "application/pdf")


# --- invoices ---------------------------------------------------------------------------------------------


@client_contact_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request, needs="shows_invoices")
    form = forms.InvoiceFilter(request.GET)
    rows = selectors.invoices_for(portal, state=form.value("status"), search=form.value("q"))
    return _list(request, "clientportal/invoice_list.html", portal, rows, form)


@client_contact_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    portal = portal_for(request, needs="shows_invoices")
    invoice = selectors.invoice_for(portal, pk)
    issuer = invoice.issuer or {}
    qr = ""
    if invoice.is_payable and invoice.outstanding > 0 and issuer.get("iban"):
        qr = girocode_data_uri(
            name=issuer.get("name", ""),
            iban=issuer["iban"],
            bic=issuer.get("bic", ""),
            amount=invoice.outstanding,
            reference=invoice.number,
        )
    # the IBAN in groups of four, each kept on one line (a narrow screen breaks between groups only)
    iban_groups = iban(issuer.get("iban", "")).split()
    return _page(
        request,
        "clientportal/invoice_detail.html",
        portal,
        invoice=invoice,
        issuer=issuer,
        qr=qr,
        iban_groups=iban_groups,
    )


@client_contact_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    invoice = selectors.invoice_for(portal_for(request, needs="shows_invoices"), pk)
    return stored_file_response(invoice.pdf, f"{invoice.number}.pdf", "application/pdf")


@client_contact_required
def invoice_xml(request: HttpRequest, pk: int) -> HttpResponseBase:
    invoice = selectors.invoice_for(portal_for(request, needs="shows_invoices"), pk)
    return stored_file_response(invoice.xml, f"{invoice.number}.xml", "application/xml")


# --- documents --------------------------------------------------------------------------------------------


@client_contact_required
def document_list(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request, needs="shows_documents_page")
    form = forms.DocumentFilter(request.GET)
    kind, search = form.value("status"), form.value("q")
    first = min(parse_id(request.GET.get("page")) or 1, HIGHEST_PAGE) * settings.PAGINATE_BY + 1
    rows = selectors.documents_for(portal, kind=kind, search=search, first=first)
    counted = selectors.documents_for(portal, kind=kind, search=search)
    return _list(request, "clientportal/document_list.html", portal, rows, form, counted=counted)


@client_contact_required
def shared_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    return document_response(selectors.shared_file_for(portal_for(request), pk))


# --- requests ---------------------------------------------------------------------------------------------


@client_contact_required
def request_list(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request, needs="may_request")
    form = forms.RequestFilter(request.GET)
    rows = selectors.requests_for(portal, status=form.value("status"), search=form.value("q"))
    return _list(request, "clientportal/request_list.html", portal, rows, form)


@client_contact_required
def request_create(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request, needs="may_request")
    members = list(requests.members_for_client(portal.client.pk))
    form = forms.RequestForm(
        request.POST or None, request.FILES or None, request_types=portal.request_types, members=members
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = requests.request_submit(
                portal=portal,
                contact=request.user,
                data=requests.RequestData(
                    member_id=data["member"],
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    desired_start=data["desired_start"],
                    desired_end=data["desired_end"],
                    budget_idea=data["budget_idea"],
                ),
                files=data["attachments"],
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your request has been sent."))
            return redirect("clientportal:request", created.pk)
    if not members:
        messages.info(request, _("There is nobody yet to send a request to."))
    status = 400 if request.method == "POST" else 200
    return _page(request, "clientportal/request_form.html", portal, form=form, members=members, status=status)


@client_contact_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    portal = portal_for(request, needs="may_request")
    found = selectors.request_for(portal, pk)
    return _page(request, "clientportal/request_detail.html", portal, client_request=found)


@client_contact_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    portal = portal_for(request, needs="may_request")
    found = selectors.request_for(portal, pk)
    return perform(
        request,
        lambda: requests.request_withdraw(portal=portal, contact=request.user, request_id=found.pk),
        success=_("The request has been withdrawn."),
        redirect_to=reverse("clientportal:request", args=[found.pk]),
    )


@client_contact_required
def request_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    found = selectors.request_for(portal_for(request, needs="may_request"), pk)
    stored = found.files.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    return document_response(stored)


# --- the client's data --------------------------------------------------------------------------------------


@client_contact_required
def profile(request: HttpRequest) -> HttpResponse:
    portal = portal_for(request)
    form = forms.ProfileForm(request.POST or None, instance=portal.client) if portal.may_edit_profile else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.client_profile_save(
                    portal=portal,
                    contact=request.user,
                    values={name: form.cleaned_data[name] for name in services.PROFILE_FIELDS},
                )
            except BusinessError as error:
                report_business_error(request, error, form)
            else:
                messages.success(request, _("The company data has been saved."))
                return redirect("clientportal:profile")
    status = 400 if request.method == "POST" else 200
    return _page(request, "clientportal/profile.html", portal, form=form, status=status)


@public
@require_POST
def access_after_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page after answering an offer through its e-mail link offers access to the client portal."""
    link = confirmation.link_for_token(token)
    if link is None:
        raise Http404
    try:
        services.contact_invite_after_answer(link_id=link.pk)
    except BusinessError as error:
        message, invited = error.message, False
    else:
        message, invited = "", True
    context = {"order": link.order, "token": token, "access_message": message, "access_invited": invited}
    return render(request, "orders/confirmation_done.html", context, status=200 if invited else 400)
