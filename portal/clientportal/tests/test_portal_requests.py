"""Requests from the client portal: sent to a member who works with the client, withdrawn, auto-accepted."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import pgettext

from conftest import logged_in
from portal.clientportal.models import ClientPortalSettings, ClientRequest
from portal.core.errors import BusinessError
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


@pytest.mark.parametrize(("language", "typed"), [("de", "1.234,56"), ("en", "1,234.56"), ("de", "1234,56")])
def test_the_budget_idea_is_read_in_the_readers_notation(client_contact, member, awaiting, language, typed):
    client_contact.language = language
    client_contact.save(update_fields=["language"])
    response = logged_in(client_contact).post("/client/requests/new/", form(member, budget_idea=typed))
    assert response.status_code == 302
    assert ClientRequest.objects.get().budget_idea == Decimal("1234.56")


def test_the_service_reads_a_typed_budget_idea_and_refuses_one_with_more_than_cents(client_contact, member, awaiting):
    from portal.clientportal.access import load_portal
    from portal.clientportal.requests import RequestData, request_submit

    portal = load_portal(user=client_contact, client=awaiting.client)
    data = {"member_id": member.pk, "kind": "quote", "title": "Workshop", "description": "Two days."}
    with translation.override("de"):
        created = request_submit(
            portal=portal, contact=client_contact, data=RequestData(**data, budget_idea="1.234,56")
        )
        assert created.budget_idea == Decimal("1234.56")
        with pytest.raises(BusinessError) as refused:
            request_submit(portal=portal, contact=client_contact, data=RequestData(**data, budget_idea="12,345"))
    assert refused.value.errors["budget_idea"] == pgettext(
        "formal address", "Please enter an amount in euros and cents."
    )


# The client portal addresses the reader formally ("Sie"); the members' "du" texts must not appear there.
INFORMAL = ("Bitte gib ", "Bitte lade ", "Bitte nimm ", "Bitte füge ")  # "Bitte laden Sie" is formal


@pytest.mark.parametrize(
    ("values", "field", "expected"),
    [
        ({"budget_idea": "12abc"}, "budget_idea", "Please enter an amount in euros and cents, e.g. %(example)s."),
        ({"desired_end": "9999-12-31"}, "desired_end", "Please enter a date between %(first)d and %(last)d."),
        ({"desired_start": "0001-01-01"}, "desired_start", "Please enter a date between %(first)d and %(last)d."),
        (
            {"attachments": [SimpleUploadedFile("tool.pdf", b"MZ\x90\x00", content_type="application/pdf")]},
            "attachments",
            "Please upload a PDF, PNG or JPEG file.",
        ),
        (
            {"attachments": [SimpleUploadedFile("photo.heic", b"\x00\x00\x00\x18ftypheic", content_type="image/heic")]},
            "attachments",
            "HEIC photos (the iPhone's format) cannot be read here. Please take the photo as JPEG "
            "(Settings > Camera > Formats > Most Compatible) or upload a PDF scan.",
        ),
    ],
)
def test_request_form_errors_use_the_formal_address(client_contact, member, awaiting, values, field, expected):
    response = logged_in(client_contact).post("/client/requests/new/", form(member, **values))
    assert response.status_code == 400 and not ClientRequest.objects.exists()
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    with translation.override("de"):
        formal = pgettext("formal address", expected).split("%(")[0]
    assert html.escape(formal) in page
    assert not any(informal in page for informal in INFORMAL)


def test_a_long_request_title_breaks_on_a_narrow_screen(client_contact, member, awaiting):
    http = logged_in(client_contact)
    http.post("/client/requests/new/", form(member, title="Fotos Jahreshauptversammlung"))
    page = http.get(f"/client/requests/{ClientRequest.objects.get().pk}/").content.decode()
    assert '<h1 class="page-title mb-0 text-break">Fotos Jahreshauptversammlung</h1>' in page


@pytest.mark.parametrize("field", ["desired_start", "desired_end"])
def test_an_impossible_year_in_the_desired_period_is_refused_with_a_clear_message(
    client_contact, member, awaiting, field
):
    client_contact.language = "en"
    client_contact.save(update_fields=["language"])
    response = logged_in(client_contact).post("/client/requests/new/", form(member, **{field: "9999-12-31"}))
    assert response.status_code == 400 and not ClientRequest.objects.exists()
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert "Please enter a date between 2000 and 2099." in page
    assert "9999-12-31" in page  # what was typed stays
