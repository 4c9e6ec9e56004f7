"""Reads of accounts data that follow an access rule. Each takes the actor."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.accounts.models import MemberProfile, PersonalDataChangeRequest, Role, User


def profile_for_member(*, member: User) -> MemberProfile:
    return get_object_or_404(MemberProfile.objects.select_related("user"), user=member)


def change_requests_for_member(*, member: User) -> QuerySet[PersonalDataChangeRequest]:
    return PersonalDataChangeRequest.objects.filter(member=member).select_related("decided_by")


def change_request_for_member(*, member: User, pk: int) -> PersonalDataChangeRequest:
    return get_object_or_404(change_requests_for_member(member=member), pk=pk)


def members_of_entity(*, entity) -> QuerySet[User]:
    return User.objects.filter(roles__kind=Role.Kind.MEMBER, roles__entity=entity)


def change_requests_for_staff(*, entity, status: str = "", search: str = "") -> QuerySet[PersonalDataChangeRequest]:
    """Requests of members of the staff member's entity."""
    requests = PersonalDataChangeRequest.objects.filter(
        member__in=members_of_entity(entity=entity).values("pk")
    ).select_related("member", "member__member_profile", "decided_by")
    if status:
        requests = requests.filter(status=status)
    if search:
        requests = requests.filter(
            Q(member__email__icontains=search)
            | Q(member__first_name__icontains=search)
            | Q(member__last_name__icontains=search)
            | Q(member__member_profile__member_number=search)
        )
    return requests


def change_request_for_staff(*, entity, pk: int) -> PersonalDataChangeRequest:
    return get_object_or_404(change_requests_for_staff(entity=entity), pk=pk)


#: Words of a search that count; more are ignored (every word adds conditions to the query).
SEARCH_WORDS = 10


def member_matches(search: str, prefix: str = "member__") -> Q:
    """Every word of ``search`` in the member's first or last name, e-mail or member number: "Anna
    Schmidt" finds Anna Schmidt, although neither name holds both words. ``prefix``: the path from the
    searched rows to the member ("" for users themselves)."""
    matching = Q()
    for word in search.split()[:SEARCH_WORDS]:
        matching &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}email__icontains": word})
            | Q(**{f"{prefix}member_profile__member_number__icontains": word})
        )
    return matching


def member_list_for_staff(*, entity, search: str = "") -> QuerySet[User]:
    """The members of ``entity``, by name; with ``search``, those matching every word of it."""
    members = members_of_entity(entity=entity).select_related("member_profile").filter(member_matches(search, ""))
    return members.order_by("last_name", "first_name", "pk")
