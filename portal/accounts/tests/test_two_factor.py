"""Staff and admin logins need two-factor authentication (TOTP) for the back office and the Django admin."""

import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, reverse

from conftest import PASSWORD, logged_in, make_user, totp_code, with_totp
from portal.accounts.models import Role, User
from portal.backoffice.urls import urlpatterns as backoffice_patterns

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


def backoffice_paths(patterns=backoffice_patterns, prefix: str = "/backoffice/") -> list[str]:
    """Every URL of the back office (its included URLconfs too), with ``1`` for each id."""
    paths = []
    for pattern in patterns:
        route = prefix + re.sub(r"<int:\w+>", "1", str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            paths += backoffice_paths(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            paths.append(route)
    return paths


@pytest.fixture
def staff_without_2fa(entities) -> User:
    user = make_user("new-staff@test.example", first_name="Nils", last_name="Neu")
    Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=entities["SC"])
    return user


@pytest.fixture
def admin_without_2fa(entities) -> User:
    return make_user("new-admin@test.example", first_name="Ada", last_name="Neu", is_staff=True, is_superuser=True)


def signed_in(user: User) -> HttpClient:
    """A real sign-in with e-mail and password (no second factor exists yet)."""
    http = HttpClient()
    response = http.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return http


def test_setup_url_is_allauths():
    assert reverse("mfa_activate_totp") == SETUP


def test_staff_without_2fa_signs_in_but_every_back_office_url_leads_to_the_setup(staff_without_2fa):
    http = signed_in(staff_without_2fa)
    assert http.get("/").headers["Location"] in ("/backoffice/", SETUP)
    paths = backoffice_paths()
    assert len(paths) > 20
    for path in paths:
        for method in (http.get, http.post):
            response = method(path)
            assert (response.status_code, response.headers.get("Location")) == (302, SETUP), path
    # The setup page is reachable; allauth first asks for the password again.
    response = http.get(SETUP, follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_admin_without_2fa_cannot_reach_the_django_admin(admin_without_2fa):
    http = signed_in(admin_without_2fa)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/invoicing/invoice/"):
        assert http.get(path).headers.get("Location") == SETUP, path
    with_totp(admin_without_2fa)
    assert http.get("/admin/").status_code == 200


def test_staff_with_2fa_works(staff, staff_http):
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    for path in ("/backoffice/", "/backoffice/orders/", "/backoffice/invoices/", "/backoffice/members/"):
        assert staff_http.get(path).status_code == 200, path


def test_setting_up_totp_opens_the_back_office(staff_without_2fa):
    http = signed_in(staff_without_2fa)
    assert http.get("/backoffice/").headers["Location"] == SETUP
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = http.get(SETUP)
    assert page.status_code == 200
    secret = page.context["form"].secret
    # The clock stands still while the code is typed: a 30-second window must not end in between.
    with time_machine.travel(time.time(), tick=False):
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = http.post(SETUP, {"code": code})
    assert response.status_code == 302
    assert http.get("/backoffice/").status_code == 200

    # The next sign-in asks for the code.
    other = HttpClient()
    response = other.post(reverse("account_login"), {"login": staff_without_2fa.email, "password": PASSWORD})
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert other.get("/backoffice/").status_code == 302 and "/accounts/login/" in other.get("/backoffice/")["Location"]


def test_member_pages_keep_working_for_a_member_and_staff_login_without_2fa(member, entities):
    staff_role = Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["AT"])
    http = signed_in(member)
    assert http.get("/dashboard/").status_code == 200  # members first: the member role is active
    assert http.get("/backoffice/").headers["Location"] == SETUP

    http.post(reverse("switch_role"), {"role": f"r{staff_role.pk}"})
    assert http.get("/").headers["Location"] == SETUP  # acting as staff: nothing but the setup
    assert http.get("/backoffice/orders/").headers["Location"] == SETUP
    assert http.get(reverse("settings")).status_code == 200

    member_role = Role.objects.get(user=member, kind=Role.Kind.MEMBER)
    http.post(reverse("switch_role"), {"role": f"r{member_role.pk}"})
    assert http.get("/dashboard/").status_code == 200


def test_members_and_clients_need_no_second_factor(member_http, contact_http):
    assert member_http.get("/dashboard/").status_code == 200
    assert contact_http.get("/client/").status_code == 200


def test_htmx_requests_are_sent_to_the_setup_page_as_a_whole(staff_without_2fa):
    response = logged_in(staff_without_2fa).get("/backoffice/orders/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == SETUP


def test_staff_cannot_switch_their_authenticator_app_off(staff):
    http = HttpClient()
    http.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    http.post(reverse("mfa_authenticate"), {"code": totp_code(staff)})
    assert http.get("/backoffice/").status_code == 200
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    http.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=staff, type="totp").exists()


def test_members_may_switch_their_authenticator_app_off(member):
    with_totp(member)
    http = HttpClient()
    http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    http.post(reverse("mfa_authenticate"), {"code": totp_code(member)})
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    http.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=member, type="totp").exists()


def test_development_setting_switches_the_requirement_off(staff_without_2fa, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    assert logged_in(staff_without_2fa).get("/backoffice/").status_code == 200
