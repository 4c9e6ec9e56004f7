"""Online votes: the frozen voter list, one member one vote, secrecy, proxies and results (DESIGN §10)."""

from datetime import timedelta

import pytest
from django.db import connection

from conftest import make_member
from portal.accounts.models import MemberProfile
from portal.assembly import services, voting
from portal.assembly.models import Ballot, BallotMark, Participation, ProxyAuthorisation, Voter
from portal.assembly.tests.conftest import AFTER, DURING, OPENS
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail

pytestmark = pytest.mark.django_db


def test_the_voter_list_is_the_active_members_when_voting_opened(question, member, member2, entities):
    make_member("at@test.example", entities["AT"], number="000201")  # another entity's member
    MemberProfile.objects.filter(user=member2).update(membership_status=MemberProfile.MembershipStatus.ENDED)
    late = make_member("late@test.example", entities["SC"], number="000103")
    late.roles.update(created_at=OPENS + timedelta(hours=1))  # joined after voting opened
    voting.freeze(question.pk, DURING + timedelta(days=3))  # written late, computed for the opening
    assert set(Voter.objects.filter(vote=question).values_list("member_id", flat=True)) == {member.pk}
    with pytest.raises(BusinessError, match="not on the voter list"):
        voting.cast_ballot(member=late, vote_id=question.pk, choice="yes", now=DURING)
    voting.freeze(question.pk, DURING + timedelta(days=4))  # idempotent: never rewritten
    assert Voter.objects.filter(vote=question).count() == 1


def test_one_member_one_vote(question, member):
    voting.cast_ballot(member=member, vote_id=question.pk, choice="yes", now=DURING)
    with pytest.raises(BusinessError, match="already been cast"):
        voting.cast_ballot(member=member, vote_id=question.pk, choice="no", now=DURING)
    assert Ballot.objects.filter(vote=question).count() == 1
    assert Participation.objects.filter(vote=question, member=member).count() == 1


def test_voting_only_while_open_and_results_only_after_closing(question, member, member2):
    with pytest.raises(BusinessError, match="not opened"):
        voting.cast_ballot(member=member, vote_id=question.pk, choice="yes", now=OPENS - timedelta(seconds=1))
    voting.cast_ballot(member=member, vote_id=question.pk, choice="yes", now=DURING)
    voting.cast_ballot(member=member2, vote_id=question.pk, choice="abstain", now=DURING)
    assert voting.result(question, DURING) is None
    with pytest.raises(BusinessError, match="closed"):
        voting.cast_ballot(member=member, vote_id=question.pk, choice="no", now=AFTER)
    result = voting.result(question, AFTER)
    assert [(t.key, t.count) for t in result.tallies] == [("yes", 1), ("no", 0)]
    assert (result.voters, result.ballots, result.abstentions, result.turnout) == (2, 2, 1, 1.0)


@pytest.mark.parametrize(("choice", "field"), [("maybe", "choice"), ("", "choice")])
def test_a_question_takes_yes_no_or_abstain(question, member, choice, field):
    with pytest.raises(BusinessError) as refused:
        voting.cast_ballot(member=member, vote_id=question.pk, choice=choice, now=DURING)
    assert refused.value.field == field
    assert not Participation.objects.exists()


def test_an_election_marks_at_most_the_seats_among_its_candidates(election, question, member, member2, entities):
    ada, bo, cem = election.candidates.all()
    other = question.pk  # a candidate id of nothing
    with pytest.raises(BusinessError, match="at most 2"):
        voting.cast_ballot(member=member, vote_id=election.pk, candidate_ids=[ada.pk, bo.pk, cem.pk], now=DURING)
    with pytest.raises(BusinessError, match="among the candidates"):
        voting.cast_ballot(member=member, vote_id=election.pk, candidate_ids=[other + 1000], now=DURING)
    voting.cast_ballot(member=member, vote_id=election.pk, candidate_ids=[ada.pk, bo.pk, ada.pk], now=DURING)
    voting.cast_ballot(member=member2, vote_id=election.pk, candidate_ids=[], now=DURING)  # abstains
    result = voting.result(election, AFTER)
    assert [(t.label, t.count, t.elected) for t in result.tallies] == [
        ("Ada", 1, True),
        ("Bo", 1, True),
        ("Cem", 0, False),
    ]
    assert result.abstentions == 1 and result.ballots == 2


