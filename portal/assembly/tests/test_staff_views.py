"""The Smart team's general-assembly pages: isolation, forms with hostile input, invitation, proxies,
documents, results."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from portal.assembly import services, voting
from portal.assembly.models import Assembly, ProxyAuthorisation, Vote
from portal.assembly.tests.conftest import AFTER, BERLIN, CLOSES, DURING, OPENS, SETUP
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def staff_pages(assembly: Assembly) -> list[str]:
    return [
        reverse("backoffice:assembly_detail", args=[assembly.pk]),
        reverse("backoffice:assembly_edit", args=[assembly.pk]),
        reverse("backoffice:assembly_item_edit", args=[assembly.pk, assembly.items.get(position=1).pk]),
    ]


def test_staff_of_another_entity_members_and_outsiders_get_404(assembly, staff_at, member, client_contact, outsider):
    for url in staff_pages(assembly):
        assert logged_in(staff_at).get(url).status_code == 404
        for user in (member, client_contact, outsider):
            assert logged_in(user).get(url).status_code in (403, 404)
    assert (
        reverse("backoffice:assembly_detail", args=[assembly.pk])
        not in logged_in(staff_at).get(reverse("backoffice:assembly_list")).content.decode()
    )
    response = logged_in(staff_at).post(reverse("backoffice:assembly_invite", args=[assembly.pk]))
    assert response.status_code == 404 and not OutboundEmail.objects.exists()


def test_the_team_creates_an_assembly_and_hostile_input_keeps_what_was_typed(staff, entities):
    http = logged_in(staff)
    url = reverse("backoffice:assembly_create")
    data = {
        "entity": str(entities["SC"].pk),
        "title": "<script>alert(1)</script>" + "x" * 300,
        "starts_at": "2027-13-45T25:00",
        "online_link": "javascript:alert(1)",
    }
    response = http.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400 and "<script>alert(1)" not in page and 'value="2027-13-45T25:00"' in page
    assert not Assembly.objects.exists()
    response = http.post(
        url, {"entity": str(entities["AT"].pk), "title": "GV", "starts_at": "2027-03-01T18:00", "place": "Wien"}
    )
    assert response.status_code == 400 and not Assembly.objects.exists()  # not one of the team's entities
    response = http.post(
        url, {"entity": str(entities["SC"].pk), "title": "GV", "starts_at": "2027-03-01T18:00", "place": "Berlin"}
    )
    assembly = Assembly.objects.get()
    assert response.url == reverse("backoffice:assembly_detail", args=[assembly.pk])
    assert assembly.starts_at.isoformat() == "2027-03-01T17:00:00+00:00"  # 18:00 in Berlin


def test_agenda_votes_invitation_and_results(assembly, staff, member, member2):
    staff.language = "en"
    staff.save(update_fields=["language"])
    http = logged_in(staff)
    detail = reverse("backoffice:assembly_detail", args=[assembly.pk])
    item = assembly.items.get(position=2)
    add_vote = reverse("backoffice:assembly_vote_add", args=[assembly.pk, item.pk])
    prefix = f"vote-{item.pk}"
    response = http.post(
        add_vote,
        {
            f"{prefix}-question": "Supervisory board",
            f"{prefix}-kind": "election",
            f"{prefix}-seats": "2",
            f"{prefix}-candidates": "Ada",
            f"{prefix}-opens_at": "2027-02-01T09:00",
            f"{prefix}-closes_at": "2027-02-15T18:00",
        },
    )
    assert response.status_code == 400 and re.search(r'id="id_vote-\d+-candidates_error"', response.content.decode())
    response = http.post(
        add_vote,
        {
            f"{prefix}-question": "Supervisory board",
            f"{prefix}-kind": "election",
            f"{prefix}-seats": "1",
            f"{prefix}-candidates": "Ada\n\nBo\n",
            f"{prefix}-opens_at": "2027-02-01T09:00",
            f"{prefix}-closes_at": "2027-02-15T18:00",
        },
    )
    assert response.status_code == 302
    vote = Vote.objects.get(item=item)
    assert [c.name for c in vote.candidates.all()] == ["Ada", "Bo"]
    with time_machine.travel("2027-02-02 10:00 +01:00", tick=False):
        http = logged_in(staff)
        response = http.post(reverse("backoffice:assembly_invite", args=[assembly.pk]), follow=True)
        assert "at least 14 days" in response.content.decode() and not OutboundEmail.objects.exists()
    with time_machine.travel("2027-01-20 10:00 +01:00", tick=False):
        http = logged_in(staff)
        http.post(reverse("backoffice:assembly_invite", args=[assembly.pk]))
    assert OutboundEmail.objects.filter(template="assembly_invitation").count() == 2
    voting.cast_ballot(member=member, vote_id=vote.pk, candidate_ids=[vote.candidates.first().pk], now=DURING)
    with time_machine.travel(DURING, tick=False):
        page = logged_in(staff).get(detail).content.decode()
        assert f'data-testid="result-{vote.pk}"' not in page
    with time_machine.travel(AFTER, tick=False):
        page = logged_in(staff).get(detail).content.decode()
    assert f'data-testid="result-{vote.pk}"' in page and re.search(r"\b50[.,]0 %", page)


def test_proxies_are_accepted_or_rejected_with_a_reason(assembly, staff, staff_scope, member, member2):
    with time_machine.travel(SETUP, tick=False):
        proxy = services.proxy_submit(
            member=member, assembly_id=assembly.pk, proxy_number="000102", upload=SimpleUploadedFile("a.pdf", PDF)
        )
        http = logged_in(staff)
        reject = reverse("backoffice:assembly_proxy_reject", args=[assembly.pk, proxy.pk])
        response = http.post(reject, {f"reject-{proxy.pk}-reason": ""})
        assert response.status_code == 400
        assert http.get(reverse("backoffice:assembly_proxy_file", args=[assembly.pk, proxy.pk])).status_code == 200
        http.post(reject, {f"reject-{proxy.pk}-reason": "Not signed"})
    proxy.refresh_from_db()
    assert (proxy.status, proxy.reason) == (ProxyAuthorisation.Status.REJECTED, "Not signed")
    assert OutboundEmail.objects.filter(template="assembly_proxy_decided", recipient=member.email).exists()


def test_documents_are_pdfs_and_members_download_them_once_invited(assembly, staff, staff_scope, member):
    http = logged_in(staff)
    add = reverse("backoffice:assembly_document_add", args=[assembly.pk])
    response = http.post(add, {"document-title": "Bericht", "document-file": SimpleUploadedFile("a.pdf", b"MZ")})
    assert response.status_code == 400 and not assembly.documents.exists()
    http.post(add, {"document-title": "Bericht", "document-file": SimpleUploadedFile("a.pdf", PDF)})
    document = assembly.documents.get()
    member_url = reverse("assembly:document_file", args=[assembly.pk, document.pk])
    assert logged_in(member).get(member_url).status_code == 404  # not invited yet
    services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 1, 1))
    assert logged_in(member).get(member_url).status_code == 200
    http.post(reverse("backoffice:assembly_document_delete", args=[assembly.pk, document.pk]))
    assert not assembly.documents.exists()


def test_the_list_and_the_page_read_a_fixed_number_of_queries(
    assembly, question, election, staff, django_assert_max_num_queries
):
    http = logged_in(staff)
    http.get(reverse("backoffice:assembly_list"))
    with django_assert_max_num_queries(20):
        assert http.get(reverse("backoffice:assembly_list")).status_code == 200
    with django_assert_max_num_queries(30):
        assert http.get(reverse("backoffice:assembly_detail", args=[assembly.pk])).status_code == 200


def test_before_the_invitation_items_and_votes_can_be_deleted(assembly, question, staff, staff_scope, member):
    from portal.assembly.models import AgendaItem

    http = logged_in(staff)
    detail = reverse("backoffice:assembly_detail", args=[assembly.pk])
    page = http.get(detail).content.decode()
    assert 'data-testid="item-delete"' in page and 'data-testid="vote-delete"' in page
    assert http.post(reverse("backoffice:assembly_vote_delete", args=[assembly.pk, question.pk])).status_code == 302
    assert not Vote.objects.filter(pk=question.pk).exists()
    first = assembly.items.get(position=1)
    assert http.post(reverse("backoffice:assembly_item_delete", args=[assembly.pk, first.pk])).status_code == 302
    assert list(assembly.items.values_list("position", "title")) == [(1, "Wahl des Aufsichtsrats")]
    # Others cannot, and nothing goes after the invitation.
    second = assembly.items.get()
    for user in (member,):
        assert logged_in(user).post(
            reverse("backoffice:assembly_item_delete", args=[assembly.pk, second.pk])
        ).status_code in (403, 404)
    Assembly.objects.filter(pk=assembly.pk).update(invited_at=SETUP)
    response = http.post(reverse("backoffice:assembly_item_delete", args=[assembly.pk, second.pk]), follow=True)
    assert response.status_code == 200 and AgendaItem.objects.filter(pk=second.pk).exists()
    assert 'data-testid="item-delete"' not in response.content.decode()


def test_votes_close_by_the_assembly_s_day_and_open_after_the_invitation(assembly, staff, staff_scope):

    item = assembly.items.get(position=1)
    late = services.VoteData("Too late?", datetime(2027, 2, 1, 9, 0), datetime(2027, 2, 16, 9, 0))
    with time_machine.travel(SETUP, tick=False), pytest.raises(BusinessError, match="end of the assembly") as refused:
        services.vote_add(staff=staff, scope=staff_scope, item_id=item.pk, data=late)
    assert refused.value.field == "closes_at"
    soon = services.VoteData("Soon?", SETUP + timedelta(days=1), datetime(2027, 2, 15, 12, 0, tzinfo=BERLIN))
    with time_machine.travel(SETUP, tick=False):
        services.vote_add(staff=staff, scope=staff_scope, item_id=item.pk, data=soon)
    with time_machine.travel(SETUP + timedelta(days=2), tick=False), pytest.raises(BusinessError, match="has opened"):
        services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk)


def test_before_the_invitation_an_agenda_item_is_reworded_in_place(assembly, staff, staff_at):
    item = assembly.items.get(position=1)
    http = logged_in(staff)
    url = reverse("backoffice:assembly_item_edit", args=[assembly.pk, item.pk])
    detail = reverse("backoffice:assembly_detail", args=[assembly.pk])
    assert f'href="{url}"' in http.get(detail).content.decode()
    assert 'value="Jahresabschluss 2026"' in http.get(url).content.decode()

    for title in ("   ", "T" * 201):
        response = http.post(url, {"title": title, "description": "Bericht des Vorstands"})
        page = response.content.decode()
        assert response.status_code == 400 and 'id="id_title_error"' in page and "Bericht des Vorstands" in page
    item.refresh_from_db()
    assert item.title == "Jahresabschluss 2026"

    changed = {"title": "Jahresabschluss 2026 und Entlastung", "description": "Bericht des Vorstands"}
    assert logged_in(staff_at).post(url, changed).status_code == 404  # another entity's staff
    response = http.post(url, changed)
    assert response.status_code == 302 and response["Location"] == detail
    item.refresh_from_db()
    assert (item.title, item.description, item.position) == (*changed.values(), 1)

    Assembly.objects.filter(pk=assembly.pk).update(invited_at=SETUP)
    assert http.get(url)["Location"] == detail
    response = http.post(url, {"title": "Too late"}, follow=True)
    assert "nicht mehr geändert" in response.content.decode()
    item.refresh_from_db()
    assert item.title == changed["title"]
    assert 'data-testid="item-edit"' not in response.content.decode()


def test_before_voting_opens_a_vote_is_changed_in_place(assembly, election, staff, staff_at, staff_scope):
    staff.language = "en"
    staff.save(update_fields=["language"])
    url = reverse("backoffice:assembly_vote_edit", args=[assembly.pk, election.pk])
    detail = reverse("backoffice:assembly_detail", args=[assembly.pk])
    changed = {
        "question": "Supervisory board 2027",
        "kind": "election",
        "seats": "2",
        "candidates": "Ada\nCem\nDeniz\n",
        "opens_at": "2027-02-02T09:00",
        "closes_at": "2027-02-15T20:00",
    }
    with time_machine.travel(SETUP, tick=False):
        http = logged_in(staff)
        assert f'href="{url}"' in http.get(detail).content.decode()
        page = http.get(url).content.decode()
        assert "Supervisory board" in page and "Ada\nBo\nCem" in page and 'value="2027-02-01T09:00"' in page

        refused = http.post(url, {**changed, "closes_at": "2027-02-16T09:00"})  # after the assembly's day
        assert refused.status_code == 400 and 'id="id_closes_at_error"' in refused.content.decode()
        assert "Deniz" in refused.content.decode()  # what was typed stays
        refused = http.post(url, {**changed, "seats": "4"})
        assert refused.status_code == 400 and 'id="id_candidates_error"' in refused.content.decode()
        assert logged_in(staff_at).post(url, changed).status_code == 404  # another entity's staff
        assert logged_in(staff_at).get(url).status_code == 404

        response = http.post(url, changed)
        assert response.status_code == 302 and response["Location"] == detail
    election.refresh_from_db()
    assert election.question == "Supervisory board 2027" and election.seats == 2
    assert [candidate.name for candidate in election.candidates.all()] == ["Ada", "Cem", "Deniz"]
    assert election.opens_at == datetime(2027, 2, 2, 9, 0, tzinfo=BERLIN)

    with time_machine.travel(DURING, tick=False):  # voting has opened: nothing changes any more
        http = logged_in(staff)
        assert http.get(url)["Location"] == detail
        assert 'data-testid="vote-edit"' not in http.get(detail).content.decode()
        with pytest.raises(BusinessError, match="Voting has opened"):
            services.vote_update(
                staff=staff,
                scope=staff_scope,
                assembly_id=assembly.pk,
                vote_id=election.pk,
                data=services.VoteData("Too late", OPENS + timedelta(days=3), CLOSES),
            )
    with time_machine.travel(SETUP, tick=False):
        Assembly.objects.filter(pk=assembly.pk).update(invited_at=SETUP)
        http = logged_in(staff)
        assert http.get(url)["Location"] == detail
        http.post(url, {**changed, "question": "After the invitation"})
    election.refresh_from_db()
    assert election.question == "Supervisory board 2027"
