"""A member can neither take over nor change another member's client (docs/decisions.md, "Clients")."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.customers.forms import INLINE_PREFIX, ClientForm
from portal.customers.models import Client, ContactPerson
from portal.customers.selectors import client_typeahead, clients_for_member
from portal.customers.services import client_save
from portal.invoicing import services as invoicing
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for
from portal.orders.models import Order
from portal.orders.services import order_save_draft
from portal.orders.tests.factories import complete_order
from portal.orders.tests.test_member_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


@pytest.fixture
def jonas_client(member2) -> Client:
    """member2's client, with data nobody else may see."""
    client = client_in(
        "DE",
        name="Jonas Kunde GmbH",
        invoice_email="buchhaltung@jonas-kunde.example",
        vat_id="DE136695976",
        created_by=member2,
    )
    ContactPerson.objects.create(client=client, name="Geheime Kontaktperson", email="geheim@jonas-kunde.example")
    return client


def edit_data(client: Client, **changes) -> dict:
    """The client edit form as the member's browser posts it, with ``changes``."""
    data = {name: getattr(client, name) for name in ClientForm.Meta.fields}
    data["country"] = str(client.country)
    data["is_public_sector"] = "on" if client.is_public_sector else ""
    contacts = list(client.contacts.all())
    data |= {"contacts-TOTAL_FORMS": str(len(contacts) + 1), "contacts-INITIAL_FORMS": str(len(contacts))}
    for index, contact in enumerate(contacts):
        data |= {
            f"contacts-{index}-id": contact.pk,
            f"contacts-{index}-name": contact.name,
            f"contacts-{index}-email": contact.email,
            f"contacts-{index}-phone": contact.phone,
        }
    return data | changes


# --- choosing a client -----------------------------------------------------------------------------


def test_another_members_client_cannot_be_chosen_by_id(member_http, entities, jonas_client):
    data = form_data(entities["SC"], jonas_client, save="", title="Mein Auftrag")
    response = member_http.post(reverse("orders:create"), data)
    assert response.status_code == 200
    assert "nur deine eigenen Kund*innen" in " ".join(response.context["form"].errors["client"])
    html = response.content.decode()
    assert 'value="Mein Auftrag"' in html and 'value="Petra Kunde"' in html  # the input is kept
    assert not Order.objects.exists()


def test_another_members_client_cannot_be_put_on_an_existing_draft(member, member_http, entities, jonas_client):
    own = client_in("DE", name="Eigene Kundin", created_by=member)
    draft = complete_order(member, entities["SC"], own)
    response = member_http.post(reverse("orders:edit", args=[draft.pk]), form_data(entities["SC"], jonas_client))
    assert response.status_code == 200 and response.context["form"].errors["client"]
    draft.refresh_from_db()
    assert draft.client == own


def test_the_service_refuses_a_client_the_member_may_not_use(member, member2, entities, jonas_client):
    """Whatever form or API calls it: the rule lives in ``order_save_draft``."""
    with pytest.raises(BusinessError) as caught:
        order_save_draft(
            member=member,
            order_id=None,
            values={"entity_id": entities["SC"].pk, "client_id": jonas_client.pk, "title": "Fremd"},
            lines=[],
            planned=[],
        )
    assert caught.value.field == "client"
    assert not Order.objects.exists()


def test_own_clients_and_clients_of_own_orders_can_be_chosen(member, member_http, entities, jonas_client):
    own = client_in("DE", name="Eigene Kundin", created_by=member)
    member_http.post(reverse("orders:create"), form_data(entities["SC"], own, save=""))
    assert Order.objects.get().client == own
    # A client already on one of the member's orders (from before this rule) stays usable.
    complete_order(member, entities["SC"], jonas_client)
    member_http.post(reverse("orders:create"), form_data(entities["SC"], jonas_client, save="", title="Zweiter"))
    assert Order.objects.get(title="Zweiter").client == jonas_client


# --- reading and editing ---------------------------------------------------------------------------


def test_another_members_client_cannot_be_read_or_edited(member, member_http, jonas_client):
    assert member_http.get(reverse("customers:detail", args=[jonas_client.pk])).status_code == 404
    assert member_http.get(reverse("customers:edit", args=[jonas_client.pk])).status_code == 404
    data = edit_data(jonas_client, invoice_email="attacker@evil.example")
    assert member_http.post(reverse("customers:edit", args=[jonas_client.pk]), data).status_code == 404
    jonas_client.refresh_from_db()
    assert jonas_client.invoice_email == "buchhaltung@jonas-kunde.example"
    assert jonas_client not in clients_for_member(member=member)


