"""The user page of the admin shown again with errors after a role's client was sent as no id."""

import pytest
from django.urls import reverse

from conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("client", ["0468-12-10", "abc", "1e400", "99999999999999999999999", "-1"])
def test_role_client_that_is_no_id_is_an_error_on_the_form(admin, member, customer, client):
    role = member.roles.get()
    data = {
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "language": "de",
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "1",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": str(role.pk),
        "roles-0-user": str(member.pk),
        "roles-0-kind": "client_contact",
        "roles-0-client": client,
    }
    response = logged_in(admin).post(reverse("admin:accounts_user_change", args=[member.pk]), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["client"]
    role.refresh_from_db()
    assert role.kind == "member"


@pytest.mark.parametrize("pk", ["9223372036854775808", "99999999999999999999999999999999999999", "-1", "x"])
def test_a_group_with_impossible_permission_ids_is_an_error_on_the_form(admin, pk):
    from django.contrib.auth.models import Group

    response = logged_in(admin).post(reverse("admin:auth_group_add"), {"name": "Hostile", "permissions": [pk]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["permissions"]
    assert not Group.objects.filter(name="Hostile").exists()
