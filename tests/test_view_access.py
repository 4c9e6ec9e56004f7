"""Every view of the portal says who may open it, and does what it says.

The URLconf is walked, so a new view is covered the day it is added: a portal view without an access
decorator (``role_required`` and its shorthands, ``signed_in_required``, ``public``) fails the first
test; a view whose decorator is lost or wrong fails the behavioural ones.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

from portal.core.permissions import PUBLIC, SIGNED_IN, access_of

#: Views of other packages, each protected by its own package (allauth: login and reauthentication;
#: Django admin and its "view on site" redirect: superusers only, see ``core.admin_site``; i18n: the
#: language switch, public).
FOREIGN_VIEW_MODULES = (
    "allauth.",
    "django.contrib.admin",
    "django.contrib.auth.admin",
    "django.contrib.contenttypes.views",
    "django.views.",
)


@dataclass(frozen=True)
class Route:
    url: str
    name: str
    view: Any

    @property
    def access(self) -> Any:
        return access_of(self.view)


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, Any, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, pattern.name or ""


def _example_url(route: str) -> str:
    """The route with example values for its parameters (ids that exist nowhere: access is refused first)."""
    url = re.sub(r"<int:[^>]+>", "987654", route)
    url = re.sub(r"<(?:str|slug|path):[^>]+>", "example", url)
    return "/" + url


def portal_routes() -> list[Route]:
    return [
        Route(_example_url(route), name, view)
        for route, view, name in _walk(get_resolver().url_patterns)
        if view.__module__.startswith("portal.")
    ]


def test_every_view_declares_who_may_open_it():
    views = list(_walk(get_resolver().url_patterns))
    undeclared = [
        route for route, view, _ in views if view.__module__.startswith("portal.") and access_of(view) is None
    ]
    assert undeclared == []
    foreign = {view.__module__ for _, view, _ in views if not view.__module__.startswith("portal.")}
    assert all(module.startswith(FOREIGN_VIEW_MODULES) for module in foreign), foreign
    assert len(portal_routes()) > 50  # the walk really sees the portal


def test_only_the_client_link_pages_are_public():
    public = sorted(route.name for route in portal_routes() if route.access == PUBLIC)
    # Besides the client's link pages: the membership application (apply, apply_sent, verify).
    assert public == [
        "apply",
        "apply_sent",
        "client_confirmation",
        "client_confirmation_pdf",
        "client_portal_access",
        "login",
        "verify",
    ]


@pytest.mark.parametrize("route", [r for r in portal_routes() if r.access != PUBLIC], ids=lambda r: r.url)
def test_anonymous_visitors_are_sent_to_the_login_page(client, route):
    for method in (client.get, client.post):
        response = method(route.url)
        assert response.status_code == 302, (route.url, method)
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


ROLE_PERSONAS = {"member": "member_http", "staff": "staff_http", "client_contact": "contact_http"}


@pytest.mark.parametrize(
    "route", [r for r in portal_routes() if r.access not in (PUBLIC, SIGNED_IN)], ids=lambda r: r.url
)
def test_a_signed_in_user_in_another_role_gets_a_404(request, route, entities):
    strangers = [persona for kind, persona in ROLE_PERSONAS.items() if kind not in route.access]
    assert strangers
    for persona in strangers:
        http = request.getfixturevalue(persona)
        for method in (http.get, http.post):
            assert method(route.url).status_code == 404, (route.url, persona, method)