def test_the_service_refuses_to_change_a_client_the_member_does_not_work_with(member, jonas_client):
    with pytest.raises(BusinessError):
        client_save(actor=member, client_id=jonas_client.pk, values={"invoice_email": "x@evil.example"}, contacts=[])
    jonas_client.refresh_from_db()
    assert jonas_client.invoice_email == "buchhaltung@jonas-kunde.example"


def test_own_client_is_changed_in_place_with_its_contacts(member, member_http):
    own = client_in("DE", name="Eigene Kundin", created_by=member)
    kept = ContactPerson.objects.create(client=own, name="Alt", email="alt@eigen.example")
    gone = ContactPerson.objects.create(client=own, name="Weg")
    data = edit_data(own, invoice_email="neu@eigen.example")
    data |= {"contacts-0-name": "Neu", "contacts-1-DELETE": "on", "contacts-2-name": "Dazu"}
    assert [kept.pk, gone.pk] == [data["contacts-0-id"], data["contacts-1-id"]]
    response = member_http.post(reverse("customers:edit", args=[own.pk]), data)
    assert response["Location"] == reverse("customers:detail", args=[own.pk])
    own.refresh_from_db()
    assert own.invoice_email == "neu@eigen.example" and Client.objects.count() == 1
    assert sorted(own.contacts.values_list("name", flat=True)) == ["Dazu", "Neu"]
    assert own.contacts.get(name="Neu").pk == kept.pk and not ContactPerson.objects.filter(pk=gone.pk).exists()


@pytest.fixture
def shared(member, member2, entities, jonas_client):
    """member2's client, also on an (old) order of member: member2 has an invoice draft for it."""
    mine = active_order(member, entities["SC"], jonas_client, [DESIGN], title="Annas Auftrag")
    theirs = active_order(member2, entities["SC"], jonas_client, [DESIGN], title="Jonas' Auftrag")
    return {"mine": mine, "my_draft": draft_for(mine), "theirs": theirs, "their_draft": draft_for(theirs)}


def test_changing_a_shared_client_gives_the_member_an_own_copy(member, member_http, jonas_client, shared):
    page = member_http.get(reverse("customers:edit", args=[jonas_client.pk]))
    assert page.context["shared"] and 'data-testid="shared-client"' in page.content.decode()
    data = edit_data(jonas_client, invoice_email="attacker@evil.example", vat_id="DE 811 907 980")
    response = member_http.post(reverse("customers:edit", args=[jonas_client.pk]), data, follow=True)
    copy = Client.objects.exclude(pk=jonas_client.pk).get()
    assert response.redirect_chain[-1][0] == reverse("customers:detail", args=[copy.pk])
    assert "als deine eigene Kopie gespeichert" in response.content.decode()
    assert (copy.created_by, copy.invoice_email, copy.vat_id) == (member, "attacker@evil.example", "DE811907980")
    assert list(copy.contacts.values_list("name", flat=True)) == ["Geheime Kontaktperson"]
    # The member's order and invoice draft follow the copy; member2's do not.
    for key, expected in (("mine", copy), ("my_draft", copy), ("theirs", jonas_client), ("their_draft", jonas_client)):
        shared[key].refresh_from_db()
        assert shared[key].client == expected, key
    jonas_client.refresh_from_db()
    assert (jonas_client.invoice_email, jonas_client.vat_id) == ("buchhaltung@jonas-kunde.example", "DE136695976")
    assert jonas_client.contacts.count() == 1
    # member2's invoice still goes to member2's client.
    invoicing.invoice_issue(invoice_id=shared["their_draft"].pk, actor=Actor.SYSTEM)
    issued = Invoice.objects.get(pk=shared["their_draft"].pk)
    assert issued.status == InvoiceStatus.ISSUED
    assert issued.recipient["invoice_email"] == "buchhaltung@jonas-kunde.example"
    assert issued.recipient["vat_id"] == "DE136695976"
    # The original is no longer among the member's clients.
    assert list(clients_for_member(member=member)) == [copy]
    assert member_http.get(reverse("customers:detail", args=[jonas_client.pk])).status_code == 404


