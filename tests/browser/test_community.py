"""Browser journey of the community (DESIGN §10), in German and English, every page checked with axe:

a member follows music posts; another member writes a post, which waits for moderation and is not
shown to anybody else; the Smart team publishes it from the moderation queue; the first member finds
it in the list with a filter and opens it; the weekly digest brings it by e-mail. The member's pages
on a phone: axe-clean, no sideways scrolling.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.community import rules
from portal.community.models import CommunityPost
from portal.core.models import OutboundEmail
from tests.browser.test_journeys import log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Vertretung für Klavierunterricht gesucht"


def at(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


@pytest.mark.parametrize("language", ["de", "en"])
def test_post_moderation_list_and_digest(
    language, new_page, live_server, member, member2, staff, entities, assert_accessible
):
    base = live_server.url
    User.objects.filter(pk__in=[member.pk, member2.pk, staff.pk]).update(language=language)

    # --- 1. member2 follows music posts. ---------------------------------------------------------------
    reader = new_page()
    log_in(reader, base, member2.email, assert_accessible)
    reader.goto(f"{base}/community/settings/")
    assert_accessible(reader)
    form = reader.get_by_test_id("subscription-form")
    form.locator("input[name=sectors][value=music]").check()
    form.get_by_test_id("save-subscriptions").click()
    expect(reader).to_have_url(at("/community/settings/"))
    expect(form.locator("input[name=sectors][value=music]")).to_be_checked()

    # --- 2. The member writes a post; it waits for moderation. ---------------------------------------
    page = new_page()
    log_in(page, base, member.email, assert_accessible)
    page.locator('#portal-nav a[href="/community/"]').first.dispatch_event("click")
    expect(page).to_have_url(at("/community/"))
    assert_accessible(page)
    page.get_by_test_id("new-post").click()
    expect(page).to_have_url(at("/community/new/"))
    assert_accessible(page)
    form = page.get_by_test_id("post-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=kind][value=search]").check()
    form.locator("select[name=category]").select_option("education")
    form.locator("select[name=sector]").select_option("music")
    form.locator("textarea[name=description]").fill("Zwei Wochen, Kinder von 8 bis 12 Jahren.")
    form.locator("input[name=city]").fill("Berlin")
    form.locator("input[name=link]").fill("javascript:alert(1)")
    form.get_by_test_id("send-post").click()
    expect(form.locator("#id_link_error")).to_be_visible()  # refused next to the field, the rest kept
    expect(form.locator("input[name=title]")).to_have_value(TITLE)
    assert_accessible(page)
    form.locator("input[name=link]").fill("https://example.com/unterricht")
    form.get_by_test_id("send-post").click()
    post = CommunityPost.objects.get(title=TITLE)
    expect(page).to_have_url(at(f"/community/{post.pk}/"))
    expect(page.get_by_test_id("post-status").locator("[data-status]")).to_have_attribute("data-status", "submitted")
    assert_accessible(page)
    assert reader.goto(f"{base}/community/{post.pk}/").status == 404  # nobody else sees it yet

    # --- 3. The Smart team publishes it from the queue. ----------------------------------------------
    office = new_page()
    log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
    office.goto(f"{base}/backoffice/community/")
    assert_accessible(office)
    office.get_by_test_id("community-queue").locator("tbody tr a").first.click()
    expect(office).to_have_url(at(f"/backoffice/community/{post.pk}/"))
    assert_accessible(office)
    office.get_by_test_id("approve-post").click()
    expect(office).to_have_url(at("/backoffice/community/"))
    post.refresh_from_db()
    assert post.status == "active"
    assert OutboundEmail.objects.filter(template="community_post_decided", recipient=member.email).exists()

    # --- 4. member2 finds it with a filter and opens it. ---------------------------------------------
    reader.goto(f"{base}/community/?sector=music&kind=search")
    posts = reader.get_by_test_id("posts")
    expect(posts).to_contain_text(TITLE)
    assert_accessible(reader)
    posts.get_by_role("link", name=TITLE).click()
    expect(reader).to_have_url(at(f"/community/{post.pk}/"))
    expect(reader.get_by_test_id("post-link")).to_have_attribute("href", "https://example.com/unterricht")
    assert_accessible(reader)

    # --- 5. The weekly digest brings it by e-mail (next Monday, the week before it). -----------------
    today = rules.entity_today(entities["SC"].time_zone)
    monday = today + timedelta(days=7 - today.weekday())
    call_command("send_community_digest", today=monday)
    digest = OutboundEmail.objects.get(template="community_digest")
    assert digest.recipient == member2.email and TITLE in digest.body_text

    # --- 6. The member's community pages on a phone. -------------------------------------------------
    page.set_viewport_size(PHONE)
    for path in (
        "/community/",
        f"/community/{post.pk}/",
        "/community/mine/",
        "/community/new/",
        "/community/members/",
        "/community/profile/",
        "/community/settings/",
    ):
        page.goto(base + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
        assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways ({language})"
