"""Collective budgets (DESIGN §6): opening, invitations by member number and e-mail link, managing
members, and the selectors that decide who sees and uses which budget."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from portal.accounts.models import MemberProfile
from portal.budget import collective, selectors
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, Participant
from portal.budget.tests.test_transfers import refusal
from portal.core.models import AuditEntry, OutboundEmail
from portal.core.scope import Scope

pytestmark = pytest.mark.django_db

Role = Participant.Role
Status = Participant.Status


@pytest.fixture
def member3(entities):
    return make_member("member3@test.example", entities["SC"], number="000103", first_name="Lea", last_name="Koch")


@pytest.fixture
def austrian(entities):
    """A member who works with SMartAt only."""
    return make_member("at@test.example", entities["AT"], number="000201", first_name="Alois", last_name="Gruber")


def create(user, entity, *numbers: str, name: str = "Theater Kollektiv") -> Budget:
    return collective.collective_create(user=user, entity_id=entity.pk, name=name, invitee_numbers=numbers)


def token_from_mail(recipient) -> str:
    """The token of the invitation link in the latest invitation mailed to ``recipient``."""
    email = OutboundEmail.objects.filter(template="budget_invitation", recipient_user=recipient).latest("id")
    from django.conf import settings

    link = re.escape(settings.PORTAL_BASE_URL + reverse("budget:invitation", args=["TOKEN"]))
    found = re.search(link.replace("TOKEN", r"([A-Za-z0-9_-]+)"), email.body_text)
    assert found, email.body_text
    return found.group(1)


def seat(budget: Budget, user) -> Participant:
    return Participant.objects.get(budget=budget, member=user)


@pytest.fixture
def shared(member, member2, entities):
    """A budget ``member`` opened and ``member2`` joined: active, one manager, one member."""
    budget = create(member, entities["SC"], "000102")
    collective.invitation_answer(token=token_from_mail(member2), user=member2, accept=True)
    budget.refresh_from_db()
    assert budget.status == Budget.Status.ACTIVE
    return budget


# --- opening a collective budget ---------------------------------------------------------------------------


def test_a_member_opens_a_collective_budget_and_invites_a_colleague(member, member2, entities):
    budget = create(member, entities["SC"], " 000102 ", name="  Theater \n  Kollektiv  ")
    assert (budget.kind, budget.status, budget.name) == (
        Budget.Kind.COLLECTIVE,
        Budget.Status.PENDING,
        "Theater Kollektiv",
    )
    assert (budget.owner, budget.entity) == (member, entities["SC"])
    creator, invitee = seat(budget, member), seat(budget, member2)
    assert (creator.role, creator.status) == (Role.MANAGER, Status.ACTIVE)
    assert (invitee.role, invitee.status, invitee.invited_by) == (Role.MEMBER, Status.INVITED, member)
    assert len(invitee.token_hash) == 64
    actions = list(AuditEntry.objects.filter(target_id=str(budget.pk)).order_by("id").values_list("action", "actor"))
    assert actions == [("budget.created", member.pk), ("budgetmember.invited", member.pk)]


def test_several_colleagues_are_invited_once_each(member, member2, member3, entities):
    budget = create(member, entities["SC"], "000102", "000103", "000102", "")
    assert set(budget.participants.filter(status=Status.INVITED).values_list("member", flat=True)) == {
        member2.pk,
        member3.pk,
    }
    assert OutboundEmail.objects.filter(template="budget_invitation").count() == 2


def test_the_invitation_mail_carries_a_working_link(member, member2, entities):
    budget = create(member, entities["SC"], "000102")
    email = OutboundEmail.objects.get(template="budget_invitation")
    assert (email.recipient, email.related_id, email.entity) == (member2.email, str(budget.pk), entities["SC"])
    assert email.sensitive  # the token is removed from the stored mail once sent
    assert "Theater Kollektiv" in email.body_text and "Anna Schmidt" in email.body_text
    assert collective.invitation_for(token_from_mail(member2), member2) == seat(budget, member2)


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_budget_needs_a_name(member, entities, name):
    error = refusal(lambda: create(member, entities["SC"], "000102", name=name))
    assert (error.field, error.message) == ("name", "Please give the budget a name.")
    assert not Budget.objects.filter(kind=Budget.Kind.COLLECTIVE).exists()


def test_the_name_is_at_most_100_characters(member, member2, entities):
    error = refusal(lambda: create(member, entities["SC"], "000102", name="x" * 101))
    assert (error.field, error.message) == ("name", "The name can be at most 100 characters long.")
    # Counted after the spaces are tidied up.
    assert create(member, entities["SC"], "000102", name="  " + "x" * 50 + "    " + "y" * 49).name == (
        "x" * 50 + " " + "y" * 49
    )


def test_a_budget_is_opened_only_with_an_entity_one_works_with(member, entities):
    error = refusal(lambda: create(member, entities["AT"], "000201"))
    assert (error.field, error.message) == ("entity", "You can only open a budget with an entity you work with.")


@pytest.mark.parametrize(
    "status", [MemberProfile.MembershipStatus.SUSPENDED, MemberProfile.MembershipStatus.ENDED, "applicant"]
)
def test_only_active_members_open_a_budget(member, member2, entities, status):
    MemberProfile.objects.filter(user=member).update(membership_status=status)
    error = refusal(lambda: create(member, entities["SC"], "000102"))
    assert error.message == "Only active members can open a collective budget."
    assert not Budget.objects.filter(kind=Budget.Kind.COLLECTIVE).exists()


@pytest.mark.parametrize("numbers", [(), ("",), ("  ", "")])
def test_at_least_one_colleague_is_invited(member, entities, numbers):
    error = refusal(lambda: create(member, entities["SC"], *numbers))
    assert (error.field, error.message) == (
        "invitees",
        "Please invite at least one other member by their member number.",
    )


def test_unknown_numbers_are_named(member, member2, entities):
    error = refusal(lambda: create(member, entities["SC"], "000102", "999998", "000999"))
    assert error.field == "invitees"
    assert error.message == "No active member of this entity has the member number 999998, 000999."
    assert not Budget.objects.filter(kind=Budget.Kind.COLLECTIVE).exists()
    assert not OutboundEmail.objects.exists()


def test_a_member_of_another_entity_cannot_be_invited(member, austrian, entities):
    error = refusal(lambda: create(member, entities["SC"], "000201"))
    assert error.message == "No active member of this entity has the member number 000201."


def test_a_former_member_cannot_be_invited(member, member2, entities):
    MemberProfile.objects.filter(user=member2).update(membership_status=MemberProfile.MembershipStatus.ENDED)
    error = refusal(lambda: create(member, entities["SC"], "000102"))
    assert error.message == "No active member of this entity has the member number 000102."


def test_one_does_not_invite_oneself(member, member2, entities):
    error = refusal(lambda: create(member, entities["SC"], "000102", "000101"))
    assert (error.field, error.message) == ("invitees", "You are a member of the budget already; please invite others.")
    assert not Budget.objects.filter(kind=Budget.Kind.COLLECTIVE).exists()


# --- answering the invitation ------------------------------------------------------------------------------


def test_the_link_works_only_for_the_invited_member(member, member2, member3, entities):
    create(member, entities["SC"], "000102")
    token = token_from_mail(member2)
    assert collective.invitation_for(token, member2) is not None
    assert collective.invitation_for(token, member) is None
    assert collective.invitation_for(token, member3) is None
    assert collective.invitation_for(token, None) is None
    assert collective.invitation_for(token + "x", member2) is None
    assert collective.invitation_for("", member2) is None


def test_someone_else_cannot_answer_the_invitation(member, member2, member3, entities):
    budget = create(member, entities["SC"], "000102")
    token = token_from_mail(member2)
    error = refusal(lambda: collective.invitation_answer(token=token, user=member3, accept=True))
    assert error.message == "This invitation is no longer valid."
    budget.refresh_from_db()
    assert budget.status == Budget.Status.PENDING
    assert seat(budget, member2).status == Status.INVITED
    assert not Participant.objects.filter(member=member3).exists()


def test_the_link_expires_after_30_days(member, member2, entities):
    create(member, entities["SC"], "000102")
    token = token_from_mail(member2)
    with time_machine.travel(timezone.now() + timedelta(days=29, hours=23)):
        assert collective.invitation_for(token, member2) is not None
    with time_machine.travel(timezone.now() + timedelta(days=30, hours=1)):
        assert collective.invitation_for(token, member2) is None
        error = refusal(lambda: collective.invitation_answer(token=token, user=member2, accept=True))
        assert error.message == "This invitation is no longer valid."


def test_accepting_activates_the_budget(member, member2, entities):
    budget = create(member, entities["SC"], "000102")
    token = token_from_mail(member2)
    participant = collective.invitation_answer(token=token, user=member2, accept=True)

    participant.refresh_from_db()
    assert (participant.status, participant.role, participant.token_hash) == (Status.ACTIVE, Role.MEMBER, "")
    assert participant.responded_at is not None
    budget.refresh_from_db()
    assert budget.status == Budget.Status.ACTIVE
    actions = list(AuditEntry.objects.filter(target_id=str(budget.pk)).order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["budgetmember.accepted", "budget.activated"]


def test_the_link_is_single_use(member, member2, entities):
    create(member, entities["SC"], "000102")
    token = token_from_mail(member2)
    collective.invitation_answer(token=token, user=member2, accept=True)
    assert collective.invitation_for(token, member2) is None
    for accept in (True, False):
        error = refusal(lambda accept=accept: collective.invitation_answer(token=token, user=member2, accept=accept))
        assert error.message == "This invitation is no longer valid."
    assert AuditEntry.objects.filter(action__in=["budgetmember.accepted", "budgetmember.declined"]).count() == 1


def test_declining_leaves_the_budget_waiting(member, member2, member3, entities):
    budget = create(member, entities["SC"], "000102", "000103")
    collective.invitation_answer(token=token_from_mail(member2), user=member2, accept=False)
    assert seat(budget, member2).status == Status.DECLINED
    assert seat(budget, member2).token_hash == ""
    budget.refresh_from_db()
    assert budget.status == Budget.Status.PENDING
    assert not AuditEntry.objects.filter(action="budget.activated").exists()
    assert AuditEntry.objects.filter(action="budgetmember.declined", actor=member2).exists()

    collective.invitation_answer(token=token_from_mail(member3), user=member3, accept=True)
    budget.refresh_from_db()
    assert budget.status == Budget.Status.ACTIVE


def test_a_later_acceptance_does_not_activate_again(shared, member, member3):
    collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member)
    collective.invitation_answer(token=token_from_mail(member3), user=member3, accept=True)
    assert AuditEntry.objects.filter(action="budget.activated", target_id=str(shared.pk)).count() == 1
    assert seat(shared, member3).status == Status.ACTIVE


@pytest.mark.parametrize("accept", [True, False])
def test_the_managers_are_told_the_answer(member, member2, member3, entities, accept):
    budget = create(member, entities["SC"], "000102", "000103")
    collective.invitation_answer(token=token_from_mail(member2), user=member2, accept=True)
    collective.participant_set_role(
        budget_id=budget.pk, participant_id=seat(budget, member2).pk, role=Role.MANAGER, user=member
    )
    token = token_from_mail(member3)
    OutboundEmail.objects.all().delete()

    collective.invitation_answer(token=token, user=member3, accept=accept)
    told = OutboundEmail.objects.filter(template="budget_invitation_answered")
    assert sorted(told.values_list("recipient", flat=True)) == sorted([member.email, member2.email])
    assert all("Lea Koch" in email.body_text for email in told)
    assert all(email.related_id == str(budget.pk) for email in told)


# --- inviting later --------------------------------------------------------------------------------------


def test_a_manager_invites_more_members(shared, member, member3):
    [invited] = collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member)
    assert (invited.member, invited.status, invited.role, invited.invited_by) == (
        member3,
        Status.INVITED,
        Role.MEMBER,
        member,
    )
    assert collective.invitation_for(token_from_mail(member3), member3) == invited


def test_a_plain_member_cannot_invite(shared, member2, member3):
    error = refusal(lambda: collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member2))
    assert error.message == "Only the budget's managers can do this."
    assert not Participant.objects.filter(member=member3).exists()


def test_an_outsider_cannot_invite(shared, outsider, member3):
    error = refusal(
        lambda: collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=outsider)
    )
    assert error.message == "Only the budget's managers can do this."


def test_members_and_invitees_are_not_invited_again(shared, member, member3):
    collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member)
    for number, name in (("000102", "Jonas Weber"), ("000103", "Lea Koch")):
        error = refusal(
            lambda number=number: collective.participant_invite(
                budget_id=shared.pk, member_numbers=[number], user=member
            )
        )
        assert (error.field, error.message) == ("invitees", f"{name} already belongs to the budget or is invited.")
    assert OutboundEmail.objects.filter(template="budget_invitation", recipient_user=member3).count() == 1


def test_later_invitations_check_the_numbers_too(shared, member, austrian):
    error = refusal(lambda: collective.participant_invite(budget_id=shared.pk, member_numbers=["000201"], user=member))
    assert error.message == "No active member of this entity has the member number 000201."
    error = refusal(lambda: collective.participant_invite(budget_id=shared.pk, member_numbers=["000101"], user=member))
    assert error.message == "You are a member of the budget already; please invite others."


def test_who_declined_may_be_invited_again_with_a_new_link(member, member2, entities):
    budget = create(member, entities["SC"], "000102")
    old = token_from_mail(member2)
    collective.invitation_answer(token=old, user=member2, accept=False)
    collective.participant_invite(budget_id=budget.pk, member_numbers=["000102"], user=member)
    new = token_from_mail(member2)
    assert new != old
    assert collective.invitation_for(old, member2) is None
    collective.invitation_answer(token=new, user=member2, accept=True)
    assert seat(budget, member2).status == Status.ACTIVE


# --- removing members, managers ----------------------------------------------------------------------------


def test_a_manager_removes_a_member(shared, member, member2):
    removed = collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member2).pk, user=member)
    assert removed.status == Status.REMOVED
    assert AuditEntry.objects.filter(action="budgetmember.removed", target_id=str(shared.pk), actor=member).exists()
    assert shared not in selectors.budgets_of_member(member2.pk)
    assert selectors.role_in(shared, member2.pk) is None


def test_a_manager_withdraws_an_invitation(shared, member, member3):
    collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member)
    token = token_from_mail(member3)
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member3).pk, user=member)
    assert (seat(shared, member3).status, seat(shared, member3).token_hash) == (Status.REMOVED, "")
    assert collective.invitation_for(token, member3) is None
    assert refusal(lambda: collective.invitation_answer(token=token, user=member3, accept=True)).message == (
        "This invitation is no longer valid."
    )


def test_the_removed_member_is_told_in_their_language(shared, member, member2):
    member2.language = "en"
    member2.save(update_fields=["language"])
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member2).pk, user=member)
    email = OutboundEmail.objects.get(template="budget_member_removed")
    assert (email.recipient, email.recipient_user, email.language) == (member2.email, member2, "en")
    assert (email.related_id, email.entity) == (str(shared.pk), shared.entity)
    assert email.subject == "You are no longer a member of the budget “Theater Kollektiv”"
    assert f"{member.get_full_name()} removed you from the collective budget “Theater Kollektiv” (SC)" in (
        email.body_text
    )


def test_a_withdrawn_invitation_is_told_to_the_invitee(shared, member, member3):
    member3.language = "en"
    member3.save(update_fields=["language"])
    collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member)
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member3).pk, user=member)
    email = OutboundEmail.objects.get(template="budget_member_removed")
    assert (email.recipient_user, email.language) == (member3, "en")
    assert email.subject == "The invitation to the budget “Theater Kollektiv” has been withdrawn"
    assert "withdrew your invitation" in email.body_text and "no longer works" in email.body_text


def test_a_german_member_is_mailed_in_german(shared, member, member2):
    assert member2.language == "de"
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member2).pk, user=member)
    assert OutboundEmail.objects.get(template="budget_member_removed").language == "de"


def test_a_manager_who_leaves_gets_no_mail_about_it(shared, member, member2):
    collective.participant_set_role(
        budget_id=shared.pk, participant_id=seat(shared, member2).pk, role=Role.MANAGER, user=member
    )
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member).pk, user=member)
    assert not OutboundEmail.objects.filter(template="budget_member_removed").exists()


def test_a_plain_member_cannot_remove_anyone(shared, member, member2):
    error = refusal(
        lambda: collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member).pk, user=member2)
    )
    assert error.message == "Only the budget's managers can do this."
    assert seat(shared, member).status == Status.ACTIVE


def test_the_last_manager_cannot_leave(shared, member):
    error = refusal(
        lambda: collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member).pk, user=member)
    )
    assert error.message == "A budget always needs a manager; make someone else a manager first."
    assert seat(shared, member).status == Status.ACTIVE


def test_a_manager_may_leave_when_another_manager_stays(shared, member, member2):
    collective.participant_set_role(
        budget_id=shared.pk, participant_id=seat(shared, member2).pk, role=Role.MANAGER, user=member
    )
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member).pk, user=member)
    assert seat(shared, member).status == Status.REMOVED
    # Who left manages nothing any more.
    error = refusal(lambda: collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member))
    assert error.message == "Only the budget's managers can do this."


def test_only_seated_people_can_be_removed(shared, member, member2, member3, entities):
    collective.participant_remove(budget_id=shared.pk, participant_id=seat(shared, member2).pk, user=member)
    other = create(member3, entities["SC"], "000101")
    for participant_id in (seat(shared, member2).pk, seat(other, member3).pk, 999999):
        error = refusal(
            lambda participant_id=participant_id: collective.participant_remove(
                budget_id=shared.pk, participant_id=participant_id, user=member
            )
        )
        assert error.message == "This person is not a member of the budget."
    assert seat(other, member3).status == Status.ACTIVE


def test_a_manager_promotes_and_demotes(shared, member, member2):
    participant = seat(shared, member2)
    collective.participant_set_role(budget_id=shared.pk, participant_id=participant.pk, role=Role.MANAGER, user=member)
    assert seat(shared, member2).role == Role.MANAGER
    assert selectors.role_in(shared, member2.pk) == Role.MANAGER
    # The new manager may demote the first one, who is then a plain member.
    collective.participant_set_role(
        budget_id=shared.pk, participant_id=seat(shared, member).pk, role=Role.MEMBER, user=member2
    )
    assert seat(shared, member).role == Role.MEMBER
    actions = AuditEntry.objects.filter(
        target_id=str(shared.pk), action__in=["budgetmember.promoted", "budgetmember.demoted"]
    )
    assert list(actions.order_by("id").values_list("action", "actor")) == [
        ("budgetmember.promoted", member.pk),
        ("budgetmember.demoted", member2.pk),
    ]


def test_the_last_manager_cannot_be_demoted(shared, member):
    error = refusal(
        lambda: collective.participant_set_role(
            budget_id=shared.pk, participant_id=seat(shared, member).pk, role=Role.MEMBER, user=member
        )
    )
    assert error.message == "A budget always needs a manager; make someone else a manager first."
    assert seat(shared, member).role == Role.MANAGER


def test_a_plain_member_cannot_change_roles(shared, member2):
    error = refusal(
        lambda: collective.participant_set_role(
            budget_id=shared.pk, participant_id=seat(shared, member2).pk, role=Role.MANAGER, user=member2
        )
    )
    assert error.message == "Only the budget's managers can do this."
    assert seat(shared, member2).role == Role.MEMBER


def test_an_invitee_cannot_become_a_manager_before_accepting(shared, member, member3):
    collective.participant_invite(budget_id=shared.pk, member_numbers=["000103"], user=member)
    error = refusal(
        lambda: collective.participant_set_role(
            budget_id=shared.pk, participant_id=seat(shared, member3).pk, role=Role.MANAGER, user=member
        )
    )
    assert error.message == "Only members who accepted the invitation can become managers."
    assert seat(shared, member3).role == Role.MEMBER


@pytest.mark.parametrize("role", ["owner", "", "admin"])
def test_only_known_roles_are_given(shared, member, member2, role):
    error = refusal(
        lambda: collective.participant_set_role(
            budget_id=shared.pk, participant_id=seat(shared, member2).pk, role=role, user=member
        )
    )
    assert error.message == "Please choose a role."


def test_collective_budgets_hold_no_employment(shared, member, entities):
    assert collective.employment_allowed(budget_personal(member_id=member.pk, entity_id=entities["SC"].pk))
    assert not collective.employment_allowed(shared)


# --- selectors ---------------------------------------------------------------------------------------------


@pytest.fixture
def budgets(member, member2, member3, entities):
    """``member``'s personal budgets (SC, AT), an active and a pending collective budget they manage, one
    they are a plain member of, one they were invited to and one they left; and ``member2``'s own."""
    sc, at = entities["SC"], entities["AT"]

    def collective_with(status, *seats):
        budget = Budget.objects.create(kind=Budget.Kind.COLLECTIVE, status=status, entity=sc, owner=seats[0][0])
        for user, role, seat_status in seats:
            Participant.objects.create(budget=budget, member=user, role=role, status=seat_status)
        return budget

    active = Budget.Status.ACTIVE
    return {
        "personal": budget_personal(member_id=member.pk, entity_id=sc.pk),
        "personal_at": budget_personal(member_id=member.pk, entity_id=at.pk),
        "managed": collective_with(active, (member, Role.MANAGER, Status.ACTIVE)),
        "pending": collective_with(Budget.Status.PENDING, (member, Role.MANAGER, Status.ACTIVE)),
        "joined": collective_with(active, (member2, Role.MANAGER, Status.ACTIVE), (member, Role.MEMBER, Status.ACTIVE)),
        "invited": collective_with(
            active, (member2, Role.MANAGER, Status.ACTIVE), (member, Role.MEMBER, Status.INVITED)
        ),
        "left": collective_with(active, (member2, Role.MANAGER, Status.ACTIVE), (member, Role.MANAGER, Status.REMOVED)),
        "declined": collective_with(
            active, (member3, Role.MANAGER, Status.ACTIVE), (member, Role.MEMBER, Status.DECLINED)
        ),
        "other": budget_personal(member_id=member2.pk, entity_id=sc.pk),
    }


