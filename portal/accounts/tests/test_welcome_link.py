"""New accounts get a single-use link to choose their password; no password ever travels by e-mail."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import User
from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "my-own-long-password-1"


@pytest.fixture
def new_member(staff, entities, django_capture_on_commit_callbacks) -> User:
    with django_capture_on_commit_callbacks(execute=True):
        return services.member_create(
            actor=staff,
            entity=entities["SC"],
            email="New@Test.example",
            first_name="Nora",
            last_name="Neu",
            language="de",
        )


def welcome_link() -> str:
    """The set-password link of the welcome e-mail as it was delivered (path only)."""
    (message,) = [m for m in mail.outbox if m.to == ["new@test.example"]]
    found = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", str(message.body))
    assert found, message.body
    url = found.group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def set_password(http: HttpClient, link: str, password: str = NEW_PASSWORD):
    response = http.get(link)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response["Location"]
    return http.post(form_url, {"password1": password, "password2": password})


def all_stored_mail_text() -> str:
    stored = OutboundEmail.objects.values_list("subject", "body_text", "body_html")
    sent = [(m.subject, m.body, *[body for body, _ in getattr(m, "alternatives", [])]) for m in mail.outbox]
    return "\n".join(part or "" for row in [*stored, *sent] for part in row)


def test_new_account_has_no_password_and_the_welcome_mail_carries_none(new_member):
    assert new_member.email == "new@test.example" and not new_member.has_usable_password()
    assert new_member.member_profile.member_number and new_member.roles.get().entity.code == "SC"
    welcome = OutboundEmail.objects.get(recipient="new@test.example", template="member_welcome")
    assert welcome.sensitive and welcome.status == "sent"
    text = all_stored_mail_text()
    assert "Passwort:" not in text and "password:" not in text.lower()
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body

    response = set_password(HttpClient(), welcome_link())
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_from_key_done")
    assert NEW_PASSWORD not in all_stored_mail_text()  # nor does any mail after the password was chosen


def test_welcome_link_sets_the_password_once_and_the_member_can_sign_in(new_member):
    link = welcome_link()
    set_password(HttpClient(), link)
    new_member.refresh_from_db()
    assert new_member.check_password(NEW_PASSWORD) and not new_member.must_change_password

    http = HttpClient()
    http.post(reverse("account_login"), {"login": "new@test.example", "password": NEW_PASSWORD})
    assert http.get("/dashboard/").status_code == 200  # no forced change: the password is their own

    again = HttpClient().get(link, follow=True)
    assert again.context["token_fail"]  # used once, never again
    new_member.refresh_from_db()
    assert new_member.check_password(NEW_PASSWORD)


def test_welcome_link_expires(new_member, settings):
    link = welcome_link()
    # Margins of hours: the token generator uses local naive time, which time travel may shift by the UTC offset.
    valid_for = timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    with time_machine.travel(timezone.now() + valid_for - timedelta(hours=3)):
        assert "token_fail" not in HttpClient().get(link, follow=True).context
    with time_machine.travel(timezone.now() + valid_for + timedelta(hours=3)):
        response = HttpClient().get(link, follow=True)
    assert response.context["token_fail"]
    new_member.refresh_from_db()
    assert not new_member.has_usable_password()


def test_account_with_a_password_from_someone_else_must_change_it_first(new_member):
    """An account whose password someone else set (in the Django admin) still has to choose its own."""
    new_member.set_password("given-by-the-admin-1")
    new_member.save()
    http = HttpClient()
    http.post(reverse("account_login"), {"login": "new@test.example", "password": "given-by-the-admin-1"})
    response = http.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == reverse("account_change_password")
    http.post(
        reverse("account_change_password"),
        {"oldpassword": "given-by-the-admin-1", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    new_member.refresh_from_db()
    assert not new_member.must_change_password
    assert http.get("/dashboard/").status_code == 200
