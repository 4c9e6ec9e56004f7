from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from portal.assembly import services
from portal.core.scope import Scope

BERLIN = ZoneInfo("Europe/Berlin")
#: "Now" of the tests: the assembly is set up on 1 December 2026, voting runs 1 to 15 February 2027.
SETUP = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
OPENS = datetime(2027, 2, 1, 9, 0, tzinfo=BERLIN)
CLOSES = datetime(2027, 2, 15, 18, 0, tzinfo=BERLIN)
DURING = OPENS + timedelta(days=1)
AFTER = CLOSES + timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched by their English text."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff_scope(staff, entities):
    return Scope.staff(staff, [entities["SC"].pk])


@pytest.fixture
def assembly(staff, staff_scope, entities):
    with time_machine.travel(SETUP, tick=False):
        assembly = services.assembly_save(
            staff=staff,
            scope=staff_scope,
            entity_id=entities["SC"].pk,
            data=services.AssemblyData(
                title="Ordentliche Generalversammlung 2027",
                starts_at=datetime(2027, 2, 15, 18, 0, tzinfo=BERLIN),
                place="Berlin, Gemeinschaftshaus",
            ),
        )
        services.item_add(staff=staff, scope=staff_scope, assembly_id=assembly.pk, title="Jahresabschluss 2026")
        services.item_add(staff=staff, scope=staff_scope, assembly_id=assembly.pk, title="Wahl des Aufsichtsrats")
    return assembly


@pytest.fixture
def question(assembly, staff, staff_scope):
    with time_machine.travel(SETUP, tick=False):
        return services.vote_add(
            staff=staff,
            scope=staff_scope,
            item_id=assembly.items.get(position=1).pk,
            data=services.VoteData("Approve the annual accounts 2026?", OPENS, CLOSES),
        )


@pytest.fixture
def election(assembly, staff, staff_scope):
    with time_machine.travel(SETUP, tick=False):
        return services.vote_add(
            staff=staff,
            scope=staff_scope,
            item_id=assembly.items.get(position=2).pk,
            data=services.VoteData(
                "Supervisory board", OPENS, CLOSES, kind="election", seats=2, candidates=("Ada", "Bo", "Cem")
            ),
        )
