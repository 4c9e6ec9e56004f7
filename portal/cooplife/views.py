"""The member's cooperative pages ("Genossenschaft"): the hub with the latest news and the next events,
the news, the events with sign-up, waiting list and calendar file. Views are thin: the selectors decide
what the member may read (404 otherwise), the services every rule."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.assembly.selectors import member_entity_ids, next_assembly
from portal.cooplife import events, selectors
from portal.cooplife.calendar import event_calendar
from portal.cooplife.forms import SearchForm
from portal.cooplife.models import CoopEvent, SignupStatus
from portal.core.errors import BusinessError
from portal.core.permissions import member_required
from portal.core.views import paginate, query_without_page, report_business_error

#: What the hub page shows.
HUB_NEWS, HUB_EVENTS = 3, 5


@member_required
def home(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    context = {
        "news_items": selectors.latest_news(scope, HUB_NEWS),
        "events": selectors.next_events(scope, HUB_EVENTS),
        "assembly": next_assembly(member_entity_ids(request)),
    }
    return render(request, "cooplife/home.html", context)


@member_required
def news_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    rows = selectors.news_search(selectors.news_in(request.scope), form.query())  # type: ignore[attr-defined]
    context = {"form": form, "page": paginate(request, rows), "query": query_without_page(request)}
    return render(request, "cooplife/news_list.html", context)


@member_required
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    news = selectors.news_one(request.scope, pk)  # type: ignore[attr-defined]
    return render(request, "cooplife/news_detail.html", {"news": news})


@member_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    rows = selectors.events_in(request.scope)  # type: ignore[attr-defined]
    rows = selectors.past(rows) if when == "past" else selectors.upcoming(rows)
    rows = selectors.event_search(rows, form.query())
    context = {"form": form, "when": when, "page": paginate(request, rows), "query": query_without_page(request)}
    return render(request, "cooplife/event_list.html", context)


def link_visible(event: CoopEvent) -> bool:
    """The online link: for everybody when places are unlimited, else for those holding a place."""
    return event.capacity is None or getattr(event, "my_status", None) == SignupStatus.CONFIRMED


@member_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_one(request.scope, pk)  # type: ignore[attr-defined]
    position = None
    if event.my_status == SignupStatus.WAITING:  # type: ignore[attr-defined]
        position = selectors.waiting_position(event, request.user.pk)
    context = {
        "event": event,
        "position": position,
        "link_visible": link_visible(event),
        "takes_signups": event.takes_signups(),
        "full": event.capacity is not None and event.taken >= event.capacity,  # type: ignore[attr-defined]
    }
    return render(request, "cooplife/event_detail.html", context)


@member_required
@require_POST
def event_signup(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_one(request.scope, pk)  # type: ignore[attr-defined]
    try:
        signup = events.signup_join(member=request.user, event_id=event.pk)
    except BusinessError as error:
        report_business_error(request, error)
    else:
        if signup.status == SignupStatus.CONFIRMED:
            messages.success(request, _("You are signed up. See you there!"))
        else:
            messages.info(
                request, _("The event is full: you are on the waiting list. We e-mail you when a place is free.")
            )
    return redirect("cooplife:event_detail", pk=event.pk)


@member_required
@require_POST
def event_signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_one(request.scope, pk)  # type: ignore[attr-defined]
    try:
        events.signup_cancel(member=request.user, event_id=event.pk)
    except BusinessError as error:
        report_business_error(request, error)
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect("cooplife:event_detail", pk=event.pk)


@member_required
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_one(request.scope, pk)  # type: ignore[attr-defined]
    response = HttpResponse(event_calendar(event, with_link=link_visible(event)), content_type="text/calendar")
    response["Content-Type"] = "text/calendar; charset=utf-8"
    response["Content-Disposition"] = content_disposition_header(True, f"event-{event.pk}.ics")
    return response
