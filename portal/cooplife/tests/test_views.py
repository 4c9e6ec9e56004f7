"""The member's and the Smart team's cooperative pages: what they show, who gets a 404, hostile input,
and query counts that do not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in, make_member
from portal.cooplife import events
from portal.cooplife.models import CoopEvent, EventSignup, EventStatus, News, NewsStatus, SignupStatus
from portal.cooplife.tests.factories import event, news

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- member pages ----------------------------------------------------------------------------------


def test_hub_shows_latest_news_and_next_events_with_the_sign_up_marked(member, member_http, entities):
    news(entities["SC"], title="Sommerfest")
    news(entities["AT"], title="Wiener Ball")
    mine, other = event(entities["SC"], title="Werkstatt", days=1), event(None, title="Versammlung", days=2)
    events.signup_join(member=member, event_id=mine.pk)
    page = html(member_http.get(reverse("cooplife:home")))
    assert "Sommerfest" in page and "Wiener Ball" not in page
    assert "Werkstatt" in page and "Versammlung" in page
    assert page.count('data-testid="signed-up"') == 1
    assert (
        page.index(f'data-event="{mine.pk}"')
        < page.index('data-testid="signed-up"')
        < page.index(f'data-event="{other.pk}"')
    )


def test_member_nav_links_to_the_hub(member_http):
    page = html(member_http.get(reverse("dashboard")))
    assert f'href="{reverse("cooplife:home")}"' in page
    assert 'data-testid="news-panel"' in page


def test_dashboard_panel_shows_the_entity_s_latest_news(member_http, entities):
    news(entities["SC"], title="Neu im Portal")
    news(entities["AT"], title="Nur Österreich")
    page = html(member_http.get(reverse("dashboard")))
    assert "Neu im Portal" in page and "Nur Österreich" not in page


def test_news_text_is_escaped_with_line_breaks(member_http, entities):
    item = news(
        entities["SC"], title="<b>Fett</b>", text_de="<script>alert(1)</script>\nZweite Zeile https://smart.example"
    )
    page = html(member_http.get(reverse("cooplife:news_detail", args=[item.pk])))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Fett</b>" not in page and "&lt;b&gt;Fett&lt;/b&gt;" in page
    assert "<br>Zweite Zeile" in page
    assert 'href="https://smart.example"' in page


def test_news_list_search_and_pagination(member_http, entities, settings):
    settings.PAGINATE_BY = 2
    for number in range(3):
        news(entities["SC"], title=f"Rundbrief {number}")
    news(entities["SC"], title="Sommerfest")
    page = html(member_http.get(reverse("cooplife:news_list"), {"q": "rundbrief"}))
    assert "Sommerfest" not in page and "Rundbrief 2" in page and "page=2" in page
    assert "Rundbrief 0" in html(member_http.get(reverse("cooplife:news_list"), {"q": "rundbrief", "page": "2"}))
    empty = html(member_http.get(reverse("cooplife:news_list"), {"q": "nichts"}))
    assert 'data-testid="news-rows"' not in empty and 'class="empty-state' in empty


def test_drafts_and_scheduled_news_are_not_shown_to_members(member_http, entities):
    draft = news(entities["SC"], status=NewsStatus.DRAFT)
    later = news(entities["SC"], published_at=timezone.now() + timedelta(days=1))
    for item in (draft, later):
        assert member_http.get(reverse("cooplife:news_detail", args=[item.pk])).status_code == 404


def test_event_page_sign_up_waiting_list_and_cancel(member, member_http, member2, entities):
    party = event(entities["SC"], capacity=1, online_url="https://meet.example.org/x")
    events.signup_join(member=member2, event_id=party.pk)
    detail = reverse("cooplife:event_detail", args=[party.pk])
    page = html(member_http.get(detail))
    assert "https://meet.example.org/x" not in page  # only for those holding a place
    assert 'data-testid="signup-button"' in page and 'data-testid="position"' not in page
    response = member_http.post(reverse("cooplife:event_signup", args=[party.pk]))
    assert response.status_code == 302 and response["Location"] == detail
    assert EventSignup.objects.get(member=member).status == SignupStatus.WAITING
    assert 'data-testid="position"' in html(member_http.get(detail))
    events.signup_cancel(member=member2, event_id=party.pk)
    page = html(member_http.get(detail))
    assert 'data-testid="signed-up"' in page and 'data-testid="online-link"' in page
    member_http.post(reverse("cooplife:event_signup_cancel", args=[party.pk]))
    assert EventSignup.objects.get(member=member).status == SignupStatus.CANCELLED


def test_refused_sign_up_shows_the_reason(member_http, entities):
    party = event(entities["SC"], status=EventStatus.CANCELLED)
    response = member_http.post(reverse("cooplife:event_signup", args=[party.pk]), follow=True)
    assert not EventSignup.objects.exists()
    assert 'data-testid="cancelled"' in html(response)
    assert member_http.get(reverse("cooplife:event_signup", args=[party.pk])).status_code == 405


def test_past_events_tab(member_http, entities):
    event(
        entities["SC"],
        title="Vorbei",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1),
    )
    event(entities["SC"], title="Demnächst")
    upcoming = html(member_http.get(reverse("cooplife:event_list")))
    past = html(member_http.get(reverse("cooplife:event_list"), {"when": "past"}))
    assert "Demnächst" in upcoming and "Vorbei" not in upcoming
    assert "Vorbei" in past and "Demnächst" not in past


# --- isolation -------------------------------------------------------------------------------------

MEMBER_URLS = ["cooplife:news_detail", "cooplife:event_detail", "cooplife:event_ics"]


@pytest.mark.parametrize("name", [*MEMBER_URLS, "cooplife:event_signup", "cooplife:event_signup_cancel"])
def test_another_entity_s_member_a_contact_an_outsider_and_staff_get_404(
    name, member_at_http, contact_http, outsider_http, staff_http, entities
):
    german = news(entities["SC"]) if name == "cooplife:news_detail" else event(entities["SC"], capacity=5)
    url = reverse(name, args=[german.pk])
    post = name in ("cooplife:event_signup", "cooplife:event_signup_cancel")
    for http in (member_at_http, contact_http, outsider_http, staff_http):
        response = http.post(url) if post else http.get(url)
        assert response.status_code == 404
    assert not EventSignup.objects.exists()


@pytest.mark.parametrize("name", ["cooplife:home", "cooplife:news_list", "cooplife:event_list"])
def test_list_pages_are_for_members_only(name, contact_http, outsider_http, staff_http, client):
    for http in (contact_http, outsider_http, staff_http):
        assert http.get(reverse(name)).status_code == 404
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_news_and_events_for_all_are_read_by_every_member(member_at_http, entities):
    everyone, meeting = news(None, title="Für alle"), event(None, title="Alle treffen sich")
    assert "Für alle" in html(member_at_http.get(reverse("cooplife:news_detail", args=[everyone.pk])))
    assert "Alle treffen sich" in html(member_at_http.get(reverse("cooplife:event_detail", args=[meeting.pk])))


@pytest.mark.parametrize(
    "name",
    [
        "backoffice:news_edit",
        "backoffice:news_delete",
        "backoffice:event_detail",
        "backoffice:event_edit",
        "backoffice:event_cancel",
        "backoffice:event_signups_csv",
    ],
)
def test_staff_of_another_entity_members_and_contacts_get_404(name, staff_at_http, member_http, contact_http, entities):
    row = news(entities["SC"]) if name.startswith("backoffice:news") else event(entities["SC"])
    url = reverse(name, args=[row.pk])
    post = name in ("backoffice:news_delete", "backoffice:event_cancel")
    for http in (staff_at_http, member_http, contact_http):
        response = http.post(url) if post else http.get(url)
        assert response.status_code == 404
    assert News.objects.filter(pk=row.pk).exists() or CoopEvent.objects.get(pk=row.pk).status == EventStatus.SCHEDULED


# --- calendar file ---------------------------------------------------------------------------------


def test_calendar_file(member, member_http, entities):
    from icalendar import Calendar

    starts = timezone.now().replace(microsecond=0) + timedelta(days=30)
    party = event(
        entities["SC"],
        title="Sommerfest",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        description_de="Mit Musik",
        capacity=None,
        online_url="https://meet.example.org/fest",
    )
    response = member_http.get(reverse("cooplife:event_ics", args=[party.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert 'attachment; filename="event-' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    entry = calendar.walk("VEVENT")[0]
    assert entry.decoded("dtstart") == starts and entry.decoded("dtend") == starts + timedelta(hours=3)
    assert str(entry["dtstart"].params["TZID"]) == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert str(entry["summary"]) == "Sommerfest" and "Mit Musik" in str(entry["description"])
    assert "https://meet.example.org/fest" in str(entry["description"])
    assert str(entry["uid"]).startswith(f"event-{party.uid}@")
    assert str(entry["status"]) == "CONFIRMED" and int(entry["sequence"]) == 0
    again = Calendar.from_ical(member_http.get(reverse("cooplife:event_ics", args=[party.pk])).content)
    assert str(again.walk("VEVENT")[0]["uid"]) == str(entry["uid"])


def test_calendar_file_of_a_cancelled_event_and_hidden_link(member_http, entities):
    from icalendar import Calendar

    party = event(
        entities["SC"],
        capacity=3,
        online_url="https://meet.example.org/secret",
        status=EventStatus.CANCELLED,
        sequence=2,
    )
    entry = Calendar.from_ical(member_http.get(reverse("cooplife:event_ics", args=[party.pk])).content).walk("VEVENT")[
        0
    ]
    assert str(entry["status"]) == "CANCELLED" and int(entry["sequence"]) == 2
    assert "secret" not in str(entry.get("description", "")) + str(entry.get("location", ""))


# --- staff pages -----------------------------------------------------------------------------------


def test_staff_write_schedule_and_delete_news(staff_http, entities):
    response = staff_http.post(
        reverse("backoffice:news_create"),
        {
            "entity": str(entities["SC"].pk),
            "title_de": "Sommerfest",
            "text_de": "Text",
            "published_at": "",
            "action": "publish",
        },
    )
    item = News.objects.get()
    assert response.status_code == 302 and item.status == NewsStatus.PUBLISHED
    page = html(staff_http.get(reverse("backoffice:news_edit", args=[item.pk])))
    assert 'value="Sommerfest"' in page and "data-confirm" in page
    staff_http.post(
        reverse("backoffice:news_edit", args=[item.pk]),
        {
            "entity": str(entities["SC"].pk),
            "title_de": "Sommerfest",
            "text_de": "Text",
            "published_at": "2031-01-01T10:00",
            "action": "publish",
        },
    )
    item.refresh_from_db()
    assert item.shown_status == "scheduled"
    assert "Sommerfest" in html(staff_http.get(reverse("backoffice:news_list"), {"status": "scheduled"}))
    assert "Sommerfest" not in html(staff_http.get(reverse("backoffice:news_list"), {"status": "draft"}))
    assert staff_http.get(reverse("backoffice:news_delete", args=[item.pk])).status_code == 405
    staff_http.post(reverse("backoffice:news_delete", args=[item.pk]))
    assert not News.objects.exists()


def test_staff_without_every_entity_are_offered_no_all_choice_and_read_news_for_all(staff_http, entities):
    form = html(staff_http.get(reverse("backoffice:news_create")))
    assert 'value="all"' not in form
    response = staff_http.post(
        reverse("backoffice:news_create"), {"entity": "all", "title_de": "X", "text_de": "Y", "action": "publish"}
    )
    assert response.status_code == 200 and not News.objects.exists()
    everyone = news(None, title="Für alle")
    page = html(staff_http.get(reverse("backoffice:news_edit", args=[everyone.pk])))
    assert "Für alle" in page and 'name="title_de"' not in page


@pytest.mark.parametrize(
    "values",
    [
        {"title_de": "", "text_de": ""},
        {"published_at": "31.02.2030 25:00"},
        {"published_at": "9999-12-31T23:59"},
        {"entity": "999999999999999999999"},
        {"entity": "-1"},
        {"title_de": "x" * 5000},
    ],
)
def test_hostile_news_input_is_refused_with_a_message(staff_http, entities, values):
    data = {"entity": str(entities["SC"].pk), "title_de": "T", "text_de": "X", "action": "publish", **values}
    response = staff_http.post(reverse("backoffice:news_create"), data)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not News.objects.exists()


def test_a_nul_character_is_refused_before_the_view(staff_http, entities):
    data = {"entity": str(entities["SC"].pk), "title_de": "T", "text_de": "\x00", "action": "publish"}
    assert staff_http.post(reverse("backoffice:news_create"), data).status_code == 400
    assert not News.objects.exists()


def event_form(entities, **values):
    start = (timezone.localtime() + timedelta(days=10)).replace(hour=18, minute=0)
    return {
        "entity": str(entities["SC"].pk),
        "title_de": "Treffen",
        "starts": start.strftime("%Y-%m-%dT%H:%M"),
        "ends": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Berlin",
        "capacity": "2",
        **values,
    }


def test_staff_create_edit_and_cancel_an_event(staff_http, member, member2, entities):
    response = staff_http.post(reverse("backoffice:event_create"), event_form(entities))
    party = CoopEvent.objects.get()
    assert response.status_code == 302 and party.capacity == 2 and party.local_start.hour == 18
    events.signup_join(member=member, event_id=party.pk)
    events.signup_join(member=member2, event_id=party.pk)
    third = make_member("third@test.example", entities["SC"], number="000503", first_name="Tina", last_name="Dritte")
    events.signup_join(member=third, event_id=party.pk)
    page = html(staff_http.get(reverse("backoffice:event_detail", args=[party.pk])))
    signed, waiting = page.split('data-testid="signed-up-list"')[1], page.split('data-testid="waiting-list"')[1]
    assert "Anna Schmidt" in signed.split('data-testid="waiting-list"')[0] and "Tina Dritte" in waiting
    edit = html(staff_http.get(reverse("backoffice:event_edit", args=[party.pk])))
    assert 'value="2"' in edit
    response = staff_http.post(reverse("backoffice:event_edit", args=[party.pk]), event_form(entities, capacity="1"))
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert CoopEvent.objects.get(pk=party.pk).capacity == 2
    too_long = staff_http.post(reverse("backoffice:event_cancel", args=[party.pk]), {"reason": "Raum fehlt " * 300})
    assert too_long.status_code == 400 and "Raum fehlt Raum fehlt" in too_long.content.decode()  # kept in the field
    assert 'id="id_reason_error"' in too_long.content.decode()
    assert CoopEvent.objects.get(pk=party.pk).status != EventStatus.CANCELLED
    staff_http.post(reverse("backoffice:event_cancel", args=[party.pk]), {"reason": "Raum fehlt"})
    party.refresh_from_db()
    assert party.status == EventStatus.CANCELLED and party.cancel_reason == "Raum fehlt"
    edit = staff_http.get(reverse("backoffice:event_edit", args=[party.pk]))
    assert edit.status_code == 302 and edit["Location"] == reverse("backoffice:event_detail", args=[party.pk])
    # Who waited is no longer promised a place, who held one is not told they hold it.
    for person in (member, third):
        page = html(logged_in(person).get(reverse("cooplife:event_detail", args=[party.pk])))
        assert 'data-testid="cancelled"' in page and 'data-testid="position"' not in page
        assert 'data-testid="cancel-signup"' not in page
        assert 'data-testid="event-places"' not in page  # no places on offer


@pytest.mark.parametrize(
    "values",
    [
        {"online_url": "http://insecure.example"},
        {"online_url": "javascript:alert(1)", "place": ""},
        {"starts": "not a date"},
        {"starts": "0001-01-01T00:00"},
        {"capacity": "-5"},
        {"capacity": "1e9"},
        {"signup_deadline": "2099-01-01T00:00"},
        {"place": "", "online_url": ""},
        {"entity": str(10**30)},
    ],
)
def test_hostile_event_input_is_refused_with_a_message(staff_http, entities, values):
    response = staff_http.post(reverse("backoffice:event_create"), event_form(entities, **values))
    assert response.status_code == 200
    assert not CoopEvent.objects.exists()


def test_sign_up_csv(staff_http, member, entities):
    party = event(entities["SC"])
    events.signup_join(member=member, event_id=party.pk)
    response = staff_http.get(reverse("backoffice:event_signups_csv", args=[party.pk]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = content.strip().splitlines()
    assert len(lines) == 2 and "000101;Anna Schmidt;member@test.example" in lines[1]


# --- query bounds ----------------------------------------------------------------------------------


def many(entities, count):
    people = [make_member(f"q{n}@test.example", entities["SC"], number=f"009{n:03d}") for n in range(count)]
    for number in range(count):
        news(entities["SC"], title=f"Nachricht {number}")
        party = event(entities["SC"], title=f"Treffen {number}", days=number + 1, capacity=2)
        for person in people[:4]:
            events.signup_join(member=person, event_id=party.pk)
    return people


@pytest.mark.parametrize("name", ["cooplife:home", "cooplife:news_list", "cooplife:event_list"])
def test_member_lists_have_constant_query_counts(name, member, entities, django_assert_max_num_queries):
    http = logged_in(member)
    people = many(entities, 30)
    events.signup_join(member=member, event_id=CoopEvent.objects.order_by("starts_at").first().pk)
    assert len(people) == 30
    with django_assert_max_num_queries(8):
        assert http.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ["backoffice:news_list", "backoffice:event_list"])
def test_staff_lists_have_constant_query_counts(name, staff, entities, django_assert_max_num_queries):
    http = logged_in(staff)
    many(entities, 30)
    with django_assert_max_num_queries(9):
        assert http.get(reverse(name)).status_code == 200


def test_staff_event_page_query_count_does_not_grow_with_sign_ups(staff, entities, django_assert_max_num_queries):
    http = logged_in(staff)
    party = event(entities["SC"], capacity=3)
    for person in [make_member(f"s{n}@test.example", entities["SC"], number=f"008{n:03d}") for n in range(20)]:
        events.signup_join(member=person, event_id=party.pk)
    with django_assert_max_num_queries(9):
        assert http.get(reverse("backoffice:event_detail", args=[party.pk])).status_code == 200


def test_event_times_are_shown_in_the_entity_time_zone(member_at_http, entities):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    entities["AT"].time_zone = "Europe/London"
    entities["AT"].save()
    starts = datetime(2031, 1, 15, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    party = event(entities["AT"], starts_at=starts, ends_at=starts + timedelta(hours=2))
    page = html(member_at_http.get(reverse("cooplife:event_detail", args=[party.pk])))
    when = page.split('data-testid="event-when">')[1].split("</dd>")[0]
    assert "18:00" in when and "20:00" in when and "Europe/London" in when
    assert "18:00" in html(member_at_http.get(reverse("cooplife:event_list")))
