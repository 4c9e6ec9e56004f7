"""Requests from the client portal: sent to a member who works with the client, withdrawn, auto-accepted."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import logged_in
from portal.clientportal.models import ClientPortalSettings, ClientRequest
from portal.core.models import OutboundEmail
from portal.orders.models import OrderStatus

pytestmark = pytest.mark.django_db


def form(member, **values):
    start = timezone.localdate() + timedelta(days=10)
    return {
        "kind": "quote",
        "member": str(member.pk),
        "title": "Another workshop",
        "description": "Two days in March for twelve people.",
        "desired_start": start.isoformat(),
        "desired_end": (start + timedelta(days=1)).isoformat(),
        "budget_idea": "2500,50",
        **values,
    }


def test_a_request_reaches_the_member(client_contact, member, awaiting):
    http = logged_in(client_contact)
    page = http.get("/client/requests/new/").content.decode()
    assert member.get_full_name() in page
    attachment = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", content_type="application/pdf")
    response = http.post("/client/requests/new/", {**form(member), "attachments": [attachment]})
    assert response.status_code == 302
    sent = ClientRequest.objects.get()
    assert (sent.member, sent.contact, sent.status, str(sent.budget_idea)) == (
        member,
        client_contact,
        "submitted",
        "2500.50",
    )
    assert sent.files.get().original_name == "brief.pdf"
    assert OutboundEmail.objects.filter(template="client_request_received", recipient=member.email).exists()
    assert "Another workshop" in http.get("/client/requests/").content.decode()
    assert http.get(f"/client/requests/{sent.pk}/files/{sent.files.get().pk}/").status_code == 200


def test_only_members_who_work_with_the_client_can_be_chosen(client_contact, member, member2, awaiting):
    http = logged_in(client_contact)
    assert member2.get_full_name() not in http.get("/client/requests/new/").content.decode()
    response = http.post("/client/requests/new/", form(member2))
    assert response.status_code == 400 and not ClientRequest.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"title": ""},
        {"kind": "bogus"},
        {"budget_idea": "-5"},
        {"budget_idea": "1e9"},
        {"budget_idea": "99999999999999999999"},
        {"desired_start": "2001-01-01"},
        {"desired_end": "2000-01-01"},
        {"desired_start": "31.02.2027"},
        {"title": "x" * 500},
    ],
)
def test_wrong_input_gets_a_clear_error_and_keeps_the_text(client_contact, member, awaiting, values):
    response = logged_in(client_contact).post("/client/requests/new/", form(member, **values))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Two days in March for twelve people." in page and "invalid-feedback" in page
    assert not ClientRequest.objects.exists()


def test_bad_attachments_are_refused(client_contact, member, awaiting):
    exe = SimpleUploadedFile("tool.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = logged_in(client_contact).post("/client/requests/new/", {**form(member), "attachments": [exe]})
    assert response.status_code == 400 and not ClientRequest.objects.exists()


def test_withdrawing_tells_the_member(client_contact, member, awaiting):
    http = logged_in(client_contact)
    http.post("/client/requests/new/", form(member))
    sent = ClientRequest.objects.get()
    http.post(f"/client/requests/{sent.pk}/withdraw/")
    sent.refresh_from_db()
    assert sent.status == "withdrawn"
    assert OutboundEmail.objects.filter(template="client_request_withdrawn", recipient=member.email).exists()
    http.post(f"/client/requests/{sent.pk}/withdraw/")  # twice: refused with a message, no error
    sent.refresh_from_db()
    assert sent.status == "withdrawn"


def test_without_acceptance_a_request_becomes_an_order_draft_at_once(client_contact, member, customer, awaiting):
    ClientPortalSettings.objects.create(client=customer, requests_need_acceptance=False)
    logged_in(client_contact).post("/client/requests/new/", form(member))
    sent = ClientRequest.objects.get()
    assert sent.status == "accepted" and sent.order is not None
    draft = sent.order
    assert (draft.status, draft.member, draft.client, draft.title, draft.contact_email) == (
        OrderStatus.DRAFT,
        member,
        customer,
        "Another workshop",
        client_contact.email,
    )
    assert OutboundEmail.objects.filter(template="client_request_decided", recipient=client_contact.email).exists()
