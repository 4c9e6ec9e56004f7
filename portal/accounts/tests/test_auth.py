from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD, totp_code
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

ARGON2_FIRST = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]


def test_login_with_email_and_password(member):
    http = HttpClient()
    response = http.post(reverse("account_login"), {"login": "MEMBER@test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert http.get("/").headers["Location"] == "/dashboard/"


def test_wrong_password_is_refused_with_a_message(member):
    response = HttpClient().post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert response.context["user"].is_anonymous


def test_login_is_rate_limited(member):
    cache.clear()
    http = HttpClient()
    for _attempt in range(5):
        http.post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    response = http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert response.wsgi_request.user.is_anonymous  # even the right password is refused for a while
    cache.clear()


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_new_passwords_are_hashed_with_argon2(db):
    user = User.objects.create_user(email="hash@test.example", password="a-long-passphrase")
    assert user.password.startswith("argon2")
    assert make_password("x").startswith("argon2")


def test_open_sign_up_is_closed(db):
    response = HttpClient().post(
        reverse("account_signup"),
        {"email": "new@test.example", "password1": "Abc-12345678", "password2": "Abc-12345678"},
    )
    assert not User.objects.filter(email="new@test.example").exists()
    assert response.status_code == 200


def test_logout_requires_post(member_http):
    assert member_http.get(reverse("account_logout")).status_code == 200  # confirmation page, still logged in
    assert member_http.get("/dashboard/").status_code == 200
    member_http.post(reverse("account_logout"))
    assert member_http.get("/dashboard/").status_code == 302


def test_two_factor_setup_is_reachable(member_http):
    response = member_http.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert reverse("mfa_activate_totp") in response.content.decode()


def test_staff_creates_member_account_from_back_office(staff_http, member):
    response = staff_http.post(
        reverse("backoffice:member_create"),
        {"first_name": "Nora", "last_name": "Neu", "email": "nora@test.example", "language": "en"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="nora@test.example").language == "en"
    response = staff_http.post(
        reverse("backoffice:member_create"),
        {"first_name": "Doppelt", "last_name": "X", "email": member.email, "language": "de"},
    )
    assert response.status_code == 200
    assert "Es gibt bereits ein Konto mit dieser E-Mail-Adresse." in response.content.decode()


def test_login_with_two_factor_authentication_asks_for_the_code(member):
    import time

    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    http = HttpClient()
    response = http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert http.get("/dashboard/").status_code == 302  # not logged in before the code

    http.post(reverse("mfa_authenticate"), {"code": "000000" if hotp_value(secret, 0) else "111111"})
    assert http.get("/dashboard/").status_code == 302  # a wrong code does not help
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    http.post(reverse("mfa_authenticate"), {"code": code})
    assert http.get("/dashboard/").status_code == 200


def test_accounts_created_in_the_django_admin_must_change_password(admin):
    http = HttpClient()
    http.force_login(admin)
    http.post(
        "/admin/accounts/user/add/",
        {
            "email": "fresh@test.example",
            "usable_password": "true",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert User.objects.get(email="fresh@test.example").must_change_password


@pytest.mark.parametrize(("steps_ago", "accepted"), [(0, True), (1, True), (2, False)])
def test_a_code_that_just_rolled_over_still_counts_but_an_older_one_does_not(member, steps_ago, accepted):
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    now = datetime(2026, 3, 2, 10, 0, 5, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        now_step = int(now.timestamp()) // 30
        http = HttpClient()
        http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        http.post(reverse("mfa_authenticate"), {"code": format_hotp_value(hotp_value(secret, now_step - steps_ago))})
        assert (http.get("/dashboard/").status_code == 200) is accepted


def test_a_code_counts_only_once(member):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(member, generate_totp_secret())
    code = totp_code(member)
    first, second = HttpClient(), HttpClient()
    for http in (first, second):
        http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        http.post(reverse("mfa_authenticate"), {"code": code})
    assert first.get("/dashboard/").status_code == 200
    assert second.get("/dashboard/").status_code == 302
