import pytest
from allauth.account.models import EmailAddress
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from conftest import PASSWORD
from portal.accounts.models import Role
from portal.core.models import OutboundEmail
from portal.core.tests.mailbox import delivered_text

pytestmark = pytest.mark.django_db


def login(http, email):
    return http.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_settings_page_shows_email_password_language_2fa_and_notifications(member_http, member):
    html = member_http.get(reverse("settings")).content.decode()
    assert member.email in html
    for url in (reverse("account_email"), reverse("account_change_password"), reverse("mfa_index")):
        assert f'href="{url}"' in html
    assert 'name="language"' in html and 'name="notify_orders"' in html


def test_german_is_the_default_language(member_http):
    response = member_http.get(reverse("settings"))
    assert '<html lang="de">' in response.content.decode()
    assert "Einstellungen" in response.content.decode()


def test_language_is_saved_on_the_user_and_survives_logout_and_login(member):
    http = HttpClient()
    login(http, member.email)
    response = http.post(reverse("settings_language"), {"language": "en"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html and "Your language has been changed." in html
    member.refresh_from_db()
    assert member.language == "en"

    http.post(reverse("account_logout"))
    assert '<html lang="en">' in http.get(reverse("account_login")).content.decode()  # cookie follows the user
    fresh = HttpClient()  # another browser, no cookie: the saved choice applies after login
    login(fresh, member.email)
    assert '<html lang="en">' in fresh.get(reverse("dashboard")).content.decode()


def test_unknown_language_is_refused(member_http, member):
    member_http.post(reverse("settings_language"), {"language": "fr"})
    member.refresh_from_db()
    assert member.language == "de"


def test_notification_preferences_are_saved(member_http, member):
    member_http.post(reverse("settings_notifications"), {"notify_orders": "on", "notify_news": "on"})
    member.refresh_from_db()
    assert (member.notify_orders, member.notify_invoices, member.notify_community, member.notify_news) == (
        True,
        False,
        False,
        True,
    )


def test_new_email_takes_effect_only_after_verification(member, member_http, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_http.post(reverse("account_email"), {"action_add": "", "email": "new@test.example"})
    member.refresh_from_db()
    assert member.email == "member@test.example"
    pending = EmailAddress.objects.get(email="new@test.example")
    assert not pending.verified and not pending.primary
    confirmation = OutboundEmail.objects.get(recipient="new@test.example")
    assert confirmation.sensitive and confirmation.status == "sent"

    key = delivered_text(confirmation).split("/accounts/confirm-email/")[1].split("/")[0]
    member_http.post(reverse("account_confirm_email", args=[key]))
    member.refresh_from_db()
    assert member.email == "new@test.example"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == ["new@test.example"]


def test_language_of_account_emails_follows_the_user(member, django_capture_on_commit_callbacks):
    member.language = "en"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        HttpClient().post(reverse("account_reset_password"), {"email": member.email})
    email = OutboundEmail.objects.get(recipient=member.email)
    assert email.language == "en" and "choose a new password" in email.subject
    assert email.sensitive


def test_argon2_is_the_configured_password_hasher():
    from portal import settings as portal_settings  # the configured value, not the tests' fast override

    assert portal_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


INFORMAL_DONE = "Deine Sprache wurde geändert."


def changed_language_message(http) -> str:
    response = http.post(reverse("settings_language"), {"language": "de"}, follow=True)
    return next(str(message) for message in response.context["messages"])


def test_a_client_contact_is_told_formally_that_the_language_changed(contact_http):
    with translation.override("de"):
        formal = pgettext("formal address", "Your language has been changed.")
    assert changed_language_message(contact_http) == formal != INFORMAL_DONE


def test_a_member_is_told_informally_even_when_also_a_client_contact(member, member_http, customer):
    assert changed_language_message(member_http) == INFORMAL_DONE
    Role.objects.create(user=member, kind=Role.Kind.CLIENT_CONTACT, client=customer)
    assert changed_language_message(member_http) == INFORMAL_DONE
