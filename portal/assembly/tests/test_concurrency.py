"""One member one vote under eight concurrent ballots (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from portal.assembly import voting
from portal.assembly.models import Ballot, Participation
from portal.assembly.tests.conftest import DURING
from portal.core.errors import BusinessError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent ballots need PostgreSQL"),
]

THREADS = 8


def test_eight_concurrent_ballots_of_one_member_count_once(question, member, member2):
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def cast(voter, choice):
        try:
            start.wait()
            voting.cast_ballot(member=voter, vote_id=question.pk, choice=choice, now=DURING)
            outcomes.append("cast")
        except BusinessError:
            outcomes.append("refused")
        except Exception as error:  # reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    voters = [member] * 6 + [member2] * 2
    threads = [threading.Thread(target=cast, args=(voter, "yes" if n % 2 else "no")) for n, voter in enumerate(voters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["cast"] * 2 + ["refused"] * 6
    assert Participation.objects.filter(vote=question).count() == 2
    assert Ballot.objects.filter(vote=question).count() == 2
