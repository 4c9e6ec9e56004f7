"""The client portal's pages: what a contact sees, downloads and answers."""

import hashlib
import re

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from conftest import logged_in
from portal.clientportal.tests.factories import offered
from portal.core.models import AuditEntry, OutboundEmail
from portal.orders.models import ConfirmationLink, Order, OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_http(client_contact):
    return logged_in(client_contact)


def test_overview_shows_what_needs_the_contacts_action(contact_http, awaiting, client_invoice):
    page = contact_http.get("/client/").content.decode()
    assert "Offer for the portal" in page
    assert client_invoice.number in page
    assert "2.856,00" in page  # the outstanding amount


def test_orders_list_never_shows_drafts_or_orders_in_review(contact_http, awaiting, hidden_orders):
    page = contact_http.get("/client/orders/").content.decode()
    assert "Offer for the portal" in page
    assert "Secret draft" not in page and "Under review" not in page
    for order in hidden_orders:
        assert contact_http.get(f"/client/orders/{order.pk}/").status_code == 404


def test_order_search_and_status_filter(contact_http, awaiting, client_invoice):
    assert "Offer for the portal" not in contact_http.get("/client/orders/?status=active").content.decode()
    assert "Offer for the portal" in contact_http.get("/client/orders/?q=portal").content.decode()
    assert "Offer for the portal" in contact_http.get(f"/client/orders/?q=%23{awaiting.pk}").content.decode()
    assert contact_http.get("/client/orders/?status=bogus&q=" + "x" * 500).status_code == 200


