"""The Smart team's community pages (DESIGN §10): the moderation queue (and every post of the team's
entities by status), one post with approve / reject. The community services check every rule (the
team's entities only, never one's own post, a reason to reject); a refused action shows a message."""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.community import rules, selectors, services
from portal.community.forms import RejectForm
from portal.community.models import CommunityPost, PostStatus
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.permissions import is_own, staff_required
from portal.core.views import paginate, query_without_page, report_business_error

#: The queue's status filter: value → label; "submitted" (awaiting moderation) is the default.
STATUS_FILTERS = {
    "submitted": gettext_lazy("Awaiting moderation"),
    "active": gettext_lazy("Published"),
    "expired": gettext_lazy("Expired"),
    "rejected": gettext_lazy("Rejected"),
    "all": gettext_lazy("All"),
}


def _expired(entities: list[Any]) -> Q:
    """Published posts past their day, each entity's day in its time zone."""
    past = Q(pk__in=[])
    for entity in entities:
        past |= Q(entity_id=entity.pk, active_until__lt=rules.entity_today(entity.time_zone))
    return Q(status=PostStatus.ACTIVE) & past


@staff_required
def community_queue(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    status = request.GET.get("status", "submitted")
    status = status if status in STATUS_FILTERS else "submitted"
    posts = selectors.posts_for_staff(scope)
    entities = staff_entities(request.roles)  # type: ignore[attr-defined]
    if status == "expired":
        posts = posts.filter(_expired(entities))
    elif status == "active":
        posts = posts.filter(status=PostStatus.ACTIVE).exclude(_expired(entities))
    elif status != "all":
        posts = posts.filter(status=status)
    text = request.GET.get("q", "").strip()[: selectors.MAX_SEARCH]
    if text:
        posts = posts.filter(
            Q(title__icontains=text) | Q(author__last_name__icontains=text) | Q(author__first_name__icontains=text)
        )
    order = ("submitted_at", "pk") if status == "submitted" else ("-created_at", "-pk")
    context = {
        "status": status,
        "statuses": STATUS_FILTERS.items(),
        "search": text,
        "page": paginate(request, posts.order_by(*order)),
        "query": query_without_page(request),
        "waiting": selectors.queue_for_staff(scope).count(),
    }
    return render(request, "backoffice/community_queue.html", context)


def _post(request: HttpRequest, pk: int) -> CommunityPost:
    return selectors.post_for_staff(request.scope, pk)  # type: ignore[attr-defined]


def _detail(
    request: HttpRequest, post: CommunityPost, reject_form: RejectForm | None = None, status: int = 200
) -> HttpResponse:
    today = rules.entity_today(post.entity.time_zone)
    context = {
        "post": post,
        "shown": rules.shown_status(post.status, post.active_until, today),
        "own": is_own(request.user, post.author_id),  # a colleague moderates (four-eyes rule)
        "reject_form": reject_form or RejectForm(prefix="reject"),
        "history": audit_history(post),
    }
    return render(request, "backoffice/community_post.html", context, status=status)


@staff_required
def community_post(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _post(request, pk))


@staff_required
@require_POST
def community_approve(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    try:
        services.post_approve(staff=request.user, scope=request.scope, post_id=post.pk)  # type: ignore[attr-defined]
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("backoffice:community_post", pk=post.pk)
    messages.success(request, _("The post has been published. The author has been informed."))
    return redirect("backoffice:community_queue")


@staff_required
@require_POST
def community_reject(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    form = RejectForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.post_reject(
                staff=request.user,
                scope=request.scope,  # type: ignore[attr-defined]
                post_id=post.pk,
                reason=form.cleaned_data["reason"],
            )
        except BusinessError as error:
            if error.field != "reason":
                report_business_error(request, error)
                return redirect("backoffice:community_post", pk=post.pk)
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The post has been rejected. The author has been informed."))
            return redirect("backoffice:community_queue")
    return _detail(request, post, form, status=400)
