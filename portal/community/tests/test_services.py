"""Posts and their moderation: every transition, every refusal, the audit and the e-mails."""

from datetime import timedelta

import pytest

from portal.accounts.models import Role
from portal.community import rules, services
from portal.community.models import CommunityPost, CommunityProfile, CommunitySubscription, PostStatus
from portal.community.tests.factories import post_data, published_post, rejected_post, submitted_post
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope

pytestmark = pytest.mark.django_db


def sc_staff(staff, entities):
    return Scope.staff(staff, [entities["SC"].pk])


def test_a_new_post_waits_for_moderation(member, entities):
    post = submitted_post(member, entities["SC"], link="https://example.com/kurs")
    assert post.status == PostStatus.SUBMITTED and post.submitted_at and post.published_at is None
    assert post.entity == entities["SC"] and post.link == "https://example.com/kurs"
    assert [entry.action for entry in audit_history(post)] == ["communitypost.created"]
    mail = OutboundEmail.objects.get(template="community_post_to_moderate")
    assert mail.recipient == entities["SC"].email and f"/backoffice/community/{post.pk}/" in mail.body_text


def test_only_members_of_the_entity_post_there(member, entities):
    with pytest.raises(BusinessError):
        submitted_post(member, entities["AT"])
    assert not CommunityPost.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "http://example.com"}, "link"),
        ({"kind": "search", "category": "work"}, "category"),
        ({"kind": "sell"}, "kind"),
        ({"sector": "astrology"}, "sector"),
        ({"title": "   "}, "title"),
        ({"description": ""}, "description"),
        ({"contact": ""}, "contact"),
        ({"active_until": None}, "active_until"),
    ],
)
def test_refused_input_names_its_field(member, entities, fields, field):
    with pytest.raises(BusinessError) as refused:
        submitted_post(member, entities["SC"], **fields)
    assert field in refused.value.errors
    assert not CommunityPost.objects.exists()


def test_active_until_is_checked_in_the_entity_s_time_zone(member, entities):
    today = rules.entity_today(entities["SC"].time_zone)
    with pytest.raises(BusinessError) as refused:
        submitted_post(member, entities["SC"], active_until=today - timedelta(days=1))
    assert "active_until" in refused.value.errors
    with pytest.raises(BusinessError):
        submitted_post(member, entities["SC"], active_until=rules.latest_active_until(today) + timedelta(days=1))
    assert submitted_post(member, entities["SC"], active_until=rules.latest_active_until(today)).pk


def test_work_can_be_offered(member, entities):
    assert submitted_post(member, entities["SC"], kind="offer", category="work").category == "work"


def test_approval_publishes_and_mails_the_author(member, staff, entities):
    post = published_post(member, entities["SC"], staff)
    assert post.status == PostStatus.ACTIVE and post.published_at is not None
    mail = OutboundEmail.objects.get(template="community_post_decided")
    assert mail.recipient == member.email and post.title in mail.subject
    assert f"/community/{post.pk}/" in mail.body_text


def test_rejection_needs_a_reason_and_mails_it(member, staff, entities):
    post = submitted_post(member, entities["SC"])
    with pytest.raises(BusinessError) as refused:
        services.post_reject(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk, reason="  ")
    assert refused.value.field == "reason"
    post = services.post_reject(
        staff=staff, scope=sc_staff(staff, entities), post_id=post.pk, reason="Bitte ohne Preise"
    )
    assert post.status == PostStatus.REJECTED and post.rejection_reason == "Bitte ohne Preise"
    mail = OutboundEmail.objects.get(template="community_post_decided")
    assert mail.recipient == member.email and "Bitte ohne Preise" in mail.body_text


def test_staff_never_moderate_their_own_post(member, staff, entities):
    Role.objects.create(user=staff, kind=Role.Kind.MEMBER, entity=entities["SC"])
    post = submitted_post(staff, entities["SC"])
    with pytest.raises(BusinessError):
        services.post_approve(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk)
    with pytest.raises(BusinessError):
        services.post_reject(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk, reason="Nein")
    assert CommunityPost.objects.get(pk=post.pk).status == PostStatus.SUBMITTED


def test_staff_of_another_entity_cannot_moderate(member, staff_at, entities):
    post = submitted_post(member, entities["SC"])
    with pytest.raises(BusinessError):
        services.post_approve(staff=staff_at, scope=Scope.staff(staff_at, [entities["AT"].pk]), post_id=post.pk)
    with pytest.raises(BusinessError):
        services.post_approve(staff=member, scope=Scope.member(member), post_id=post.pk)
    assert CommunityPost.objects.get(pk=post.pk).status == PostStatus.SUBMITTED


def test_a_decided_post_is_not_decided_again(member, staff, entities):
    post = published_post(member, entities["SC"], staff)
    with pytest.raises(BusinessError):
        services.post_reject(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk, reason="Doch nicht")
    with pytest.raises(BusinessError):
        services.post_approve(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk)


def test_a_post_whose_day_passed_while_waiting_is_not_published(member, staff, entities):
    post = submitted_post(member, entities["SC"])
    CommunityPost.objects.filter(pk=post.pk).update(active_until=post.active_until - timedelta(days=400))
    with pytest.raises(BusinessError):
        services.post_approve(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk)


