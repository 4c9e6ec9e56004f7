"""Collective budgets (Kollektive Budgets, DESIGN §6): create, invite by member number, answer the
invitation by e-mail link, manage members. Who may do what is checked here, not in the views.

Invitation links work like the clients' confirmation links: 256-bit tokens stored only as SHA-256,
single-use, expiring; in addition the link only works for the invited member, signed in.
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.budget.models import Budget, Participant
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.tokens import new_token, token_hash

INVITATION_VALID_FOR = timedelta(days=30)
MAX_NAME = 100


def _members_by_number(numbers: Iterable[str], entity_id: int, inviter_id: int) -> list[Any]:
    """The members with these numbers who work with the entity; a clear error names any other number."""
    wanted = list(dict.fromkeys(number.strip() for number in numbers if number and number.strip()))
    if not wanted:
        raise BusinessError(_("Please invite at least one other member by their member number."), field="invitees")
    profiles = {
        profile.member_number: profile
        for profile in MemberProfile.objects.filter(
            member_number__in=wanted, membership_status=MemberProfile.MembershipStatus.ACTIVE
        ).select_related("user")
    }
    with_role = set(
        Role.objects.filter(
            kind=Role.Kind.MEMBER, entity_id=entity_id, user_id__in=[p.user_id for p in profiles.values()]
        ).values_list("user_id", flat=True)
    )
    unknown = [number for number in wanted if number not in profiles or profiles[number].user_id not in with_role]
    if unknown:
        raise BusinessError(
            _("No active member of this entity has the member number %(numbers)s.") % {"numbers": ", ".join(unknown)},
            field="invitees",
        )
    users = [profiles[number].user for number in wanted]
    if any(user.pk == inviter_id for user in users):
        raise BusinessError(_("You are a member of the budget already; please invite others."), field="invitees")
    return users


def _require_manager(budget: Budget, user: Any) -> None:
    if not Participant.objects.filter(
        budget=budget, member_id=user.pk, status=Participant.Status.ACTIVE, role=Participant.Role.MANAGER
    ).exists():
        raise BusinessError(_("Only the budget's managers can do this."))


def collective_create(*, user: Any, entity_id: int, name: str, invitee_numbers: Iterable[str]) -> Budget:
    """A new collective budget with ``user`` as its first manager; active once an invitee accepts."""
    name = " ".join((name or "").split())
    if not name:
        raise BusinessError(_("Please give the budget a name."), field="name")
    if len(name) > MAX_NAME:
        raise BusinessError(_("The name can be at most %(limit)s characters long.") % {"limit": MAX_NAME}, field="name")
    if not Role.objects.filter(user=user, kind=Role.Kind.MEMBER, entity_id=entity_id).exists():
        raise BusinessError(_("You can only open a budget with an entity you work with."), field="entity")
    if not MemberProfile.objects.filter(user=user, membership_status=MemberProfile.MembershipStatus.ACTIVE).exists():
        raise BusinessError(_("Only active members can open a collective budget."))
    invitees = _members_by_number(invitee_numbers, entity_id, user.pk)
    with transaction.atomic():
        budget = Budget.objects.create(
            kind=Budget.Kind.COLLECTIVE, status=Budget.Status.PENDING, entity_id=entity_id, owner=user, name=name
        )
        Participant.objects.create(
            budget=budget, member=user, role=Participant.Role.MANAGER, status=Participant.Status.ACTIVE
        )
        audit_record(actor=user, action="budget.created", target=budget, to_state=budget.status)
        for invitee in invitees:
            _invite(budget, invitee, user)
    return budget


def participant_invite(*, budget_id: int, member_numbers: Iterable[str], user: Any) -> list[Participant]:
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget_id, kind=Budget.Kind.COLLECTIVE)
        _require_manager(budget, user)
        invitees = _members_by_number(member_numbers, budget.entity_id, user.pk)
        seated = set(
            budget.participants.filter(status__in=[Participant.Status.ACTIVE, Participant.Status.INVITED]).values_list(
                "member_id", flat=True
            )
        )
        already = [invitee for invitee in invitees if invitee.pk in seated]
        if already:
            raise BusinessError(
                _("%(names)s already belongs to the budget or is invited.")
                % {"names": ", ".join(invitee.get_full_name() or invitee.email for invitee in already)},
                field="invitees",
            )
        return [_invite(budget, invitee, user) for invitee in invitees]


def _invite(budget: Budget, invitee: Any, inviter: Any) -> Participant:
    token = new_token()
    participant, _created = Participant.objects.update_or_create(
        budget=budget,
        member=invitee,
        defaults={
            "role": Participant.Role.MEMBER,
            "status": Participant.Status.INVITED,
            "invited_by": inviter,
            "token_hash": token_hash(token),
            "responded_at": None,
        },
    )
    Participant.objects.filter(pk=participant.pk).update(created_at=timezone.now())
    audit_record(actor=inviter, action="budgetmember.invited", target=budget, message=invitee.get_full_name())
    path = reverse("budget:invitation", args=[token])
    _tell(invitee, budget, "budget_invitation", {"inviter": inviter, "path": path}, sensitive=True)
    return participant


def invitation_for(token: str, user: Any) -> Participant | None:
    """The open invitation the link stands for, if it is ``user``'s and still valid."""
    participant = (
        Participant.objects.filter(token_hash=token_hash(token), status=Participant.Status.INVITED)
        .select_related("budget", "budget__entity", "invited_by")
        .first()
    )
    if participant is None or participant.member_id != getattr(user, "pk", None):
        return None
    if participant.created_at < timezone.now() - INVITATION_VALID_FOR:
        return None
    return participant


