"""Members' requests for more shares and their notices, decided by the Smart team; terminations take
effect at the end of the business year."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command

from portal.accounts.models import MemberProfile
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.membership import register
from portal.membership.models import RequestKind, RequestStatus, ShareEntry, ShareKind
from portal.membership.requests import (
    share_entry_mark_paid,
    share_request_accept,
    share_request_reject,
    share_request_submit,
    share_request_withdraw,
)
from portal.membership.selectors import membership_end
from portal.membership.tests.factories import subscribe

pytestmark = pytest.mark.django_db


def sc_scope(staff, entities) -> Scope:
    return Scope.staff(staff, [entities["SC"].pk])


def ask(member, entities, kind=RequestKind.ADDITIONAL, shares=None, entity="SC"):
    return share_request_submit(member=member, entity_id=entities[entity].pk, kind=kind, shares=shares)


def test_additional_shares_within_the_maximum_become_an_entry(terms, entities, member, staff):
    subscribe(member, entities["SC"], shares=2)
    with pytest.raises(BusinessError) as refused:
        ask(member, entities, shares=9)  # 2 + 9 > 10
    assert refused.value.field == "shares" and "1 to 8" in refused.value.message
    request = ask(member, entities, shares=3)
    with pytest.raises(BusinessError, match="already have such a request"):
        ask(member, entities, shares=1)
    with pytest.raises(BusinessError, match="before the request") as refused:
        share_request_accept(
            actor=staff, scope=sc_scope(staff, entities), request_id=request.pk, paid_on=date(2001, 1, 1)
        )
    assert refused.value.field == "paid_on"
    share_request_accept(actor=staff, scope=sc_scope(staff, entities), request_id=request.pk)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert (request.entry.kind, request.entry.shares, request.entry.number, request.entry.paid_on) == (
        ShareKind.ADDITIONAL,
        3,
        2,
        None,
    )
    assert register.shares_held(member.pk, entities["SC"].pk) == 5
    mail = OutboundEmail.objects.get(template="share_request_decided")
    assert mail.recipient == member.email and entities["SC"].iban in mail.body_text


def test_the_payment_of_additional_shares_is_noted_later(terms, entities, member, staff):
    subscribe(member, entities["SC"], shares=1)
    request = share_request_accept(
        actor=staff, scope=sc_scope(staff, entities), request_id=ask(member, entities, shares=1).pk
    )
    entry = request.entry
    with pytest.raises(BusinessError) as refused:
        share_entry_mark_paid(
            actor=staff, scope=sc_scope(staff, entities), entry_id=entry.pk, paid_on=date.today() + timedelta(days=1)
        )
    assert refused.value.field == "paid_on"
    share_entry_mark_paid(actor=staff, scope=sc_scope(staff, entities), entry_id=entry.pk, paid_on=date.today())
    entry.refresh_from_db()
    assert entry.paid_on == date.today()
    with pytest.raises(BusinessError, match="needs no payment"):
        share_entry_mark_paid(actor=staff, scope=sc_scope(staff, entities), entry_id=entry.pk, paid_on=date.today())


def test_requests_need_an_active_membership_of_the_entity(terms, entities, member, outsider):
    with pytest.raises(BusinessError, match="not a member"):
        ask(outsider, entities, shares=1)
    with pytest.raises(BusinessError, match="not a member"):
        ask(member, entities, shares=1, entity="AT")
    MemberProfile.objects.filter(user=member).update(membership_status="suspended")
    with pytest.raises(BusinessError, match="active members"):
        ask(member, entities, shares=1)


def test_nobody_decides_their_own_request_nor_another_entitys(terms, entities, member, staff, staff_at):
    from portal.accounts.models import Role

    Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["SC"])
    subscribe(member, entities["SC"])
    request = ask(member, entities, shares=1)
    with pytest.raises(BusinessError, match="own request"):
        share_request_accept(actor=member, scope=sc_scope(member, entities), request_id=request.pk)
    with pytest.raises(BusinessError, match="no longer exists"):
        share_request_reject(
            actor=staff_at, scope=Scope.staff(staff_at, [entities["AT"].pk]), request_id=request.pk, reason="x"
        )
    with pytest.raises(BusinessError, match="Only the Smart team"):
        share_request_accept(actor=member, scope=Scope.member(member), request_id=request.pk)


def test_rejection_needs_a_reason_and_withdrawn_requests_cannot_be_decided(terms, entities, member, member2, staff):
    subscribe(member, entities["SC"])
    request = ask(member, entities, shares=1)
    with pytest.raises(BusinessError) as refused:
        share_request_reject(actor=staff, scope=sc_scope(staff, entities), request_id=request.pk, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(BusinessError, match="no longer exists"):
        share_request_withdraw(member=member2, request_id=request.pk)
    share_request_withdraw(member=member, request_id=request.pk)
    with pytest.raises(BusinessError, match="decided already"):
        share_request_accept(actor=staff, scope=sc_scope(staff, entities), request_id=request.pk)


@time_machine.travel(date(2026, 10, 15), tick=False)
def test_a_termination_ends_the_membership_at_the_end_of_the_business_year(terms, entities, member, staff):
    subscribe(member, entities["SC"], shares=3)
    from portal.accounts.models import Role

    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["AT"])
    with pytest.raises(BusinessError, match="no shares"):
        ask(member, entities, kind=RequestKind.TERMINATION, entity="AT")
    request = ask(member, entities, kind=RequestKind.TERMINATION)
    # Notice in mid-October with three months' notice: too late for this year.
    assert (request.shares, request.effective_on) == (3, date(2027, 12, 31))
    with pytest.raises(BusinessError, match="given notice"):
        ask(member, entities, shares=1)
    share_request_accept(actor=staff, scope=sc_scope(staff, entities), request_id=request.pk)
    assert membership_end(member.pk) == date(2027, 12, 31)
    call_command("process_memberships", "--today", "2027-12-30")
    assert MemberProfile.objects.get(user=member).membership_status == MemberProfile.MembershipStatus.ACTIVE
    for _run in range(2):  # idempotent
        call_command("process_memberships", "--today", "2027-12-31")
    entries = list(ShareEntry.objects.filter(member=member).order_by("number"))
    assert [(entry.kind, entry.shares, entry.entry_date) for entry in entries] == [
        (ShareKind.SUBSCRIPTION, 3, date(2024, 1, 2)),
        (ShareKind.TERMINATION, -3, date(2027, 12, 31)),
    ]
    assert MemberProfile.objects.get(user=member).membership_status == MemberProfile.MembershipStatus.ENDED


def test_a_late_acceptance_takes_effect_at_once(terms, entities, member, staff):
    subscribe(member, entities["SC"], shares=1)
    with time_machine.travel(date(2026, 9, 1), tick=False):
        request = ask(member, entities, kind=RequestKind.TERMINATION)
    assert request.effective_on == date(2026, 12, 31)
    with time_machine.travel(date(2027, 1, 5), tick=False):
        share_request_accept(actor=staff, scope=sc_scope(staff, entities), request_id=request.pk)
    assert register.shares_held(member.pk, entities["SC"].pk) == 0
    assert MemberProfile.objects.get(user=member).membership_status == MemberProfile.MembershipStatus.ENDED


def test_the_membership_goes_on_while_shares_are_held_elsewhere(terms, entities, member, staff):
    from portal.accounts.models import Role

    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["AT"])
    subscribe(member, entities["SC"], shares=1)
    subscribe(member, entities["AT"], shares=1)
    with time_machine.travel(date(2026, 1, 10), tick=False):
        request = ask(member, entities, kind=RequestKind.TERMINATION)
        share_request_accept(actor=staff, scope=sc_scope(staff, entities), request_id=request.pk)
    call_command("process_memberships", "--today", "2026-12-31")
    assert register.shares_held(member.pk, entities["SC"].pk) == 0
    assert MemberProfile.objects.get(user=member).membership_status == MemberProfile.MembershipStatus.ACTIVE
