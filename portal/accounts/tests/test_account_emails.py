"""allauth's e-mails carry the portal's name, address the member with “du” and use the outbox layout."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone

from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

LINK = "https://portal.example/secret-link/abc123/"
MAILS = {
    "account/email/account_already_exists": {"password_reset_url": LINK},
    "account/email/email_confirmation": {"activate_url": LINK},
    "account/email/email_confirmation_signup": {"activate_url": LINK},
    "account/email/password_reset_key": {"password_reset_url": LINK},
    "account/email/password_reset_code": {"code": "K7Q2P9"},
    "account/email/login_code": {"code": "K7Q2P9"},
    "account/email/unknown_account": {},  # accounts are opened by the Smart team: no sign-up link
    "account/email/email_changed": {"from_email": "old@test.example", "to_email": "new@test.example"},
    "account/email/email_confirm": {},
    "account/email/email_deleted": {"deleted_email": "old@test.example"},
    "account/email/password_changed": {},
    "account/email/password_set": {},
    "account/email/password_reset": {},
    "mfa/email/recovery_codes_generated": {},
    "mfa/email/totp_activated": {},
    "mfa/email/totp_deactivated": {},
}
NOTIFICATION = {"timestamp": timezone.now(), "ip": "203.0.113.9", "user_agent": "Firefox"}
#: The polite German form of address; members are addressed with “du”.
SIE_FORM = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")


def send(prefix: str, user, language: str) -> OutboundEmail:
    user.language = language
    user.save(update_fields=["language"])
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    context = {"user": user, **NOTIFICATION, **MAILS[prefix]}
    with request_context(request):
        get_adapter(request).send_mail(prefix, user.email, context)
    return OutboundEmail.objects.latest("id")


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("prefix", list(MAILS))
def test_account_mails_name_the_portal_and_use_the_outbox_layout(prefix, language, member):
    mail = send(prefix, member, language)

    assert settings.PORTAL_NAME in mail.subject
    assert settings.PORTAL_NAME in mail.body_text
    assert member.first_name in mail.body_text
    assert "example.com" not in mail.body_text + mail.subject  # no leftovers of allauth's own texts
    assert f'<html lang="{language}">' in mail.body_html and "Smart" in mail.body_html
    for value in MAILS[prefix].values():
        assert value in mail.body_text
    assert mail.sensitive


@pytest.mark.parametrize("prefix", list(MAILS))
def test_german_account_mails_address_members_with_du(prefix, member):
    mail = send(prefix, member, "de")

    assert not SIE_FORM.search(mail.subject + "\n" + mail.body_text), mail.body_text
    assert mail.body_text.startswith(f"Hallo {member.first_name},")
    assert "Dein Smart-Team" in mail.body_text