def invitation_answer(*, token: str, user: Any, accept: bool) -> Participant:
    with transaction.atomic():
        participant = invitation_for(token, user)
        if participant is None:
            raise BusinessError(_("This invitation is no longer valid."))
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.status != Participant.Status.INVITED:
            raise BusinessError(_("This invitation is no longer valid."))
        participant.status = Participant.Status.ACTIVE if accept else Participant.Status.DECLINED
        participant.token_hash = ""
        participant.responded_at = timezone.now()
        participant.save(update_fields=["status", "token_hash", "responded_at", "updated_at"])
        budget = Budget.objects.select_for_update().get(pk=participant.budget_id)
        action = "budgetmember.accepted" if accept else "budgetmember.declined"
        audit_record(actor=user, action=action, target=budget, message=user.get_full_name())
        if accept and budget.status == Budget.Status.PENDING:
            budget.status = Budget.Status.ACTIVE
            budget.save(update_fields=["status", "updated_at"])
            audit_record(actor=user, action="budget.activated", target=budget, from_state="pending", to_state="active")
        for manager in budget.participants.filter(role=Participant.Role.MANAGER, status=Participant.Status.ACTIVE):
            _tell(manager.member, budget, "budget_invitation_answered", {"member": user, "accepted": accept})
    return participant


def _locked_participant(budget_id: int, participant_id: int, user: Any) -> tuple[Budget, Participant]:
    budget = Budget.objects.select_for_update().get(pk=budget_id, kind=Budget.Kind.COLLECTIVE)
    _require_manager(budget, user)
    participant = Participant.objects.select_for_update().filter(pk=participant_id, budget=budget).first()
    if participant is None or participant.status not in (Participant.Status.ACTIVE, Participant.Status.INVITED):
        raise BusinessError(_("This person is not a member of the budget."))
    return budget, participant


def participant_remove(*, budget_id: int, participant_id: int, user: Any) -> Participant:
    """A manager removes a member (or withdraws an invitation); the last manager cannot go."""
    with transaction.atomic():
        budget, participant = _locked_participant(budget_id, participant_id, user)
        if participant.role == Participant.Role.MANAGER and not _other_managers(budget, participant):
            raise BusinessError(_("A budget always needs a manager; make someone else a manager first."))
        was_invited = participant.status == Participant.Status.INVITED
        participant.status = Participant.Status.REMOVED
        participant.token_hash = ""
        participant.save(update_fields=["status", "token_hash", "updated_at"])
        audit_record(
            actor=user, action="budgetmember.removed", target=budget, message=participant.member.get_full_name()
        )
        if participant.member_id != user.pk:  # a manager who leaves knows it already
            _tell(participant.member, budget, "budget_member_removed", {"manager": user, "was_invited": was_invited})
    return participant


def _tell(member: Any, budget: Budget, template: str, context: dict[str, Any], *, sensitive: bool = False) -> None:
    """An e-mail about ``budget`` (its template gets the budget besides ``context``)."""
    queue_email(
        to=member,
        template=template,
        context={"budget": budget, **context},
        category="budget",
        related=budget,
        entity=budget.entity,
        sensitive=sensitive,
    )


def participant_set_role(*, budget_id: int, participant_id: int, role: str, user: Any) -> Participant:
    """Make a member a manager, or a manager a member again (never the last manager)."""
    if role not in Participant.Role.values:
        raise BusinessError(_("Please choose a role."))
    with transaction.atomic():
        budget, participant = _locked_participant(budget_id, participant_id, user)
        if participant.status != Participant.Status.ACTIVE:
            raise BusinessError(_("Only members who accepted the invitation can become managers."))
        if role == Participant.Role.MEMBER and not _other_managers(budget, participant):
            raise BusinessError(_("A budget always needs a manager; make someone else a manager first."))
        participant.role = role
        participant.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=user,
            action="budgetmember.promoted" if role == Participant.Role.MANAGER else "budgetmember.demoted",
            target=budget,
            message=participant.member.get_full_name(),
        )
    return participant


def _other_managers(budget: Budget, participant: Participant) -> bool:
    return (
        budget.participants.filter(role=Participant.Role.MANAGER, status=Participant.Status.ACTIVE)
        .exclude(pk=participant.pk)
        .exists()
    )


def employment_allowed(budget: Budget) -> bool:
    """Collective budgets hold no employment (DESIGN §6); the employment app asks here."""
    return budget.kind == Budget.Kind.PERSONAL