@pytest.mark.parametrize("make", ["submitted", "rejected", "published"])
def test_the_author_edits_and_the_post_goes_back_to_moderation(member, staff, entities, make):
    sc = entities["SC"]
    post = {
        "submitted": lambda: submitted_post(member, sc),
        "rejected": lambda: rejected_post(member, sc, staff),
        "published": lambda: published_post(member, sc, staff),
    }[make]()
    edited = services.post_update(member=member, post_id=post.pk, data=post_data(title="Neuer Titel"))
    assert edited.status == PostStatus.SUBMITTED and edited.title == "Neuer Titel"
    assert edited.published_at is None and edited.rejection_reason == ""
    assert audit_history(edited).last().action == "communitypost.edit"
    assert OutboundEmail.objects.filter(template="community_post_to_moderate").count() == 2  # new, then edited


def test_nobody_else_edits_or_deletes_a_post(member, member2, entities):
    post = submitted_post(member, entities["SC"])
    with pytest.raises(BusinessError):
        services.post_update(member=member2, post_id=post.pk, data=post_data(title="Übernommen"))
    with pytest.raises(BusinessError):
        services.post_delete(member=member2, post_id=post.pk)
    assert CommunityPost.objects.get(pk=post.pk).title != "Übernommen"


def test_an_edit_is_checked_like_a_new_post(member, entities):
    post = submitted_post(member, entities["SC"])
    with pytest.raises(BusinessError) as refused:
        services.post_update(member=member, post_id=post.pk, data=post_data(link="javascript:alert(1)"))
    assert "link" in refused.value.errors
    assert CommunityPost.objects.get(pk=post.pk).link == ""


def test_the_author_deletes_the_post_and_the_audit_keeps_it(member, staff, entities):
    post = published_post(member, entities["SC"], staff)
    services.post_delete(member=member, post_id=post.pk)
    assert not CommunityPost.objects.filter(pk=post.pk).exists()
    from portal.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="communitypost.deleted", target_id=str(post.pk)).exists()


def test_urgent_posts_are_mailed_at_once_and_once_to_matching_subscribers(member, member2, staff, entities):
    from conftest import make_member

    other = make_member("member3@test.example", entities["SC"], number="000103")
    austrian = make_member("member-at@test.example", entities["AT"], number="000201")
    services.subscription_save(
        member=member2, categories=["education"], sectors=[], weekly_digest=True, urgent_at_once=True
    )
    services.subscription_save(member=other, categories=["work"], sectors=[], weekly_digest=True, urgent_at_once=True)
    services.subscription_save(
        member=austrian, categories=["education"], sectors=[], weekly_digest=True, urgent_at_once=True
    )
    services.subscription_save(
        member=member, categories=["education"], sectors=[], weekly_digest=True, urgent_at_once=True
    )
    post = published_post(member, entities["SC"], staff, urgent=True)
    urgent = OutboundEmail.objects.filter(template="community_urgent")
    assert list(urgent.values_list("recipient", flat=True)) == [member2.email]  # not the author, not AT, not "work"
    assert post.urgent_sent_at is not None
    services.post_update(member=member, post_id=post.pk, data=post_data(urgent=True, title="Geändert"))
    services.post_approve(staff=staff, scope=sc_staff(staff, entities), post_id=post.pk)
    assert urgent.count() == 1


def test_a_non_urgent_post_mails_no_subscriber(member, member2, staff, entities):
    services.subscription_save(
        member=member2, categories=[], sectors=["music"], weekly_digest=True, urgent_at_once=True
    )
    published_post(member, entities["SC"], staff)
    assert not OutboundEmail.objects.filter(template="community_urgent").exists()


def test_urgent_mails_respect_the_member_s_choice(member, member2, staff, entities):
    services.subscription_save(
        member=member2, categories=[], sectors=["music"], weekly_digest=True, urgent_at_once=False
    )
    published_post(member, entities["SC"], staff, urgent=True)
    assert not OutboundEmail.objects.filter(template="community_urgent").exists()


def test_a_profile_is_hidden_by_default_and_takes_https_only(member):
    profile = services.profile_save(
        member=member,
        data=services.ProfileData(visible=False, sector="music", city="Berlin", skills="Klavier", website=""),
    )
    assert not profile.visible
    with pytest.raises(BusinessError) as refused:
        services.profile_save(
            member=member,
            data=services.ProfileData(visible=True, sector="", city="", skills="", website="javascript:alert(1)"),
        )
    assert "website" in refused.value.errors
    assert not CommunityProfile.objects.get(member=member).visible
    services.profile_save(
        member=member,
        data=services.ProfileData(visible=True, sector="", city="", skills="", website="https://anna.example"),
    )
    assert CommunityProfile.objects.get(member=member).visible


def test_subscriptions_keep_known_choices_only(member):
    saved = services.subscription_save(
        member=member,
        categories=["work", "bogus"],
        sectors=["music", "<script>"],
        weekly_digest=False,
        urgent_at_once=True,
    )
    assert CommunitySubscription.objects.get(pk=saved.pk).categories == ["work"]
    assert saved.sectors == ["music"] and not saved.weekly_digest
