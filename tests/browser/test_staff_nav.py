"""The navigation of the Smart team and of members fits one line at 1 280 px, in German and in English."""

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.models import Role
from portal.core.transitions import Actor
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event
from tests.browser.test_journeys import either, log_in
from tests.browser.test_phone import PAGE_OVERFLOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
#: The top offset of every item of the main navigation (links, the "more" menu, role and user menus).
NAV_ITEM_TOPS = """() => Array.from(document.querySelectorAll('#portal-nav > ul > li'))
    .map(item => Math.round(item.getBoundingClientRect().top))"""


@pytest.mark.parametrize("language", ["de", "en"])
def test_staff_navigation_is_one_line_at_1280_px(new_page, live_server, entities, staff, language, assert_accessible):
    # The widest case: a login with several roles (the role menu shows) and a long name.
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["AT"])
    staff.first_name, staff.last_name, staff.language = "Maximiliane", "Leutheusser-Schnarrenberger", language
    staff.save(update_fields=["first_name", "last_name", "language"])
    page: Page = new_page({"width": 1280, "height": 900})
    log_in(page, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    expect(page.locator("#portal-nav").get_by_role("link", name=either("Aufträge", "Orders"))).to_be_visible()
    tops = page.evaluate(NAV_ITEM_TOPS)
    assert len(tops) >= 8, tops
    assert len(set(tops)) == 1, f"navigation wraps: item tops {tops}"
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the navigation is wider than the page"
    # What moved into "more" is one click away.
    more = page.get_by_test_id("nav-more")
    more.get_by_role("button").click()
    more.get_by_role("link", name=either("Mitglieder", "Members")).click()
    expect(page).to_have_url(f"{live_server.url}/backoffice/members/")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_member_navigation_is_one_line_at_1280_px(new_page, live_server, entities, member, language, assert_accessible):
    # The widest case: a member of two entities (the role menu shows) with a long name.
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    member.first_name, member.last_name, member.language = "Maximiliane", "Leutheusser-Schnarrenberger", language
    member.save(update_fields=["first_name", "last_name", "language"])
    page: Page = new_page({"width": 1280, "height": 900})
    log_in(page, live_server.url, member.email, assert_accessible)
    tops = page.evaluate(NAV_ITEM_TOPS)
    assert len(tops) >= 8, tops
    assert len(set(tops)) == 1, f"navigation wraps: item tops {tops}"
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the navigation is wider than the page"
    more = page.get_by_test_id("nav-more")
    more.get_by_role("button").click()
    more.locator('a[href="/profile/"]').click()
    expect(page).to_have_url(f"{live_server.url}/profile/")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, PHONE])
def test_staff_search_pages_are_accessible(
    new_page, live_server, entities, staff, member, customer, width, assert_accessible
):
    order = complete_order(member, entities["SC"], customer, title="Website relaunch")
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.REJECT, actor=Actor.STAFF, reason="Keine selbstständige Tätigkeit")
    page: Page = new_page({"width": width, "height": 900})
    log_in(page, live_server.url, staff.email, assert_accessible, lands_on="/backoffice/")
    page.goto(f"{live_server.url}/backoffice/orders/?q=relaunch&entity=")
    expect(page.get_by_test_id("order-table")).to_contain_text("Website relaunch")
    assert_accessible(page)
    page.get_by_role("link", name="Website relaunch").click()
    expect(page.get_by_test_id("reason-banner")).to_contain_text("Keine selbstständige Tätigkeit")
    assert_accessible(page)  # on a phone too: the line table scrolls in a focusable, named region
    page.goto(f"{live_server.url}/backoffice/clients/?q=ABC")
    expect(page.get_by_test_id("client-table")).to_contain_text(customer.name)
    assert_accessible(page)
    page.get_by_role("link", name=customer.name).click()
    expect(page.get_by_test_id("client-orders")).to_contain_text("Website relaunch")
    assert_accessible(page)
