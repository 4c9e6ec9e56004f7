"""The dashboard's attention list names employment contracts waiting for the member's signature."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import logged_in
from portal.core.scope import Scope
from portal.dashboard.attention import Kind, attention_for
from portal.employment.models import Employment, EmploymentStatus
from portal.employment.tests.factories import active_employment

pytestmark = pytest.mark.django_db


def waiting_for_signature(member, entity, **period) -> Employment:
    employment = active_employment(member, entity, **period)
    Employment.objects.filter(pk=employment.pk).update(status=EmploymentStatus.APPROVED)
    return employment


def test_an_approved_employment_asks_the_member_to_sign(member, member2, entities):
    sc = entities["SC"]
    employment = waiting_for_signature(member, sc)
    waiting_for_signature(member2, sc)  # another member's contract is not this member's business
    items = attention_for(Scope.member(member), entity=sc, today=employment.start).items
    assert [(item.kind, item.url) for item in items] == [
        (Kind.SIGN_CONTRACT, reverse("employment:detail", args=[employment.pk]) + "#sign")
    ]
    Employment.objects.filter(pk=employment.pk).update(status=EmploymentStatus.CONTRACT_SIGNED)
    assert attention_for(Scope.member(member), entity=sc, today=employment.start).items == []


def test_the_contracts_to_sign_cost_one_query_whatever_their_number(member, entities):
    sc = entities["SC"]
    http = logged_in(member)
    http.get(reverse("dashboard"))

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            html = http.get(reverse("dashboard")).content.decode()
        return len(captured), html.count('data-kind="sign_contract"')

    waiting_for_signature(member, sc, start=date(2027, 1, 1))
    queries()  # the first reading caches the content types
    one, shown = queries()
    assert shown == 1
    for months in (4, 8):
        waiting_for_signature(member, sc, start=date(2027, 1 + months, 1))
    three, shown = queries()
    assert shown == 3
    # One query lists the contracts to sign, however many there are.
    assert three == one
