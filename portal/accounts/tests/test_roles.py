import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from conftest import logged_in, with_totp
from portal.accounts.models import Role
from portal.accounts.roles import roles_of, staff_entities

pytestmark = pytest.mark.django_db


def test_role_labels_name_the_entity_or_client(member, staff, client_contact, admin, customer):
    assert [r.label for r in roles_of(member)] == ["Mitglied (SC)"]
    assert [r.label for r in roles_of(staff)] == ["Smart-Team (SC)"]
    assert [r.label for r in roles_of(client_contact)] == [f"Kund*in ({customer.name})"]
    assert [r.label for r in roles_of(admin)] == ["Administration"]


def test_roles_are_listed_members_first(member, entities):
    Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["AT"])
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    assert [r.kind for r in roles_of(member)] == ["member", "member", "staff"]


def test_roles_carry_their_entity_and_client_as_the_orm_loads_them(member, client_contact, entities, customer):
    Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["AT"])
    Role.objects.create(user=member, kind=Role.Kind.CLIENT_CONTACT, client=customer)
    expected = Role.objects.filter(user=member).select_related("entity", "client")
    by_key = {role.key: role for role in roles_of(member)}
    assert len(by_key) == 3
    for row in expected:
        role = by_key[f"r{row.pk}"]
        for loaded, reference in ((role.entity, row.entity), (role.client, row.client)):
            assert type(loaded) is type(reference)
            if reference is not None:
                assert model_to_dict(loaded) == model_to_dict(reference)
                assert loaded._state.adding is False and loaded._state.db == "default"
    assert by_key[f"r{expected.get(kind=Role.Kind.CLIENT_CONTACT).pk}"].client.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("persona", "target"),
    [("member", "/dashboard/"), ("staff", "/backoffice/"), ("client_contact", "/client/"), ("admin", "/admin/")],
)
def test_home_leads_to_the_start_page_of_the_role(request, persona, target):
    response = logged_in(request.getfixturevalue(persona)).get("/")
    assert response.status_code == 302
    assert response["Location"] == target


def test_user_without_role_sees_an_explanation(outsider_http):
    response = outsider_http.get("/")
    assert response.status_code == 200
    assert "dashboard/no_role.html" in [t.name for t in response.templates]


def test_single_role_shows_no_switcher(member_http):
    html = member_http.get("/dashboard/").content.decode()
    assert 'data-testid="role-label"' in html
    assert 'data-testid="role-menu"' not in html
    assert "Mitglied (SC)" in html


def test_switch_role_changes_pages_and_is_remembered(member, entities):
    bw_role = Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    staff_role = Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["AT"])
    with_totp(member)  # the staff role needs it
    http = logged_in(member)
    html = http.get("/dashboard/").content.decode()
    assert 'data-testid="role-menu"' in html and "Mitglied (BW)" in html

    response = http.post(reverse("switch_role"), {"role": f"r{bw_role.pk}"}, follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Budget (BW)" in response.content.decode()

    response = http.post(reverse("switch_role"), {"role": f"r{staff_role.pk}"}, follow=True)
    assert response.redirect_chain[-1][0] == "/backoffice/"
    assert http.get("/dashboard/").status_code == 404  # pages follow the active role

    member.refresh_from_db()
    assert member.active_role_key == f"r{staff_role.pk}"
    assert logged_in(member).get("/").headers["Location"] == "/backoffice/"  # next login starts there


def test_cannot_switch_to_a_role_of_someone_else(member, staff):
    foreign = Role.objects.get(user=staff)
    http = logged_in(member)
    response = http.post(reverse("switch_role"), {"role": f"r{foreign.pk}"}, follow=True)
    assert "Du hast diese Rolle nicht." in response.content.decode()
    member.refresh_from_db()
    assert member.active_role_key == ""


def test_staff_entities_are_those_of_the_staff_roles_by_code(staff, entities, django_assert_num_queries):
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["AT"])
    Role.objects.create(user=staff, kind=Role.Kind.MEMBER, entity=entities["BW"])
    roles = roles_of(staff)
    with django_assert_num_queries(0):
        assert [entity.code for entity in staff_entities(roles)] == sorted(["AT", "SC"])


def test_roles_keep_the_order_they_were_given_in_past_nine(member, entities):
    from portal.accounts.models import Role
    from portal.accounts.roles import roles_of

    first = Role.objects.get(user=member)
    Role.objects.filter(pk=first.pk).update(id=9)
    Role.objects.create(id=10, user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    assert [role.key for role in roles_of(member)] == ["r9", "r10"]
