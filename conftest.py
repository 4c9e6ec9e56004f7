"""Personas shared by all tests: a member, a second member, staff, a client contact, an outsider, an admin."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client as HttpClient
from django.utils import translation

from portal.accounts.models import MemberProfile, Role, User
from portal.customers.models import Client
from portal.demo.data import seed_entities
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for, issued_invoice

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_and_synchronous(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: the rate limits of logins and public forms count per
    address, and every test's browser and client come from 127.0.0.1."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's default language: a request's middleware activates the user's
    language for the test's thread and would otherwise leave it to the next test."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def entities(db):
    return seed_entities()


def make_user(email: str, *, first_name="", last_name="", language="de", **extra) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, first_name=first_name, last_name=last_name, language=language, **extra
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def with_totp(user: User) -> User:
    """Gives ``user`` an authenticator app (TOTP), which staff and admin logins need; see ``totp_code``."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def totp_code(user: User, *, at: float | None = None) -> str:
    """The code ``user``'s authenticator app shows now (or at the Unix time ``at``)."""
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return format_hotp_value(hotp_value(secret, int(time.time() if at is None else at) // 30))


def make_member(email: str, entity, *, number: str, **profile) -> User:
    user = make_user(email, first_name=profile.pop("first_name", "Mia"), last_name=profile.pop("last_name", "Muster"))
    Role.objects.create(user=user, kind=Role.Kind.MEMBER, entity=entity)
    defaults = {
        "street": "Teststraße 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "birth_date": date(1990, 1, 31),
        "iban": "DE89370400440532013000",
    }
    MemberProfile.objects.create(user=user, member_number=number, **{**defaults, **profile})
    return user


@pytest.fixture
def member(entities):
    return make_member("member@test.example", entities["SC"], number="000101", first_name="Anna", last_name="Schmidt")


@pytest.fixture
def member2(entities):
    return make_member("member2@test.example", entities["SC"], number="000102", first_name="Jonas", last_name="Weber")


@pytest.fixture
def staff(entities):
    user = with_totp(make_user("staff@test.example", first_name="Sabine", last_name="Krüger"))
    Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=entities["SC"])
    return user


@pytest.fixture
def staff_at(entities):
    """Staff of another entity (Austria): must not see the German members' data."""
    user = with_totp(make_user("staff-at@test.example", first_name="Franz", last_name="Huber"))
    Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=entities["AT"])
    return user


@pytest.fixture
def customer(db):
    return Client.objects.create(
        name="Kunde ABC e.V.",
        street="Oranienstraße 12",
        postal_code="10999",
        city="Berlin",
        invoice_email="rechnung@abc.example",
    )


@pytest.fixture
def client_contact(customer):
    """A contact of ``customer`` with portal access and every permission (confirm, request, invoices)."""
    from portal.clientportal.models import ContactAccess

    user = make_user("contact@test.example", first_name="Peter", last_name="Becker")
    Role.objects.create(user=user, kind=Role.Kind.CLIENT_CONTACT, client=customer)
    ContactAccess.objects.create(user=user, client=customer)
    return user


@pytest.fixture
def outsider(db):
    return make_user("outsider@test.example", first_name="Otto", last_name="Außen")


@pytest.fixture
def admin(entities):
    return with_totp(
        make_user("admin@test.example", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True)
    )


def logged_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def member_http(member):
    return logged_in(member)


@pytest.fixture
def member2_http(member2):
    return logged_in(member2)


@pytest.fixture
def staff_http(staff):
    return logged_in(staff)


@pytest.fixture
def contact_http(client_contact):
    return logged_in(client_contact)


@pytest.fixture
def outsider_http(outsider):
    return logged_in(outsider)


@pytest.fixture
def draft(member, entities):
    """An invoice draft of ``member`` (SC) for a German business client."""
    return draft_for(active_order(member, entities["SC"], client_in("DE"), [DESIGN]))


@pytest.fixture
def issued(member, entities):
    """An issued invoice of ``member`` (SC) for a German business client: 2 856,00 EUR gross."""
    return issued_invoice(member, entities["SC"], client_in("DE"), [DESIGN])
