"""The Smart team's membership pages: queue, application, register with export, share requests."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import Role
from portal.membership import applications
from portal.membership.models import ApplicationStatus, RequestKind, RequestStatus, ShareEntry, ShareRequest
from portal.membership.requests import share_request_submit
from portal.membership.tests.factories import application_data, paid, pdf_upload, submitted, subscribe

pytestmark = pytest.mark.django_db


def detail(application) -> str:
    return reverse("backoffice:application_detail", args=[application.pk])


def test_the_queue_shows_confirmed_applications_only(staff_http, terms, entities):
    confirmed = submitted(entities["SC"], first_name="Confirmed", typed_name="Confirmed Klein")
    applications.application_submit(
        data=application_data(
            entities["SC"], first_name="Hidden", typed_name="Hidden Klein", email="hidden@test.example"
        )
    )
    html = staff_http.get(reverse("backoffice:application_queue")).content.decode()
    assert "Confirmed" in html and "Hidden" not in html
    unconfirmed = applications.MembershipApplication.objects.get(first_name="Hidden")
    assert staff_http.get(detail(unconfirmed)).status_code == 404
    assert staff_http.get(detail(confirmed)).status_code == 200
    found = staff_http.get(reverse("backoffice:application_queue"), {"q": f"ANT-{confirmed.pk}", "status": ""})
    assert "Confirmed" in found.content.decode()


def test_staff_of_another_entity_get_a_404(terms, entities, staff_at):
    application = submitted(entities["SC"], declaration=pdf_upload(), typed_name="")
    http = logged_in(staff_at)
    assert "Mara" not in http.get(reverse("backoffice:application_queue")).content.decode()
    for name in ("application_detail", "application_declaration"):
        assert http.get(reverse(f"backoffice:{name}", args=[application.pk])).status_code == 404
    for name in ("application_payment", "application_accept", "application_reject"):
        assert http.post(reverse(f"backoffice:{name}", args=[application.pk]), {"reason": "x"}).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.payment_received_on is None


@pytest.mark.parametrize("persona", ["member_http", "contact_http", "outsider_http"])
def test_other_roles_get_a_404(request, persona, terms, entities):
    application = submitted(entities["SC"])
    http = request.getfixturevalue(persona)
    assert http.get(detail(application)).status_code == 404
    assert http.get(reverse("backoffice:share_register")).status_code == 404


def test_payment_then_acceptance_through_the_pages(staff_http, english_staff, terms, entities):
    application = submitted(entities["SC"], declaration=pdf_upload(), typed_name="")
    page = staff_http.get(detail(application)).content.decode()
    assert 'data-testid="payment-form"' in page and 'data-testid="accept-form"' not in page
    declaration = staff_http.get(reverse("backoffice:application_declaration", args=[application.pk]))
    assert declaration.status_code == 200 and declaration["Content-Type"] == "application/pdf"
    future = (date.today() + timedelta(days=3)).isoformat()
    refused = staff_http.post(reverse("backoffice:application_payment", args=[application.pk]), {"received_on": future})
    assert refused.status_code == 400 and "future" in refused.content.decode()
    assert staff_http.post(reverse("backoffice:application_accept", args=[application.pk])).status_code == 400
    done = staff_http.post(
        reverse("backoffice:application_payment", args=[application.pk]), {"received_on": date.today().isoformat()}
    )
    assert done.status_code == 302
    assert 'data-testid="accept-form"' in staff_http.get(detail(application)).content.decode()
    assert staff_http.post(reverse("backoffice:application_accept", args=[application.pk])).status_code == 302
    application.refresh_from_db()
    assert (
        application.status == ApplicationStatus.ACCEPTED and ShareEntry.objects.filter(member=application.user).exists()
    )


def test_rejecting_needs_a_reason(staff_http, terms, entities):
    application = submitted(entities["SC"])
    url = reverse("backoffice:application_reject", args=[application.pk])
    assert staff_http.post(url, {"reason": ""}).status_code == 400
    assert staff_http.post(url, {"reason": "x" * 5000}).status_code == 400
    assert staff_http.post(url, {"reason": "Unvollständig"}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (ApplicationStatus.REJECTED, "Unvollständig")


def test_own_application_shows_no_decision(staff, staff_http, terms, entities):
    application = submitted(entities["SC"], email=staff.email)
    page = staff_http.get(detail(application)).content.decode()
    assert 'data-testid="own-case"' in page and 'data-testid="decide"' not in page
    assert (
        staff_http.post(reverse("backoffice:application_reject", args=[application.pk]), {"reason": "x"}).status_code
        == 400
    )


def test_the_register_filters_and_exports(staff_http, english_staff, member, member2, terms, entities):
    subscribe(member, entities["SC"], shares=2)
    subscribe(member2, entities["SC"], shares=5, paid_on=None)
    page = staff_http.get(reverse("backoffice:share_register"), {"q": "Weber"})
    html = page.content.decode()
    assert "Jonas Weber" in html and "Anna Schmidt" not in html and "5 shares in the entries shown" in html
    unpaid = staff_http.get(reverse("backoffice:share_register"), {"unpaid": "on"}).content.decode()
    assert "Jonas Weber" in unpaid and "Anna Schmidt" not in unpaid
    export = staff_http.get(reverse("backoffice:share_register_export"), {"kind": "subscription"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 3 and rows[1].startswith("SC;1;") and ";Anna Schmidt;" in rows[1]
    hostile = staff_http.get(
        reverse("backoffice:share_register"), {"start": "2030-01-01", "end": "2020-01-01", "kind": "x"}
    )
    assert hostile.status_code == 200


def test_marking_the_payment_of_an_entry(staff_http, member2, terms, entities):
    entry = subscribe(member2, entities["SC"], shares=1, paid_on=None)
    url = reverse("backoffice:share_entry_paid", args=[entry.pk])
    assert staff_http.post(url, {f"entry-{entry.pk}-paid_on": "2020-01-01"}).status_code == 400  # before the entry
    assert staff_http.post(url, {f"entry-{entry.pk}-paid_on": date.today().isoformat()}).status_code == 302
    entry.refresh_from_db()
    assert entry.paid_on == date.today()


def test_the_register_shows_only_the_staffs_entities(terms, entities, member, staff_at):
    subscribe(member, entities["SC"])
    http = logged_in(staff_at)
    assert "Anna Schmidt" not in http.get(reverse("backoffice:share_register")).content.decode()
    export = http.get(reverse("backoffice:share_register_export"))
    assert len(b"".join(export.streaming_content).decode("utf-8-sig").splitlines()) == 1
    entry = ShareEntry.objects.get()
    assert http.post(reverse("backoffice:share_entry_paid", args=[entry.pk])).status_code == 404


def test_share_requests_are_decided_in_the_queue(staff_http, member, member2, terms, entities):
    subscribe(member, entities["SC"])
    subscribe(member2, entities["SC"])
    more = share_request_submit(member=member, entity_id=entities["SC"].pk, kind=RequestKind.ADDITIONAL, shares=2)
    notice = share_request_submit(member=member2, entity_id=entities["SC"].pk, kind=RequestKind.TERMINATION)
    html = staff_http.get(reverse("backoffice:share_request_queue")).content.decode()
    assert "Anna Schmidt" in html and "Jonas Weber" in html
    accept = reverse("backoffice:share_request_accept", args=[more.pk])
    assert staff_http.post(accept, {f"req-{more.pk}-accept-paid_on": "2999-01-01"}).status_code == 400
    assert staff_http.post(accept, {f"req-{more.pk}-accept-paid_on": ""}).status_code == 302
    reject = reverse("backoffice:share_request_reject", args=[notice.pk])
    assert staff_http.post(reject, {f"req-{notice.pk}-reject-reason": ""}).status_code == 400
    assert staff_http.post(reject, {f"req-{notice.pk}-reject-reason": "Bitte Rücksprache"}).status_code == 302
    assert dict(ShareRequest.objects.values_list("kind", "status")) == {
        RequestKind.ADDITIONAL: RequestStatus.ACCEPTED,
        RequestKind.TERMINATION: RequestStatus.REJECTED,
    }


def test_a_transfer_is_decided_once_the_recipient_agreed(staff_http, english_staff, member, member2, terms, entities):
    from portal.membership.transfers import transfer_agree

    subscribe(member, entities["SC"], shares=2)
    offered = share_request_submit(
        member=member, entity_id=entities["SC"].pk, kind=RequestKind.TRANSFER, shares=1, recipient_number="000102"
    )
    html = staff_http.get(reverse("backoffice:share_request_queue")).content.decode()
    assert 'data-testid="transfer-recipient">To Jonas Weber' in html and "waiting for the recipient" in html
    assert 'data-testid="awaiting-recipient"' in html and 'data-testid="request-accept"' not in html
    accept = reverse("backoffice:share_request_accept", args=[offered.pk])
    refused = staff_http.post(accept, {}, follow=True)
    assert "has not agreed yet" in refused.content.decode()
    transfer_agree(recipient=member2, request_id=offered.pk)
    assert "agreed on" in staff_http.get(reverse("backoffice:share_request_queue")).content.decode()
    assert staff_http.post(accept, {}).status_code == 302
    offered.refresh_from_db()
    assert offered.status == RequestStatus.ACCEPTED and offered.recipient_entry.shares == 1


def test_lists_need_the_same_queries_for_more_rows(staff, staff_http, terms, entities, django_assert_max_num_queries):
    from conftest import make_member

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            person = make_member(f"m{number}@test.example", entities["SC"], number=f"{700000 + number}")
            subscribe(person, entities["SC"], shares=1)
            share_request_submit(member=person, entity_id=entities["SC"].pk, kind=RequestKind.ADDITIONAL, shares=1)
            paid(entities["SC"], staff, email=f"a{number}@test.example")

    add(30, 0)
    pages = [reverse(f"backoffice:{name}") for name in ("application_queue", "share_register", "share_request_queue")]
    counts = {}
    for url in pages:
        staff_http.get(url)
        with django_assert_max_num_queries(25) as measured:
            assert staff_http.get(url).status_code == 200
        counts[url] = len(measured.captured_queries)
    add(30, 100)
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert staff_http.get(url).status_code == 200
    assert Role.objects.filter(kind="member").count() == 60
