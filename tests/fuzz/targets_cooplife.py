"""Fuzz targets of cooperative life: the member's hub, news and events (sign-up, cancel, calendar file),
the Smart team's news and events (write, edit, delete, cancel, sign-up CSV)."""

from datetime import timedelta

from django.utils import timezone

from tests.fuzz.targets import Target, get, pk, post, url
from tests.fuzz.world import World

NEWS_STAFF = url("backoffice:news_edit", pk("news"))
EVENT_STAFF = url("backoffice:event_detail", pk("coop_event"))


def sc(world: World) -> dict[str, list[str]]:
    return {"entity": [str(world.coop_event.entity_id)]}


def new_event(world: World) -> dict[str, list[str]]:
    start = (timezone.localtime() + timedelta(days=20)).replace(hour=18, minute=0)
    return {
        **sc(world),
        "title_de": ["Treffen"],
        "starts": [start.strftime("%Y-%m-%dT%H:%M")],
        "ends": [(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")],
        "place": ["Berlin"],
        "online_url": ["https://meet.example.org/a"],
        "capacity": ["5"],
    }


COOPLIFE_TARGETS: list[Target] = [
    get("cooplife:home", "member"),
    get("cooplife:news_list", "member", extra={"q": ["a"], "page": ["2"]}),
    get("cooplife:news_detail", "member", pk("news")),
    get("cooplife:event_list", "member", extra={"q": ["a"], "when": ["past"], "page": ["2"]}),
    get("cooplife:event_detail", "member", pk("coop_event")),
    post(
        "cooplife:event_signup",
        "member",
        pk("coop_event_open"),
        source=url("cooplife:event_detail", pk("coop_event_open")),
    ),
    post(
        "cooplife:event_signup_cancel",
        "member",
        pk("coop_event"),
        source=url("cooplife:event_detail", pk("coop_event")),
    ),
    get("cooplife:event_ics", "member", pk("coop_event")),
    get(
        "backoffice:news_list",
        "staff",
        extra={"q": ["a"], "status": ["scheduled"], "entity": ["all"], "page": ["2"]},
    ),
    post(
        "backoffice:news_create",
        "staff",
        values=lambda world: {**sc(world), "title_de": ["Neu"], "text_de": ["Text"]},
        extra={"action": ["publish"]},
    ),
    post("backoffice:news_edit", "staff", pk("news"), extra={"action": ["publish"]}),
    post("backoffice:news_delete", "staff", pk("news"), source=NEWS_STAFF),
    get("backoffice:event_list", "staff", extra={"q": ["a"], "when": ["past"], "entity": ["all"], "page": ["2"]}),
    post("backoffice:event_create", "staff", values=new_event),
    get("backoffice:event_detail", "staff", pk("coop_event")),
    post("backoffice:event_edit", "staff", pk("coop_event")),
    post(
        "backoffice:event_cancel",
        "staff",
        pk("coop_event"),
        source=EVENT_STAFF,
        values={"reason": ["Raum fehlt"]},
    ),
    # A streamed download: its fields are read from the event's page.
    get("backoffice:event_signups_csv", "staff", pk("coop_event"), source=EVENT_STAFF),
]
