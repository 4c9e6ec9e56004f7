"""The session store reads Django's database sessions as Django's own store does."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_reads_back(django_assert_num_queries):
    store = SessionStore()
    store["answer"] = 42
    store.save()
    with django_assert_num_queries(1):
        assert SessionStore(store.session_key)["answer"] == 42
    assert DjangoStore(store.session_key)["answer"] == 42  # the same table and encoding


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    for key in (store.session_key, "x" * 32):
        expired = SessionStore(key)
        assert expired.load() == {}
        assert expired.session_key is None


def test_a_deleted_session_is_gone(member_http, member):
    assert member_http.get("/dashboard/").status_code == 200
    Session.objects.all().delete()  # as signing out everywhere does
    assert member_http.get("/dashboard/").status_code == 302


def test_signing_out_ends_the_session(member_http):
    key = member_http.session.session_key
    member_http.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert member_http.get("/dashboard/").status_code == 302