def test_the_creator_of_a_shared_client_also_gets_a_copy(member, member2, jonas_client, shared):
    """member2 created it, but member's orders use it: member2's change must not reach member either."""
    copy = client_save(
        actor=member2,
        client_id=jonas_client.pk,
        values={"invoice_email": "neu@jonas-kunde.example"},
        contacts=[{"name": "Neue Kontaktperson"}],
    )
    assert copy.pk != jonas_client.pk and copy.created_by == member2
    jonas_client.refresh_from_db()
    assert jonas_client.invoice_email == "buchhaltung@jonas-kunde.example" and jonas_client.created_by is None
    for key, expected in (("mine", jonas_client), ("my_draft", jonas_client), ("theirs", copy), ("their_draft", copy)):
        shared[key].refresh_from_db()
        assert shared[key].client == expected, key
    assert list(clients_for_member(member=member2)) == [copy]
    assert list(clients_for_member(member=member)) == [jonas_client]


def test_client_data_is_checked_in_the_service_too(member):
    with pytest.raises(BusinessError) as caught:
        client_save(actor=member, client_id=None, values={"name": "X", "invoice_email": "kein-mail"}, contacts=[])
    assert "invoice_email" in caught.value.errors
    with pytest.raises(ValueError):
        client_save(actor=member, client_id=None, values={"name": "X", "created_by": member}, contacts=[])
    assert not Client.objects.exists()


# --- the type-ahead and taking a shared client over ------------------------------------------------


def test_typeahead_offers_other_members_businesses_to_take_over_never_private_persons(
    member, member_http, jonas_client
):
    own = client_in("DE", name="Jonas Fotostudio", created_by=member)
    client_in("DE", name="Jonas Privat", kind=Client.Kind.PRIVATE, street="Geheimweg 1")
    matches = client_typeahead(member=member, query="jonas")
    assert [(match["pk"], match["own"]) for match in matches] == [(own.pk, True), (jonas_client.pk, False)]
    html = member_http.get(reverse("customers:typeahead"), {"q": "jonas"}).content.decode()
    assert f'data-client-id="{own.pk}"' in html
    assert f'data-client-id="{jonas_client.pk}"' not in html
    assert reverse("customers:take_over", args=[jonas_client.pk]) in html
    assert "Privat" not in html and "buchhaltung@" not in html


def test_taking_over_prefills_only_name_and_address(member_http, jonas_client):
    response = member_http.get(reverse("customers:take_over", args=[jonas_client.pk]))
    form = response.context["client_form"]
    assert {name: form[name].value() for name in ("name", "street", "postal_code", "city", "country")} == {
        "name": "Jonas Kunde GmbH",
        "street": "Hauptstraße 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
    }
    html = response.content.decode()
    assert 'data-testid="taken-over"' in html
    for secret in ("buchhaltung@", "DE136695976", "Geheime Kontaktperson"):
        assert secret not in html
    private = client_in("DE", name="Privatperson", kind=Client.Kind.PRIVATE)
    assert member_http.get(reverse("customers:take_over", args=[private.pk])).status_code == 404


def test_take_over_is_for_members_only(jonas_client, staff_http, outsider_http, contact_http):
    for http in (staff_http, outsider_http, contact_http):
        assert http.get(reverse("customers:take_over", args=[jonas_client.pk])).status_code == 404


def test_the_similar_name_warning_never_names_another_member_s_private_person(member, member_http, member2):
    client_in("DE", name="Erika Privatfrau", city="Geheimstadt", kind=Client.Kind.PRIVATE, created_by=member2)
    business = client_in("DE", name="Privatfrau Studio GmbH", city="Köln", created_by=member2)
    own = client_in("DE", name="Privatfrau Meine", kind=Client.Kind.PRIVATE, created_by=member)
    typed = {"name": "Privatfrau", "invoice_email": "not-an-address"}
    plain = {**typed, "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0"}
    inline = {f"{INLINE_PREFIX}-{name}": value for name, value in typed.items()} | {
        f"{INLINE_PREFIX}_contacts-TOTAL_FORMS": "1",
        f"{INLINE_PREFIX}_contacts-INITIAL_FORMS": "0",
    }
    for url, posted in ((reverse("customers:create"), plain), (reverse("customers:create_inline"), inline)):
        response = member_http.post(url, posted)
        assert sorted(match["pk"] for match in response.context["similar"]) == sorted([business.pk, own.pk])
        assert "Geheimstadt" not in response.content.decode()
