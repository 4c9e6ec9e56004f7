"""One acceptance journey through cooperative life (DESIGN §10) in headless Chromium, in German and in
English, every page checked with axe:

1. a person without an account applies online for Smart eG in the chosen language, confirms the
   address; the Smart team notes the share payment and accepts; the new member sets a password through
   the e-mail's link, signs in and sees the membership as active on the dashboard;
2. the Smart team has prepared a general assembly with an online vote (through the services) and now
   sends the invitation from the back office: the new member is invited, in their language;
3. time travel into the voting period: the new member opens the assembly from the "More" menu and casts
   a secret ballot;
4. time travel past the closing: the member sees the result, and its turnout is the ballots and the
   frozen voter list of the database (the new member and the one member there before).

No German or English word is hard-coded: the test looks at data-testid attributes, URLs, ``data-state``
and ``data-key`` values, ``html[lang]``, the database, and texts translated with gettext in the chosen
language.
"""

from datetime import timedelta

import pytest
import time_machine
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from portal.assembly import services as assembly_services
from portal.assembly.models import Ballot, Participation, Voter
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.membership.tests.factories import terms_for
from tests.browser.test_assembly import accept_next_dialog, at
from tests.browser.test_journeys import log_in, open_more
from tests.browser.test_membership import LANGUAGES, join_online, speaks, use_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def turnout_text(language: str, ballots: int, voters: int) -> str:
    """The result's turnout line as the member reads it (``assembly/detail.html``)."""
    with translation.override(language):
        percent = floatformat(round(100 * ballots / voters, 1), 1)
        return gettext("Turnout: %(ballots)s of %(voters)s members (%(turnout)s %%).") % {
            "ballots": ballots,
            "voters": voters,
            "turnout": percent,
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_apply_join_be_invited_vote_and_see_the_result(
    language, new_page, live_server, entities, member, staff, mailoutbox, assert_accessible
):
    use_language(language, staff, member)
    entity = entities["SC"]
    terms_for(entity)
    base = live_server.url
    now = timezone.now()

    # 1. Apply, confirm, be accepted, set a password, sign in: the dashboard shows the active membership.
    team = new_page()
    log_in(team, base, staff.email, assert_accessible, lands_on="/backoffice/")
    speaks(team, language)
    page = new_page()
    new_member = join_online(page, team, base, language, assert_accessible, mailoutbox, shares=1)
    expect(page).to_have_url(at("/dashboard/"))
    expect(page.get_by_test_id("membership").locator("[data-status]")).to_have_attribute("data-status", "active")

    # 2. The Smart team's assembly with an online vote; the invitation goes out after the acceptance.
    scope = Scope.staff(staff, [entity.pk])
    starts = (now + timedelta(days=28)).replace(hour=18, minute=0, second=0, microsecond=0)
    opens, closes = now + timedelta(days=2), now + timedelta(days=20)
    assembly = assembly_services.assembly_save(
        staff=staff,
        scope=scope,
        entity_id=entity.pk,
        data=assembly_services.AssemblyData(title="Generalversammlung 2025", starts_at=starts, place="Berlin"),
    )
    item = assembly_services.item_add(staff=staff, scope=scope, assembly_id=assembly.pk, title="Jahresabschluss")
    vote = assembly_services.vote_add(
        staff=staff,
        scope=scope,
        item_id=item.pk,
        data=assembly_services.VoteData(question="Jahresabschluss feststellen?", opens_at=opens, closes_at=closes),
    )
    team.goto(f"{base}/backoffice/assemblies/{assembly.pk}/")
    speaks(team, language)
    assert_accessible(team)
    accept_next_dialog(team)
    team.get_by_test_id("assembly-invite").click()
    expect(team.get_by_test_id("assembly-invited")).to_be_visible()
    assert_accessible(team)
    invitations = OutboundEmail.objects.filter(template="assembly_invitation")
    assert set(invitations.values_list("recipient", "language")) == {
        (new_member.email, language),
        (member.email, language),
    }

    # 3. During the voting period the new member casts a secret ballot.
    with time_machine.travel(now + timedelta(days=3), tick=True):
        voter = new_page()
        log_in(voter, base, new_member.email, assert_accessible)
        speaks(voter, language)
        open_more(voter)
        voter.locator('#portal-nav a[href="/assembly/"]').click()
        expect(voter).to_have_url(at("/assembly/"))
        assert_accessible(voter)
        voter.get_by_test_id("assemblies").locator(f'a[href="/assembly/{assembly.pk}/"]').click()
        expect(voter).to_have_url(at(f"/assembly/{assembly.pk}/"))
        expect(voter.get_by_test_id(f"vote-{vote.pk}")).to_have_attribute("data-state", "open")
        speaks(voter, language)
        assert_accessible(voter)
        ballot = voter.get_by_test_id(f"ballot-{vote.pk}-{new_member.pk}")
        ballot.locator(f'input[name="vote{vote.pk}-choice"][value="yes"]').check()
        accept_next_dialog(voter)
        ballot.locator("button[type=submit]").click()
        expect(voter.get_by_test_id("voted")).to_be_visible()
        expect(voter.get_by_test_id(f"ballot-{vote.pk}-{new_member.pk}")).to_have_count(0)
        assert_accessible(voter)
        assert set(Voter.objects.filter(vote=vote).values_list("member_id", flat=True)) == {new_member.pk, member.pk}
        assert list(Participation.objects.filter(vote=vote).values_list("member_id", flat=True)) == [new_member.pk]

    # 4. After the closing the member sees the result; its turnout is the database's.
    with time_machine.travel(closes + timedelta(hours=1), tick=True):
        reader = new_page()
        log_in(reader, base, new_member.email, assert_accessible)
        reader.goto(f"{base}/assembly/{assembly.pk}/")
        expect(reader.get_by_test_id(f"vote-{vote.pk}")).to_have_attribute("data-state", "closed")
        speaks(reader, language)
        ballots = Ballot.objects.filter(vote=vote)
        voters = Voter.objects.filter(vote=vote).count()
        assert (ballots.count(), voters) == (1, 2)
        result = reader.get_by_test_id(f"result-{vote.pk}")
        for choice in ("yes", "no", "abstain"):
            expect(result.locator(f'[data-key="{choice}"] strong')).to_have_text(
                str(ballots.filter(choice=choice).count())
            )
        expect(result).to_contain_text(turnout_text(language, ballots.count(), voters))
        assert_accessible(reader)
