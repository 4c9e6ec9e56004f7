"""The Smart team's side of the assembly: who acts, the agenda, the votes and the invitation (DESIGN §10)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from conftest import make_member
from portal.assembly import services
from portal.assembly.tests.conftest import BERLIN, CLOSES, DURING, OPENS, SETUP
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope

pytestmark = pytest.mark.django_db


def test_the_invitation_goes_out_at_least_fourteen_days_ahead_in_the_entitys_days(
    assembly, staff, staff_scope, member, member2, entities
):
    make_member("at@test.example", entities["AT"], number="000201")
    # The assembly is on 15 February 2027 (Berlin): 1 February is the last day to invite.
    with pytest.raises(BusinessError, match="at least 14 days"):
        services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 2, 2))
    assert not OutboundEmail.objects.exists()
    assert (
        services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 2, 1)) == 2
    )
    assert set(OutboundEmail.objects.values_list("recipient", flat=True)) == {member.email, member2.email}
    with pytest.raises(BusinessError, match="already gone out"):
        services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 1, 1))
    with pytest.raises(BusinessError, match="no longer be changed"):
        services.item_add(staff=staff, scope=staff_scope, assembly_id=assembly.pk, title="Sonstiges")


def test_a_late_evening_assembly_counts_by_its_local_day(staff, staff_scope, entities):
    with time_machine.travel(SETUP, tick=False):
        assembly = services.assembly_save(
            staff=staff,
            scope=staff_scope,
            entity_id=entities["SC"].pk,
            # 00:30 on 16 February in Berlin is still 15 February in UTC.
            data=services.AssemblyData("Nachtsitzung", datetime(2027, 2, 16, 0, 30, tzinfo=BERLIN), place="Berlin"),
        )
        services.item_add(staff=staff, scope=staff_scope, assembly_id=assembly.pk, title="Bericht")
    assert (
        services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 2, 2)) == 0
    )


def test_an_assembly_needs_an_agenda_before_the_invitation(staff, staff_scope, entities):
    with time_machine.travel(SETUP, tick=False):
        assembly = services.assembly_save(
            staff=staff,
            scope=staff_scope,
            entity_id=entities["SC"].pk,
            data=services.AssemblyData(
                "GV", datetime(2027, 3, 1, 18, 0, tzinfo=BERLIN), online_link="https://meet.example/gv"
            ),
        )
        with pytest.raises(BusinessError, match="agenda"):
            services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (services.AssemblyData("  ", datetime(2027, 3, 1, 18, tzinfo=BERLIN), place="Berlin"), "title"),
        (services.AssemblyData("GV", datetime(2027, 3, 1, 18, tzinfo=BERLIN)), "place"),
        (
            services.AssemblyData("GV", datetime(2027, 3, 1, 18, tzinfo=BERLIN), online_link="javascript:alert(1)"),
            "online_link",
        ),
        (services.AssemblyData("GV", datetime(2026, 11, 1, 18, tzinfo=BERLIN), place="Berlin"), "starts_at"),
    ],
)
def test_an_assembly_is_refused_field_by_field(staff, staff_scope, entities, data, field):
    with time_machine.travel(SETUP, tick=False), pytest.raises(BusinessError) as refused:
        services.assembly_save(staff=staff, scope=staff_scope, entity_id=entities["SC"].pk, data=data)
    assert refused.value.field == field


def test_staff_act_only_for_their_entities(assembly, staff_at, member, entities):
    at_scope = Scope.staff(staff_at, [entities["AT"].pk])
    with pytest.raises(BusinessError, match="no longer exists"):
        services.assembly_invite(staff=staff_at, scope=at_scope, assembly_id=assembly.pk, today=date(2027, 1, 1))
    with pytest.raises(BusinessError, match="one of your entities"), time_machine.travel(SETUP, tick=False):
        services.assembly_save(
            staff=staff_at,
            scope=at_scope,
            entity_id=entities["SC"].pk,
            data=services.AssemblyData("GV", datetime(2027, 3, 1, 18, tzinfo=BERLIN), place="Berlin"),
        )
    with pytest.raises(BusinessError, match="Only the Smart team"):
        services.assembly_invite(staff=member, scope=Scope.member(member), assembly_id=assembly.pk)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (services.VoteData(" ", OPENS, CLOSES), "question"),
        (services.VoteData("Q?", CLOSES, OPENS), "closes_at"),
        (services.VoteData("Q?", SETUP - timedelta(days=1), CLOSES), "opens_at"),
        (services.VoteData("Board", OPENS, CLOSES, kind="election", seats=2, candidates=("Ada", " ")), "candidates"),
        (services.VoteData("Board", OPENS, CLOSES, kind="election", seats=0, candidates=("Ada",)), "seats"),
        (services.VoteData("Q?", OPENS, CLOSES, kind="referendum"), "kind"),
    ],
)
def test_a_vote_is_refused_field_by_field(assembly, staff, staff_scope, data, field):
    with time_machine.travel(SETUP, tick=False), pytest.raises(BusinessError) as refused:
        services.vote_add(staff=staff, scope=staff_scope, item_id=assembly.items.first().pk, data=data)
    assert refused.value.field == field


def test_one_vote_per_agenda_item(question, staff, staff_scope):
    with time_machine.travel(SETUP, tick=False), pytest.raises(BusinessError, match="already has a vote"):
        services.vote_add(
            staff=staff, scope=staff_scope, item_id=question.item_id, data=services.VoteData("Again?", OPENS, CLOSES)
        )


def test_nobody_decides_an_authorisation_that_concerns_them(assembly, staff, staff_scope, member, member2, entities):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.accounts.models import MemberProfile, Role

    Role.objects.create(user=staff, kind=Role.Kind.MEMBER, entity=entities["SC"])
    MemberProfile.objects.create(user=staff, member_number="000999")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with time_machine.travel(SETUP, tick=False):
        proxy = services.proxy_submit(
            member=member, assembly_id=assembly.pk, proxy_number="000999", upload=SimpleUploadedFile("p.pdf", pdf)
        )
        with pytest.raises(BusinessError, match="Someone else"):
            services.proxy_accept(staff=staff, scope=staff_scope, proxy_id=proxy.pk)
        with pytest.raises(BusinessError, match="reason"):
            services.proxy_reject(staff=staff, scope=staff_scope, proxy_id=proxy.pk, reason=" ")
        with pytest.raises(BusinessError, match="PDF"):
            services.proxy_submit(
                member=member,
                assembly_id=assembly.pk,
                proxy_number="000102",
                upload=SimpleUploadedFile("p.pdf", b"nope"),
            )
        services.proxy_withdraw(member=member, proxy_id=proxy.pk)


def test_a_member_who_cannot_vote_gives_no_authorisation(question, staff, staff_scope, member, entities):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.assembly.models import ProxyAuthorisation

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with time_machine.travel(DURING, tick=False):
        latecomer = make_member("late@test.example", entities["SC"], number="000555")  # joined after the opening
        with pytest.raises(BusinessError, match="not on the voter list"):
            services.proxy_submit(
                member=latecomer,
                assembly_id=question.item.assembly_id,
                proxy_number="000101",
                upload=SimpleUploadedFile("p.pdf", pdf),
            )
        # An authorisation that reached the Smart team anyway is not accepted: it would take a place for nothing.
        stray = ProxyAuthorisation.objects.create(
            assembly_id=question.item.assembly_id, grantor=latecomer, proxy=member, file="proxies/p.pdf"
        )
        with pytest.raises(BusinessError, match="not on the voter list"):
            services.proxy_accept(staff=staff, scope=staff_scope, proxy_id=stray.pk)