def test_confirming_in_the_portal_keeps_the_same_evidence_and_kills_the_link(contact_http, awaiting, client_contact):
    link = ConfirmationLink.objects.get(order=awaiting, revoked_at__isnull=True)
    response = contact_http.post(
        f"/client/orders/{awaiting.pk}/answer/",
        {"action": "confirm", "name": "Peter Becker"},
        HTTP_USER_AGENT="Test browser",
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 302
    awaiting.refresh_from_db()
    pdf = awaiting.offer_pdf.open("rb").read()
    assert awaiting.status == OrderStatus.ACTIVE
    assert (awaiting.confirmed_by_name, awaiting.confirmed_via, awaiting.confirmed_user_agent) == (
        "Peter Becker",
        "portal",
        "Test browser",
    )
    assert awaiting.confirmed_ip == "192.0.2.9"
    assert awaiting.confirmed_pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    entry = AuditEntry.objects.get(action="order.confirm")
    assert entry.actor == client_contact and entry.data["via"] == "portal"
    link.refresh_from_db()
    assert link.used_at is not None
    assert OutboundEmail.objects.filter(template="order_client_receipt").exists()
    page = contact_http.get(f"/client/orders/{awaiting.pk}/").content.decode()
    assert "via portal" in page or "über das Kundenportal" in page


def test_an_answer_through_the_link_ends_the_portals_question(contact_http, awaiting, client):
    from portal.orders.services import order_client_respond

    link = ConfirmationLink.objects.get(order=awaiting, revoked_at__isnull=True)
    order_client_respond(order_id=awaiting.pk, link_id=link.pk, action="confirm", name="Petra Kunde")
    response = contact_http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": "decline", "reason": "No"})
    assert response.status_code == 400
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.ACTIVE and awaiting.confirmed_via == "link"


def test_a_wrong_answer_keeps_what_was_typed(contact_http, awaiting):
    response = contact_http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": "decline", "reason": "  "})
    assert response.status_code == 400
    response = contact_http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": "confirm", "name": "x" * 300})
    assert response.status_code == 400 and "x" * 300 in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION


def test_declining_and_asking_for_changes_in_the_portal(contact_http, member, staff, entities, customer):
    declined = offered(member, staff, entities["SC"], customer)
    changed = offered(member, staff, entities["SC"], customer)
    contact_http.post(f"/client/orders/{declined.pk}/answer/", {"action": "decline", "reason": "Too expensive"})
    contact_http.post(f"/client/orders/{changed.pk}/answer/", {"action": "changes", "reason": "Two days more"})
    declined.refresh_from_db()
    changed.refresh_from_db()
    assert (declined.status, changed.status) == (OrderStatus.REJECTED, OrderStatus.DRAFT)
    assert contact_http.get(f"/client/orders/{declined.pk}/").status_code == 200  # the client saw its offer
    assert contact_http.get(f"/client/orders/{changed.pk}/").status_code == 404  # back with the member


def test_invoice_page_downloads_and_payment_details(contact_http, client_invoice):
    page = contact_http.get(f"/client/invoices/{client_invoice.pk}/").content.decode()
    assert 'data-testid="girocode"' in page and client_invoice.issuer["iban"] in re.sub(r"<[^>]*>| ", "", page)
    pdf = contact_http.get(f"/client/invoices/{client_invoice.pk}/invoice.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    xml = contact_http.get(f"/client/invoices/{client_invoice.pk}/invoice.xml")
    assert xml.status_code in (200, 404)  # a Factur-X invoice carries its XML inside the PDF


def test_invoice_list_filters(contact_http, client_invoice):
    assert client_invoice.number in contact_http.get("/client/invoices/?status=open").content.decode()
    assert client_invoice.number not in contact_http.get("/client/invoices/?status=paid").content.decode()
    assert client_invoice.number in contact_http.get(f"/client/invoices/?q={client_invoice.number}").content.decode()


def test_documents_list_offers_invoices_and_shared_files(contact_http, awaiting, client_invoice, member):
    from django.core.files.base import ContentFile

    from portal.orders.models import OrderAttachment

    shared = OrderAttachment(order=awaiting, original_name="brief.pdf", content_type="application/pdf", size=9)
    shared.file.save("brief.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    shared.uploaded_by = member
    shared.shared_with_client = True
    shared.save()
    private = OrderAttachment(order=awaiting, original_name="internal.pdf", content_type="application/pdf", size=9)
    private.file.save("internal.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    private.uploaded_by = member
    private.save()
    page = contact_http.get("/client/documents/").content.decode()
    assert "Offer for the portal" in page and client_invoice.number in page and "brief.pdf" in page
    assert "internal.pdf" not in page
    assert contact_http.get(f"/client/documents/files/{shared.pk}/").status_code == 200
    assert contact_http.get(f"/client/documents/files/{private.pk}/").status_code == 404
    only_files = contact_http.get("/client/documents/?status=file").content.decode()
    assert "brief.pdf" in only_files and client_invoice.number not in only_files


def test_after_answering_through_the_link_the_client_may_ask_for_portal_access(client, awaiting):
    from portal.accounts.models import User
    from portal.orders.tests.test_client_confirmation import link_from_outbox

    link = link_from_outbox(awaiting)
    done = client.post(link, {"action": "confirm", "name": "Petra Kunde"}).content.decode()
    assert "portal-access/" in done
    response = client.post(link + "portal-access/")
    assert response.status_code == 200 and 'data-testid="portal-access-result"' in response.content.decode()
    invited = User.objects.get(email=awaiting.contact_email)
    assert not invited.has_usable_password() and invited.client_accesses.get().client == awaiting.client
    invitation = OutboundEmail.objects.get(template="client_invitation", recipient=awaiting.contact_email)
    assert invitation.sensitive
    assert client.post(link + "portal-access/").status_code == 400  # already invited: a clear message
    assert client.post("/confirm/forged-token/portal-access/").status_code == 404


def test_the_portals_own_sign_in_speaks_the_invitations_language_and_acts_as_the_client(
    client, client_contact, entities
):
    from conftest import PASSWORD
    from portal.accounts.models import Role

    Role.objects.create(user=client_contact, kind=Role.Kind.MEMBER, entity=entities["SC"])  # a member too
    assert "Sign in to the client portal" in client.get("/client/login/?lang=en").content.decode()
    assert '<html lang="de">' in client.get("/client/login/?lang=de").content.decode()
    response = client.post("/client/login/?lang=en", {"login": client_contact.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/client/"


def test_documents_pages_together_list_every_document_once(contact_http, awaiting, client_invoice, member, settings):
    from portal.orders.models import OrderAttachment

    settings.PAGINATE_BY = 4
    for number in range(9):
        OrderAttachment.objects.create(
            order=awaiting,
            file="order-files/x.pdf",
            original_name=f"file-{number}.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=member,
            shared_with_client=True,
        )
    seen = []
    for page in (1, 2, 3):
        rows = contact_http.get(f"/client/documents/?page={page}").context["page"].object_list
        seen += [(kind, pk) for kind, pk, *_rest in rows]
    assert len(seen) == len(set(seen)) == 11  # nine files, the offer and the invoice


@pytest.mark.parametrize("action", ["decline", "changes"])
def test_a_missing_reason_is_asked_for_in_the_formal_address(contact_http, awaiting, action):
    response = contact_http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": action, "reason": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override("de"):
        assert pgettext("formal address", "Please give a reason.") in page
    assert "Bitte gib" not in page  # the members' "du"


@pytest.mark.parametrize("action", ["confirm", "decline"])
def test_the_receipt_speaks_the_contacts_language_not_the_clients(contact_http, client_contact, awaiting, action):
    """The offer went to the contact's own address; the client record says German, the contact English."""
    client_contact.language = "en"
    client_contact.save(update_fields=["language"])
    Order.objects.filter(pk=awaiting.pk).update(contact_email=client_contact.email.upper())
    assert awaiting.client.language == "de"
    contact_http.post(
        f"/client/orders/{awaiting.pk}/answer/", {"action": action, "name": "Peter Becker", "reason": "Too late"}
    )
    receipt = OutboundEmail.objects.get(template="order_client_receipt")
    assert receipt.language == "en"
    assert receipt.subject.startswith("Order “" if action == "confirm" else "Offer “")


def test_each_receipt_recipient_gets_their_own_language(contact_http, client_contact, awaiting):
    """Another person at the client (no portal account) was addressed: they keep the client's language."""
    client_contact.language = "en"
    client_contact.save(update_fields=["language"])
    contact_http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": "decline", "reason": "Too late"})
    receipts = OutboundEmail.objects.filter(template="order_client_receipt")
    assert {(mail.recipient, mail.language) for mail in receipts} == {
        (awaiting.contact_email, "de"),
        (client_contact.email, "en"),
    }


def test_a_receipt_after_answering_through_the_link_speaks_the_portal_contacts_language(client_contact, awaiting):
    from portal.orders.services import order_client_respond

    client_contact.language = "en"
    client_contact.save(update_fields=["language"])
    Order.objects.filter(pk=awaiting.pk).update(contact_email=client_contact.email)
    link = ConfirmationLink.objects.get(order=awaiting, revoked_at__isnull=True)
    order_client_respond(order_id=awaiting.pk, link_id=link.pk, action="decline", reason="Too late")
    assert OutboundEmail.objects.get(template="order_client_receipt").language == "en"


def test_the_iban_is_shown_in_groups_of_four_that_never_break(contact_http, client_invoice):
    page = contact_http.get(f"/client/invoices/{client_invoice.pk}/").content.decode()
    groups = ["DE89", "3704", "0044", "0532", "0130", "00"]
    assert client_invoice.issuer["iban"] == "".join(groups)
    assert " ".join(f'<span class="text-nowrap">{group}</span>' for group in groups) in page


def test_detail_pages_break_long_titles(contact_http, awaiting, client_invoice):
    order_page = contact_http.get(f"/client/orders/{awaiting.pk}/").content.decode()
    assert f'<h1 class="page-title mb-0 text-break">{awaiting.title}</h1>' in order_page
    invoice_page = contact_http.get(f"/client/invoices/{client_invoice.pk}/").content.decode()
    assert f'<dd class="col-sm-7 text-break">{client_invoice.title}</dd>' in invoice_page


MEMBER_SWITCHES = ("notify_budget", "notify_community", "notify_news")


def test_a_client_contact_sees_no_member_notification_switches(contact_http):
    page = contact_http.get("/settings/").content.decode()
    assert 'name="language"' in page
    assert not any(f'name="{switch}"' in page for switch in (*MEMBER_SWITCHES, "notify_orders", "notify_invoices"))


@pytest.mark.parametrize("also_client_contact", [False, True])
def test_a_member_still_sees_the_notification_switches(member, customer, also_client_contact):
    from portal.accounts.models import Role

    if also_client_contact:
        Role.objects.create(user=member, kind=Role.Kind.CLIENT_CONTACT, client=customer)
    page = logged_in(member).get("/settings/").content.decode()
    assert all(f'name="{switch}"' in page for switch in MEMBER_SWITCHES)
