"""Transfers of shares between members: the recipient agrees, the Smart team decides, two register entries."""

import pytest

from conftest import make_member
from portal.accounts.models import MemberProfile
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.membership import register, transfers
from portal.membership.models import RequestKind, RequestStatus, ShareEntry, ShareKind
from portal.membership.requests import share_request_accept, share_request_reject, share_request_submit
from portal.membership.tests.factories import subscribe

pytestmark = pytest.mark.django_db


def offer(giver, recipient_number: str, shares: int, entities, entity="SC"):
    return share_request_submit(
        member=giver,
        entity_id=entities[entity].pk,
        kind=RequestKind.TRANSFER,
        shares=shares,
        recipient_number=recipient_number,
    )


def decide(staff, entities, request, accept=True):
    scope = Scope.staff(staff, [entities["SC"].pk])
    if accept:
        return share_request_accept(actor=staff, scope=scope, request_id=request.pk)
    return share_request_reject(actor=staff, scope=scope, request_id=request.pk, reason="Not now")


def test_an_agreed_transfer_writes_two_entries_and_tells_both(terms, entities, member, member2, staff):
    subscribe(member, entities["SC"], shares=3)
    subscribe(member2, entities["SC"], shares=1)
    request = offer(member, " 000102 ", 2, entities)
    asked = OutboundEmail.objects.get(template="share_transfer_asked")
    assert asked.recipient == member2.email
    with pytest.raises(BusinessError, match="has not agreed"):
        decide(staff, entities, request)
    transfers.transfer_agree(recipient=member2, request_id=request.pk)
    with pytest.raises(BusinessError, match="agreed already"):
        transfers.transfer_agree(recipient=member2, request_id=request.pk)
    decide(staff, entities, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert (request.entry.member_id, request.entry.shares, request.entry.kind) == (member.pk, -2, ShareKind.TRANSFER)
    assert (request.recipient_entry.member_id, request.recipient_entry.shares) == (member2.pk, 2)
    assert request.recipient_entry.paid_on is not None  # the giver's paid credit passes over
    assert [register.shares_held(m.pk, entities["SC"].pk) for m in (member, member2)] == [1, 3]
    assert list(
        ShareEntry.objects.filter(entity=entities["SC"]).order_by("number").values_list("number", flat=True)
    ) == [
        1,
        2,
        3,
        4,
    ]
    decided = set(OutboundEmail.objects.filter(template="share_request_decided").values_list("recipient", flat=True))
    assert decided == {member.email, member2.email}


def test_transferring_every_share_ends_the_givers_membership(terms, entities, member, member2, staff):
    subscribe(member, entities["SC"], shares=2)
    request = offer(member, "000102", 2, entities)
    transfers.transfer_agree(recipient=member2, request_id=request.pk)
    decide(staff, entities, request)
    member.member_profile.refresh_from_db()
    assert member.member_profile.membership_status == MemberProfile.MembershipStatus.ENDED
    assert register.shares_held(member2.pk, entities["SC"].pk) == 2


@pytest.mark.parametrize(
    ("number", "shares", "field", "message"),
    [
        ("999999", 1, "recipient_number", "No active member"),
        ("", 1, "recipient_number", "No active member"),
        ("000101", 1, "recipient_number", "to yourself"),
        ("000102", 4, "shares", "1 to 3"),
        ("000102", 0, "shares", "1 to 3"),
    ],
)
def test_wrong_transfers_are_refused_with_the_field(terms, entities, member, member2, number, shares, field, message):
    subscribe(member, entities["SC"], shares=3)
    with pytest.raises(BusinessError, match=message) as refused:
        offer(member, number, shares, entities)
    assert refused.value.field == field


def test_limits_of_both_sides(terms, entities, member, member2, staff):
    terms["SC"].min_shares, terms["SC"].max_shares = 2, 4
    terms["SC"].save()
    subscribe(member, entities["SC"], shares=3)
    subscribe(member2, entities["SC"], shares=3)
    with pytest.raises(BusinessError, match="Keep at least 2"):
        offer(member, "000102", 2, entities)  # 1 left
    with pytest.raises(BusinessError, match="at most 1 more"):
        offer(member, "000102", 3, entities)  # 6 > 4


def test_unpaid_shares_and_other_entities_members_cannot_be_transferred(terms, entities, member, member2, staff):
    subscribe(member, entities["SC"], shares=2, paid_on=None)
    with pytest.raises(BusinessError, match="once they are paid"):
        offer(member, "000102", 1, entities)
    stranger = make_member("at@test.example", entities["AT"], number="000900")
    subscribe(stranger, entities["AT"], shares=1)
    with pytest.raises(BusinessError, match="No active member"):
        offer(stranger, "000102", 1, entities, entity="AT")  # member2 is a member of SC, not AT


def test_the_recipient_may_decline_and_only_the_recipient_answers(terms, entities, member, member2, staff):
    subscribe(member, entities["SC"], shares=2)
    request = offer(member, "000102", 1, entities)
    with pytest.raises(BusinessError, match="no longer exists"):
        transfers.transfer_agree(recipient=member, request_id=request.pk)  # the giver cannot agree for them
    transfers.transfer_decline(recipient=member2, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert OutboundEmail.objects.filter(template="share_transfer_declined", recipient=member.email).exists()
    with pytest.raises(BusinessError, match="decided already"):
        decide(staff, entities, request)
    assert ShareEntry.objects.filter(kind=ShareKind.TRANSFER).count() == 0


def test_a_recipient_on_the_team_cannot_decide(terms, entities, member, staff):
    from portal.accounts.models import Role

    Role.objects.create(user=staff, kind=Role.Kind.MEMBER, entity=entities["SC"])
    MemberProfile.objects.create(user=staff, member_number="000777")
    subscribe(member, entities["SC"], shares=2)
    request = offer(member, "000777", 1, entities)
    transfers.transfer_agree(recipient=staff, request_id=request.pk)
    with pytest.raises(BusinessError, match="own request"):
        decide(staff, entities, request)


def test_the_rules_are_checked_again_when_written(terms, entities, member, member2, staff):
    subscribe(member, entities["SC"], shares=2)
    request = offer(member, "000102", 2, entities)
    transfers.transfer_agree(recipient=member2, request_id=request.pk)
    MemberProfile.objects.filter(user=member2).update(membership_status=MemberProfile.MembershipStatus.ENDED)
    with pytest.raises(BusinessError, match="no longer an active member"):
        decide(staff, entities, request)
    decide(staff, entities, request, accept=False)
    assert register.shares_held(member.pk, entities["SC"].pk) == 2
    told = OutboundEmail.objects.filter(template="share_request_decided").order_by("pk")
    assert [mail.recipient for mail in told] == [member.email, member2.email]
    assert "Not now" in told[0].body_text and "Not now" not in told[1].body_text  # the reason is the giver's
