"""The weekly digest: on Mondays in the entity's time zone, the matching posts of the week before, once
per member and week however often the command runs; and the urgent e-mails."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from conftest import make_member
from portal.community import services
from portal.community.models import DigestSent
from portal.community.tests.factories import expire, published_post, submitted_post
from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

MONDAY = date(2027, 3, 8)
WEDNESDAY_BEFORE = "2027-03-03 12:00 +01:00"


def follow(member, categories=(), sectors=(), **options):
    return services.subscription_save(
        member=member,
        categories=list(categories),
        sectors=list(sectors),
        weekly_digest=options.get("weekly_digest", True),
        urgent_at_once=options.get("urgent_at_once", True),
    )


def digests():
    return OutboundEmail.objects.filter(template="community_digest")


@pytest.fixture
def week(member, member2, staff, entities):
    """Posts published on the Wednesday before MONDAY: music (matching), design (not), one still waiting."""
    sc = entities["SC"]
    follow(member2, sectors=["music"])
    with time_machine.travel(WEDNESDAY_BEFORE):
        music = published_post(member, sc, staff, title="Klavier-Vertretung")
        design = published_post(member, sc, staff, title="Logo gesucht", sector="design")
        waiting = submitted_post(member, sc, title="Noch nicht geprüft")
    return {"music": music, "design": design, "waiting": waiting}


def test_the_digest_lists_the_matching_posts_of_the_week(week, member2):
    call_command("send_community_digest", today=MONDAY)
    mail = digests().get()
    assert mail.recipient == member2.email
    assert "Klavier-Vertretung" in mail.body_text
    assert "Logo gesucht" not in mail.body_text and "Noch nicht geprüft" not in mail.body_text
    assert f"/community/{week['music'].pk}/" in mail.body_text
    assert DigestSent.objects.get(member=member2).iso_week == 10


def test_running_twice_sends_the_digest_once(week):
    call_command("send_community_digest", today=MONDAY)
    call_command("send_community_digest", today=MONDAY)
    assert digests().count() == 1
    assert DigestSent.objects.count() == 1


def test_a_second_run_after_new_posts_still_sends_nothing_new_that_week(week, member, staff, entities):
    call_command("send_community_digest", today=MONDAY)
    with time_machine.travel(WEDNESDAY_BEFORE):
        published_post(member, entities["SC"], staff, title="Noch eine Klavier-Vertretung")
    call_command("send_community_digest", today=MONDAY)
    assert digests().count() == 1


def test_the_digest_goes_out_on_mondays_only(week):
    call_command("send_community_digest", today=date(2027, 3, 9))
    call_command("send_community_digest", today=date(2027, 3, 7))
    assert not digests().exists()


def test_a_later_monday_has_nothing_from_the_week_before(week):
    call_command("send_community_digest", today=date(2027, 3, 15))
    assert not digests().exists()


def test_without_today_the_entity_s_own_monday_counts(week):
    with time_machine.travel("2027-03-07 23:30 +00:00"):  # Sunday in London, Monday 00:30 in Berlin
        call_command("send_community_digest")
    assert digests().count() == 1


def test_own_expired_and_other_entities_posts_are_left_out(week, member, member2, staff, staff_at, entities):
    austrian = make_member("member-at@test.example", entities["AT"], number="000201")
    with time_machine.travel(WEDNESDAY_BEFORE):
        published_post(austrian, entities["AT"], staff_at, title="Wiener Klavierstunde")
        own = published_post(member2, entities["SC"], staff, title="Meine eigene Klavierstunde")
    expire(week["music"], MONDAY)
    call_command("send_community_digest", today=MONDAY)
    assert not digests().exists()  # the expired one was the only match
    assert own.pk


def test_members_who_turned_the_digest_off_get_none(week, member2):
    follow(member2, sectors=["music"], weekly_digest=False)
    call_command("send_community_digest", today=MONDAY)
    assert not digests().exists()


def test_members_who_switched_community_mails_off_get_none(week, member2):
    member2.notify_community = False
    member2.save(update_fields=["notify_community"])
    call_command("send_community_digest", today=MONDAY)
    assert not digests().exists()
    assert DigestSent.objects.filter(member=member2).exists()  # counted as done for the week


def test_the_command_s_queries_do_not_grow_with_subscribers(week, entities, django_assert_max_num_queries):
    for number in range(30):
        follow(make_member(f"sub{number}@test.example", entities["SC"], number=f"0009{number:02d}"), sectors=["music"])
    with django_assert_max_num_queries(10 + 31 * 8):  # per digest: the row, the e-mail and its savepoint
        call_command("send_community_digest", today=MONDAY)
    assert digests().count() == 31
