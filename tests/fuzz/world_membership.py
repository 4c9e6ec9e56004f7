"""The membership part of the fuzz world (``world.World``): share terms of Smart eG, the members' register
entries (member2's unpaid), applications in every state a page acts on, and share requests."""

from dataclasses import dataclass
from datetime import date

from portal.accounts.models import User
from portal.entities.models import IssuingEntity
from portal.membership import applications
from portal.membership.models import MembershipApplication, RequestKind, ShareEntry, ShareRequest
from portal.membership.requests import share_request_submit
from portal.membership.tests.factories import (
    application_data,
    paid,
    pdf_upload,
    submitted,
    subscribe,
    terms_for,
    token_of,
)


@dataclass
class Membership:
    """The membership objects of the world (its fields of the same names)."""

    #: Confirmed applications: one waiting for its payment (with a signed declaration), one paid.
    application: MembershipApplication
    application_paid: MembershipApplication
    #: The confirmation link's token of an application not confirmed yet.
    application_token: str
    #: member2's subscription, whose money has not arrived.
    unpaid_entry: ShareEntry
    #: The member's request for one more share, and member2's notice, both waiting for the Smart team.
    member_request: ShareRequest
    member2_request: ShareRequest
    #: The member offers member2 one share; member2 has not answered yet.
    share_transfer: ShareRequest


def with_membership(member: User, member2: User, staff: User, sc: IssuingEntity) -> Membership:
    terms_for(sc, max_shares=50)
    subscribe(member, sc, shares=2)
    unpaid = subscribe(member2, sc, shares=1, paid_on=None)
    unconfirmed = applications.application_submit(data=application_data(sc, email="unconfirmed@test.example"))
    return Membership(
        application=submitted(sc, email="waiting@test.example", declaration=pdf_upload(), typed_name=""),
        application_paid=paid(sc, staff, email="paid@test.example", birth_date=date(1980, 2, 29)),
        application_token=token_of(unconfirmed),
        unpaid_entry=unpaid,
        member_request=share_request_submit(member=member, entity_id=sc.pk, kind=RequestKind.ADDITIONAL, shares=1),
        member2_request=share_request_submit(member=member2, entity_id=sc.pk, kind=RequestKind.TERMINATION),
        share_transfer=share_request_submit(
            member=member,
            entity_id=sc.pk,
            kind=RequestKind.TRANSFER,
            shares=1,
            recipient_number=member2.member_profile.member_number,
        ),
    )
