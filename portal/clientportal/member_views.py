"""The member's side of client requests (Anfragen, DESIGN §9): the requests clients sent them, and
accepting one (a new order draft prefilled from it) or declining it with a reason."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.clientportal import member_selectors as selectors
from portal.clientportal import requests
from portal.clientportal.models import ClientRequest, ClientRequestStatus
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.files import document_response
from portal.core.permissions import member_required
from portal.core.views import chosen_status, paginate, parse_id, query_without_page, report_business_error


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Your client reads it in the e-mail and in the client portal."),
        error_messages={"required": gettext_lazy("Please tell your client why you decline the request.")},
    )


@member_required
def request_list(request: Any) -> HttpResponse:
    status = chosen_status(request, ClientRequestStatus.values)
    search = request.GET.get("q", "").strip()
    context = {
        "page": paginate(request, selectors.requests_in(request.scope, status=status, search=search)),
        "status": status,
        "statuses": ClientRequestStatus.choices,
        "search": search,
        "query": query_without_page(request),
    }
    return render(request, "clientportal/member_request_list.html", context)


def _detail(request: Any, client_request: ClientRequest, decline_form: DeclineForm | None = None) -> HttpResponse:
    decidable = client_request.status == ClientRequestStatus.SUBMITTED
    entities = selectors.accepting_entities(request.scope) if decidable else []
    context = {
        "client_request": client_request,
        "files": client_request.files.all(),
        "history": audit_history(client_request),
        "decidable": decidable,
        "entities": entities if len(entities) > 1 else [],
        "chosen_entity": request.role.entity.pk,
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "clientportal/member_request_detail.html", context)


@member_required
def request_detail(request: Any, pk: int) -> HttpResponse:
    return _detail(request, selectors.request_in(request.scope, pk))


@member_required
@require_POST
def request_accept(request: Any, pk: int) -> HttpResponse:
    client_request = selectors.request_in(request.scope, pk)
    try:
        order = requests.request_accept(
            member=request.user, request_id=client_request.pk, entity_id=parse_id(request.POST.get("entity"))
        )
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("client_requests:detail", pk=client_request.pk)
    messages.success(
        request,
        _("You accepted the request and your client has been told. Complete the draft and send it to the Smart team."),
    )
    return redirect("orders:edit", pk=order.pk)


@member_required
@require_POST
def request_decline(request: Any, pk: int) -> HttpResponse:
    client_request = selectors.request_in(request.scope, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            requests.request_decline(
                member=request.user, request_id=client_request.pk, reason=form.cleaned_data["reason"]
            )
        except BusinessError as error:
            if error.field != "reason":  # decided meanwhile: the page shows the outcome, the message why
                report_business_error(request, error)
                return redirect("client_requests:detail", pk=client_request.pk)
            report_business_error(request, error, form)
        else:
            messages.success(request, _("You declined the request; your client has been told why."))
            return redirect(reverse("client_requests:detail", args=[client_request.pk]))
    # the page again, with the message next to the reason and what was typed kept
    return _detail(request, client_request, form)


@member_required
def request_file(request: Any, pk: int, file_pk: int) -> HttpResponseBase:
    return document_response(selectors.request_file_in(request.scope, pk, file_pk))
