"""The members' assembly pages: who sees what (404 otherwise), voting, proxies, results."""

import re
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in, make_member
from portal.assembly import services
from portal.assembly.models import AssemblyDocument, Ballot, Participation, ProxyAuthorisation
from portal.assembly.tests.conftest import AFTER, DURING, SETUP

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def invited(assembly, question, election, staff, staff_scope, member, member2):
    services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 1, 1))
    document = AssemblyDocument(assembly=assembly, title="Jahresabschluss")
    document.file.save("abschluss.pdf", ContentFile(PDF))
    return assembly


def pages(assembly, document_pk):
    return [
        reverse("assembly:detail", args=[assembly.pk]),
        reverse("assembly:document_file", args=[assembly.pk, document_pk]),
    ]


def test_members_of_the_entity_see_an_assembly_once_invited(
    assembly, question, staff, staff_scope, member_http, member2_http
):
    detail = reverse("assembly:detail", args=[assembly.pk])
    assert member_http.get(detail).status_code == 404  # not invited yet: a draft of the Smart team
    assert detail not in member_http.get(reverse("assembly:list")).content.decode()
    services.assembly_invite(staff=staff, scope=staff_scope, assembly_id=assembly.pk, today=date(2027, 1, 1))
    assert member_http.get(detail).status_code == 200
    assert detail in member_http.get(reverse("assembly:list")).content.decode()


def test_nobody_else_sees_the_assembly(invited, entities, client_contact, outsider, staff):
    document = invited.documents.get()
    other = logged_in(make_member("at@test.example", entities["AT"], number="000201"))
    for url in pages(invited, document.pk):
        assert other.get(url).status_code == 404
        assert logged_in(client_contact).get(url).status_code == 404
        assert logged_in(outsider).get(url).status_code == 404
        assert logged_in(staff).get(url).status_code in (403, 404)
    assert (
        invited.pk
        and reverse("assembly:detail", args=[invited.pk]) not in other.get(reverse("assembly:list")).content.decode()
    )


def test_a_member_votes_once_and_sees_the_result_after_closing(invited, question, member, member2):
    detail = reverse("assembly:detail", args=[invited.pk])
    cast = reverse("assembly:ballot_cast", args=[invited.pk, question.pk])
    prefix = f"vote{question.pk}"
    with time_machine.travel(DURING, tick=False):
        member_http, member2_http = logged_in(member), logged_in(member2)
        page = member_http.get(detail).content.decode()
        assert f'data-testid="ballot-{question.pk}-' in page
        response = member_http.post(cast, {f"{prefix}-choice": "maybe"})
        assert response.status_code == 400 and not Participation.objects.exists()
        response = member_http.post(cast, {f"{prefix}-choice": "yes"})
        assert response.status_code == 302
        page = member_http.get(detail).content.decode()
        assert 'data-testid="voted"' in page and f'data-testid="ballot-{question.pk}-' not in page
        assert member_http.post(cast, {f"{prefix}-choice": "no"}).status_code == 302  # refused with a message
        member2_http.post(cast, {f"{prefix}-choice": "no"})
        assert f'data-testid="result-{question.pk}"' not in page
    assert Ballot.objects.filter(vote=question).count() == 2
    with time_machine.travel(AFTER, tick=False):
        page = logged_in(member).get(detail).content.decode()
    result = re.search(rf'data-testid="result-{question.pk}">(.*?)</div>', page, re.S).group(1)
    assert re.search(r'data-key="yes">[^<]*<strong>1</strong>', result)
    assert re.search(r'data-key="no">[^<]*<strong>1</strong>', result)
    assert "100,0" in result or "100.0" in result


def test_a_ballot_for_a_vote_of_another_assembly_is_a_404(invited, question, member_http, entities, staff_at):
    assert member_http.post(reverse("assembly:ballot_cast", args=[invited.pk, question.pk + 999])).status_code == 404


def test_the_proxy_form_refuses_what_is_wrong_and_keeps_the_input(invited, member, member2):
    url = reverse("assembly:proxy_submit", args=[invited.pk])
    with time_machine.travel(SETUP, tick=False):
        member_http = logged_in(member)
        response = member_http.post(url, {"proxy_number": "999999", "file": SimpleUploadedFile("a.pdf", PDF)})
        assert response.status_code == 400 and 'value="999999"' in response.content.decode()
        response = member_http.post(url, {"proxy_number": "000102", "file": SimpleUploadedFile("a.pdf", b"<script>")})
        assert response.status_code == 400 and 'id="id_file_error"' in response.content.decode()
        response = member_http.post(url, {"proxy_number": "000102", "file": SimpleUploadedFile("a.pdf", PDF)})
        assert response.status_code == 302
    proxy = ProxyAuthorisation.objects.get()
    assert (proxy.proxy_id, proxy.status) == (member2.pk, "submitted")
    file_url = reverse("assembly:proxy_file", args=[invited.pk, proxy.pk])
    assert member_http.get(file_url).status_code == 200
    assert logged_in(member2).get(file_url).status_code == 404  # the grantor's document
    withdraw = reverse("assembly:proxy_withdraw", args=[invited.pk, proxy.pk])
    assert logged_in(member2).post(withdraw).status_code == 404  # nor can anybody else withdraw it
    proxy.refresh_from_db()
    assert proxy.status == "submitted"


def test_a_proxy_casts_the_ballot_of_the_member_they_represent(invited, question, staff, staff_scope, member, member2):
    with time_machine.travel(SETUP, tick=False):
        proxy = services.proxy_submit(
            member=member, assembly_id=invited.pk, proxy_number="000102", upload=SimpleUploadedFile("a.pdf", PDF)
        )
        services.proxy_accept(staff=staff, scope=staff_scope, proxy_id=proxy.pk)
    cast = reverse("assembly:ballot_cast", args=[invited.pk, question.pk])
    with time_machine.travel(DURING, tick=False):
        member2_http = logged_in(member2)
        page = member2_http.get(reverse("assembly:detail", args=[invited.pk])).content.decode()
        assert f'data-testid="ballot-{question.pk}-{member.pk}"' in page
        member2_http.post(cast, {f"vote{question.pk}-choice": "abstain", "on_behalf_of": str(member.pk)})
    assert set(Participation.objects.values_list("member_id", flat=True)) == {member.pk}


def test_the_pages_read_a_fixed_number_of_queries(invited, question, election, member, django_assert_max_num_queries):
    with time_machine.travel(DURING, tick=False):
        http = logged_in(member)
        http.get(reverse("assembly:detail", args=[invited.pk]))  # freezes the voter lists
        with django_assert_max_num_queries(25):
            assert http.get(reverse("assembly:list")).status_code == 200
        with django_assert_max_num_queries(30):
            assert http.get(reverse("assembly:detail", args=[invited.pk])).status_code == 200
