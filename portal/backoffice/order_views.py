"""The Smart team's orders: all orders of the login's entities, the review queue, decisions, comments."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.backoffice import selectors as backoffice_selectors
from portal.backoffice.forms import OrderCommentForm, OrderDecisionForm, OrderFilterForm
from portal.core.audit import audit_history, status_reason
from portal.core.errors import BusinessError
from portal.core.files import document_response
from portal.core.permissions import is_own, staff_required
from portal.core.transitions import Actor, allowed_events
from portal.core.views import paginate, query_without_page, report_business_error
from portal.entities.models import IssuingEntity
from portal.orders import selectors, services
from portal.orders.models import Order, OrderStatus
from portal.orders.transitions import TRANSITIONS, Event

#: What staff are told after each decision, by event (approve depends on whether the client confirms).
SUCCESS = {
    Event.RETURN: gettext_lazy("Order returned to the member for changes."),
    Event.REJECT: gettext_lazy("Order rejected. The member has been informed."),
    Event.APPROVE_CANCELLATION: gettext_lazy("Cancellation approved; the order is cancelled."),
    Event.DENY_CANCELLATION: gettext_lazy("Cancellation denied; the order stays active."),
}
APPROVED_TO_CLIENT = gettext_lazy("Order approved and sent to the client for confirmation.")
APPROVED_ACTIVE = gettext_lazy("Order approved; it is active now.")


def _staff_entities(request) -> list[IssuingEntity]:
    return staff_entities(request.roles)


def _order(request, pk: int) -> Order:
    """An order of any entity the login is staff of (404 for drafts and other entities)."""
    return selectors.order_in(request.scope, pk)


@staff_required
def order_list(request) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("entity", request.role.entity.code)  # the active role's entity until chosen otherwise
    form = OrderFilterForm(data, entities=_staff_entities(request))
    form.is_valid()
    page = paginate(request, backoffice_selectors.orders_for_staff(request.scope, **form.filters()))
    context = {
        "form": form,
        "member": form.chosen_member(),
        "page": page,
        "query": query_without_page(request),
        "tab": "all",
    }
    return render(request, "backoffice/order_list.html", context)


@staff_required
def order_queue(request) -> HttpResponse:
    page = paginate(request, selectors.review_queue_for_staff(entity=request.role.entity))
    now = timezone.now()
    rows = []
    for order in page.object_list:
        deadline = services.review_deadline(order)
        rows.append({"order": order, "deadline": deadline, "overdue": deadline is not None and deadline < now})
    return render(request, "backoffice/order_queue.html", {"page": page, "rows": rows, "tab": "review"})


def _detail(
    request,
    order: Order,
    *,
    decision_form: OrderDecisionForm | None = None,
    comment_form: OrderCommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The order's page; after a refused decision or comment with that form, its errors and what was typed."""
    deadline = services.review_deadline(order) if order.status in selectors.REVIEW_STATUSES else None
    own = is_own(request.user, order.member_id)  # another member of the team decides (four-eyes rule)
    history = list(audit_history(order))
    context = {
        "order": order,
        "lines": order.lines.all(),
        "totals": order.totals(),
        "planned": order.planned_invoices.all(),
        "comments": order.comments.select_related("author"),
        "attachments": order.attachments.all(),
        "history": history,
        "reason": status_reason(history, order.status),
        "events": []
        if own
        else [(event, Event(event).label) for event in allowed_events(TRANSITIONS, order.status, Actor.STAFF)],
        "own": own,
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.now(),
        "decision_form": decision_form or OrderDecisionForm(),
        "comment_form": comment_form or OrderCommentForm(),
    }
    return render(request, "backoffice/order_detail.html", context, status=status)


@staff_required
def order_detail(request, pk: int) -> HttpResponse:
    return _detail(request, _order(request, pk))


def _success_message(order_id: int, event: str) -> str:
    if event == Event.APPROVE:
        active = Order.objects.filter(pk=order_id, status=OrderStatus.ACTIVE).exists()
        return str(APPROVED_ACTIVE if active else APPROVED_TO_CLIENT)
    return str(SUCCESS[Event(event)])


@staff_required
@require_POST
def order_decide(request, pk: int) -> HttpResponse:
    order = _order(request, pk)
    event = request.POST.get("event", "")
    form = OrderDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.order_transition(
                order_id=order.pk,
                event=event,
                actor=Actor.STAFF,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _success_message(order.pk, event))
            return redirect("backoffice:order_detail", pk=order.pk)
    return _detail(request, order, decision_form=form, status=400)


@staff_required
@require_POST
def order_comment(request, pk: int) -> HttpResponse:
    order = _order(request, pk)
    form = OrderCommentForm(request.POST)
    if form.is_valid():
        try:
            services.order_comment(order=order, author=request.user, body=form.cleaned_data["body"], by_staff=True)
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your comment has been sent to the member."))
            return redirect("backoffice:order_detail", pk=order.pk)
    return _detail(request, order, comment_form=form, status=400)


@staff_required
def order_file(request, pk: int, file_pk: int) -> HttpResponseBase:
    order = _order(request, pk)
    return document_response(get_object_or_404(order.attachments, pk=file_pk))
