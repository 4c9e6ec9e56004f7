"""The client IP behind the documented TLS proxy: login rate limits and confirmation evidence."""

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from portal.core.http import client_ip
from portal.core.transitions import Actor
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.7"


def ip_of(remote: str = PROXY, forwarded: str | None = None) -> str | None:
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_connection_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ip_of(CLIENT_A) == CLIENT_A
    assert ip_of(CLIENT_A, "1.2.3.4") == CLIENT_A  # a client cannot choose its address


def test_behind_one_proxy_the_entry_it_appended_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert ip_of(forwarded=CLIENT_A) == CLIENT_A
    assert ip_of(forwarded=f"1.2.3.4, {CLIENT_A}") == CLIENT_A  # the spoofed entry on the left is ignored
    assert ip_of(forwarded=f"1.2.3.4,{CLIENT_A}:51234") == CLIENT_A  # a port is dropped
    assert ip_of(forwarded="2001:db8::1") == "2001:db8::1"
    assert ip_of(forwarded="[2001:db8::1]:443") == "2001:db8::1"
    assert ip_of(forwarded="not an address") == PROXY  # garbage falls back to the connection
    assert ip_of() == PROXY  # a request that did not pass the proxy


def test_behind_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert ip_of(forwarded=f"1.2.3.4, {CLIENT_A}, 10.0.0.1") == CLIENT_A
    assert ip_of(forwarded=CLIENT_A) == CLIENT_A


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1  # allauth asks the portal's account adapter for the client IP
    cache.clear()
    yield
    cache.clear()


def attempt(forwarded: str, email: str, password: str) -> HttpClient:
    http = HttpClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    http.post(reverse("account_login"), {"login": email, "password": password})
    return http


def signed_in(http: HttpClient) -> bool:
    return "_auth_user_id" in http.session


@pytest.mark.django_db
def test_login_rate_limit_counts_each_client_behind_the_proxy(behind_proxy, member):
    for number in range(10):  # the per-IP limit of failed logins, each for another account
        attempt(CLIENT_A, f"guess{number}@test.example", "wrong-password")
    assert not signed_in(attempt(CLIENT_A, member.email, PASSWORD))  # client A is blocked for a while
    assert not signed_in(attempt(f"{CLIENT_B}, {CLIENT_A}", member.email, PASSWORD))  # spoofing does not help
    assert signed_in(attempt(CLIENT_B, member.email, PASSWORD))  # client B behind the same proxy is not


@pytest.mark.django_db
def test_rate_limit_without_trusted_proxy_ignores_forwarded_addresses(settings, member):
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    for number in range(10):
        attempt(f"192.0.2.{number}", f"guess{number}@test.example", "wrong-password")
    assert not signed_in(attempt(CLIENT_B, member.email, PASSWORD))  # all came from one connection address
    cache.clear()


@pytest.mark.django_db
def test_confirmation_evidence_stores_the_client_behind_the_proxy(
    behind_proxy, member, staff, entities, customer, django_capture_on_commit_callbacks
):
    order = complete_order(member, entities["SC"], customer)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    (message,) = [m for m in mail.outbox if "/confirm/" in m.body]
    url = "/confirm/" + message.body.split("/confirm/")[1].split("/")[0] + "/"
    http = HttpClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {CLIENT_A}")
    with django_capture_on_commit_callbacks(execute=True):
        assert http.post(url, {"action": "confirm", "name": "Petra Kunde"}).status_code == 200
    order.refresh_from_db()
    assert order.confirmed_ip == CLIENT_A
