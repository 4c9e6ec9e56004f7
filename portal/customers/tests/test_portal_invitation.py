"""A member invites a contact of their client to the client portal from the client's page (DESIGN §9)."""

import re

import pytest
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import Role, User
from portal.clientportal.models import ContactAccess
from portal.clientportal.services import contact_invite
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.customers.models import ContactPerson

pytestmark = pytest.mark.django_db

NEW = {
    "email": "Lena.Neu@ABC.example",
    "first_name": "Lena",
    "last_name": "Neu",
    "may_confirm": "on",
    "may_see_invoices": "on",
}


@pytest.fixture
def own_client(member, customer):
    customer.created_by = member
    customer.save(update_fields=["created_by"])
    return customer


def page(http, client):
    return http.get(reverse("customers:detail", args=[client.pk])).content.decode()


def section(html: str) -> str:
    return html[html.index('data-testid="portal-access"') :].split("</section>", 1)[0]


def test_the_page_lists_who_has_access_and_whether_they_can_sign_in(member_http, own_client, client_contact):
    html = section(page(member_http, own_client))
    assert "Peter Becker" in html and "contact@test.example" in html
    assert "bi-check-circle" in html and "bi-hourglass-split" not in html  # the contact has chosen a password
    boxes = re.findall(r'<input type="checkbox" name="(\w+)"[^>]*?( checked)?>', html)
    assert boxes == [("may_confirm", " checked"), ("may_request", " checked"), ("may_see_invoices", " checked")]


def test_inviting_creates_an_account_without_password_and_mails_a_set_password_link(member, member_http, own_client):
    response = member_http.post(reverse("customers:detail", args=[own_client.pk]), NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:detail", args=[own_client.pk]))

    user = User.objects.get(email="lena.neu@abc.example")
    assert (user.first_name, user.last_name) == ("Lena", "Neu") and not user.has_usable_password()
    assert Role.objects.filter(user=user, kind=Role.Kind.CLIENT_CONTACT, client=own_client).exists()
    access = ContactAccess.objects.get(user=user, client=own_client)
    assert (access.may_confirm, access.may_request, access.may_see_invoices) == (True, False, True)
    assert access.active and access.invited_by == member

    mail = OutboundEmail.objects.get(recipient="lena.neu@abc.example")
    assert mail.template == "client_invitation" and mail.sensitive
    link = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    prefix = link.split("UID")[0]
    assert prefix in mail.body_text

    html = section(logged_in(member).get(response["Location"]).content.decode())
    assert "lena.neu@abc.example" in html and "bi-hourglass-split" in html  # invited, no password yet


def test_someone_with_an_account_gets_the_access_without_a_new_password(member_http, own_client, outsider):
    data = {**NEW, "email": outsider.email, "may_request": "on"}
    member_http.post(reverse("customers:detail", args=[own_client.pk]), data)
    outsider.refresh_from_db()
    assert outsider.has_usable_password() and (outsider.first_name, outsider.last_name) == ("Otto", "Außen")
    assert ContactAccess.objects.filter(user=outsider, client=own_client, active=True).exists()
    assert OutboundEmail.objects.get(recipient=outsider.email).template == "client_access_added"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "kein-at-zeichen"}, "email"),
        ({"email": "contact@test.example"}, "email"),  # has access already (the service says so)
        ({"last_name": ""}, "last_name"),
    ],
)
def test_errors_are_shown_next_to_the_field_and_the_input_is_kept(
    member_http, own_client, client_contact, change, field
):
    data = {**NEW, "first_name": "Lena-Marie", **change}
    response = member_http.post(reverse("customers:detail", args=[own_client.pk]), data)
    assert response.status_code == 200
    form = response.context["invite_form"]
    assert list(form.errors) == [field]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and 'value="Lena-Marie"' in html
    assert not User.objects.filter(first_name="Lena-Marie").exists()
    assert not OutboundEmail.objects.exists()


def test_a_contact_person_prefills_the_form(member_http, own_client):
    person = ContactPerson.objects.create(client=own_client, name="Maria Luisa Kontakt", email="maria@abc.example")
    ContactPerson.objects.create(client=own_client, name="Ohne Mail")
    html = page(member_http, own_client)
    assert html.count('data-testid="invite-contact"') == 1  # only contact persons with an e-mail address
    response = member_http.get(reverse("customers:detail", args=[own_client.pk]), {"invite": person.pk})
    assert response.context["invite_form"].initial == {
        "email": "maria@abc.example",
        "first_name": "Maria Luisa",
        "last_name": "Kontakt",
    }
    response = member_http.get(reverse("customers:detail", args=[own_client.pk]), {"invite": "x"})
    assert response.status_code == 200 and not response.context["invite_form"].initial


def test_a_member_who_does_not_work_with_the_client_cannot_invite(member2, member2_http, own_client):
    with pytest.raises(BusinessError):
        contact_invite(
            actor=member2, scope=Scope.member(member2), client_id=own_client.pk, email="x@abc.example", first_name="X"
        )
    url = reverse("customers:detail", args=[own_client.pk])
    assert member2_http.get(url).status_code == 404
    assert member2_http.post(url, {**NEW, "email": "y@abc.example"}).status_code == 404
    assert not User.objects.filter(email__in=["x@abc.example", "y@abc.example"]).exists()
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize("persona", ["client_contact", "staff", "outsider"])
def test_other_roles_cannot_invite_through_the_member_page(request, persona, own_client):
    http = logged_in(request.getfixturevalue(persona))
    assert http.post(reverse("customers:detail", args=[own_client.pk]), NEW).status_code == 404
    assert not User.objects.filter(email="lena.neu@abc.example").exists()