def test_a_tie_at_the_last_seat_elects_nobody_to_it(assembly, staff, staff_scope, entities):
    import time_machine

    from portal.assembly.tests.conftest import CLOSES, SETUP

    voters = [make_member(f"v{n}@test.example", entities["SC"], number=f"0009{n:02}") for n in range(3)]
    with time_machine.travel(SETUP, tick=False):
        vote = services.vote_add(
            staff=staff,
            scope=staff_scope,
            item_id=assembly.items.get(position=2).pk,
            data=services.VoteData("Board", OPENS, CLOSES, kind="election", seats=1, candidates=("Ada", "Bo")),
        )
    ada, bo = vote.candidates.all()
    voting.cast_ballot(member=voters[0], vote_id=vote.pk, candidate_ids=[ada.pk], now=DURING)
    voting.cast_ballot(member=voters[1], vote_id=vote.pk, candidate_ids=[bo.pk], now=DURING)
    assert [t.elected for t in voting.result(vote, AFTER).tallies] == [False, False]
    voting.cast_ballot(member=voters[2], vote_id=vote.pk, candidate_ids=[bo.pk], now=DURING)
    assert [(t.label, t.elected) for t in voting.result(vote, AFTER).tallies] == [("Bo", True), ("Ada", False)]


def test_nothing_links_a_ballot_to_its_voter(question, election, member):
    """Read every table after a vote: the voter appears only in the voter list and the participation."""
    voting.cast_ballot(member=member, vote_id=question.pk, choice="no", now=DURING)
    voting.cast_ballot(member=member, vote_id=election.pk, candidate_ids=[election.candidates.first().pk], now=DURING)
    ballot_columns = {field.column for field in Ballot._meta.concrete_fields}
    mark_columns = {field.column for field in BallotMark._meta.concrete_fields}
    assert ballot_columns == {"id", "vote_id", "choice"}  # no voter, no time
    assert mark_columns == {"id", "ballot_id", "candidate_id"}
    assert {field.column for field in Participation._meta.concrete_fields} == {"id", "vote_id", "member_id"}
    ballot_ids = [str(pk) for pk in Ballot.objects.values_list("pk", flat=True)]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                leaked = any(ballot_id in text or ballot_id.replace("-", "") in text for ballot_id in ballot_ids)
                assert not leaked or table in {Ballot._meta.db_table, BallotMark._meta.db_table}, table
    # No audit row and no e-mail was written about the ballots.
    assert not AuditEntry.objects.filter(action__icontains="ballot").exists()
    assert not AuditEntry.objects.filter(actor=member).exists()
    assert not OutboundEmail.objects.filter(recipient=member.email).exists()


def test_a_proxy_votes_for_at_most_two_members(assembly, question, staff, staff_scope, member, member2, entities):
    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.assembly.tests.conftest import SETUP

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    grantors = [make_member(f"g{n}@test.example", entities["SC"], number=f"0008{n:02}") for n in range(3)]
    with time_machine.travel(SETUP, tick=False):
        authorisations = [
            services.proxy_submit(
                member=grantor, assembly_id=assembly.pk, proxy_number="000102", upload=SimpleUploadedFile("p.pdf", pdf)
            )
            for grantor in grantors
        ]
        with pytest.raises(BusinessError, match="another member"):
            services.proxy_submit(
                member=member2, assembly_id=assembly.pk, proxy_number="000102", upload=SimpleUploadedFile("p.pdf", pdf)
            )
        with pytest.raises(BusinessError, match="already authorised"):
            services.proxy_submit(
                member=grantors[0],
                assembly_id=assembly.pk,
                proxy_number="000101",
                upload=SimpleUploadedFile("p.pdf", pdf),
            )
        services.proxy_accept(staff=staff, scope=staff_scope, proxy_id=authorisations[0].pk)
        services.proxy_accept(staff=staff, scope=staff_scope, proxy_id=authorisations[1].pk)
        with pytest.raises(BusinessError, match="most allowed"):
            services.proxy_accept(staff=staff, scope=staff_scope, proxy_id=authorisations[2].pk)
    assert ProxyAuthorisation.objects.filter(status="accepted").count() == 2
    voting.cast_ballot(member=member2, vote_id=question.pk, choice="yes", on_behalf_of=grantors[0].pk, now=DURING)
    voting.cast_ballot(member=member2, vote_id=question.pk, choice="no", now=DURING)  # their own vote too
    with pytest.raises(BusinessError, match="no accepted authorisation"):
        voting.cast_ballot(member=member2, vote_id=question.pk, choice="yes", on_behalf_of=grantors[2].pk, now=DURING)
    with pytest.raises(BusinessError, match="already been cast"):
        voting.cast_ballot(member=grantors[0], vote_id=question.pk, choice="no", now=DURING)  # the proxy did
    assert set(Participation.objects.values_list("member_id", flat=True)) == {grantors[0].pk, member2.pk}


def test_the_scheduled_command_freezes_opened_votes_once(question, election, member):
    from django.core.management import call_command

    call_command("process_assemblies", today=OPENS.date())
    assert question.voters.count() == 1 and election.voters.count() == 1
    frozen = type(question).objects.get(pk=question.pk).frozen_at
    call_command("process_assemblies", today=OPENS.date())
    assert type(question).objects.get(pk=question.pk).frozen_at == frozen
