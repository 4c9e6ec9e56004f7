"""The client form's contact persons: several in one POST, one removed, and a refused POST that shows
every typed contact again."""

import re

import pytest
from django.urls import reverse

from portal.customers.models import Client, ContactPerson
from portal.customers.tests.test_clients import VALID

pytestmark = pytest.mark.django_db


def contact(index: int, name: str, email: str = "", **extra: str) -> dict[str, str]:
    values = {f"contacts-{index}-name": name, f"contacts-{index}-email": email, f"contacts-{index}-phone": ""}
    return {**values, **{f"contacts-{index}-{key}": value for key, value in extra.items()}}


def test_three_contacts_in_one_post_one_removed(member_http):
    data = {
        **VALID,
        "contacts-TOTAL_FORMS": "3",
        **contact(0, "Petra Muster", "petra@muster.example"),
        **contact(1, "Max Muster", DELETE="on"),
        **contact(2, "Lena Lang"),
    }
    member_http.post(reverse("customers:create"), data)
    client = Client.objects.get(name="Muster Design GmbH")
    assert sorted(client.contacts.values_list("name", flat=True)) == ["Lena Lang", "Petra Muster"]


def test_a_stored_contact_removed_and_a_new_one_added(member, member_http):
    client = Client.objects.create(name="Muster Design GmbH", created_by=member, invoice_email="r@muster.example")
    kept = ContactPerson.objects.create(client=client, name="Petra Muster")
    gone = ContactPerson.objects.create(client=client, name="Zora Zeller")
    data = {
        **VALID,
        "vat_id": "DE136695976",
        "contacts-TOTAL_FORMS": "3",
        "contacts-INITIAL_FORMS": "2",
        **contact(0, "Petra Muster", id=str(kept.pk)),
        **contact(1, "Zora Zeller", id=str(gone.pk), DELETE="on"),
        **contact(2, "Ole Ohm"),
    }
    response = member_http.post(reverse("customers:edit", args=[client.pk]), data)
    assert response.status_code == 302
    assert sorted(client.contacts.values_list("name", flat=True)) == ["Ole Ohm", "Petra Muster"]


def test_a_refused_client_keeps_every_typed_contact(member_http):
    data = {
        **VALID,
        "contacts-TOTAL_FORMS": "3",
        **contact(0, "Petra Muster"),
        **contact(1, "Max Muster", "kein-mail"),
        **contact(2, "Lena Lang"),
    }
    response = member_http.post(reverse("customers:create"), data)
    assert response.status_code == 200 and not Client.objects.exists()
    html = response.content.decode()
    for typed in ("Petra Muster", "Max Muster", "Lena Lang"):
        assert f'value="{typed}"' in html
    email = re.search(r'<input[^>]*name="contacts-1-email"[^>]*>', html).group(0)
    assert 'aria-describedby="id_contacts-1-email_error"' in email
    assert 'name="contacts-TOTAL_FORMS" value="3"' in html
    assert 'name="contacts-__prefix__-name"' in html  # the row that "add" copies
