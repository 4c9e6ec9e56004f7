"""The client's confirmation page, reached from the e-mail link. No login, nothing but this one offer."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.core.errors import BusinessError
from portal.core.http import client_ip
from portal.core.permissions import public
from portal.orders import confirmation, services


@public
@never_cache
@require_http_methods(["GET", "POST"])
def confirmation_page(request, token: str):
    state = confirmation.link_state(token)
    if state.problem or state.link is None or state.order is None:
        return render(request, "orders/confirmation_unavailable.html", {"problem": state.problem}, status=410)
    order = state.order
    error = None
    if request.method == "POST":
        try:
            order = services.order_client_respond(
                order_id=order.pk,
                link_id=state.link.pk,
                action=request.POST.get("action", ""),
                name=request.POST.get("name", ""),
                reason=request.POST.get("reason", ""),
                evidence=services.Evidence(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")),
            )
        except BusinessError as business_error:
            error = business_error
        else:
            return render(request, "orders/confirmation_done.html", {"order": order, "token": token})
    context = {
        "order": order,
        "lines": order.lines.all(),
        "totals": order.totals(),
        "token": token,
        "error": error,
        "posted": request.POST,
    }
    return render(request, "orders/confirmation_page.html", context, status=400 if error else 200)


@public
@never_cache
def confirmation_pdf(request, token: str):
    state = confirmation.link_state(token)
    order = state.order
    if state.problem or order is None or not order.offer_pdf:
        raise Http404
    return FileResponse(order.offer_pdf.open("rb"), content_type="application/pdf", filename=f"offer-{order.pk}.pdf")
