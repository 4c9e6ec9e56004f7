"""Who reaches which client-portal page: the isolation matrix and every setting and permission."""

import pytest
from django.core.files.base import ContentFile

from conftest import logged_in
from portal.clientportal import services
from portal.clientportal.models import ClientPortalSettings, ClientRequest, ContactAccess, EntityPortalSettings
from portal.clientportal.tests.factories import contact_of
from portal.core.scope import Scope
from portal.orders.models import Order, OrderAttachment, OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_file(awaiting, member):
    attachment = OrderAttachment(
        order=awaiting,
        original_name="brief.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=member,
        shared_with_client=True,
    )
    attachment.file.save("brief.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def client_request(customer, client_contact, member, awaiting):
    return ClientRequest.objects.create(
        client=customer, contact=client_contact, member=member, kind="quote", title="More workshops", description="x"
    )


@pytest.fixture
def urls(awaiting, client_invoice, shared_file, client_request):
    """Every page and download of the portal that shows one of the client's records."""
    return [
        f"/client/orders/{awaiting.pk}/",
        f"/client/orders/{awaiting.pk}/offer.pdf",
        f"/client/invoices/{client_invoice.pk}/",
        f"/client/invoices/{client_invoice.pk}/invoice.pdf",
        f"/client/documents/files/{shared_file.pk}/",
        f"/client/requests/{client_request.pk}/",
    ]


LIST_PAGES = ["/client/", "/client/orders/", "/client/invoices/", "/client/documents/", "/client/requests/"]


def test_the_contact_reaches_every_page(client_contact, urls):
    http = logged_in(client_contact)
    for url in [*urls, *LIST_PAGES, "/client/requests/new/", "/client/profile/"]:
        assert http.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["other_contact", "member", "member2", "staff", "staff_at", "outsider"])
def test_everybody_else_gets_404(request, persona, urls):
    http = logged_in(request.getfixturevalue(persona))
    for url in urls:
        assert http.get(url).status_code == 404, url
    if persona != "other_contact":  # the other client's contact has a portal of their own
        for url in LIST_PAGES:
            assert http.get(url).status_code == 404, url


def test_the_other_clients_contact_sees_none_of_it_in_their_lists(other_contact, urls, awaiting, client_invoice):
    http = logged_in(other_contact)
    pages = "".join(http.get(url).content.decode() for url in LIST_PAGES)
    assert awaiting.title not in pages and client_invoice.number not in pages


def test_anonymous_visitors_are_sent_to_the_login_page(client, urls):
    for url in [*urls, *LIST_PAGES]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_deactivated_access_is_gone_and_can_be_given_back(client_contact, staff, customer, awaiting, urls):
    access = ContactAccess.objects.get(user=client_contact)
    scope = Scope.staff(staff, [awaiting.entity_id])
    services.contact_set_active(actor=staff, scope=scope, access_id=access.pk, active=False)
    http = logged_in(client_contact)
    assert http.get("/client/").status_code == 404
    assert http.get(urls[0]).status_code == 404
    services.contact_set_active(actor=staff, scope=scope, access_id=access.pk, active=True)
    assert http.get(urls[0]).status_code == 200


def test_a_contact_of_two_clients_sees_one_at_a_time(client_contact, other_client, member, staff, entities):
    from portal.accounts.models import Role
    from portal.clientportal.tests.factories import offered

    Role.objects.create(user=client_contact, kind=Role.Kind.CLIENT_CONTACT, client=other_client)
    ContactAccess.objects.create(user=client_contact, client=other_client)
    elsewhere = offered(member, staff, entities["SC"], other_client, title="For the other client")
    http = logged_in(client_contact)
    assert http.get(f"/client/orders/{elsewhere.pk}/").status_code == 404  # acting for the first client
    role = Role.objects.get(user=client_contact, client=other_client)
    http.post("/role/", {"role": f"r{role.pk}"})
    assert http.get(f"/client/orders/{elsewhere.pk}/").status_code == 200


# --- permissions of the contact -------------------------------------------------------------------------


def test_a_view_only_contact_cannot_answer_request_or_see_invoices(customer, awaiting, client_invoice, urls):
    viewer = contact_of(customer, "viewer@test.example", may_confirm=False, may_request=False, may_see_invoices=False)
    http = logged_in(viewer)
    page = http.get(f"/client/orders/{awaiting.pk}/").content.decode()
    assert 'name="action"' not in page
    response = http.post(f"/client/orders/{awaiting.pk}/answer/", {"action": "confirm", "name": "Viewer"})
    assert response.status_code == 400
    awaiting.refresh_from_db()
    assert awaiting.status == OrderStatus.CLIENT_CONFIRMATION
    for url in ["/client/invoices/", urls[2], urls[3], "/client/requests/", "/client/requests/new/", urls[5]]:
        assert http.get(url).status_code == 404, url
    nav = http.get("/client/").content.decode()
    assert "/client/invoices/" not in nav and "/client/requests/" not in nav
    assert client_invoice.number not in http.get("/client/documents/").content.decode()


