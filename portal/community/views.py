"""The member's community pages: the posts of the active role's entity with filters, one post, the
member's own posts with their moderation status, the post form, the opted-in member profiles, the
member's own profile and their subscriptions. Views are thin: the selectors decide what the member may
read (404 otherwise), the services every rule."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.community import rules, selectors, services
from portal.community.forms import PostFilterForm, PostForm, ProfileFilterForm, ProfileForm, SubscriptionForm
from portal.community.models import CommunityPost, CommunitySubscription
from portal.core.errors import BusinessError
from portal.core.permissions import member_required
from portal.core.views import paginate, query_without_page, report_business_error


def _entity(request: Any) -> Any:
    return request.role.entity


def _today(request: Any) -> Any:
    return rules.entity_today(_entity(request).time_zone)


@member_required
def post_list(request: HttpRequest) -> HttpResponse:
    form = PostFilterForm(request.GET)
    filters = form.filters()
    posts = selectors.published_posts(request.scope, _entity(request).pk, _today(request))  # type: ignore[attr-defined]
    context = {
        "form": form,
        "filtered": any(vars(filters).values()),
        "page": paginate(request, selectors.filtered(posts, filters)),
        "query": query_without_page(request),
        "entity": _entity(request),
    }
    return render(request, "community/list.html", context)


@member_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for_member(request.scope, _entity(request).pk, pk, _today(request))  # type: ignore[attr-defined]
    own = post.author_id == request.user.pk
    profile = selectors.profile_of(post.author_id)
    context = {
        "post": post,
        "own": own,
        "shown": rules.shown_status(post.status, post.active_until, rules.entity_today(post.entity.time_zone)),
        "profile": profile if profile is not None and (profile.visible or own) else None,
    }
    return render(request, "community/detail.html", context)


@member_required
def mine(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.own_posts(request.scope))  # type: ignore[attr-defined]
    today: dict[str, Any] = {}
    rows = []
    for post in page.object_list:
        zone = post.entity.time_zone
        today.setdefault(zone, rules.entity_today(zone))
        rows.append((post, rules.shown_status(post.status, post.active_until, today[zone])))
    return render(request, "community/mine.html", {"page": page, "rows": rows})


def _initial(request: Any, post: CommunityPost | None, today: Any) -> dict[str, Any]:
    if post is None:
        return {"contact": request.user.email, "active_until": rules.default_active_until(today)}
    fields = ("title", "kind", "category", "sector", "description", "city", "contact", "link", "active_until", "urgent")
    return {name: getattr(post, name) for name in fields}


def _post_form(request: Any, post: CommunityPost | None) -> HttpResponse:
    entity = post.entity if post is not None else _entity(request)
    today = rules.entity_today(entity.time_zone)
    form = PostForm(request.POST or None, initial=_initial(request, post, today), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            if post is None:
                saved = services.post_create(member=request.user, entity_id=entity.pk, data=form.post_data())
            else:
                saved = services.post_update(member=request.user, post_id=post.pk, data=form.post_data())
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your post has been saved."))  # the page says what happens next
            return redirect("community:detail", pk=saved.pk)
    return render(request, "community/post_form.html", {"form": form, "post": post, "entity": entity})


@member_required
def create(request: HttpRequest) -> HttpResponse:
    return _post_form(request, None)


def _own(request: Any, pk: int) -> CommunityPost:
    post = selectors.own_posts(request.scope).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


@member_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_form(request, _own(request, pk))


@member_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own(request, pk)
    try:
        services.post_delete(member=request.user, post_id=post.pk)
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("community:mine")
    messages.success(request, _("Your post has been deleted."))
    return redirect("community:mine")


@member_required
def profiles(request: HttpRequest) -> HttpResponse:
    form = ProfileFilterForm(request.GET)
    values = form.values()
    found = selectors.visible_profiles(request.scope, _entity(request).pk, **values)  # type: ignore[attr-defined]
    own = selectors.profile_of(request.user.pk)  # type: ignore[arg-type]
    context = {
        "form": form,
        "filtered": any(values.values()),
        "page": paginate(request, found),
        "query": query_without_page(request),
        "own_visible": bool(own and own.visible),
        "entity": _entity(request),
    }
    return render(request, "community/profiles.html", context)


@member_required
def profile(request: HttpRequest) -> HttpResponse:
    current = selectors.profile_of(request.user.pk)  # type: ignore[arg-type]
    initial = (
        {name: getattr(current, name) for name in ("visible", "sector", "city", "skills", "website")} if current else {}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.profile_save(member=request.user, data=form.profile_data())
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            if saved.visible:
                messages.success(request, _("Your profile has been saved; the other members can see it."))
            else:
                messages.success(request, _("Your profile has been saved; it is hidden from the other members."))
            return redirect("community:profile")
    return render(request, "community/profile_form.html", {"form": form})


@member_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    current = CommunitySubscription.objects.filter(member_id=request.user.pk).first()
    initial = (
        {
            "categories": current.categories,
            "sectors": current.sectors,
            "weekly_digest": current.weekly_digest,
            "urgent_at_once": current.urgent_at_once,
        }
        if current
        else {"weekly_digest": True, "urgent_at_once": True}
    )
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.subscription_save(
            member=request.user,
            categories=data["categories"],
            sectors=data["sectors"],
            weekly_digest=data["weekly_digest"],
            urgent_at_once=data["urgent_at_once"],
        )
        messages.success(request, _("Your community settings have been saved."))
        return redirect("community:settings")
    context = {"form": form, "notify_off": not request.user.notify_community}  # type: ignore[union-attr]
    return render(request, "community/settings.html", context)
