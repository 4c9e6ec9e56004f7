"""Online votes of the general assembly (DESIGN §10): the frozen voter list, secret ballots, results.

* **Who votes.** The members of the assembly's entity who were active members when voting opened: a
  member role of the entity created before the opening and an active membership. The list is written
  once (``freeze``), at the first ballot or by the scheduled command, and never changes afterwards; as
  it is computed for the opening time, a member who joined later is not on it even when it is written
  later.
* **One member one vote.** A ``Participation`` row per voter and vote, unique in the database: of two
  ballots sent at once for the same member, one is refused.
* **Secret.** The ballot and the participation are written in one transaction; the ballot has no voter,
  no time and a random key; no audit row, log line or e-mail mentions a ballot.
* **Results** exist only once voting has closed, with the turnout.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.assembly.models import Ballot, BallotMark, Candidate, Participation, ProxyAuthorisation, Vote, Voter
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.scheduled import note_failure


def entitled_member_ids(entity_id: int, moment: datetime, among: list[int] | None = None) -> list[int]:
    """The members of ``entity_id`` (or those of them ``among`` the given ids) entitled to vote at ``moment``."""
    roles = Role.objects.filter(
        kind=Role.Kind.MEMBER,
        entity_id=entity_id,
        created_at__lte=moment,
        user__is_active=True,
        user__member_profile__membership_status=MemberProfile.MembershipStatus.ACTIVE,
    )
    if among is not None:
        roles = roles.filter(user_id__in=among)
    return list(roles.values_list("user_id", flat=True).distinct())


def freeze(vote_id: int, now: datetime | None = None) -> Vote:
    """Write the voter list of an open vote once (idempotent; the vote row is locked meanwhile)."""
    now = now or timezone.now()
    with transaction.atomic():
        vote = Vote.objects.select_for_update().select_related("item__assembly").get(pk=vote_id)
        if vote.frozen_at is not None or now < vote.opens_at:
            return vote
        entity_id = vote.item.assembly.entity_id
        Voter.objects.bulk_create(
            [Voter(vote=vote, member_id=member_id) for member_id in entitled_member_ids(entity_id, vote.opens_at)]
        )
        vote.frozen_at = now
        vote.save(update_fields=["frozen_at"])
        audit_record(actor=None, action="assemblyvote.frozen", target=vote, data={"voters": vote.voters.count()})
    return vote


def freeze_due(today: date | None = None, failures: list[str] | None = None) -> int:
    """Freeze every vote that has opened by now (or, for a ``today`` ahead, by the end of that day);
    returns how many were frozen. A vote that fails is reported and the others go on."""
    now = timezone.now()
    if today is not None and today > timezone.localdate():
        now = datetime.combine(today + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    due = list(Vote.objects.filter(frozen_at__isnull=True, opens_at__lte=now).values_list("pk", flat=True))
    for vote_id in due:
        try:
            freeze(vote_id, now)
        except Exception as error:  # one vote must not keep the others unfrozen
            note_failure(failures, f"vote {vote_id}", error)
    return len(due)


def _voter_for(member: Any, vote: Vote, on_behalf_of: int | None) -> int:
    """The member whose vote is cast: ``member`` or, by an accepted authorisation, the one they represent."""
    if not Voter.objects.filter(vote=vote, member_id=member.pk).exists():
        raise BusinessError(_("You are not on the voter list of this vote (members active when voting opened)."))
    if on_behalf_of is None:
        return member.pk
    authorised = ProxyAuthorisation.objects.filter(
        assembly_id=vote.item.assembly_id,
        grantor_id=on_behalf_of,
        proxy_id=member.pk,
        status=ProxyAuthorisation.Status.ACCEPTED,
    ).exists()
    if not authorised or not Voter.objects.filter(vote=vote, member_id=on_behalf_of).exists():
        raise BusinessError(_("You hold no accepted authorisation to vote for this member."))
    return on_behalf_of


def _checked_marks(vote: Vote, choice: str, candidate_ids: Iterable[int]) -> tuple[str, list[int]]:
    if vote.kind == Vote.Kind.QUESTION:
        if choice not in Ballot.Choice.values:
            raise BusinessError(_("Please choose yes, no or abstain."), field="choice")
        return choice, []
    marked = sorted(set(candidate_ids))
    valid = set(vote.candidates.values_list("pk", flat=True))
    if not set(marked) <= valid:
        raise BusinessError(_("Please choose among the candidates of this election."), field="candidates")
    if len(marked) > vote.seats:
        raise BusinessError(_("Please mark at most %(seats)s candidates.") % {"seats": vote.seats}, field="candidates")
    return "", marked


def cast_ballot(
    *,
    member: Any,
    vote_id: int,
    choice: str = "",
    candidate_ids: Iterable[int] = (),
    on_behalf_of: int | None = None,
    now: datetime | None = None,
) -> None:
    """Cast ``member``'s ballot (or, as proxy, the ballot of ``on_behalf_of``). Returns nothing: not even
    the caller learns the ballot's key."""
    now = now or timezone.now()
    vote = Vote.objects.select_related("item__assembly").filter(pk=vote_id).first()
    if vote is None:
        raise BusinessError(_("This vote does not exist."))
    if now < vote.opens_at:
        raise BusinessError(_("Voting has not opened yet."))
    if now >= vote.closes_at:
        raise BusinessError(_("Voting has closed."))
    if vote.frozen_at is None:
        vote = freeze(vote.pk, now)
    choice, marked = _checked_marks(vote, choice, candidate_ids)
    voter_id = _voter_for(member, vote, on_behalf_of)
    try:
        with transaction.atomic():
            Participation.objects.create(vote=vote, member_id=voter_id)
            ballot = Ballot.objects.create(vote=vote, choice=choice)
            BallotMark.objects.bulk_create([BallotMark(ballot=ballot, candidate_id=pk) for pk in marked])
    except IntegrityError:
        raise BusinessError(_("This vote has already been cast.")) from None


