"""The general assembly (DESIGN §10) end to end in headless Chromium, in German and in English, every
page checked with axe:

1. the Smart team creates an assembly four weeks ahead, adds an agenda item with an online vote and
   sends the invitation (the members are e-mailed);
2. time travel into the voting period: the member opens the assembly from the invitation's list, casts
   a secret ballot, and the page says they have voted (and offers no second ballot);
3. time travel past the closing: the member and the Smart team see the result with the turnout.

No German word is hard-coded: the test looks at data-testid attributes, URLs, ``data-state`` and
``data-key`` values, and the database.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from portal.assembly.models import Assembly, Ballot, Participation, Vote
from portal.core.models import OutboundEmail
from tests.browser.conftest import accept_next_dialog
from tests.browser.test_journeys import log_in
from tests.browser.test_phone import PAGE_OVERFLOW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


def wall_clock(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["de", "en"])
def test_assembly_invitation_secret_vote_and_result(
    language, new_page, live_server, member, member2, staff, entities, assert_accessible
):
    for user in (member, staff):
        user.language = language
        user.save(update_fields=["language"])
    base = live_server.url
    now = timezone.now()
    starts = (now + timedelta(days=28)).replace(hour=18, minute=0, second=0, microsecond=0)
    opens, closes = now + timedelta(days=2), now + timedelta(days=20)

    # 1. The Smart team prepares the assembly and invites the members.
    office = new_page()
    log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
    office.get_by_test_id("nav-more").click()
    office.locator('#portal-nav a[href="/backoffice/assemblies/"]').click()
    expect(office).to_have_url(at("/backoffice/assemblies/"))
    assert_accessible(office)
    office.get_by_test_id("assembly-create").click()
    assert_accessible(office)
    office.locator("#id_entity").select_option(str(entities["SC"].pk))
    office.locator("#id_title").fill("Generalversammlung")
    office.locator("#id_starts_at").fill(wall_clock(starts))
    office.locator("#id_place").fill("Berlin")
    office.locator("main form button[type=submit]").click()
    assembly = Assembly.objects.get()
    expect(office).to_have_url(at(f"/backoffice/assemblies/{assembly.pk}/"))
    assert_accessible(office)
    office.locator("#id_item-title").fill("Jahresabschluss")
    office.get_by_test_id("item-add").click()
    item = assembly.items.get()
    vote_form = office.locator(f'form[action="/backoffice/assemblies/{assembly.pk}/items/{item.pk}/vote/"]')
    vote_form.locator("xpath=..").locator("summary").click()
    prefix = f"vote-{item.pk}"
    vote_form.locator(f"#id_{prefix}-question").fill("Jahresabschluss feststellen?")
    vote_form.locator(f"#id_{prefix}-opens_at").fill(wall_clock(opens))
    vote_form.locator(f"#id_{prefix}-closes_at").fill(wall_clock(closes))
    vote_form.locator("button[type=submit]").click()
    vote = Vote.objects.get()
    expect(office.get_by_test_id(f"vote-{vote.pk}")).to_have_attribute("data-state", "upcoming")
    assert_accessible(office)
    # A typo in the item and the question is mended in place before the invitation.
    office.get_by_test_id(f"item-{item.pk}").get_by_test_id("item-edit").click()
    assert_accessible(office)
    office.locator("#id_title").fill("Jahresabschluss 2026")
    office.get_by_test_id("item-save").click()
    expect(office.get_by_test_id(f"item-{item.pk}")).to_contain_text("Jahresabschluss 2026")
    office.get_by_test_id(f"vote-{vote.pk}").get_by_test_id("vote-edit").click()
    assert_accessible(office)
    expect(office.locator("#id_question")).to_have_value("Jahresabschluss feststellen?")
    office.locator("#id_question").fill("Jahresabschluss 2026 feststellen?")
    office.get_by_test_id("vote-save").click()
    expect(office.get_by_test_id(f"vote-{vote.pk}")).to_contain_text("Jahresabschluss 2026 feststellen?")
    assert_accessible(office)
    accept_next_dialog(office)
    office.get_by_test_id("assembly-invite").click()
    expect(office.get_by_test_id("assembly-invited")).to_be_visible()
    assert set(OutboundEmail.objects.filter(template="assembly_invitation").values_list("recipient", flat=True)) == {
        member.email,
        member2.email,
    }

    # 2. During the voting period the member casts a secret ballot.
    with time_machine.travel(now + timedelta(days=3), tick=True):
        page = new_page()
        log_in(page, base, member.email, assert_accessible)
        page.goto(f"{base}/assembly/")
        assert_accessible(page)
        page.get_by_test_id("assemblies").locator(f'a[href="/assembly/{assembly.pk}/"]').click()
        expect(page.get_by_test_id(f"vote-{vote.pk}")).to_have_attribute("data-state", "open")
        assert_accessible(page)
        ballot = page.get_by_test_id(f"ballot-{vote.pk}-{member.pk}")
        ballot.locator(f'input[name="vote{vote.pk}-choice"][value="yes"]').check()
        accept_next_dialog(page)
        ballot.locator("button[type=submit]").click()
        expect(page.get_by_test_id("voted")).to_be_visible()
        expect(page.get_by_test_id(f"ballot-{vote.pk}-{member.pk}")).to_have_count(0)
        assert_accessible(page)
        assert Participation.objects.filter(vote=vote, member=member).exists()
        assert list(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == ["yes"]
        phone = new_page(PHONE)
        log_in(phone, base, member.email, assert_accessible)
        phone.goto(f"{base}/assembly/{assembly.pk}/")
        assert_accessible(phone)
        assert phone.evaluate(PAGE_OVERFLOW) <= 0

    # 3. After the closing the result shows, with the turnout (1 of 2 members).
    with time_machine.travel(closes + timedelta(hours=1), tick=True):
        page = new_page()
        log_in(page, base, member.email, assert_accessible)
        page.goto(f"{base}/assembly/{assembly.pk}/")
        result = page.get_by_test_id(f"result-{vote.pk}")
        expect(result.locator('[data-key="yes"] strong')).to_have_text("1")
        expect(result.locator('[data-key="no"] strong')).to_have_text("0")
        expect(result).to_contain_text("50")
        assert_accessible(page)
        office = new_page()
        log_in(office, base, staff.email, assert_accessible, lands_on="/backoffice/")
        office.goto(f"{base}/backoffice/assemblies/{assembly.pk}/")
        expect(office.get_by_test_id(f"result-{vote.pk}").locator('[data-key="yes"] strong')).to_have_text("1")
        assert_accessible(office)
