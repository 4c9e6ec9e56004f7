"""The Smart team's side of the client portal: contacts' access, the client's and the entities' settings."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import logged_in, make_member, make_user, with_totp
from portal.accounts.models import Role, User
from portal.clientportal import services as portal_services
from portal.clientportal.models import (
    ClientPortalSettings,
    ClientRequest,
    ContactAccess,
    EntityPortalSettings,
    RequestType,
)
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.customers.models import Client, ContactPerson
from portal.orders.models import Order, OrderStatus
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db
LIST = reverse("backoffice:client_list")
PORTAL_SETTINGS = reverse("backoffice:portal_settings")
OWN = "another member of the Smart team has to"
OWN_MESSAGE = "You cannot give or change your own access to a client's portal; another member of the Smart team has to."


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def in_english(user: User) -> User:
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def staff_http(staff):
    """The staff login, reading the pages in English (the texts the tests look for)."""
    return logged_in(in_english(staff))


def used_by(member, entity, client) -> Order:
    order = complete_order(member, entity, client)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SMART_REVIEW)
    return order


@pytest.fixture
def used(member, entities, customer):
    """``customer``, a client of ``member`` in SC only."""
    used_by(member, entities["SC"], customer)
    return customer


def invite(staff, entities, client, email, **permissions) -> ContactAccess:
    return portal_services.contact_invite(
        actor=staff,
        scope=Scope.staff(staff, [entities["SC"].pk]),
        client_id=client.pk,
        email=email,
        first_name="Paula",
        last_name="Portal",
        permissions=permissions or None,
    )


@pytest.fixture
def access(staff, entities, used) -> ContactAccess:
    return invite(staff, entities, used, "paula@abc.example")


def detail_url(client) -> str:
    return reverse("backoffice:client_detail", args=[client.pk])


def url(name: str, client, access=None) -> str:
    return reverse(f"backoffice:{name}", args=[client.pk] if access is None else [client.pk, access.pk])


def roles_of(access) -> bool:
    return Role.objects.filter(user=access.user, kind=Role.Kind.CLIENT_CONTACT, client=access.client).exists()


def emails_to(address: str, template: str) -> int:
    return OutboundEmail.objects.filter(recipient=address, template=template).count()


SETTINGS_AS_DEFAULT = {
    "show_invoices": "",
    "show_prices": "",
    "show_documents": "",
    "request_types_mode": "",
    "requests_need_acceptance": "",
    "contacts_may_edit_profile": "",
}


# --- the client's page ------------------------------------------------------------------------------


def test_client_page_shows_the_portal_contacts(staff_http, staff, entities, used, access):
    ContactAccess.objects.filter(pk=access.pk).update(may_confirm=False, may_request=False, may_see_invoices=False)
    keen = invite(staff, entities, used, "kai@abc.example")
    keen.user.set_password("a-long-password-123")
    keen.user.save()
    html = staff_http.get(detail_url(used)).content.decode()
    assert "Paula Portal" in html and "paula@abc.example" in html
    assert "view only" in html
    assert "confirms orders" in html and "sees invoices" in html  # Kai's permissions
    assert "Password set: no" in html and "Password set: yes" in html
    assert "Sabine Krüger" in html  # invited by
    resend = url("client_portal_resend", used, access)
    assert resend in html
    assert url("client_portal_resend", used, keen) not in html  # Kai has a password: nothing to resend
    assert url("client_portal_deactivate", used, access) in html and "data-confirm=" in html


def test_client_page_offers_contact_persons_as_quick_choices(staff_http, used, access):
    eva = ContactPerson.objects.create(client=used, name="Eva Maria Brot", email="eva@abc.example")
    ContactPerson.objects.create(client=used, name="Paula Portal", email="PAULA@abc.example")  # has access
    ContactPerson.objects.create(client=used, name="No Mail")
    response = staff_http.get(detail_url(used))
    assert [contact.name for contact in response.context["invitable"]] == ["Eva Maria Brot"]
    response = staff_http.get(detail_url(used), {"invite": str(eva.pk)})
    form = response.context["invite_form"]
    assert (form["email"].value(), form["first_name"].value(), form["last_name"].value()) == (
        "eva@abc.example",
        "Eva Maria",
        "Brot",
    )
    for garbage in ("x", "99999999999999999999999", "-1", "²"):
        assert staff_http.get(detail_url(used), {"invite": garbage}).status_code == 200


def test_client_page_lists_the_client_s_requests(staff_http, member, client_contact, used, entities):
    austrian = make_member("at-member@test.example", entities["AT"], number="900001")
    for number in range(30):
        ClientRequest.objects.create(
            client=used, contact=client_contact, member=member, kind=RequestType.QUOTE, title=f"Request {number}"
        )
    hidden = ClientRequest.objects.create(
        client=used, contact=client_contact, member=austrian, kind=RequestType.BOOKING, title="For Austria"
    )
    response = staff_http.get(detail_url(used))
    requests = list(response.context["requests"])
    assert len(requests) == 25 and hidden not in requests
    assert requests[0].title == "Request 29"
    assert "Received" in response.content.decode()  # the status


# --- inviting -----------------------------------------------------------------------------------------


def test_staff_invite_a_contact(staff_http, used):
    response = staff_http.post(
        url("client_portal_invite", used),
        {"email": " New.Person@ABC.example ", "first_name": "Nora", "last_name": "Neu", "may_confirm": "on"},
    )
    assert response.status_code == 302
    access = ContactAccess.objects.get(client=used, user__email="new.person@abc.example")
    assert (access.may_confirm, access.may_request, access.may_see_invoices) == (True, False, False)
    assert access.active and access.invited_by.email == "staff@test.example"
    assert roles_of(access)
    assert not access.user.has_usable_password()
    assert emails_to("new.person@abc.example", "client_invitation") == 1


def test_invite_errors_are_shown_next_to_the_field_with_the_input_kept(staff_http, used, access):
    cases = [
        ({"email": "not an address", "first_name": "Nora"}, "email"),
        ({"email": "x" * 300 + "@abc.example"}, "email"),
        ({"email": "ok@abc.example", "first_name": "N" * 151}, "first_name"),
        ({"email": "paula@abc.example"}, "email"),  # has access already
        ({"email": "staff@test.example"}, "email"),  # oneself
    ]
    for data, field in cases:
        response = staff_http.post(url("client_portal_invite", used), data)
        assert response.status_code == 200, data
        form = response.context["invite_form"]
        assert list(form.errors) == [field], (data, form.errors)
        html = response.content.decode()
        assert f'id="id_{field}_error"' in html
        if data.get("first_name") == "Nora":
            assert 'value="Nora"' in html
    assert ContactAccess.objects.filter(client=used).count() == 1
    assert not User.objects.filter(email="ok@abc.example").exists()


# --- one contact's access ----------------------------------------------------------------------------


def test_permissions_are_stored(staff_http, used, access):
    response = staff_http.post(url("client_portal_permissions", used, access), {"may_request": "on"})
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.may_confirm, access.may_request, access.may_see_invoices) == (False, True, False)
    staff_http.post(url("client_portal_permissions", used, access), {"may_confirm": "x" * 10000, "junk": "1"})
    access.refresh_from_db()
    assert (access.may_confirm, access.may_request, access.may_see_invoices) == (True, False, False)


def test_deactivate_removes_the_role_and_reactivate_gives_it_back(staff_http, used, access):
    ContactAccess.objects.filter(pk=access.pk).update(may_see_invoices=False)
    assert staff_http.post(url("client_portal_deactivate", used, access)).status_code == 302
    access.refresh_from_db()
    assert not access.active and not roles_of(access)
    html = staff_http.get(detail_url(used)).content.decode()
    assert "Deactivated" in html and url("client_portal_reactivate", used, access) in html
    assert url("client_portal_resend", used, access) not in html
    assert staff_http.post(url("client_portal_reactivate", used, access)).status_code == 302
    access.refresh_from_db()
    assert access.active and roles_of(access) and not access.may_see_invoices


def test_resend_invitation_only_while_no_password_is_set(staff_http, used, access):
    assert emails_to("paula@abc.example", "client_invitation") == 1
    response = staff_http.post(url("client_portal_resend", used, access), follow=True)
    assert "A new invitation has been sent" in response.content.decode()
    assert emails_to("paula@abc.example", "client_invitation") == 2
    access.user.set_password("a-long-password-123")
    access.user.save()
    response = staff_http.post(url("client_portal_resend", used, access), follow=True)
    assert "already chosen a password" in response.content.decode()
    assert emails_to("paula@abc.example", "client_invitation") == 2


def test_unknown_or_foreign_accesses_are_not_found(staff_http, staff, entities, used, access, member):
    other = Client.objects.create(name="Other client")
    used_by(member, entities["SC"], other)
    foreign = invite(staff, entities, other, "someone@other.example")
    for name in ("client_portal_permissions", "client_portal_deactivate", "client_portal_reactivate"):
        assert staff_http.post(url(name, used, foreign)).status_code == 404
        assert staff_http.post(reverse(f"backoffice:{name}", args=[used.pk, 2**63])).status_code == 404
        assert staff_http.post(reverse(f"backoffice:{name}", args=[2**63, access.pk])).status_code == 404
    assert staff_http.post(url("client_portal_resend", used, foreign)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.active and foreign.may_confirm


def test_nobody_changes_their_own_access(staff, staff_http, entities, used):
    """A Smart team login that is also a contact of the client: a colleague decides."""
    own = invite(staff, entities, used, "colleague-contact@abc.example")
    ContactAccess.objects.filter(pk=own.pk).update(user=staff, may_see_invoices=False)
    for name, data in (
        ("client_portal_permissions", {"may_see_invoices": "on"}),
        ("client_portal_deactivate", {}),
        ("client_portal_resend", {}),
    ):
        response = staff_http.post(url(name, used, own), data, follow=True)
        assert OWN in response.content.decode(), name
    own.refresh_from_db()
    assert own.active and not own.may_see_invoices
    html = staff_http.get(detail_url(used)).content.decode()
    assert 'data-testid="own-badge"' in html
    assert url("client_portal_deactivate", used, own) not in html


def test_a_member_in_the_smart_team_cannot_invite_themselves(member, entities, used):
    role = Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["SC"])
    with_totp(member)
    member.active_role_key = f"r{role.pk}"
    member.save(update_fields=["active_role_key"])
    response = logged_in(member).post(url("client_portal_invite", used), {"email": "MEMBER@test.example"})
    assert response.status_code == 200
    with override("de"):
        own = gettext(OWN_MESSAGE)
    assert response.context["invite_form"].errors["email"] == [own]
    assert not ContactAccess.objects.filter(user=member).exists()


# --- the client's settings ---------------------------------------------------------------------------


def test_client_settings_are_stored_with_none_for_the_default(staff_http, used):
    data = {
        **SETTINGS_AS_DEFAULT,
        "show_prices": "no",
        "contacts_may_edit_profile": "yes",
        "request_types_mode": "own",
        "request_types": ["question", "quote"],
    }
    assert staff_http.post(url("client_portal_settings", used), data).status_code == 302
    stored = ClientPortalSettings.objects.get(client=used)
    assert (stored.show_invoices, stored.show_prices, stored.show_documents) == (None, False, None)
    assert (stored.requests_need_acceptance, stored.contacts_may_edit_profile) == (None, True)
    assert stored.request_types == ["quote", "question"]
    form = staff_http.get(detail_url(used)).context["settings_form"]
    assert form["show_prices"].value() == "no" and form["request_types_mode"].value() == "own"

    staff_http.post(url("client_portal_settings", used), {**SETTINGS_AS_DEFAULT, "request_types": ["quote"]})
    stored.refresh_from_db()
    assert stored.request_types is None and stored.show_prices is None and stored.contacts_may_edit_profile is None


def test_client_settings_show_the_default_and_what_applies(staff_http, entities, used):
    EntityPortalSettings.objects.create(entity=entities["SC"], show_prices=False, request_types=["booking"])
    ClientPortalSettings.objects.create(client=used, show_invoices=False)
    form = staff_http.get(detail_url(used)).context["settings_form"]
    assert dict(form.fields["show_prices"].choices)[""] == "As the entity's default (No)"
    assert form.fields["show_prices"].help_text == "Applies now: No"
    assert dict(form.fields["show_invoices"].choices)[""] == "As the entity's default (Yes)"
    assert form.fields["show_invoices"].help_text == "Applies now: No"
    assert dict(form.fields["request_types_mode"].choices)[""] == "As the entity's default (Booking)"


def test_client_settings_of_a_client_of_several_entities_show_each_entity(staff, member, entities, used):
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["AT"])
    austrian = make_member("at-member@test.example", entities["AT"], number="900001")
    used_by(austrian, entities["AT"], used)
    EntityPortalSettings.objects.create(entity=entities["AT"], show_documents=False)
    form = logged_in(in_english(staff)).get(detail_url(used)).context["settings_form"]
    assert form.fields["show_documents"].help_text == "Applies now: AT: No · SC: Yes"
    assert form.fields["show_prices"].help_text == "Applies now: Yes"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"show_prices": "maybe"}, "show_prices"),
        ({"request_types_mode": "everything"}, "request_types_mode"),
        ({"request_types_mode": "own", "request_types": ["quote", "pizza"]}, "request_types"),
        ({"show_invoices": "x" * 100000}, "show_invoices"),
    ],
)
def test_invalid_client_settings_are_shown_and_nothing_is_stored(staff_http, used, changes, field):
    response = staff_http.post(url("client_portal_settings", used), {**SETTINGS_AS_DEFAULT, **changes})
    assert response.status_code == 200
    assert list(response.context["settings_form"].errors) == [field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ClientPortalSettings.objects.filter(client=used).exists()


# --- the entities' defaults ---------------------------------------------------------------------------


def test_entity_defaults_are_stored(staff_http, entities):
    prefix = f"entity-{entities['SC'].pk}"
    response = staff_http.get(PORTAL_SETTINGS)
    assert [entity.code for entity, _form in response.context["rows"]] == ["SC"]
    data = {"entity": str(entities["SC"].pk), f"{prefix}-show_invoices": "on", f"{prefix}-request_types": ["change"]}
    assert staff_http.post(PORTAL_SETTINGS, data).status_code == 302
    stored = EntityPortalSettings.objects.get(entity=entities["SC"])
    assert (stored.show_invoices, stored.show_prices, stored.show_documents) == (True, False, False)
    assert (stored.requests_need_acceptance, stored.contacts_may_edit_profile) == (False, False)
    assert stored.request_types == ["change"]
    form = dict(staff_http.get(PORTAL_SETTINGS).context["rows"])[entities["SC"]]
    assert form["request_types"].value() == ["change"] and form["show_prices"].value() is False


def test_entity_defaults_refuse_hostile_input(staff_http, entities):
    prefix = f"entity-{entities['SC'].pk}"
    for entity in (str(entities["AT"].pk), "", "x", str(2**63), "²"):
        response = staff_http.post(PORTAL_SETTINGS, {"entity": entity, f"{prefix}-show_invoices": "on"})
        assert response.status_code == 404, entity
    response = staff_http.post(PORTAL_SETTINGS, {"entity": str(entities["SC"].pk), f"{prefix}-request_types": "x"})
    assert response.status_code == 200
    assert "request_types" in dict(response.context["rows"])[entities["SC"]].errors
    assert not EntityPortalSettings.objects.exists()


def test_staff_of_several_entities_edit_each(staff, entities):
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["AT"])
    http = logged_in(staff)
    assert [entity.code for entity, _form in http.get(PORTAL_SETTINGS).context["rows"]] == ["AT", "SC"]
    prefix = f"entity-{entities['AT'].pk}"
    http.post(PORTAL_SETTINGS, {"entity": str(entities["AT"].pk), f"{prefix}-contacts_may_edit_profile": "on"})
    assert EntityPortalSettings.objects.get(entity=entities["AT"]).contacts_may_edit_profile
    assert not EntityPortalSettings.objects.filter(entity=entities["SC"]).exists()


def test_the_settings_page_is_in_the_staff_menu(staff_http):
    assert f'href="{PORTAL_SETTINGS}"' in staff_http.get(reverse("backoffice:home")).content.decode()


# --- the client list ----------------------------------------------------------------------------------


def test_client_list_finds_portal_contacts_and_counts_the_active_ones(staff, staff_http, entities, member, used):
    other = Client.objects.create(name="Bäckerei Sonnenschein")
    used_by(member, entities["SC"], other)
    ContactPerson.objects.create(client=other, name="Eva", email="eva@baeckerei.example")
    invite(staff, entities, used, "paula@portal.example")
    gone = invite(staff, entities, used, "gone@portal.example")
    portal_services.contact_set_active(
        actor=staff, scope=Scope.staff(staff, [entities["SC"].pk]), access_id=gone.pk, active=False
    )
    response = staff_http.get(LIST, {"q": "portal.example"})
    assert list(response.context["page"].object_list) == [used]
    assert list(staff_http.get(LIST, {"q": "eva@baeckerei"}).context["page"].object_list) == [other]
    assert list(staff_http.get(LIST, {"q": "Sonnen"}).context["page"].object_list) == [other]
    counts = {client.name: client.portal_contacts for client in staff_http.get(LIST).context["page"].object_list}
    assert counts == {used.name: 1, other.name: 0}


def test_client_list_search_keeps_to_the_staff_entities(staff, entities, used):
    austrian_client = Client.objects.create(name="Wiener Werkstätten GmbH")
    austrian = make_member("at-member@test.example", entities["AT"], number="900001")
    used_by(austrian, entities["AT"], austrian_client)
    at_staff = make_user("at2@test.example")
    ContactAccess.objects.create(user=at_staff, client=austrian_client)
    assert list(logged_in(staff).get(LIST, {"q": "at2@test"}).context["page"].object_list) == []


@pytest.mark.parametrize("contacts", [1, 12])
def test_list_and_page_query_counts_do_not_grow_with_contacts(
    staff, staff_http, entities, member, client_contact, used, contacts, django_assert_max_num_queries
):
    for number in range(contacts):
        invite(staff, entities, used, f"contact{number}@abc.example")
        ClientRequest.objects.create(
            client=used, contact=client_contact, member=member, kind=RequestType.QUESTION, title=f"Q{number}"
        )
    for number in range(26):
        client = Client.objects.create(name=f"Client {number:02d}")
        used_by(member, entities["SC"], client)
        invite(staff, entities, client, f"c{number}@example.org")
    with django_assert_max_num_queries(6):
        response = staff_http.get(LIST, {"q": "example"})
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(16):
        response = staff_http.get(detail_url(used))
    assert len(response.context["accesses"]) == ContactAccess.objects.filter(client=used).count() >= contacts


# --- who may open the pages -------------------------------------------------------------------------


def new_urls(client, access) -> list[str]:
    return [
        url("client_portal_invite", client),
        url("client_portal_settings", client),
        url("client_portal_permissions", client, access),
        url("client_portal_deactivate", client, access),
        url("client_portal_reactivate", client, access),
        url("client_portal_resend", client, access),
    ]


def test_staff_of_another_entity_get_404(staff_at, used, access):
    http = logged_in(staff_at)
    assert http.get(detail_url(used)).status_code == 404
    for address in new_urls(used, access):
        assert http.post(address, {"email": "x@at.example", "may_confirm": "on"}).status_code == 404, address
    access.refresh_from_db()
    assert access.active and access.may_request
    assert not ContactAccess.objects.filter(user__email="x@at.example").exists()
    assert not ClientPortalSettings.objects.exists()


def test_members_contacts_and_outsiders_get_404(used, access, member_http, contact_http, outsider_http):
    for http in (member_http, contact_http, outsider_http, logged_in(access.user)):
        for address in [*new_urls(used, access), PORTAL_SETTINGS]:
            assert http.get(address).status_code == 404, address
            assert http.post(address, {"email": "y@abc.example"}).status_code == 404, address
    access.refresh_from_db()
    assert access.active
    assert not EntityPortalSettings.objects.exists() and not ClientPortalSettings.objects.exists()


# --- hostile input --------------------------------------------------------------------------------------

_TEXT = st.text(max_size=300)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "email": _TEXT,
            "first_name": _TEXT,
            "last_name": _TEXT,
            "may_confirm": _TEXT,
            "show_invoices": _TEXT,
            "request_types_mode": _TEXT,
            "request_types": st.lists(_TEXT, max_size=3),
        },
    )
)
def test_portal_forms_answer_any_input(staff_http, used, data):
    for name in ("client_portal_invite", "client_portal_settings"):
        response = staff_http.post(url(name, used), data)
        # 400 is the request check refusing control characters; otherwise a page or a redirect.
        assert response.status_code in (200, 302, 400), (name, data)
