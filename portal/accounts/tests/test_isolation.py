"""Data isolation: the wrong persona gets a 404 (or the login page when anonymous)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import logged_in
from portal.accounts import services

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["/dashboard/", "/profile/", "/profile/change/"]
STAFF_PAGES = [
    "/backoffice/",
    "/backoffice/personal-data/",
    "/backoffice/members/",
    "/backoffice/members/new/",
    "/backoffice/emails/",
]


@pytest.fixture
def change_request(member):
    return services.personal_data_request_submit(member=member, values={"city": "Hamburg"})


def test_member_cannot_open_another_members_change_request(change_request, member2_http):
    assert member2_http.get(reverse("personal_data_request", args=[change_request.pk])).status_code == 404
    response = member2_http.post(reverse("personal_data_request_withdraw", args=[change_request.pk]))
    assert response.status_code == 404
    change_request.refresh_from_db()
    assert change_request.status == "pending"


def test_member_sees_own_change_request(change_request, member_http):
    assert member_http.get(reverse("personal_data_request", args=[change_request.pk])).status_code == 200


def test_member_profile_shows_only_own_data(member_http, member2):
    html = member_http.get("/profile/").content.decode()
    assert "000101" in html and "000102" not in html


@pytest.mark.parametrize("persona", ["client_contact", "outsider", "staff"])
@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_non_members_get_404_on_member_pages(request, persona, url, member):
    assert logged_in(request.getfixturevalue(persona)).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["client_contact", "outsider", "member"])
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_non_staff_get_404_on_staff_pages(request, persona, url):
    assert logged_in(request.getfixturevalue(persona)).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["member", "staff", "outsider"])
def test_only_client_contacts_reach_the_client_portal(request, persona):
    assert logged_in(request.getfixturevalue(persona)).get("/client/").status_code == 404


@pytest.mark.parametrize("url", [*MEMBER_PAGES, *STAFF_PAGES, "/client/", "/settings/"])
def test_anonymous_users_are_sent_to_login(db, url):
    response = HttpClient().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_of_another_entity_gets_404_on_the_request(change_request, staff_at):
    http = logged_in(staff_at)
    assert http.get(reverse("backoffice:personal_data_request", args=[change_request.pk])).status_code == 404
    assert http.post(reverse("backoffice:personal_data_request_approve", args=[change_request.pk])).status_code == 404
    change_request.refresh_from_db()
    assert change_request.status == "pending"
    assert change_request.pk not in [r.pk for r in http.get("/backoffice/personal-data/").context["page"]]


@pytest.mark.parametrize("persona", ["member", "staff", "client_contact", "outsider"])
def test_only_admins_reach_the_django_admin(request, persona):
    response = logged_in(request.getfixturevalue(persona)).get("/admin/")
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/login" in response["Location"]


def test_admin_reaches_the_django_admin(admin):
    assert logged_in(admin).get("/admin/").status_code == 200
