"""The Smart team's order review: queue with service level, decisions, comments."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.audit import audit_history
from portal.core.permissions import is_own, staff_required
from portal.core.transitions import Actor, allowed_events
from portal.core.views import paginate, perform
from portal.orders import selectors, services
from portal.orders.files import attachment_response
from portal.orders.transitions import TRANSITIONS, Event


@staff_required
def order_queue(request):
    page = paginate(request, selectors.review_queue_for_staff(entity=request.role.entity))
    now = timezone.now()
    rows = []
    for order in page.object_list:
        deadline = services.review_deadline(order)
        rows.append({"order": order, "deadline": deadline, "overdue": deadline is not None and deadline < now})
    return render(request, "backoffice/order_queue.html", {"page": page, "rows": rows})


@staff_required
def order_detail(request, pk: int):
    order = selectors.order_for_staff(entity=request.role.entity, pk=pk)
    deadline = services.review_deadline(order) if order.status in selectors.REVIEW_STATUSES else None
    own = is_own(request.user, order.member_id)  # another member of the team decides (four-eyes rule)
    context = {
        "order": order,
        "lines": order.lines.all(),
        "totals": order.totals(),
        "planned": order.planned_invoices.all(),
        "comments": order.comments.select_related("author"),
        "attachments": order.attachments.all(),
        "history": audit_history(order),
        "events": []
        if own
        else [(event, Event(event).label) for event in allowed_events(TRANSITIONS, order.status, Actor.STAFF)],
        "own": own,
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.now(),
    }
    return render(request, "backoffice/order_detail.html", context)


@staff_required
@require_POST
def order_decide(request, pk: int):
    order = selectors.order_for_staff(entity=request.role.entity, pk=pk)
    event = request.POST.get("event", "")
    return perform(
        request,
        lambda: services.order_transition(
            order_id=order.pk, event=event, actor=Actor.STAFF, user=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("Done: %(event)s.") % {"event": Event(event).label if event in Event.values else event},
        redirect_to=reverse("backoffice:order_detail", args=[order.pk]),
    )


@staff_required
@require_POST
def order_comment(request, pk: int):
    order = selectors.order_for_staff(entity=request.role.entity, pk=pk)
    return perform(
        request,
        lambda: services.order_comment(
            order=order, author=request.user, body=request.POST.get("body", ""), by_staff=True
        ),
        success=_("Your comment has been sent to the member."),
        redirect_to=reverse("backoffice:order_detail", args=[order.pk]),
    )


@staff_required
def order_file(request, pk: int, file_pk: int):
    order = selectors.order_for_staff(entity=request.role.entity, pk=pk)
    return attachment_response(get_object_or_404(order.attachments, pk=file_pk))