# --- settings -------------------------------------------------------------------------------------------


def test_invoices_hidden_by_the_entity_and_shown_again_by_the_client(client_contact, customer, entities, urls):
    EntityPortalSettings.objects.create(entity=entities["SC"], show_invoices=False)
    http = logged_in(client_contact)
    assert http.get("/client/invoices/").status_code == 404
    assert http.get(urls[3]).status_code == 404
    ClientPortalSettings.objects.create(client=customer, show_invoices=True)
    assert http.get(urls[3]).status_code == 200


def test_prices_hidden(client_contact, customer, client_invoice):
    order = client_invoice.order
    http = logged_in(client_contact)
    assert 'data-testid="order-gross"' in http.get(f"/client/orders/{order.pk}/").content.decode()
    ClientPortalSettings.objects.create(client=customer, show_prices=False)
    page = http.get(f"/client/orders/{order.pk}/").content.decode()
    assert 'data-testid="lines-without-prices"' in page and "800,00" not in page


def test_an_offer_to_confirm_shows_its_prices_even_when_prices_are_hidden(client_contact, customer, awaiting):
    ClientPortalSettings.objects.create(client=customer, show_prices=False)
    page = logged_in(client_contact).get(f"/client/orders/{awaiting.pk}/").content.decode()
    assert 'data-testid="order-gross"' in page


def test_documents_hidden(client_contact, customer, client_invoice, shared_file):
    ClientPortalSettings.objects.create(client=customer, show_documents=False, show_invoices=False)
    http = logged_in(client_contact)
    assert http.get("/client/documents/").status_code == 404
    assert http.get(f"/client/documents/files/{shared_file.pk}/").status_code == 404


def test_the_offer_pdf_of_an_order_to_confirm_stays_readable_without_documents(client_contact, customer, awaiting):
    ClientPortalSettings.objects.create(client=customer, show_documents=False)
    http = logged_in(client_contact)
    assert http.get(f"/client/orders/{awaiting.pk}/offer.pdf").status_code == 200
    Order.objects.filter(pk=awaiting.pk).update(status=OrderStatus.ACTIVE)
    assert http.get(f"/client/orders/{awaiting.pk}/offer.pdf").status_code == 404


def test_the_member_may_hide_an_order_its_prices_or_its_documents(client_contact, awaiting, shared_file):
    http = logged_in(client_contact)
    Order.objects.filter(pk=awaiting.pk).update(portal_hide_documents=True, status=OrderStatus.ACTIVE)
    assert http.get(f"/client/documents/files/{shared_file.pk}/").status_code == 404
    Order.objects.filter(pk=awaiting.pk).update(portal_hide_prices=True)
    assert 'data-testid="lines-without-prices"' in http.get(f"/client/orders/{awaiting.pk}/").content.decode()
    Order.objects.filter(pk=awaiting.pk).update(portal_hidden=True)
    assert http.get(f"/client/orders/{awaiting.pk}/").status_code == 404


def test_allowed_request_types(client_contact, customer, awaiting):
    ClientPortalSettings.objects.create(client=customer, request_types=["question"])
    http = logged_in(client_contact)
    page = http.get("/client/requests/new/").content.decode()
    assert 'value="question"' in page and 'value="quote"' not in page
    ClientPortalSettings.objects.filter(client=customer).update(request_types=[])
    assert http.get("/client/requests/new/").status_code == 404


def test_profile_editing_only_when_allowed_and_tells_member_and_staff(client_contact, customer, awaiting, member):
    from portal.core.models import OutboundEmail

    http = logged_in(client_contact)
    assert 'name="street"' not in http.get("/client/profile/").content.decode()
    assert http.post("/client/profile/", {"street": "Neu 1"}).status_code == 404
    ClientPortalSettings.objects.create(client=customer, contacts_may_edit_profile=True)
    values = {
        "street": "Neue Straße 5",
        "postal_code": "10117",
        "city": "Berlin",
        "country": "DE",
        "invoice_email": "not-an-address",
    }
    response = http.post("/client/profile/", values)
    assert response.status_code == 400 and "Neue Straße 5" in response.content.decode()
    response = http.post("/client/profile/", {**values, "invoice_email": "buchhaltung@abc.example"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.street, customer.invoice_email) == ("Neue Straße 5", "buchhaltung@abc.example")
    changed = OutboundEmail.objects.filter(template="client_profile_changed")
    recipients = set(changed.values_list("recipient", flat=True))
    assert member.email in recipients and awaiting.entity.email in recipients


def test_a_member_cannot_become_a_contact_of_their_own_client(member, customer, awaiting):
    from portal.core.errors import BusinessError

    with pytest.raises(BusinessError):
        services.contact_invite(actor=member, scope=Scope.member(member), client_id=customer.pk, email=member.email)
    assert not ContactAccess.objects.filter(user=member).exists()