def on_voter_lists(
    member_ids: Iterable[int], votes: Iterable[Vote], entity_id: int, now: datetime
) -> set[tuple[int, int]]:
    """(vote id, member id) of the members among ``member_ids`` on the voter lists of ``votes``. For an
    opened vote whose list is not written yet (the scheduled command may lag behind) the list is read as
    it will be written, without writing it: a page view never writes."""
    member_ids, votes = list(member_ids), list(votes)
    rows = Voter.objects.filter(member_id__in=member_ids, vote_id__in=[vote.pk for vote in votes if vote.frozen_at])
    listed = set(rows.values_list("vote_id", "member_id"))
    for vote in votes:
        if vote.frozen_at is None and now >= vote.opens_at:
            entitled = set(entitled_member_ids(entity_id, vote.opens_at, among=member_ids))
            listed |= {(vote.pk, member_id) for member_id in entitled}
    return listed


def participations(member_ids: Iterable[int], vote_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(vote id, member id) of the members among ``member_ids`` who have taken part in ``vote_ids``."""
    rows = Participation.objects.filter(member_id__in=list(member_ids), vote_id__in=list(vote_ids))
    return set(rows.values_list("vote_id", "member_id"))


@dataclass(frozen=True)
class Tally:
    key: str  # the choice ("yes", "no") or the candidate's id
    label: Any  # its label in the reader's language (lazy) or the candidate's name
    count: int
    elected: bool = False


@dataclass(frozen=True)
class Result:
    voters: int
    ballots: int
    tallies: list[Tally]
    abstentions: int

    @property
    def turnout(self) -> float:
        return self.ballots / self.voters if self.voters else 0.0

    @property
    def turnout_percent(self) -> float:
        return round(100 * self.turnout, 1)


def result(vote: Vote, now: datetime | None = None) -> Result | None:
    """The counted ballots of a closed vote; ``None`` while it is open (no interim results)."""
    return results([vote], now).get(vote.pk)


def results(votes: Iterable[Vote], now: datetime | None = None, entity_id: int | None = None) -> dict[int, Result]:
    """By vote id, the results of the closed ones among ``votes``, in four queries however many there are.

    A vote whose voter list was never written (no ballot, and the scheduled command has not run yet) counts
    the members entitled when it opened, as the list would have."""
    now = now or timezone.now()
    closed = [vote for vote in votes if now >= vote.closes_at]
    if not closed:
        return {}
    ids = [vote.pk for vote in closed]
    voters = dict(
        Voter.objects.filter(vote_id__in=ids).values("vote_id").annotate(n=Count("pk")).values_list("vote_id", "n")
    )
    counts: dict[int, dict[str, int]] = {vote_id: {} for vote_id in ids}
    for vote_id, choice, n in (
        Ballot.objects.filter(vote_id__in=ids)
        .values("vote_id", "choice")
        .annotate(n=Count("pk"))
        .values_list("vote_id", "choice", "n")
    ):
        counts[vote_id][choice or ""] = n
    elections = [vote.pk for vote in closed if vote.kind != Vote.Kind.QUESTION]
    candidates: dict[int, list[Any]] = {vote_id: [] for vote_id in elections}
    blank: dict[int, int] = {}
    if elections:
        for candidate in (
            Candidate.objects.filter(vote_id__in=elections)
            .annotate(n=Count("ballotmark"))
            .order_by("-n", "position", "pk")
        ):
            candidates[candidate.vote_id].append(candidate)
        blank = dict(
            Ballot.objects.filter(vote_id__in=elections, marks__isnull=True)
            .values("vote_id")
            .annotate(n=Count("pk"))
            .values_list("vote_id", "n")
        )
    found = {}
    for vote in closed:
        listed = (
            voters.get(vote.pk, 0)
            if vote.frozen_at
            else len(entitled_member_ids(entity_id or vote.item.assembly.entity_id, vote.opens_at))
        )
        ballots = sum(counts[vote.pk].values())
        if vote.kind == Vote.Kind.QUESTION:
            tally = counts[vote.pk]
            tallies = [Tally(c.value, c.label, tally.get(c, 0)) for c in (Ballot.Choice.YES, Ballot.Choice.NO)]
            found[vote.pk] = Result(listed, ballots, tallies, tally.get(Ballot.Choice.ABSTAIN, 0))
            continue
        ranked = candidates[vote.pk]
        # The best candidate below the seats: whoever does not beat them is not elected (a tie at the last
        # seat elects nobody to it; the assembly decides how to fill it).
        below = ranked[vote.seats].n if len(ranked) > vote.seats else 0
        elected = {c.pk for c in ranked[: vote.seats] if c.n > below}
        tallies = [Tally(str(c.pk), c.name, c.n, c.pk in elected) for c in ranked]
        found[vote.pk] = Result(listed, ballots, tallies, blank.get(vote.pk, 0))
    return found
