"""The public application form: works without an account, and hostile input gets a message, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.core.models import OutboundEmail
from portal.membership import applications
from portal.membership.models import ApplicationStatus, MembershipApplication
from portal.membership.tests.factories import PDF, application_data, paid, token_of

pytestmark = pytest.mark.django_db
APPLY = reverse("membership:apply")


def form(**values) -> dict:
    data = {
        "entity": "SC",
        "first_name": "Mara",
        "last_name": "Klein",
        "email": "mara@test.example",
        "street": "Hermannstraße 20",
        "postal_code": "12049",
        "city": "Berlin",
        "country": "DE",
        "birth_date": "1993-04-12",
        "artist_name": "",
        "shares": "2",
        "statutes_accepted": "on",
        "privacy_accepted": "on",
        "typed_name": "Mara Klein",
        "website": "",
    }
    data.update(values)
    return {name: value for name, value in data.items() if value is not None}


def test_the_form_names_the_terms_and_sends_the_application(client, terms):
    page = client.get(APPLY, {"entity": "sc"})
    assert page.status_code == 200
    assert "50,00" in page.content.decode() and "2024-06" in page.content.decode()
    assert 'data-testid="terms-documents"' not in page.content.decode()  # no links configured: none shown
    terms["SC"].statutes_url = "https://www.example.com/satzung.pdf"
    terms["SC"].save()
    linked = client.get(APPLY, {"entity": "sc"}).content.decode()
    assert 'href="https://www.example.com/satzung.pdf"' in linked and 'data-testid="privacy-link"' not in linked
    response = client.post(APPLY, form())
    assert response.status_code == 302 and response["Location"] == reverse("membership:apply_sent")
    application = MembershipApplication.objects.get()
    assert (application.status, application.shares, application.entity.code) == (ApplicationStatus.UNVERIFIED, 2, "SC")
    assert client.get(response["Location"]).status_code == 200


def test_without_an_entity_the_page_offers_the_open_ones(client, terms):
    page = client.get(APPLY)
    assert page.status_code == 200 and 'data-testid="entity-choices"' in page.content.decode()
    assert client.get(APPLY, {"entity": "BW"}).status_code == 404  # takes no applications
    assert client.get(APPLY, {"entity": "<script>" * 100}).status_code == 404


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"first_name": "M" * 5000}, "first_name"),
        ({"shares": "-3"}, "shares"),
        ({"shares": "99999999999999999999"}, "shares"),
        ({"shares": "11"}, "shares"),
        ({"birth_date": "31.02.1990"}, "birth_date"),
        ({"birth_date": "0001-01-01"}, "birth_date"),
        ({"email": "not-an-address"}, "email"),
        ({"country": "XX"}, "country"),
        ({"statutes_accepted": None}, "statutes_accepted"),
        ({"typed_name": "<script>alert(1)</script>"}, "typed_name"),
    ],
)
def test_hostile_input_is_refused_next_to_its_field(client, terms, values, field):
    response = client.post(APPLY, form(**values))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not MembershipApplication.objects.exists()
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_script_tags_in_names_are_kept_as_text(client, terms):
    name = "<script>alert(1)</script>"
    response = client.post(APPLY, form(first_name=name, typed_name=f"{name} Klein"))
    assert response.status_code == 302
    assert MembershipApplication.objects.get().first_name == name


def test_only_a_pdf_counts_as_signed_declaration(client, terms):
    fake = SimpleUploadedFile("declaration.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(APPLY, {**form(typed_name=""), "declaration": fake})
    assert response.status_code == 400 and "declaration" in response.context["form"].errors
    real = SimpleUploadedFile("declaration.pdf", PDF, content_type="application/pdf")
    assert client.post(APPLY, {**form(typed_name=""), "declaration": real}).status_code == 302


def test_the_honeypot_keeps_nothing(client, terms):
    response = client.post(APPLY, form(website="http://spam.example"))
    assert response.status_code == 302
    assert not MembershipApplication.objects.exists() and not OutboundEmail.objects.exists()


def test_applications_are_rate_limited(client, terms):
    for number in range(3):
        assert client.post(APPLY, form()).status_code == 302, number
    response = client.post(APPLY, form())
    assert response.status_code == 429
    assert MembershipApplication.objects.count() == 3


def test_the_confirmation_link_asks_before_it_confirms(client, terms, entities):
    application = applications.application_submit(data=application_data(entities["SC"]))
    url = reverse("membership:verify", args=[token_of(application)])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="confirm-email"' in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNVERIFIED  # a mail scanner opening the link confirms nothing
    done = client.post(url)
    assert done.status_code == 200 and f"ANT-{application.pk}" in done.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_broken_link_explains_itself(client, terms):
    response = client.get(reverse("membership:verify", args=["garbage"]))
    assert response.status_code == 410 and 'data-testid="verify-problem"' in response.content.decode()


def test_the_link_after_payment_says_the_money_arrived(client, terms, entities, staff):
    application = paid(entities["SC"], staff)
    page = client.get(reverse("membership:verify", args=[token_of(application)]), HTTP_ACCEPT_LANGUAGE="en")
    assert "received your share payment" in page.content.decode()
    assert 'data-testid="payment-instructions"' not in page.content.decode()


def test_country_names_are_in_the_readers_language(client, terms):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(APPLY, {"entity": "SC"}).content.decode()
    assert '<option value="DE" selected>Germany</option>' in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<option value="DE" selected>Deutschland</option>' in client.get(APPLY, {"entity": "SC"}).content.decode()


def test_a_second_confirmation_of_the_same_address_explains_itself(client, terms, entities):
    first = applications.application_submit(data=application_data(entities["SC"], email="two@test.example"))
    second = applications.application_submit(data=application_data(entities["SC"], email="two@test.example"))
    assert client.post(reverse("membership:verify", args=[token_of(first)])).status_code == 200
    refused = client.post(reverse("membership:verify", args=[token_of(second)]))
    assert refused.status_code == 409 and f"ANT-{second.pk}" not in refused.content.decode()
