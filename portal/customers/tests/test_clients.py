import json

import pytest
from django.urls import reverse

from conftest import logged_in
from portal.customers.models import Client

pytestmark = pytest.mark.django_db

VALID = {
    "kind": "business_vat",
    "name": "Muster Design GmbH",
    "street": "Hauptstraße 5",
    "postal_code": "80331",
    "city": "München",
    "country": "DE",
    "vat_id": "de 136 695 976",
    "invoice_email": "rechnung@muster.example",
    "language": "de",
    "leitweg_id": "",
    "contacts-TOTAL_FORMS": "1",
    "contacts-INITIAL_FORMS": "0",
    "contacts-0-name": "Petra Muster",
    "contacts-0-email": "petra@muster.example",
    "contacts-0-phone": "",
}


def test_member_creates_a_client_with_a_contact(member, member_http):
    response = member_http.post(reverse("customers:create"), VALID)
    client = Client.objects.get(name="Muster Design GmbH")
    assert response["Location"] == reverse("customers:detail", args=[client.pk])
    assert client.vat_id == "DE136695976" and client.created_by == member
    assert list(client.contacts.values_list("name", flat=True)) == ["Petra Muster"]
    assert client in member_http.get(reverse("customers:list")).context["page"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"vat_id": ""}, "vat_id", "Bitte gib die USt-IdNr. der Kund*in an."),
        ({"vat_id": "DE123"}, "vat_id", "keine gültige"),
        ({"is_public_sector": "on", "leitweg_id": ""}, "leitweg_id", "Leitweg-ID"),
        ({"is_public_sector": "on", "leitweg_id": "123"}, "leitweg_id", "keine gültige Leitweg-ID"),
        ({"invoice_email": "kein-mail"}, "invoice_email", "gültige E-Mail-Adresse"),
    ],
)
def test_invalid_client_data_is_refused_with_a_message(member_http, changes, field, message):
    response = member_http.post(reverse("customers:create"), {**VALID, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="Muster Design GmbH"' in response.content.decode()
    assert not Client.objects.exists()


def test_public_sector_client_with_valid_leitweg_id(member_http):
    member_http.post(reverse("customers:create"), {**VALID, "is_public_sector": "on", "leitweg_id": "991-33333TEST-33"})
    assert Client.objects.get().leitweg_id == "991-33333TEST-33"


def test_similar_names_are_warned_about(member_http, customer):
    response = member_http.post(reverse("customers:create"), {**VALID, "name": "ABC", "invoice_email": "x"})
    assert [match["name"] for match in response.context["similar"]] == [customer.name]


def test_other_members_clients_are_invisible(member, member2_http, client_contact, outsider):
    client = Client.objects.create(name="Nur Anna GmbH", city="Berlin", created_by=member)
    for http in (member2_http, logged_in(client_contact), logged_in(outsider)):
        assert http.get(reverse("customers:detail", args=[client.pk])).status_code == 404
        assert http.get(reverse("customers:edit", args=[client.pk])).status_code == 404
    assert client not in member2_http.get(reverse("customers:list")).context["page"]


def test_typeahead_shares_only_name_and_city_after_three_letters(member2_http, member):
    Client.objects.create(name="Nur Anna GmbH", city="Berlin", invoice_email="geheim@anna.example", created_by=member)
    assert member2_http.get(reverse("customers:typeahead"), {"q": "Nu"}).context["matches"] == []
    response = member2_http.get(reverse("customers:typeahead"), {"q": "anna"})
    assert [set(match) for match in response.context["matches"]] == [{"pk", "name", "city", "own"}]
    assert "geheim" not in response.content.decode()


def test_client_list_has_a_constant_query_count(member, member_http, django_assert_max_num_queries):
    Client.objects.bulk_create([Client(name=f"Kunde {i}", created_by=member) for i in range(40)])
    with django_assert_max_num_queries(7):
        assert member_http.get(reverse("customers:list")).status_code == 200


def inline(data: dict) -> dict:
    """``VALID`` with the prefixes of the order form's client dialog."""
    prefixed = {}
    for key, value in data.items():
        if key.startswith("contacts-"):
            prefixed[key.replace("contacts-", "new_client_contacts-", 1)] = value
        else:
            prefixed[f"new_client-{key}"] = value
    return prefixed


def test_order_form_dialog_creates_a_client_and_hands_it_to_the_order_form(member, member_http):
    response = member_http.post(reverse("customers:create_inline"), inline(VALID), HTTP_HX_REQUEST="true")
    client = Client.objects.get(name="Muster Design GmbH")
    assert client.created_by == member and client.vat_id == "DE136695976"
    created = json.loads(response["HX-Trigger"])["clientCreated"]
    assert created["id"] == client.pk
    assert (created["name"], created["contactName"], created["contactEmail"]) == (
        "Muster Design GmbH",
        "Petra Muster",
        "petra@muster.example",
    )
    assert "Muster Design GmbH" in created["message"]
    assert 'value="Muster Design GmbH"' not in response.content.decode()  # an empty form for the next client


def test_order_form_dialog_shows_errors_and_keeps_the_input(member_http, customer):
    data = inline({**VALID, "name": "ABC Beratung", "vat_id": "DE123"})
    response = member_http.post(reverse("customers:create_inline"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "HX-Trigger" not in response
    assert "keine gültige" in " ".join(response.context["client_form"].errors["vat_id"])
    assert 'value="ABC Beratung"' in response.content.decode()
    assert [match["name"] for match in response.context["similar"]] == [customer.name]
    assert not Client.objects.filter(name="ABC Beratung").exists()


def test_order_form_dialog_is_for_members_only(client_contact, outsider, member_http):
    for http in (logged_in(client_contact), logged_in(outsider)):
        assert http.post(reverse("customers:create_inline"), inline(VALID)).status_code == 404
    assert member_http.get(reverse("customers:create_inline")).status_code == 405
    assert not Client.objects.filter(name="Muster Design GmbH").exists()
