"""The Smart team's cooperative-life pages (DESIGN §10): news (write, schedule, publish, delete) and events
(create, change, cancel, sign-up and waiting lists, CSV of the sign-ups).

Views are thin: the services check who may publish for which entity and every rule; a refused form is
shown again with the message next to the field."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.roles import staff_entities
from portal.cooplife import events, selectors, services
from portal.cooplife.forms import ALL, CancelEventForm, EventForm, NewsForm, SearchForm
from portal.cooplife.models import CoopEvent, EventSignup, News, NewsStatus, SignupStatus
from portal.cooplife.times import zone_of
from portal.core.csv_export import csv_response, csv_text
from portal.core.errors import BusinessError
from portal.core.permissions import staff_required
from portal.core.views import paginate, parse_id, perform, query_without_page, report_business_error

NEWS_STATUSES = ("draft", "scheduled", "published")


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _form_options(request: HttpRequest) -> dict[str, Any]:
    all_entities = services.speaks_for_all(request.user, _scope(request))
    return {"entities": staff_entities(request.roles), "all_entities": all_entities}  # type: ignore[attr-defined]


def _editable(request: HttpRequest, row: News | CoopEvent, all_entities: bool) -> bool:
    return row.entity_id in _scope(request).entity_ids or (row.entity_id is None and all_entities)


def _entity_filter(request: HttpRequest, rows: QuerySet[Any]) -> tuple[QuerySet[Any], str]:
    chosen = request.GET.get("entity", "")
    if chosen == ALL:
        return rows.filter(entity__isnull=True), chosen
    entity_id = parse_id(chosen)
    if entity_id is not None:
        return rows.filter(entity_id=entity_id), chosen
    return rows, ""


def _list_context(request: HttpRequest, rows: QuerySet[Any], form: SearchForm, **extra: Any) -> dict[str, Any]:
    options = _form_options(request)
    page = paginate(request, rows)
    for row in page.object_list:
        row.editable = _editable(request, row, options["all_entities"])
    return {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "entities": options["entities"],
        **extra,
    }


# --- news ------------------------------------------------------------------------------------------


@staff_required
def news_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    rows, entity = _entity_filter(request, selectors.news_in(_scope(request)))
    status = request.GET.get("status", "")
    now = timezone.now()
    if status == "draft":
        rows = rows.filter(status=NewsStatus.DRAFT)
    elif status == "scheduled":
        rows = rows.filter(status=NewsStatus.PUBLISHED, published_at__gt=now)
    elif status == "published":
        rows = rows.filter(status=NewsStatus.PUBLISHED, published_at__lte=now)
    else:
        status = ""
    rows = selectors.news_search(rows, form.query())
    context = _list_context(request, rows, form, status=status, entity=entity, statuses=NEWS_STATUSES)
    return render(request, "backoffice/cooplife_news_list.html", context)


def _news_initial(news: News) -> dict[str, Any]:
    zone = zone_of(news.entity_id)
    return {
        "entity": str(news.entity_id) if news.entity_id else ALL,
        "title_de": news.title_de,
        "title_en": news.title_en,
        "text_de": news.text_de,
        "text_en": news.text_en,
        "published_at": timezone.localtime(news.published_at, zone).replace(tzinfo=None, second=0, microsecond=0),
    }


def _news_form(request: HttpRequest, news: News | None) -> HttpResponse:
    options = _form_options(request)
    initial = _news_initial(news) if news is not None else {}
    form = NewsForm(request.POST or None, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            saved = services.news_save(
                staff=request.user,
                scope=_scope(request),
                news_id=news.pk if news else None,
                data=form.news_data(publish=publish),
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            if saved.status == NewsStatus.DRAFT:
                messages.success(request, _("The news is saved as a draft."))
            elif saved.is_visible():
                messages.success(request, _("The news is published."))
            else:
                messages.success(request, _("The news is scheduled."))
            return redirect("backoffice:news_edit", pk=saved.pk)
    return render(request, "backoffice/cooplife_news_form.html", {"form": form, "news": news})


@staff_required
def news_create(request: HttpRequest) -> HttpResponse:
    return _news_form(request, None)


@staff_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    news = selectors.news_one(_scope(request), pk)
    if not _editable(request, news, services.speaks_for_all(request.user, _scope(request))):
        return render(request, "backoffice/cooplife_news_read.html", {"news": news})
    return _news_form(request, news)


@staff_required
@require_POST
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    news = selectors.news_one(_scope(request), pk)
    try:
        services.news_delete(staff=request.user, scope=_scope(request), news_id=news.pk)
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("backoffice:news_edit", pk=news.pk)
    messages.success(request, _("The news is deleted."))
    return redirect("backoffice:news_list")


# --- events ----------------------------------------------------------------------------------------


@staff_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    rows, entity = _entity_filter(request, selectors.events_in(_scope(request)))
    rows = selectors.past(rows) if when == "past" else selectors.upcoming(rows)
    rows = selectors.event_search(rows, form.query()).annotate(waiting=selectors.signup_count(SignupStatus.WAITING))
    context = _list_context(request, rows, form, when=when, entity=entity)
    return render(request, "backoffice/cooplife_event_list.html", context)


def _event_initial(event: CoopEvent) -> dict[str, Any]:
    def local(moment: Any) -> Any:
        return event.local(moment).replace(tzinfo=None) if moment else None

    return {
        "entity": str(event.entity_id) if event.entity_id else ALL,
        "title_de": event.title_de,
        "title_en": event.title_en,
        "description_de": event.description_de,
        "description_en": event.description_en,
        "starts": local(event.starts_at),
        "ends": local(event.ends_at),
        "place": event.place,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "signup_deadline": local(event.signup_deadline),
    }


def _event_form(request: HttpRequest, event: CoopEvent | None) -> HttpResponse:
    form = EventForm(request.POST or None, initial=_event_initial(event) if event else {}, **_form_options(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = events.event_save(
                staff=request.user,
                scope=_scope(request),
                event_id=event.pk if event else None,
                data=form.event_data(),
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("backoffice:event_detail", pk=saved.pk)
    return render(request, "backoffice/cooplife_event_form.html", {"form": form, "event": event})


@staff_required
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form(request, None)


def _editable_event(request: HttpRequest, pk: int) -> CoopEvent:
    """An event the staff member may change; 404 for one they may only read or not at all."""
    return selectors.one_of(events.events_for_staff(request.user, _scope(request)), pk)


@staff_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    if event.is_cancelled or event.starts_at <= timezone.now():  # the service would refuse to save it
        messages.info(request, _("A cancelled or started event can no longer be changed."))
        return redirect("backoffice:event_detail", pk=event.pk)
    return _event_form(request, event)


@staff_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, selectors.event_one(_scope(request), pk))


def _event_page(
    request: HttpRequest, event: CoopEvent, cancel_form: CancelEventForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "event": event,
        "editable": _editable(request, event, services.speaks_for_all(request.user, _scope(request))),
        "started": event.starts_at <= timezone.now(),
        "confirmed": list(selectors.signups_of(event, SignupStatus.CONFIRMED)),
        "waiting": list(selectors.signups_of(event, SignupStatus.WAITING)),
        "cancel_form": cancel_form or CancelEventForm(),
    }
    return render(request, "backoffice/cooplife_event_detail.html", context, status=status)


@staff_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = _editable_event(request, pk)
    form = CancelEventForm(request.POST)
    if not form.is_valid():  # the reason stays in the field, with what is wrong beside it
        return _event_page(request, selectors.event_one(_scope(request), pk), form, status=400)
    return perform(
        request,
        lambda: events.event_cancel(
            staff=request.user, scope=_scope(request), event_id=event.pk, reason=form.cleaned_data["reason"]
        ),
        success=_("The event is cancelled; everybody signed up is e-mailed."),
        redirect_to=reverse("backoffice:event_detail", args=[event.pk]),
    )


def _signup_rows(rows: Iterable[EventSignup], event: CoopEvent) -> Iterable[list[str]]:
    for signup in rows:
        member = signup.member
        profile = getattr(member, "member_profile", None)
        yield [
            csv_text(profile.member_number if profile else ""),
            csv_text(member.get_full_name()),
            csv_text(member.email),
            str(signup.get_status_display()),
            event.local(signup.joined_at).strftime("%Y-%m-%d %H:%M"),
        ]


@staff_required
def event_signups_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = selectors.event_one(_scope(request), pk)
    rows = (
        event.signups.filter(status__in=(SignupStatus.CONFIRMED, SignupStatus.WAITING))
        .select_related("member", "member__member_profile")
        .order_by("status", "joined_at", "pk")
    )

    def header() -> list[str]:
        return [_("Member number"), _("Name"), _("E-mail"), _("Status"), _("Signed up")]

    return csv_response(f"event-{event.pk}-signups.csv", header, lambda: _signup_rows(rows.iterator(), event))
