import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_from_a_german_session_greets_an_english_user_in_english(member):
    member.language = "en"
    member.save(update_fields=["language"])
    http = HttpClient(headers={"accept-language": "de"})
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="de">' in http.get(reverse("account_login")).content.decode()

    response = http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = http.get(response.headers["Location"], follow=True)
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Successfully signed in as" in html
    assert "Erfolgreich" not in html


def test_login_of_a_german_user_from_an_english_session_greets_in_german(member):
    http = HttpClient(headers={"accept-language": "en"})
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = http.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Erfolgreich")
