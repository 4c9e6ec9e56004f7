"""The member's membership page: status, shares, entries, certificate, requests; and isolation."""

from datetime import date

import pytest
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import MemberProfile, User
from portal.core.scope import Scope
from portal.membership.models import RequestKind, RequestStatus, ShareEntry, ShareRequest
from portal.membership.requests import share_request_accept, share_request_submit
from portal.membership.tests.factories import accepted, subscribe

pytestmark = pytest.mark.django_db
HOME = reverse("membership:home")


def test_the_page_shows_status_number_shares_and_entries(member_http, member, english, terms, entities):
    subscribe(member, entities["SC"], shares=2, paid_on=None)
    html = member_http.get(HOME).content.decode()
    assert 'data-status="active"' in html and member.member_profile.member_number in html
    assert 'data-testid="shares-SC">2 shares' in html and "100.00 EUR" in html  # in English figures
    assert "payment open" in html
    assert 'data-testid="additional-form"' in html and 'data-testid="termination-form"' in html


def test_members_see_only_their_own_shares_and_requests(member_http, member, english, member2, terms, entities):
    subscribe(member2, entities["SC"], shares=7)
    share_request_submit(member=member2, entity_id=entities["SC"].pk, kind=RequestKind.ADDITIONAL, shares=1)
    html = member_http.get(HOME).content.decode()
    assert "7 shares" not in html and "No shares yet." in html and 'data-testid="share-requests"' not in html
    request = ShareRequest.objects.get()
    assert member_http.post(reverse("membership:request_withdraw", args=[request.pk])).status_code == 404
    assert member_http.get(reverse("membership:certificate", args=[entities["SC"].pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


@pytest.mark.parametrize("persona", ["contact_http", "staff_http", "outsider_http"])
def test_other_roles_get_a_404(request, persona, member, terms, entities):
    subscribe(member, entities["SC"])
    http = request.getfixturevalue(persona)
    for url in (HOME, reverse("membership:certificate", args=[entities["SC"].pk])):
        assert http.get(url).status_code == 404
    assert http.post(reverse("membership:request_additional"), {"more-shares": "1"}).status_code == 404
    assert not ShareRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(HOME).status_code == 302


def test_the_share_certificate_is_a_pdf_of_the_own_shares(member_http, member, terms, entities):
    subscribe(member, entities["SC"], shares=3)
    response = member_http.get(reverse("membership:certificate", args=[entities["SC"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert member_http.get(reverse("membership:certificate", args=[entities["AT"].pk])).status_code == 404


def test_asking_for_more_shares_and_refusals_next_to_the_field(member_http, member, english, terms, entities):
    subscribe(member, entities["SC"], shares=9)
    refused = member_http.post(reverse("membership:request_additional"), {"more-shares": "5"})
    assert refused.status_code == 400 and "1 to 1 more shares" in refused.content.decode()
    for hostile in ("-1", "abc", "9" * 30):
        assert member_http.post(reverse("membership:request_additional"), {"more-shares": hostile}).status_code == 400
    assert (
        member_http.post(
            reverse("membership:request_additional"), {"more-shares": "1", "more-note": "x" * 5000}
        ).status_code
        == 400
    )
    response = member_http.post(
        reverse("membership:request_additional"), {"more-shares": "1", "more-note": "<b>bitte</b>"}
    )
    assert response.status_code == 302
    html = member_http.get(HOME).content.decode()  # one request at a time: the form makes way for a note
    assert 'data-testid="additional-in-review"' in html and 'data-testid="additional-form"' not in html
    request = ShareRequest.objects.get()
    assert (request.kind, request.shares, request.note) == (RequestKind.ADDITIONAL, 1, "<b>bitte</b>")
    assert member_http.post(reverse("membership:request_withdraw", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_giving_notice_needs_the_confirmation_and_shows_the_end(member_http, member, english, staff, terms, entities):
    subscribe(member, entities["SC"], shares=1)
    assert member_http.post(reverse("membership:request_termination"), {}).status_code == 400
    assert member_http.post(reverse("membership:request_termination"), {"notice-confirm": "on"}).status_code == 302
    request = ShareRequest.objects.get(kind=RequestKind.TERMINATION)
    share_request_accept(actor=staff, scope=Scope.staff(staff, [entities["SC"].pk]), request_id=request.pk)
    html = member_http.get(HOME).content.decode()
    assert "ends on" in html and 'data-testid="termination-form"' not in html
    dashboard = member_http.get(reverse("dashboard")).content.decode()
    assert 'data-status="active"' in dashboard  # active until the day comes
    # Notice on shares one does not hold is refused as a message, not a server error.
    MemberProfile.objects.filter(user=member).update(membership_status="ended")
    assert member_http.post(reverse("membership:request_termination"), {"notice-confirm": "on"}).status_code == 302


def test_an_accepted_applicant_sees_active_and_a_terminated_member_ended(terms, entities, staff):
    application = accepted(entities["SC"], staff)
    User.objects.filter(pk=application.user_id).update(must_change_password=False)  # chose a password
    http = logged_in(application.user)
    dashboard = http.get(reverse("dashboard")).content.decode()
    assert 'data-status="active"' in dashboard and reverse("membership:home") in dashboard
    MemberProfile.objects.filter(user=application.user).update(membership_status="ended")
    ShareRequest.objects.create(
        entity=entities["SC"],
        member=application.user,
        kind=RequestKind.TERMINATION,
        status=RequestStatus.ACCEPTED,
        shares=2,
        effective_on=date(2026, 12, 31),
    )
    dashboard = http.get(reverse("dashboard")).content.decode()
    assert 'data-status="ended"' in dashboard and "31.12.2026" in dashboard


def test_the_page_needs_the_same_queries_for_many_entries(
    member_http, member, terms, entities, django_assert_max_num_queries
):
    for _number in range(30):  # more than a page
        subscribe(member, entities["SC"], shares=1)
    member_http.get(HOME)
    with django_assert_max_num_queries(16) as few:
        assert member_http.get(HOME).status_code == 200
    for _number in range(60):
        subscribe(member, entities["SC"], shares=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert member_http.get(HOME).status_code == 200


def test_unpaid_shares_show_how_to_pay_them(member_http, member, english, terms, entities):
    entry = subscribe(member, entities["SC"], shares=2, paid_on=None)
    html = member_http.get(HOME).content.decode()
    assert 'data-testid="open-payments"' in html
    assert f'data-testid="entry-reference">ANTEIL-{entry.number}<' in html and entities["SC"].iban in html
    ShareEntry.objects.filter(pk=entry.pk).update(paid_on=date(2024, 1, 3))
    assert 'data-testid="open-payments"' not in member_http.get(HOME).content.decode()


def test_a_transfer_is_asked_for_answered_by_the_recipient_only(
    member_http, member2_http, member, member2, english, terms, entities
):
    subscribe(member, entities["SC"], shares=3)
    transfer = reverse("membership:request_transfer")
    refused = member_http.post(transfer, {"transfer-recipient_number": "<script>", "transfer-shares": "1"})
    assert refused.status_code == 400 and "No active member" in refused.content.decode()
    assert 'value="&lt;script&gt;"' in refused.content.decode()  # what was typed stays, escaped
    for hostile in (
        {"transfer-recipient_number": "000102", "transfer-shares": "-1"},
        {"transfer-recipient_number": "x" * 500, "transfer-shares": "1"},
    ):
        assert member_http.post(transfer, hostile).status_code == 400
    assert (
        member_http.post(transfer, {"transfer-recipient_number": "000102", "transfer-shares": "2"}).status_code == 302
    )
    request = ShareRequest.objects.get(kind=RequestKind.TRANSFER)
    mine = member_http.get(HOME).content.decode()
    assert "waiting for the recipient" in mine and f'data-testid="incoming-{request.pk}"' not in mine
    theirs = member2_http.get(HOME).content.decode()
    assert f'data-testid="incoming-{request.pk}"' in theirs and "Anna Schmidt möchte dir 2 Anteile" in theirs
    # Only the recipient answers: the giver and anybody else get a 404 and change nothing.
    for url in (
        reverse("membership:transfer_agree", args=[request.pk]),
        reverse("membership:transfer_decline", args=[request.pk]),
    ):
        assert member_http.post(url).status_code == 404
    assert member2_http.post(reverse("membership:transfer_agree", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.recipient_agreed_at is not None and request.status == RequestStatus.PENDING
    again = member2_http.post(reverse("membership:transfer_agree", args=[request.pk]), follow=True)
    assert again.status_code == 200 and "bereits zugestimmt" in again.content.decode()
    # Until the Smart team decides, the recipient may still change their mind.
    assert member2_http.post(reverse("membership:transfer_decline", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED


@pytest.mark.parametrize("persona", ["contact_http", "staff_http", "outsider_http"])
def test_nobody_else_answers_a_transfer(request, persona, member, member2, terms, entities):
    subscribe(member, entities["SC"], shares=2)
    offered = share_request_submit(
        member=member, entity_id=entities["SC"].pk, kind=RequestKind.TRANSFER, shares=1, recipient_number="000102"
    )
    http = request.getfixturevalue(persona)
    for name in ("membership:transfer_agree", "membership:transfer_decline"):
        assert http.post(reverse(name, args=[offered.pk])).status_code == 404
    offered.refresh_from_db()
    assert (offered.status, offered.recipient_agreed_at) == (RequestStatus.PENDING, None)
