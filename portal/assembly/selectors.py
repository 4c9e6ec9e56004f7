"""What a member and the Smart team may read of the general assemblies (404 for anything else).

A member sees the assemblies of the entities they are a member of once the invitation has gone out;
staff see their entities' assemblies from the first draft.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.assembly import voting
from portal.assembly.models import AgendaItem, Assembly, Candidate, ProxyAuthorisation, Vote
from portal.core.scope import Scope


def member_entity_ids(request: Any) -> list[int]:
    """The entities whose assemblies the signed-in member attends (their member roles; no query)."""
    return [role.entity.pk for role in request.roles if role.is_member and role.entity is not None]


def assemblies_for_member(entity_ids: list[int]) -> QuerySet[Assembly]:
    return Assembly.objects.filter(entity_id__in=entity_ids, invited_at__isnull=False).select_related("entity")


def next_assembly(entity_ids: list[int]) -> Assembly | None:
    """The member's next assembly (invited, not over), with ``voting_open`` set: one query."""
    now = timezone.now()
    open_votes = Vote.objects.filter(item__assembly=OuterRef("pk"), opens_at__lte=now, closes_at__gt=now)
    upcoming = assemblies_for_member(entity_ids).filter(starts_at__gte=now - timedelta(hours=12))
    return upcoming.annotate(voting_open=Exists(open_votes)).order_by("starts_at", "pk").first()


def assembly_for_member(entity_ids: list[int], pk: int) -> Assembly:
    found = assemblies_for_member(entity_ids).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def assemblies_for_staff(scope: Scope) -> QuerySet[Assembly]:
    return scope.rows(Assembly.objects.select_related("entity"))


def assembly_for_staff(scope: Scope, pk: int) -> Assembly:
    return scope.one(Assembly.objects.select_related("entity"), pk)


def items_with_votes(assembly: Assembly) -> list[AgendaItem]:
    """The agenda, each item with its vote (if any) and the vote's candidates: three queries."""
    candidates = Prefetch("vote__candidates", queryset=Candidate.objects.order_by("position", "pk"))
    return list(assembly.items.select_related("vote").prefetch_related(candidates).order_by("position", "pk"))


def vote_state(vote: Vote, now: datetime) -> str:
    if now < vote.opens_at:
        return "upcoming"
    return "open" if now < vote.closes_at else "closed"


@dataclass
class MemberVoteView:
    """One vote as a member sees it: its state, whether they (and those they represent) still vote."""

    vote: Vote
    state: str
    on_list: bool
    voted: bool
    #: The members this member may still vote for, by accepted authorisation.
    represented: list[Any] = field(default_factory=list)
    result: voting.Result | None = None


def member_votes(member: Any, assembly: Assembly, items: list[AgendaItem]) -> dict[int, MemberVoteView]:
    """By vote id: what the member sees of each vote of the agenda (a fixed number of queries)."""
    now = timezone.now()
    votes = [item.vote for item in items if hasattr(item, "vote")]
    ids = [vote.pk for vote in votes]
    grantors = [
        proxy.grantor
        for proxy in ProxyAuthorisation.objects.filter(
            assembly=assembly, proxy=member, status=ProxyAuthorisation.Status.ACCEPTED
        ).select_related("grantor")
    ]
    people = [member.pk, *(grantor.pk for grantor in grantors)]
    listed = voting.on_voter_lists(people, votes, assembly.entity_id, now)
    voted = voting.participations(people, ids)
    results = voting.results(votes, now, assembly.entity_id)
    views = {}
    for vote in votes:
        state = vote_state(vote, now)
        views[vote.pk] = MemberVoteView(
            vote=vote,
            state=state,
            on_list=(vote.pk, member.pk) in listed,
            voted=(vote.pk, member.pk) in voted,
            represented=[
                grantor
                for grantor in grantors
                if (vote.pk, grantor.pk) in listed and (vote.pk, grantor.pk) not in voted and state == "open"
            ],
            result=results.get(vote.pk),
        )
    return views


def proxies_of(member: Any, assembly: Assembly) -> list[ProxyAuthorisation]:
    """The authorisations the member gave for this assembly, newest first."""
    return list(ProxyAuthorisation.objects.filter(assembly=assembly, grantor=member).select_related("proxy"))
