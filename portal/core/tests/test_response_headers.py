"""Private responses are never cached, unused browser features are off, media files have no URL."""

import importlib.util

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client as HttpClient
from django.urls import clear_url_caches, reverse

from conftest import logged_in
from portal.orders.models import OrderAttachment
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db


def assert_private(response) -> None:
    directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.headers.get("Cache-Control")


def assert_features_off(response) -> None:
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.fixture
def attachment(member, entities, customer) -> OrderAttachment:
    order = complete_order(member, entities["SC"], customer)
    attachment = OrderAttachment(
        order=order, original_name="proof.pdf", content_type="application/pdf", size=8, uploaded_by=member
    )
    attachment.file.save("proof.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return attachment


@pytest.mark.parametrize(
    ("persona", "path"),
    [("member", "/dashboard/"), ("staff", "/backoffice/"), ("client_contact", "/client/"), ("admin", "/admin/")],
)
def test_pages_of_signed_in_users_are_not_stored(request, persona, path):
    response = logged_in(request.getfixturevalue(persona)).get(path)
    assert response.status_code == 200
    assert_private(response)
    assert_features_off(response)


def test_downloads_are_not_stored(member_http, attachment):
    response = member_http.get(reverse("orders:file", args=[attachment.order_id, attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"
    assert_private(response)
    assert_features_off(response)


def test_anonymous_pages_get_the_headers_too(db):
    response = HttpClient().get(reverse("account_login"))
    assert response.status_code == 200
    assert_private(response)
    assert_features_off(response)
    assert_features_off(HttpClient().get("/no-such-page/"))


@pytest.fixture
def debug_urlconf(settings):
    """``portal.urls`` as it is built with ``DEBUG`` on (as in ``bin/dev``)."""
    settings.DEBUG = True
    spec = importlib.util.spec_from_file_location("portal_urls_debug", django_settings.BASE_DIR / "portal" / "urls.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    settings.ROOT_URLCONF = module
    clear_url_caches()
    yield
    clear_url_caches()


def test_media_files_are_not_served_to_anyone_even_in_development(
    debug_urlconf, attachment, member, staff, admin, client_contact
):
    path = "/media/" + attachment.file.name
    assert attachment.file.storage.exists(attachment.file.name)
    browsers = [HttpClient(), *(logged_in(user) for user in (member, staff, admin, client_contact))]
    for http in browsers:
        assert http.get(path).status_code == 404