def names(budgets: dict[str, Budget], found) -> set[str]:
    ids = {budget.pk for budget in found}
    return {name for name, budget in budgets.items() if budget.pk in ids}


def test_a_members_budgets_are_their_own_and_the_ones_they_sit_in(budgets, member):
    found = list(selectors.budgets_of_member(member.pk))
    assert len(found) == len(set(found))  # each once, however many participants a budget has
    assert names(budgets, found) == {"personal", "personal_at", "managed", "pending", "joined"}


def test_orders_can_use_the_active_collective_budgets_one_manages(budgets, member, member2, entities):
    assert names(budgets, selectors.usable_for_orders(member_id=member.pk, entity_id=entities["SC"].pk)) == {"managed"}
    assert names(budgets, selectors.usable_for_orders(member_id=member.pk, entity_id=entities["AT"].pk)) == set()
    assert names(budgets, selectors.usable_for_orders(member_id=member2.pk, entity_id=entities["SC"].pk)) == {
        "joined",
        "invited",
        "left",
    }


def test_staff_see_the_budgets_of_their_entities(budgets, staff, staff_at, entities):
    sc = names(budgets, selectors.visible_budgets(Scope.staff(staff, [entities["SC"].pk])))
    assert sc == set(budgets) - {"personal_at"}
    assert names(budgets, selectors.visible_budgets(Scope.staff(staff_at, [entities["AT"].pk]))) == {"personal_at"}


