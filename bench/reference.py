"""The reference page: one query for 25 orders of one member, rendered by a plain Django template."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from portal.orders.models import Order


def reference_orders(request: HttpRequest) -> HttpResponse:
    member = request.GET.get("member", "")
    if not member.isdigit():
        return HttpResponseBadRequest("member=<user id> is required")
    orders = Order.objects.filter(member_id=int(member)).select_related("client").order_by("-created_at")[:25]
    return render(request, "bench/reference_orders.html", {"orders": orders})
