"""The cooperative's events (DESIGN §10) end to end in headless Chromium, in German and in English, every
page checked with axe:

1. the Smart team opens the events from the navigation's "More" menu and creates an event with one place;
2. member A signs up and gets the place; member B signs up and lands on the waiting list;
3. A cancels the sign-up: B moves up at once (page and database) and is e-mailed;
4. B downloads the calendar file (.ics) with the event's UID;
5. the Smart team sees B in the sign-up list;
6. B's event page on a phone: axe-clean, no sideways scrolling.

No German word is hard-coded: the test looks at data-testid attributes, URLs, ``data-status`` values,
the database, and texts translated with gettext in the user's language.
"""

import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.cooplife.calendar import event_uid
from portal.cooplife.models import CoopEvent, EventSignup, SignupStatus
from portal.core.models import OutboundEmail
from tests.browser.conftest import accept_next_dialog
from tests.browser.test_journeys import log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_DE = "Werkstattabend Buchhaltung"
TITLE_EN = "Bookkeeping workshop evening"


def at(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


def wall_clock(moment, zone: str) -> str:
    return timezone.localtime(moment, ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def signup_status(event: CoopEvent, user: User) -> str:
    return EventSignup.objects.get(event=event, member=user).status


@pytest.mark.parametrize("language", ["de", "en"])
def test_event_signup_waiting_list_move_up_and_calendar(
    language, new_page, live_server, member, member2, staff, entities, assert_accessible
):
    User.objects.filter(pk__in=[member.pk, member2.pk, staff.pk]).update(language=language)
    base = live_server.url
    entity = entities["SC"]
    starts = (timezone.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)

    # --- 1. The Smart team creates an event with one place. -------------------------------------------
    office = new_page()
    log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
    office.get_by_test_id("nav-more").get_by_role("button").click()
    office.locator('#portal-nav a[href="/backoffice/cooperative/events/"]').click()
    expect(office).to_have_url(at("/backoffice/cooperative/events/"))
    assert_accessible(office)
    office.get_by_test_id("event-create").click()
    expect(office).to_have_url(at("/backoffice/cooperative/events/new/"))
    assert_accessible(office)
    office.locator("#id_entity").select_option(str(entity.pk))
    office.locator("#id_title_de").fill(TITLE_DE)
    office.locator("#id_title_en").fill(TITLE_EN)
    office.locator("#id_starts").fill(wall_clock(starts, entity.time_zone))
    office.locator("#id_ends").fill(wall_clock(starts + timedelta(hours=2), entity.time_zone))
    office.locator("#id_place").fill("Berlin")
    office.locator("#id_online_url").fill("https://meet.example.com/werkstatt")
    office.locator("#id_capacity").fill("1")
    office.get_by_test_id("save-event").click()
    event = CoopEvent.objects.get()
    expect(office).to_have_url(at(f"/backoffice/cooperative/events/{event.pk}/"))
    expect(office.get_by_test_id("event-status").locator("[data-status]")).to_have_attribute("data-status", "active")
    assert_accessible(office)
    assert (event.entity_id, event.capacity, event.title_de, event.title_en) == (entity.pk, 1, TITLE_DE, TITLE_EN)
    with translation.override(language):
        title = event.title
        signed_up_message = gettext("You are signed up. See you there!")
        moved_up_subject = gettext("You have a place: %(title)s") % {"title": title}

    # --- 2. Member A takes the place; member B lands on the waiting list. -----------------------------
    first = new_page()
    log_in(first, base, member.email, assert_accessible)
    first.locator('#portal-nav a[href="/cooperative/"]').first.dispatch_event("click")
    expect(first).to_have_url(at("/cooperative/"))
    assert_accessible(first)
    first.get_by_test_id("event-rows").locator(f'a[href="/cooperative/events/{event.pk}/"]').click()
    expect(first).to_have_url(at(f"/cooperative/events/{event.pk}/"))
    expect(first.locator("h1")).to_have_text(title)
    assert_accessible(first)
    first.get_by_test_id("signup-button").click()
    expect(first.get_by_test_id("signed-up").locator("[data-status]")).to_have_attribute("data-status", "accepted")
    expect(first.locator("main")).to_contain_text(signed_up_message)
    expect(first.get_by_test_id("online-link")).to_be_visible()
    assert_accessible(first)
    assert signup_status(event, member) == SignupStatus.CONFIRMED

    second = new_page()
    log_in(second, base, member2.email, assert_accessible)
    second.goto(f"{base}/cooperative/events/")
    assert_accessible(second)
    second.get_by_test_id("event-rows").locator(f'a[href="/cooperative/events/{event.pk}/"]').click()
    expect(second).to_have_url(at(f"/cooperative/events/{event.pk}/"))
    second.get_by_test_id("signup-button").click()
    expect(second.get_by_test_id("waiting").locator("[data-status]")).to_have_attribute("data-status", "pending")
    expect(second.get_by_test_id("position")).to_contain_text("1")
    expect(second.get_by_test_id("online-link")).to_have_count(0)  # the link is for those holding a place
    assert_accessible(second)
    assert signup_status(event, member2) == SignupStatus.WAITING
    assert not OutboundEmail.objects.filter(template="cooplife_moved_up").exists()

    # --- 3. A cancels; B moves up at once and is e-mailed. --------------------------------------------
    accept_next_dialog(first)
    first.get_by_test_id("cancel-signup").click()
    expect(first.get_by_test_id("signup-button")).to_be_visible()
    expect(first.get_by_test_id("signed-up")).to_have_count(0)
    assert_accessible(first)
    assert signup_status(event, member) == SignupStatus.CANCELLED
    assert signup_status(event, member2) == SignupStatus.CONFIRMED
    email = OutboundEmail.objects.get(template="cooplife_moved_up")
    assert (email.recipient, email.language, email.subject) == (member2.email, language, moved_up_subject)

    second.reload()
    expect(second.get_by_test_id("signed-up").locator("[data-status]")).to_have_attribute("data-status", "accepted")
    expect(second.get_by_test_id("waiting")).to_have_count(0)
    expect(second.get_by_test_id("online-link")).to_be_visible()
    assert_accessible(second)

    # --- 4. B downloads the calendar file. ------------------------------------------------------------
    with second.expect_download() as info:
        second.get_by_test_id("ics-link").click()
    download = info.value
    assert download.suggested_filename == f"event-{event.pk}.ics"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("BEGIN:VCALENDAR")
    unfolded = content.replace("\r\n ", "").replace("\n ", "")  # RFC 5545 folds lines longer than 75 octets
    assert f"UID:{event_uid(event)}" in unfolded

    # --- 5. The Smart team sees B in the sign-up list, nobody waiting. --------------------------------
    office.reload()
    expect(office.get_by_test_id("signed-up-list").locator("li")).to_have_count(1)
    expect(office.get_by_test_id("signed-up-list")).to_contain_text(member2.get_full_name())
    expect(office.get_by_test_id("signed-up-list")).to_contain_text(member2.member_profile.member_number)
    expect(office.get_by_test_id("waiting-list").locator("li")).to_have_count(0)
    assert_accessible(office)

    # --- 6. B's event page on a phone. ----------------------------------------------------------------
    second.set_viewport_size(PHONE)
    second.goto(f"{base}/cooperative/events/{event.pk}/")
    expect(second.locator("html")).to_have_attribute("lang", language)
    expect(second.get_by_test_id("signed-up")).to_be_visible()
    assert_accessible(second)
    assert second.evaluate(PAGE_OVERFLOW) <= 0, f"the event page scrolls sideways ({language})"
