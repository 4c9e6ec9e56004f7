"""Nobody but the budget's own people opens it: every budget URL answers 404 to another member, a client
contact, an outsider and the Smart team of another entity; members of a collective budget cannot act
as its managers."""

import pytest
from django.urls import reverse

from conftest import logged_in, make_member
from portal.budget import collective, services
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, Correction, Participant, Transfer
from portal.budget.tests.test_collective import token_from_mail
from portal.invoicing.services.payments import payment_record


@pytest.fixture
def personal(issued, staff):
    payment_record(invoice_id=issued.pk, amount=issued.gross_total, received_on=issued.issue_date, user=staff)
    return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=issued.member, entity=issued.entity)


@pytest.fixture
def transfer(personal, member, member2, entities):
    target = budget_personal(member_id=member2.pk, entity_id=entities["SC"].pk)
    return services.transfer_request(source_id=personal.pk, target_id=target.pk, amount="10", reason="x", user=member)


@pytest.fixture
def correction(personal, staff):
    return services.correction_request(budget_id=personal.pk, amount="2000", reason="Big", user=staff)


def third_member(entities):
    return make_member("third@test.example", entities["SC"], number="000103")


MEMBER_URLS = [
    ("budget:detail", "get"),
    ("budget:statement_csv", "get"),
    ("budget:statement_pdf", "get"),
    ("budget:transfer_create", "get"),
    ("budget:transfer_create", "post"),
]
STAFF_URLS = [
    ("backoffice:budget_detail", "get"),
    ("backoffice:budget_statement_csv", "get"),
    ("backoffice:budget_statement_pdf", "get"),
    ("backoffice:budget_correction", "get"),
    ("backoffice:budget_correction", "post"),
]


@pytest.mark.parametrize(("name", "method"), MEMBER_URLS)
@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff_at", "staff"])
def test_member_budget_urls_are_the_member_s_alone(request, personal, name, method, persona):
    http = logged_in(request.getfixturevalue(persona))
    response = getattr(http, method)(reverse(name, args=[personal.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), STAFF_URLS)
@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_staff_budget_urls_are_for_the_entity_s_team_alone(request, personal, name, method, persona):
    http = logged_in(request.getfixturevalue(persona))
    response = getattr(http, method)(reverse(name, args=[personal.pk]), {"amount": "5", "reason": "x"})
    assert response.status_code == 404
    assert not Correction.objects.exists()


@pytest.mark.parametrize("persona", ["client_contact", "outsider", "staff_at", "staff", "member3"])
def test_transfer_pages_are_for_the_budgets_people_alone(request, transfer, persona, entities):
    user = third_member(entities) if persona == "member3" else request.getfixturevalue(persona)
    http = logged_in(user)
    assert http.get(reverse("budget:transfer_detail", args=[transfer.pk])).status_code == 404
    assert http.post(reverse("budget:transfer_withdraw", args=[transfer.pk])).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED


def test_the_receiving_member_sees_the_transfer_but_cannot_withdraw_it(transfer, member2):
    http = logged_in(member2)
    assert http.get(reverse("budget:transfer_detail", args=[transfer.pk])).status_code == 200
    http.post(reverse("budget:transfer_withdraw", args=[transfer.pk]))
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED


@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_staff_transfer_and_correction_pages_are_for_the_entity_s_team_alone(request, transfer, correction, persona):
    http = logged_in(request.getfixturevalue(persona))
    assert http.get(reverse("backoffice:transfer_detail", args=[transfer.pk])).status_code == 404
    assert (
        http.post(reverse("backoffice:transfer_decide", args=[transfer.pk]), {"decision": "approve"}).status_code == 404
    )
    assert (
        http.post(reverse("backoffice:correction_decide", args=[correction.pk]), {"decision": "approve"}).status_code
        == 404
    )
    transfer.refresh_from_db()
    correction.refresh_from_db()
    assert transfer.status == Transfer.Status.SUBMITTED
    assert correction.status == Correction.Status.PENDING


@pytest.fixture
def team(member, member2, entities):
    """A collective budget managed by ``member``; ``member2`` accepted the invitation as a member."""
    budget = collective.collective_create(
        user=member, entity_id=entities["SC"].pk, name="Kollektiv", invitee_numbers=["000102"]
    )
    collective.invitation_answer(token=token_from_mail(member2), user=member2, accept=True)
    return budget


@pytest.mark.parametrize("name", ["budget:detail", "budget:members", "budget:statement_csv"])
@pytest.mark.parametrize("persona", ["client_contact", "outsider", "staff_at", "member3"])
def test_collective_budget_pages_are_for_its_members_alone(request, team, name, persona, entities):
    user = third_member(entities) if persona == "member3" else request.getfixturevalue(persona)
    assert logged_in(user).get(reverse(name, args=[team.pk])).status_code == 404


def test_a_budget_member_reads_but_does_not_manage(team, member, member2):
    http = logged_in(member2)
    assert http.get(reverse("budget:detail", args=[team.pk])).status_code == 200
    manager = Participant.objects.get(budget=team, member=member)
    page = http.get(reverse("budget:members", args=[team.pk])).content.decode()
    assert reverse("budget:member_remove", args=[team.pk, manager.pk]) not in page
    assert 'name="invitees"' not in page
    http.post(reverse("budget:member_remove", args=[team.pk, manager.pk]))
    http.post(reverse("budget:member_role", args=[team.pk, manager.pk]), {"role": "member"})
    http.post(reverse("budget:members", args=[team.pk]), {"invitees": "000101"})
    manager.refresh_from_db()
    assert (manager.status, manager.role) == (Participant.Status.ACTIVE, Participant.Role.MANAGER)
    assert http.get(reverse("budget:transfer_create", args=[team.pk])).status_code == 404
