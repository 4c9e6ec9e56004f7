"""NUL characters are refused before any view reads them (PostgreSQL cannot even compare such text),
and ids read from raw parameters are parsed strictly."""

import pytest
from django.http import HttpResponse
from django.test import Client as HttpClient
from django.urls import reverse

from portal.core.views import parse_id, parse_ids

pytestmark = pytest.mark.django_db

REFUSED = "ungültige Zeichen"  # German, the default language


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("orders:list", {"q": "a\x00b"}),
        ("orders:list", {"status": "\x00"}),
        ("invoicing:list", {"q": "\x00"}),
        ("customers:list", {"q": "x\x00"}),
        ("customers:typeahead", {"q": "Kun\x00"}),
        ("orders:list", {"q\x00": "a"}),
    ],
)
def test_member_filters_with_nul_are_refused(member_http, name, query):
    response = member_http.get(reverse(name), query)
    assert response.status_code == 400 and REFUSED in response.content.decode()


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("backoffice:emails", {"related": "orders.order:\x00"}),
        ("backoffice:members", {"q": "\x00"}),
        ("backoffice:personal_data_requests", {"q": "\x00", "status": "all"}),
        ("backoffice:invoice_list", {"q": "\x00"}),
        ("backoffice:invoice_export", {"q": "\x00"}),
    ],
)
def test_staff_filters_with_nul_are_refused(staff_http, name, query):
    response = staff_http.get(reverse(name), query)
    assert response.status_code == 400 and REFUSED in response.content.decode()


def test_forms_paths_and_cookies_with_nul_are_refused(member_http, member):
    assert member_http.post(reverse("orders:create"), {"title": "Work\x00shop"}).status_code == 400
    assert HttpClient().post(reverse("account_login"), {"login": "a@b.c\x00", "password": "x"}).status_code == 400
    assert HttpClient().get("/confirm/abc%00def/").status_code == 400
    browser = HttpClient()
    browser.cookies["sessionid"] = "abcdefgh\x00ijk"
    assert browser.get(reverse("account_login")).status_code == 400


REFUSAL_EN = "The request contains invalid characters (NUL). Please remove them and try again."


def test_the_refusal_is_a_page_of_the_portal_that_points_to_the_back_button():
    response = HttpClient().get(reverse("account_login"), {"next": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "portal/portal.css" in page and 'class="portal-header"' in page  # the portal's layout
    assert f'<div class="alert alert-danger" role="alert" data-testid="refusal">{REFUSAL_EN}</div>' in page
    assert 'data-testid="back-hint"' in page and "back button" in page


def test_a_signed_in_visitor_gets_the_page_in_the_default_language(member_http):
    response = member_http.post(reverse("orders:create"), {"title": "Work\x00shop"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert REFUSED in response.content.decode() and '<html lang="de">' in response.content.decode()


def test_the_page_needs_no_session_login_or_role(rf):
    from portal.core.request_checks import RefuseNulBytesMiddleware

    def view(request):
        raise AssertionError("the view must not be reached")

    request = rf.post("/orders/new/", {"title": "a\x00b"})  # no session, no user, no role
    response = RefuseNulBytesMiddleware(view)(request)
    assert response.status_code == 400 and REFUSED in response.content.decode()


def test_other_control_characters_and_unicode_pass(member_http):
    assert member_http.get(reverse("orders:list"), {"q": "\x01\u202e👩‍👩‍👧 ²"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        ("1.0", None),
        (" 1", None),
        ("", None),
        (None, None),
        (["1"], None),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
    ],
)
def test_parse_id_accepts_only_ascii_digits_of_a_positive_id(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_leaves_out_what_is_no_id():
    assert parse_ids(["3", "²", "x", "7", ""]) == [3, 7]


def test_invisible_characters_in_filters_and_forms_are_removed_and_the_rest_kept(rf):
    from portal.core.request_checks import DropInvisibleCharactersMiddleware

    seen = {}

    def view(request):
        seen["get"], seen["post"] = request.GET.dict(), request.POST.dict()
        return HttpResponse()

    request = rf.post("/?q=Anna\x07%20Schmidt&page=2", {"name": "Ärzte\u202eevil", "note": "Zeile 1\r\nZeile\t2"})
    DropInvisibleCharactersMiddleware(view)(request)
    assert seen["get"] == {"q": "Anna Schmidt", "page": "2"}
    assert seen["post"] == {"name": "Ärzteevil", "note": "Zeile 1\r\nZeile\t2"}
