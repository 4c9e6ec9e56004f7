"""The public application (Beitritt) with its e-mail confirmation, and the member's membership page:
status, shares, register entries, certificate, requests for more shares or to leave. Views are thin:
selectors decide what may be read (404 otherwise), the services every rule."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.models import MemberProfile
from portal.core.errors import BusinessError
from portal.core.http import client_ip
from portal.core.permissions import member_required, public
from portal.core.views import paginate, perform, report_business_error
from portal.membership import applications, certificate, ratelimit, requests, selectors, transfers
from portal.membership.forms import AdditionalSharesForm, ApplicationForm, TerminationForm, TransferForm
from portal.membership.models import ApplicationStatus, RequestKind, RequestStatus

# --- the public application ----------------------------------------------------------------------------


@public
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("entity") or request.POST.get("entity")
    terms = selectors.entity_for_application(code)
    if terms is None:
        context = {"choices": selectors.open_terms(), "unknown": bool(code)}
        return render(request, "membership/apply_choose.html", context, status=404 if code else 200)
    form = ApplicationForm(request.POST or None, request.FILES or None, terms=terms)
    status = 200
    if request.method == "POST":
        if form.is_robot():  # the honeypot: look like success, keep nothing
            return redirect("membership:apply_sent")
        if form.is_valid():
            if not ratelimit.allow_application(client_ip(request), form.cleaned_data["email"]):
                form.add_error(None, _("Too many applications were sent from here. Please try again in an hour."))
                return render(request, "membership/apply.html", {"form": form, "terms": terms}, status=429)
            try:
                applications.application_submit(data=form.data_for(terms.entity_id, get_language() or "de"))
            except BusinessError as error:
                report_business_error(request, error, form)
            else:
                return redirect("membership:apply_sent")
        status = 400
    return render(request, "membership/apply.html", {"form": form, "terms": terms}, status=status)


@public
@never_cache
def apply_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "membership/apply_sent.html")


@public
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: a button confirms (mail scanners that open links confirm nothing)."""
    try:
        application = applications.application_for_token(token)
    except BusinessError as error:
        return render(request, "membership/verify_invalid.html", {"problem": error.message}, status=410)
    if request.method == "POST" and application.status == ApplicationStatus.UNVERIFIED:
        try:
            application = applications.application_verify(token=token)
        except BusinessError as error:  # the address became a member's, or another application was confirmed
            return render(request, "membership/verify_invalid.html", {"problem": error.message}, status=409)
    context = {"application": application, "entity": application.entity, "token": token}
    return render(request, "membership/verify.html", context)


# --- the member's page ----------------------------------------------------------------------------------


def _page(request: Any, *, bound: dict[str, forms.Form] | None = None, status: int = 200) -> HttpResponse:
    member, entity = request.user, request.role.entity
    bound = bound or {}
    profile = MemberProfile.objects.filter(user=member).first()
    terms = applications.terms_of(entity.pk)
    holdings = selectors.holdings_of(member.pk)
    held = next((holding for holding in holdings if holding.entity.pk == entity.pk), None)
    pending = requests.pending_termination(member.pk, entity.pk)
    active = profile is not None and profile.membership_status == MemberProfile.MembershipStatus.ACTIVE
    share_requests = list(selectors.share_requests_in(request.scope).order_by("-created_at", "-pk")[:20])
    context = {
        "profile": profile,
        "entity": entity,
        "terms": terms,
        "holdings": holdings,
        "held": held,
        "entries": paginate(request, selectors.entries_in(request.scope)),
        "share_requests": share_requests,
        "in_review": {r.kind for r in share_requests if r.status == RequestStatus.PENDING and r.entity_id == entity.pk},
        "applications": list(selectors.applications_in(request.scope)[:10]),
        "incoming_transfers": selectors.incoming_transfers(member.pk),
        "open_payments": selectors.open_payments(member.pk),
        "membership_end": selectors.membership_end(member.pk),
        "pending_termination": pending,
        "may_request": active and terms is not None and pending is None,
        # Prefixed: the three forms share a page, and ids like ``id_shares`` must be unique on it.
        "additional_form": bound.get("additional") or AdditionalSharesForm(prefix="more"),
        "termination_form": bound.get("termination") or TerminationForm(prefix="notice"),
        "transfer_form": bound.get("transfer") or TransferForm(prefix="transfer"),
    }
    return render(request, "membership/home.html", context, status=status)


@member_required
def home(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _submit(request: Any, kind: str, form: forms.Form, name: str) -> HttpResponse:
    if form.is_valid():
        try:
            requests.share_request_submit(
                member=request.user,
                entity_id=request.role.entity.pk,
                kind=kind,
                shares=form.cleaned_data.get("shares"),
                note=form.cleaned_data.get("note", ""),
                recipient_number=form.cleaned_data.get("recipient_number", ""),
            )
        except BusinessError as error:
            if error.field is None:  # about the membership, not the form: the form may not even be shown
                messages.error(request, error.message)
                return redirect("membership:home")
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your request has been sent to the Smart team."))
            return redirect("membership:home")
    return _page(request, bound={name: form}, status=400)


@member_required
@require_POST
def request_additional(request: HttpRequest) -> HttpResponse:
    return _submit(request, RequestKind.ADDITIONAL, AdditionalSharesForm(request.POST, prefix="more"), "additional")


@member_required
@require_POST
def request_termination(request: HttpRequest) -> HttpResponse:
    return _submit(request, RequestKind.TERMINATION, TerminationForm(request.POST, prefix="notice"), "termination")


@member_required
@require_POST
def request_transfer(request: HttpRequest) -> HttpResponse:
    return _submit(request, RequestKind.TRANSFER, TransferForm(request.POST, prefix="transfer"), "transfer")


def _answer_transfer(request: Any, pk: int, answer, success: str) -> HttpResponse:
    incoming = selectors.incoming_transfer(request.user.pk, pk)  # 404 unless addressed to this member
    return perform(
        request,
        lambda: answer(recipient=request.user, request_id=incoming.pk),
        success=success,
        redirect_to=reverse("membership:home"),
    )


@member_required
@require_POST
def transfer_agree(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_transfer(request, pk, transfers.transfer_agree, _("You have agreed; the Smart team decides now."))


@member_required
@require_POST
def transfer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_transfer(request, pk, transfers.transfer_decline, _("You have declined the transfer."))


@member_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    share_request = selectors.share_request_in(request.scope, pk)  # type: ignore[attr-defined]
    if share_request.status != RequestStatus.PENDING:
        return redirect("membership:home")
    return perform(
        request,
        lambda: requests.share_request_withdraw(member=request.user, request_id=share_request.pk),
        success=_("Your request has been withdrawn."),
        redirect_to=reverse("membership:home"),
    )


@member_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    holding = next((row for row in selectors.holdings_of(request.user.pk or 0) if row.entity.pk == pk), None)
    if holding is None or holding.shares <= 0:
        raise Http404
    entries = list(selectors.entries_in(request.scope).filter(entity_id=pk))  # type: ignore[attr-defined]
    return certificate.certificate_response(request.user, holding, entries)