def test_members_see_their_budgets(budgets, member):
    assert names(budgets, selectors.visible_budgets(Scope.member(member))) == {
        "personal",
        "personal_at",
        "managed",
        "pending",
        "joined",
    }


def test_clients_and_outsiders_see_no_budget(budgets, client_contact, customer, outsider):
    assert not selectors.visible_budgets(Scope.client(client_contact, [customer.pk])).exists()
    assert not selectors.visible_budgets(Scope.nobody()).exists()
    assert not selectors.visible_budgets(Scope.member(outsider)).exists()


def test_budget_in_opens_a_visible_budget(budgets, member, staff, entities):
    assert selectors.budget_in(Scope.member(member), budgets["joined"].pk) == budgets["joined"]
    assert selectors.budget_in(Scope.staff(staff, [entities["SC"].pk]), budgets["personal"].pk) == budgets["personal"]


@pytest.mark.parametrize("name", ["other", "invited", "left", "declined"])
def test_budget_in_hides_other_members_budgets(budgets, member, name):
    with pytest.raises(Http404):
        selectors.budget_in(Scope.member(member), budgets[name].pk)


def test_budget_in_hides_budgets_from_the_wrong_people(budgets, staff_at, client_contact, customer, outsider, entities):
    pk = budgets["personal"].pk
    for scope in (
        Scope.staff(staff_at, [entities["AT"].pk]),
        Scope.client(client_contact, [customer.pk]),
        Scope.member(outsider),
        Scope.nobody(),
    ):
        with pytest.raises(Http404):
            selectors.budget_in(scope, pk)
    with pytest.raises(Http404):
        selectors.budget_in(Scope.member(budgets["personal"].owner), 999999)


def test_role_in_names_the_seat(budgets, member, member2, member3):
    assert selectors.role_in(budgets["personal"], member.pk) == "owner"
    assert selectors.role_in(budgets["personal"], member2.pk) is None
    assert selectors.role_in(budgets["personal"], None) is None
    assert selectors.role_in(budgets["managed"], member.pk) == Role.MANAGER
    assert selectors.role_in(budgets["joined"], member.pk) == Role.MEMBER
    assert selectors.role_in(budgets["joined"], member2.pk) == Role.MANAGER
    for name in ("invited", "left", "declined"):
        assert selectors.role_in(budgets[name], member.pk) is None
    assert selectors.role_in(budgets["joined"], member3.pk) is None
