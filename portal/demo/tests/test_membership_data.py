"""The membership demo: share terms of every entity, consecutive register entries of the demo members, an
applicant awaiting payment, a paid application and an additional-share request; seeded once."""

import pytest
from django.urls import reverse
from django.utils.translation import ngettext, override

from conftest import logged_in
from portal.accounts.models import User
from portal.demo import data, membership_data
from portal.membership.models import (
    ApplicationStatus,
    MembershipApplication,
    RequestKind,
    RequestStatus,
    ShareEntry,
    ShareRequest,
    ShareTerms,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    entities = data.seed_entities()
    data.seed_logins(entities)
    membership_data.seed_demo_journeys(entities)
    membership_data.seed_demo_journeys(entities)  # idempotent
    return entities


def test_the_membership_demo_is_seeded_once(seeded):
    assert set(ShareTerms.objects.values_list("entity__code", flat=True)) == {"SC", "BW", "AT"}
    numbers = list(ShareEntry.objects.filter(entity=seeded["SC"]).order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    waiting = MembershipApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
    assert sorted((application.last_name, bool(application.payment_received_on)) for application in waiting) == [
        ("Demir", True),
        ("Klein", False),
    ]
    requests = ShareRequest.objects.order_by("pk")
    assert [(r.kind, r.status, r.member.email, getattr(r.recipient, "email", "")) for r in requests] == [
        (RequestKind.ADDITIONAL, RequestStatus.PENDING, "member2@example.com", ""),
        (RequestKind.TRANSFER, RequestStatus.PENDING, "member@example.com", "member3@example.com"),
    ]


def test_the_demo_member_sees_her_shares(seeded):
    http = logged_in(User.objects.get(email="member@example.com"))
    html = http.get(reverse("membership:home")).content.decode()
    with override("de"):  # the demo member reads the portal in German
        two_shares = ngettext("%(shares)s share", "%(shares)s shares", 2) % {"shares": 2}
    assert f'data-testid="shares-SC">{two_shares}' in html
